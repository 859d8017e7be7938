# simulate_and_fit.R -- a small simulated lake for OutcomeModelsJobTest and the expected numbers from an
# independent implementation in R (stats::glm + sandwich 3.0-2 for PPML, survey 4.1-1 for the survey models).
#
# Sites S01..S12: pioneers S01-S03 go live on 2014-01-01, S04-S06 on 2014-07-01, S07-S12 are comparison sites.
# site_month.csv: 36 months 2013-01..2015-12, population (slowly growing), Poisson emergency and elective
#   admission counts with a site effect, a month effect and gamma noise (overdispersed), true rate ratios 0.90
#   (emergency) and 1.00 (elective); total cost at base-year prices (2 decimals), lognormal, true ratio 0.95.
#   treated_post = pioneer and period_start >= go-live.
# site_wave.csv: survey waves 2012..2015 (period start 1 January), treated_post as above.
# responses.csv: 25-35 respondents per site and wave (repeated cross-sections), survey_weight (4 decimals) and
#   four items scored 1-5 (about 5% missing each); true latent shifts after go-live: +0.30, +0.40, 0, +0.20.
#
# Models (on the data as read back from the CSV files, so that Java and R see the same numbers):
#   PPML: glm(count ~ treated_post + factor(site) + factor(month) + offset(log(population)), poisson),
#     V = sandwich::vcovCL(fit, cluster = ~site_code, type = "HC0", cadjust = TRUE) * (N - 1) / (N - K),
#     K = coefficients - (sites - 1) (fixest's small-sample rule: the site FE nested in the cluster are not
#     counted); rate ratio exp(b), CI exp(b -+ qnorm(0.975) se), p = 2 pnorm(-|b / se|).
#   Survey: per item, on the responses with the item present,
#     des <- svydesign(ids = ~site_code, weights = ~survey_weight, data = d)
#     fit <- svyglm(y ~ treated_post + factor(site_code) + factor(survey_wave), design = des)
#     with y = score (score points) or 100 * (score >= 4) (top box, percentage points). The site dummies are
#     nested in the PSU, so svyglm's df.residual = degf(des) + 1 - K is negative (12 - 1 + 1 - 16 = -4) and R
#     prints NaN p-values; the t-test and CI use instead df = degf(des) + 1 - (K - (sites - 1)) = 7 (the site FE
#     nested in the cluster not counted, as for PPML): summary(fit, df.resid = df), confint(fit, ddf = df).
#   Multiplicity: p.adjust(p, "holm") and p.adjust(p, "BH") within each family: primary = the three PPML models
#   and the four mean scores, secondary = the four top-box models.
#
# Usage (writes the three data files and expected.csv next to this script, prints the same numbers):
#   Rscript simulate_and_fit.R > expected_output.txt
suppressMessages({
  library(sandwich)
  library(survey)
})
set.seed(20261123)
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))

sites <- sprintf("S%02d", 1:12)
go_live <- as.Date(c(rep("2014-01-01", 3), rep("2014-07-01", 3), rep(NA, 6)))
months <- seq(as.Date("2013-01-01"), by = "month", length.out = 36)
site_effect <- rnorm(12, 0, 0.15)
month_effect <- 0.004 * seq_along(months) + 0.05 * sin(seq_along(months) / 2)
base_pop <- round(runif(12, 40000, 250000))

rows <- list()
for (s in seq_along(sites)) {
  for (m in seq_along(months)) {
    treated <- !is.na(go_live[s]) && months[m] >= go_live[s]
    pop <- round(base_pop[s] * (1 + 0.0008 * m))
    mu_em <- pop / 1000 * 8.5 * exp(site_effect[s] + month_effect[m]) * ifelse(treated, 0.90, 1)
    mu_el <- pop / 1000 * 4.0 * exp(0.5 * site_effect[s] - month_effect[m]) * ifelse(treated, 1.00, 1)
    cost <- pop * 160 * exp(site_effect[s] + 0.5 * month_effect[m] + rnorm(1, 0, 0.04)) *
      ifelse(treated, 0.95, 1)
    rows[[length(rows) + 1]] <- data.frame(
      site_code = sites[s], period_start = format(months[m]), treated_post = treated, population = pop,
      emergency_admissions = rpois(1, mu_em * rgamma(1, 50, 50)),
      elective_admissions = rpois(1, mu_el * rgamma(1, 50, 50)),
      cost_gbp_base_year_prices = round(cost, 2))
  }
}
write.csv(do.call(rbind, rows), file.path(script_dir, "site_month.csv"), row.names = FALSE)

waves <- 2012:2015
site_wave <- expand.grid(survey_wave = waves, site_code = sites, stringsAsFactors = FALSE)[, c(2, 1)]
site_wave$treated_post <- mapply(function(s, w) {
  g <- go_live[match(s, sites)]
  !is.na(g) && as.Date(sprintf("%d-01-01", w)) >= g
}, site_wave$site_code, site_wave$survey_wave)
write.csv(site_wave, file.path(script_dir, "site_wave.csv"), row.names = FALSE)

