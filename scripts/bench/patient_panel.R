# Patient x month panel benchmark, R side (see patient-panel-vs-estimatr.sh).
#   Rscript patient_panel.R generate <patients> <file.csv>   writes a balanced panel (96 months)
#   Rscript patient_panel.R fit <file.csv>                   estimatr::lm_robust with patient and
#                                                            month effects, CR1 "stata" by site
#   Rscript patient_panel.R fit-within <file.csv>            the same model by the two-way within
#                                                            transformation of a balanced panel
#                                                            (data.table), CR1 with Stata's factor
# estimatr builds a dense rows x patients matrix for the patient effects (8 bytes x N x P: 700 GB
# for 3 million rows of 31,250 patients), so it is run only where that fits in memory.
suppressMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
if (args[1] == "generate") {
  set.seed(20131101)
  patients <- as.integer(args[2]); months <- 96L; sites <- 60L
  site <- ((seq_len(patients) - 1L) %% sites) + 1L
  go_live <- ifelse(site <= 14L, 44L, ifelse(site <= 25L, 61L, NA_integer_))  # 2013-11, 2015-04
  frailty <- rgamma(patients, shape = 2, rate = 2)
  site_shock <- rnorm(sites, 0, 0.15)
  d <- data.table(patient = rep(seq_len(patients), each = months),
                  month = rep(seq_len(months), times = patients))
  d[, site := site[patient]]
  d[, treat := as.integer(!is.na(go_live[patient]) & month >= go_live[patient])]
  d[, admissions := rpois(.N, 0.01 * frailty[patient] * exp(site_shock[site] + 0.002 * month -
                                                            0.1 * treat))]
  fwrite(d[, .(patient, site, month, treat, admissions)], args[3])
  cat(sprintf("wrote %d rows (%d patients x %d months, %d sites)\n", nrow(d), patients, months, sites))
} else if (args[1] == "fit-within") {
  t0 <- Sys.time()
  d <- fread(args[2])
  t1 <- Sys.time()
  P <- uniqueN(d$patient); Tn <- uniqueN(d$month); N <- nrow(d); G <- uniqueN(d$site)
  stopifnot(N == P * Tn)  # balanced: y - ybar_i - ybar_t + ybar is the exact two-way within
  for (v in c("admissions", "treat")) {
    d[, w := get(v) - mean(get(v)), by = patient]
    d[, w := w - mean(w), by = month]
    setnames(d, "w", paste0(v, "_w"))
  }
  b <- d[, sum(treat_w * admissions_w) / sum(treat_w^2)]
  d[, u := admissions_w - b * treat_w]
  score <- d[, .(s = sum(treat_w * u)), by = site]$s
  K <- 1 + P + (Tn - 1)
  se <- sqrt(sum(score^2) / sum(d$treat_w^2)^2 * G / (G - 1) * (N - 1) / (N - K))
  t2 <- Sys.time()
  cat(sprintf("within rows %d estimate %.15g se %.15g df %g read_s %.1f fit_s %.1f\n",
              N, b, se, G - 1, as.numeric(t1 - t0, units = "secs"),
              as.numeric(t2 - t1, units = "secs")))
} else {
  suppressMessages(library(estimatr))
  t0 <- Sys.time()
  d <- fread(args[2])
  t1 <- Sys.time()
  f <- lm_robust(admissions ~ treat, data = d, fixed_effects = ~ patient + month,
                 clusters = site, se_type = "stata")
  t2 <- Sys.time()
  cat(sprintf("estimatr rows %d estimate %.15g se %.15g df %g read_s %.1f fit_s %.1f\n",
              nrow(d), coef(f)[["treat"]], f$std.error[["treat"]], f$df[["treat"]],
              as.numeric(t1 - t0, units = "secs"), as.numeric(t2 - t1, units = "secs")))
}
