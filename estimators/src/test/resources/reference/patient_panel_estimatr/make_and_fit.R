# Generates a small unbalanced patient x month panel (written to panel.csv) and fits it with
# estimatr::lm_robust with patient and month fixed effects, clustered by site; writes the
# estimates to expected.csv. Run: Rscript make_and_fit.R   (estimatr 1.0.0, Debian r-cran-estimatr)
suppressMessages(library(estimatr))
set.seed(20131101)
sites <- 24; per_site <- 40; months <- 18
d <- expand.grid(month = 1:months, patient = 1:(sites * per_site))
d$site <- (d$patient - 1) %/% per_site + 1
go_live <- ifelse(d$site <= 6, 10, ifelse(d$site <= 10, 13, Inf))   # two waves, 14 comparison sites
d$treat <- as.integer(d$month >= go_live)
frailty <- rgamma(sites * per_site, shape = 2, rate = 2)
site_shock <- rnorm(sites, 0, 0.15)
rate <- 0.08 * frailty[d$patient] * exp(site_shock[d$site] + 0.02 * d$month - 0.15 * d$treat)
d$admissions <- rpois(nrow(d), rate)
d$cost <- round(d$admissions * rlnorm(nrow(d), 7.5, 0.6) + rgamma(nrow(d), 0.4, 0.004), 2)
d$weight <- round(runif(sites * per_site, 0.5, 2), 3)[d$patient]
d <- d[runif(nrow(d)) > 0.12, ]                                      # unbalanced: 12% of rows missing
d <- d[order(d$patient, d$month), c("patient", "site", "month", "treat", "admissions", "cost", "weight")]
write.csv(d, "panel.csv", row.names = FALSE)

fits <- list(
  admissions_stata = lm_robust(admissions ~ treat, data = d, fixed_effects = ~ patient + month,
                               clusters = site, se_type = "stata"),
  admissions_cr0 = lm_robust(admissions ~ treat, data = d, fixed_effects = ~ patient + month,
                             clusters = site, se_type = "CR0"),
  cost_stata = lm_robust(cost ~ treat, data = d, fixed_effects = ~ patient + month,
                         clusters = site, se_type = "stata"),
  admissions_weighted_stata = lm_robust(admissions ~ treat, data = d, weights = weight,
                                        fixed_effects = ~ patient + month, clusters = site,
                                        se_type = "stata"),
  admissions_classical = lm_robust(admissions ~ treat, data = d, fixed_effects = ~ patient + month,
                                   se_type = "classical"))
out <- do.call(rbind, lapply(names(fits), function(n) {
  f <- fits[[n]]
  data.frame(fit = n, estimate = sprintf("%.15g", coef(f)[["treat"]]),
             std_error = sprintf("%.15g", f$std.error[["treat"]]), df = f$df[["treat"]],
             nobs = f$nobs)
}))
write.csv(out, "expected.csv", row.names = FALSE, quote = FALSE)
print(out)