items <- c("overall_satisfaction", "care_coordinated", "involved_in_decisions", "knew_whom_to_contact")
shift <- c(0.30, 0.40, 0.00, 0.20)
item_base <- c(3.6, 3.2, 3.4, 3.7)
resp <- list()
for (i in seq_len(nrow(site_wave))) {
  s <- match(site_wave$site_code[i], sites)
  w <- site_wave$survey_wave[i]
  n <- sample(25:35, 1)
  d <- data.frame(site_code = sites[s], survey_wave = w)[rep(1, n), ]
  person <- rnorm(n, 0, 0.5)
  for (k in seq_along(items)) {
    latent <- item_base[k] + 2 * site_effect[s] + 0.05 * (w - 2012) + person + rnorm(n, 0, 0.9) +
      shift[k] * site_wave$treated_post[i]
    score <- pmin(5, pmax(1, round(latent)))
    score[runif(n) < 0.05] <- NA
    d[[items[k]]] <- score
  }
  d$survey_weight <- round(runif(n, 0.4, 2.6), 4)
  resp[[i]] <- d
}
write.csv(do.call(rbind, resp), file.path(script_dir, "responses.csv"), row.names = FALSE, na = "")

## ---- fits on the data as read back
sm <- read.csv(file.path(script_dir, "site_month.csv"), stringsAsFactors = FALSE)
sw <- read.csv(file.path(script_dir, "site_wave.csv"), stringsAsFactors = FALSE)
rs <- read.csv(file.path(script_dir, "responses.csv"), stringsAsFactors = FALSE)
rs <- merge(rs, sw, by = c("site_code", "survey_wave"))
sm$treated_post <- as.numeric(sm$treated_post)
rs$treated_post <- as.numeric(rs$treated_post)
cat(sprintf("site-months %d, site-waves %d, responses %d; R %s, sandwich %s, survey %s\n", nrow(sm), nrow(sw),
            nrow(rs), getRversion(), packageVersion("sandwich"), packageVersion("survey")))

out <- list()
add <- function(outcome, model, family, est, lo, hi, se, p, n, g) {
  out[[length(out) + 1]] <<- data.frame(outcome = outcome, model = model, family = family, estimate = est,
                                         ci_lower = lo, ci_upper = hi, std_error = se, p_value = p,
                                         n_observations = n, n_clusters = g)
}

ppml <- function(outcome, count, model) {
  d <- sm
  d$y <- d[[count]]
  fit <- glm(y ~ treated_post + factor(site_code) + factor(period_start) + offset(log(population)),
             family = poisson, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
  n <- nobs(fit)
  g <- length(unique(d$site_code))
  k <- length(coef(fit)) - (g - 1)
  v <- vcovCL(fit, cluster = ~site_code, type = "HC0", cadjust = TRUE) * (n - 1) / (n - k)
  b <- unname(coef(fit)["treated_post"])
  se <- sqrt(v["treated_post", "treated_post"])
  z <- qnorm(0.975)
  add(outcome, model, "primary", exp(b), exp(b - z * se), exp(b + z * se), se, 2 * pnorm(-abs(b / se)), n, g)
}
ppml("emergency_admissions_rate", "emergency_admissions", "PPML_RATE_RATIO")
ppml("elective_admissions_rate", "elective_admissions", "PPML_RATE_RATIO")
ppml("cost_per_capita", "cost_gbp_base_year_prices", "PPML_COST_RATIO")

survey_model <- function(item, model) {
  d <- rs[!is.na(rs[[item]]), ]
  d$y <- if (model == "SURVEY_TOP_BOX") 100 * as.numeric(d[[item]] >= 4) else d[[item]]
  des <- svydesign(ids = ~site_code, weights = ~survey_weight, data = d)
  fit <- svyglm(y ~ treated_post + factor(site_code) + factor(survey_wave), design = des)
  g <- length(unique(d$site_code))
  df <- degf(des) + 1 - (length(coef(fit)) - (g - 1))
  s <- summary(fit, df.resid = df)$coefficients["treated_post", ]
  ci <- confint(fit, "treated_post", ddf = df)
  add(item, model, if (model == "SURVEY_TOP_BOX") "secondary" else "primary",
      s[["Estimate"]], ci[1], ci[2], s[["Std. Error"]], s[["Pr(>|t|)"]], nrow(d), g)
  cat(sprintf("%s %s: svyglm df.residual %d, df used %d\n", item, model, fit$df.residual, df))
}
for (item in items) survey_model(item, "SURVEY_MEAN_SCORE")
for (item in items) survey_model(item, "SURVEY_TOP_BOX")

e <- do.call(rbind, out)
e$p_holm <- NA
e$p_benjamini_hochberg <- NA
for (f in unique(e$family)) {
  i <- e$family == f
  e$p_holm[i] <- p.adjust(e$p_value[i], "holm")
  e$p_benjamini_hochberg[i] <- p.adjust(e$p_value[i], "BH")
}
e <- e[, c("outcome", "model", "family", "estimate", "ci_lower", "ci_upper", "std_error", "p_value", "p_holm",
           "p_benjamini_hochberg", "n_observations", "n_clusters")]
num <- sapply(e, is.numeric) & !names(e) %in% c("n_observations", "n_clusters")
e[num] <- lapply(e[num], function(x) sprintf("%.15g", x))
write.csv(e, file.path(script_dir, "expected.csv"), row.names = FALSE, quote = FALSE)
print(e, right = FALSE)
