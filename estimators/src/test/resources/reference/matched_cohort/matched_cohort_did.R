# Reference numbers for org.pioneereval.estimators.matching.MatchedCohortDid.
#
# Simulates a matched patient cohort (seeded), writes the patient-level data to patients.csv and the
# estimates, computed with independent R code (lm / glm with patient dummies + sandwich), to
# expected.csv. Run from this directory:  Rscript matched_cohort_did.R > matched_cohort_did_output.txt
#
# R 4.2.2, sandwich 3.0-2, clubSandwich (second opinion on the Stata CR1 factor).
# fixest is not installed (no Debian package): fepois(y ~ treat_post | patient + period,
# weights = ~w, cluster = ~cluster) is reproduced by glm with patient dummies (the same estimator:
# the Poisson MLE with dummies equals the one with absorbed fixed effects) and fixest's default
# small-sample factor is applied by hand (see below).
suppressPackageStartupMessages({
  library(sandwich)
  library(clubSandwich)
})
options(digits = 17)
set.seed(20240611)

## ---- simulation -------------------------------------------------------------------------------
# 12 sites: 1-3 pioneer sites (treated patients only), 4-11 comparison sites (controls only),
# site 12 holds both (a site is not assumed to be all-treated or all-control).
n_clusters <- 12
sizes <- c(40, 35, 30, 38, 36, 30, 34, 28, 32, 30, 26, 30)   # 389 patients
cluster <- rep(seq_len(n_clusters), sizes)
n <- length(cluster)
treated <- as.integer(cluster <= 3 | (cluster == 12 & seq_len(n) %% 3 == 0))
# 1:2 matching weights: matched treated 1, unmatched treated 0; controls 1 or 0.5 (MatchIt
# k-matching weights), some 1.5 (reused across a ratio), unmatched 0.
weight <- ifelse(treated == 1,
                 sample(c(1, 0), n, replace = TRUE, prob = c(0.9, 0.1)),
                 sample(c(0, 0.5, 1, 1.5), n, replace = TRUE, prob = c(0.25, 0.3, 0.35, 0.1)))
site_effect <- rnorm(n_clusters, 0, 0.3)[cluster]
frailty <- rnorm(n, 0, 0.9)
lambda <- exp(-0.9 + site_effect + frailty)
trend <- exp(rnorm(n_clusters, 0.05, 0.1))[cluster]
emergency_pre <- rpois(n, lambda)
emergency_post <- rpois(n, lambda * trend * ifelse(treated == 1, 0.8, 1))
# cost: zero with probability 1 - P(any stay), else lognormal, in pounds and pence
p_any <- 1 - exp(-1.2 * lambda)
cost_pre <- round(rbinom(n, 1, p_any) * exp(rnorm(n, 7.8, 1.1)), 2)
cost_post <- round(rbinom(n, 1, pmin(p_any * trend, 1)) *
                     exp(rnorm(n, 7.8 + ifelse(treated == 1, -0.15, 0), 1.1)), 2)
patients <- data.frame(patient = seq_len(n), cluster = cluster, treated = treated,
                       weight = weight, emergency_pre = emergency_pre,
                       emergency_post = emergency_post, cost_pre = sprintf("%.2f", cost_pre),
                       cost_post = sprintf("%.2f", cost_post))
write.csv(patients, "patients.csv", row.names = FALSE, quote = FALSE)
# re-read so that the analysis uses exactly the numbers in the CSV
patients <- read.csv("patients.csv")

## ---- estimators -----------------------------------------------------------------------------
expected <- data.frame(outcome = character(), estimator = character(), quantity = character(),
                       value = character())
put <- function(outcome, estimator, quantity, value) {
  expected[nrow(expected) + 1, ] <<- list(outcome, estimator, quantity, sprintf("%.17g", value))
}
t_inference <- function(est, se, df) {
  q <- qt(0.975, df)
  c(t = est / se, p = 2 * pt(-abs(est / se), df), lower = est - q * se, upper = est + q * se)
}

for (outcome in c("emergency", "cost")) {
  d <- patients[patients$weight > 0, ]          # unmatched patients (weight 0) are not in the fit
  d$pre <- d[[paste0(outcome, "_pre")]]
  d$post <- d[[paste0(outcome, "_post")]]
  d$change <- d$post - d$pre
  cat("\n==== outcome", outcome, "====\n")

  # 1. difference in mean changes: regress change D [aw=w], vce(cluster cluster)
  fit <- lm(change ~ treated, data = d, weights = weight)
  N <- nrow(d); K <- 2; G <- length(unique(d$cluster))
  b <- unname(coef(fit)["treated"])
  v_cl <- vcovCL(fit, cluster = ~cluster, type = "HC1")          # HC1 in vcovCL = (N-1)/(N-K)
  v_hc0 <- vcovCL(fit, cluster = ~cluster, type = "HC0", cadjust = FALSE)
  factor_stata <- G / (G - 1) * (N - 1) / (N - K)
  v_club <- as.matrix(vcovCR(fit, cluster = d$cluster, type = "CR1S"))  # Stata's CR1
  stopifnot(abs(v_cl["treated", "treated"] / (v_hc0["treated", "treated"] * factor_stata) - 1) < 1e-12)
  stopifnot(abs(v_club["treated", "treated"] / v_cl["treated", "treated"] - 1) < 1e-12)
  se <- sqrt(v_cl["treated", "treated"])
  inf <- t_inference(b, se, G - 1)
  cat(sprintf("difference %.15g  CR1 se %.15g  (vcovCL HC1 = HC0 x G/(G-1)(N-1)/(N-K) = clubSandwich CR1S)\n", b, se))
  cat(sprintf("N %d  G %d  factor %.15g  t %.15g  p %.15g  CI [%.15g, %.15g]\n",
              N, G, factor_stata, inf["t"], inf["p"], inf["lower"], inf["upper"]))
  put(outcome, "difference", "estimate", b)
  put(outcome, "difference", "se_cr1", se)
  put(outcome, "difference", "p_cr1", inf["p"])
  put(outcome, "difference", "ci_lower_cr1", inf["lower"])
  put(outcome, "difference", "ci_upper_cr1", inf["upper"])
  put(outcome, "difference", "observations", N)
  put(outcome, "difference", "clusters", G)
  put(outcome, "difference", "small_sample_factor", factor_stata)
  # HC1 (regress, vce(robust)): N/(N-K), t with N-K df
  v_hc1 <- vcovHC(fit, type = "HC1")
  se_hc1 <- sqrt(v_hc1["treated", "treated"])
  inf_hc1 <- t_inference(b, se_hc1, N - K)
  cat(sprintf("HC1 se %.15g  p %.15g\n", se_hc1, inf_hc1["p"]))
  put(outcome, "difference", "se_hc1", se_hc1)
  put(outcome, "difference", "p_hc1", inf_hc1["p"])
  put(outcome, "difference", "ci_lower_hc1", inf_hc1["lower"])
  put(outcome, "difference", "ci_upper_hc1", inf_hc1["upper"])
  # group means (weighted)
  for (g in 0:1) {
    s <- d[d$treated == g, ]
    lab <- if (g == 1) "treated" else "control"
    put(outcome, "means", paste0(lab, "_patients"), nrow(s))
    put(outcome, "means", paste0(lab, "_sum_of_weights"), sum(s$weight))
    put(outcome, "means", paste0(lab, "_mean_pre"), weighted.mean(s$pre, s$weight))
    put(outcome, "means", paste0(lab, "_mean_post"), weighted.mean(s$post, s$weight))
  }

  # 2. rate ratio: fepois(y ~ treat_post | patient + period, weights = ~w, cluster = ~cluster)
  # fepois drops patients whose outcome is 0 in both periods (their fixed effect is -Inf).
  k <- d[d$pre + d$post > 0, ]
  long <- rbind(data.frame(patient = k$patient, cluster = k$cluster, w = k$weight, post = 0,
                           treat_post = 0, y = k$pre),
                data.frame(patient = k$patient, cluster = k$cluster, w = k$weight, post = 1,
                           treat_post = k$treated, y = k$post))
  pf <- glm(y ~ 0 + factor(patient) + post + treat_post, data = long, weights = w,
            family = quasipoisson(), control = glm.control(epsilon = 1e-15, maxit = 200))
  stopifnot(pf$converged)
  lb <- unname(coef(pf)["treat_post"])
  N2 <- nrow(long); G2 <- length(unique(long$cluster))
  # fixest ssc(): adj (N-1)/(N-K) with K = nparams - (patient FE size - 1) because the patient FE is
  # nested in the cluster: nparams = 1 (treat_post) + P + 2 (periods) - 1 = P + 2, so K = 3;
  # cluster.adj G/(G-1). vcovCL's own HC1 would count all P patient dummies in K, so take HC0 with
  # cadjust = TRUE (the G/(G-1) factor) and multiply by (N-1)/(N-K) by hand.
  K2 <- 3
  v_pois <- vcovCL(pf, cluster = ~cluster, type = "HC0", cadjust = TRUE)
  adj <- (N2 - 1) / (N2 - K2)
  lse <- sqrt(v_pois["treat_post", "treat_post"] * adj)
  inf2 <- t_inference(lb, lse, G2 - 1)
  # closed form of the same estimate (a check of the derivation, not the reference)
  closed <- log((sum(k$weight * k$post * k$treated) / sum(k$weight * k$pre * k$treated)) /
                  (sum(k$weight * k$post * (1 - k$treated)) / sum(k$weight * k$pre * (1 - k$treated))))
  cat(sprintf("log rate ratio glm %.15g  closed form %.15g\n", lb, closed))
  stopifnot(abs(lb - closed) < 1e-10)
  cat(sprintf("rate ratio %.15g  log se %.15g  N %d  P %d  G %d  fixest adj (N-1)/(N-3) %.15g\n",
              exp(lb), lse, N2, nrow(k), G2, adj))
  cat(sprintf("t %.15g  p %.15g  CI ratio [%.15g, %.15g]\n", inf2["t"], inf2["p"],
              exp(inf2["lower"]), exp(inf2["upper"])))
  put(outcome, "rate_ratio", "log_estimate", lb)
  put(outcome, "rate_ratio", "estimate", exp(lb))
  put(outcome, "rate_ratio", "log_se", lse)
  put(outcome, "rate_ratio", "p", inf2["p"])
  put(outcome, "rate_ratio", "ci_lower", exp(inf2["lower"]))
  put(outcome, "rate_ratio", "ci_upper", exp(inf2["upper"]))
  put(outcome, "rate_ratio", "observations", N2)
  put(outcome, "rate_ratio", "clusters", G2)
  put(outcome, "rate_ratio", "small_sample_factor", G2 / (G2 - 1) * adj)
  # unweighted fit (all matched patients weight 1), for the brute-force Java check through
  # glm.PoissonRegression, which takes no weights
  pu <- glm(y ~ 0 + factor(patient) + post + treat_post, data = long,
            family = quasipoisson(), control = glm.control(epsilon = 1e-15, maxit = 200))
  vu <- vcovCL(pu, cluster = ~cluster, type = "HC0", cadjust = TRUE)
  put(outcome, "rate_ratio_unweighted", "log_estimate", unname(coef(pu)["treat_post"]))
  put(outcome, "rate_ratio_unweighted", "log_se", sqrt(vu["treat_post", "treat_post"] * adj))
}
write.csv(expected, "expected.csv", row.names = FALSE, quote = FALSE)
cat("\nwrote patients.csv (", nrow(patients), "patients) and expected.csv (", nrow(expected), "values)\n")
