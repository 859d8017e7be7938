# simulate_and_fit.R -- simulated patient-experience survey (repeated cross-sections) for SurveyDid and the
# stratified survey estimators, and the R `survey` (4.1-1, Debian r-cran-survey) numbers the Java tests assert.
#
# Design: 6 areas (strata A-F; A, B, C joined the programme), in each area 4-5 GP practices (PSUs) sampled
# from `fpc` practices; every sampled practice was surveyed before (post = 0) and after (post = 1) go-live,
# with different respondents each wave (repeated cross-sections). `weight` = inverse selection probability
# times a non-response adjustment (varies by respondent). `score` = overall satisfaction 0-10 (top box >= 9),
# `ltc` = long-term condition flag. The true DiD on the latent score is 0.6 points.
# `stratum_lonely`/`fpc_lonely`: the same rows, but practice F05 forms its own stratum G (a lonely PSU, 1 of
# 3 practices sampled) for the survey.lonely.psu tests.
#
# Usage (writes data.csv next to this script and prints the expected numbers):
#   Rscript simulate_and_fit.R > expected_output.txt
suppressMessages(library(survey))
set.seed(20260109)
strata <- data.frame(stratum = LETTERS[1:6], treated = c(1, 1, 1, 0, 0, 0),
                     n_psu = c(5, 4, 5, 4, 5, 5), fpc = c(12, 15, 20, 9, 14, 18),
                     area = c(0.3, -0.2, 0.0, 0.4, -0.1, 0.1))
rows <- list()
for (h in seq_len(nrow(strata))) {
  s <- strata[h, ]
  for (j in seq_len(s$n_psu)) {
    psu <- sprintf("%s%02d", s$stratum, j)
    practice <- rnorm(1, 0, 0.5)
    list_size <- round(runif(1, 3000, 12000))
    for (post in 0:1) {
      m <- sample(8:15, 1)
      ltc <- rbinom(m, 1, 0.4)
      latent <- 7 + s$area + practice + 0.3 * post + 0.6 * s$treated * post - 0.5 * ltc + rnorm(m, 0, 1.6)
      score <- pmin(10, pmax(0, round(latent)))
      weight <- round(s$fpc / s$n_psu * list_size / m * runif(m, 0.6, 1.6), 4)
      rows[[length(rows) + 1]] <- data.frame(stratum = s$stratum, psu = psu, fpc = s$fpc, weight = weight,
                                             treated = s$treated, post = post, ltc = ltc, score = score)
    }
  }
}
d <- do.call(rbind, rows)
d$stratum_lonely <- ifelse(d$psu == "F05", "G", d$stratum)
d$fpc_lonely <- ifelse(d$psu == "F05", 3, d$fpc)
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
write.csv(d, file.path(script_dir, "data.csv"), row.names = FALSE)

d$topbox <- as.numeric(d$score >= 9)
cat(sprintf("rows %d, PSUs %d, strata %d; survey %s\n", nrow(d), length(unique(d$psu)),
            length(unique(d$stratum)), as.character(packageVersion("survey"))))
p <- function(label, x) cat(sprintf("%-52s %s\n", label, paste(sprintf("%.15g", x), collapse = " ")))
coefrow <- function(label, fit, term) {
  s <- coef(summary(fit))[term, ]
  p(paste(label, "est se t p"), s)
  p(paste(label, "df.residual"), fit$df.residual)
}

des <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = d)

## descriptive estimators on the stratified design
p("svymean(~score)", c(coef(svymean(~score, des)), SE(svymean(~score, des))))
p("svytotal(~topbox)", c(coef(svytotal(~topbox, des)), SE(svytotal(~topbox, des))))
r <- svyratio(~score, ~ltc, des); p("svyratio(~score, ~ltc)", c(coef(r), SE(r)))
b <- svyby(~score, ~treated + post, des, svymean)
for (i in seq_len(nrow(b))) p(sprintf("svyby(~score, ~treated+post) treated=%d post=%d", b$treated[i], b$post[i]),
                              c(b$score[i], b$se[i]))
b <- svyby(~topbox, ~treated + post, des, svymean)
for (i in seq_len(nrow(b))) p(sprintf("svyby(~topbox, ~treated+post) treated=%d post=%d", b$treated[i], b$post[i]),
                              c(b$topbox[i], b$se[i]))
p("degf(des)", degf(des))

## SurveyDid: design-weighted regressions with linearised (PSU) variance and FPC
m_score <- svyglm(score ~ treated * post, design = des)
coefrow("svyglm(score ~ treated*post) treated:post", m_score, "treated:post")
coefrow("svyglm(score ~ treated*post) treated", m_score, "treated")
coefrow("svyglm(score ~ treated*post) post", m_score, "post")
coefrow("svyglm(score ~ treated*post) (Intercept)", m_score, "(Intercept)")
p("svyglm(score ~ treated*post) dispersion", summary(m_score)$dispersion)
m_top <- svyglm(topbox ~ treated * post, design = des)
coefrow("svyglm(topbox ~ treated*post) treated:post", m_top, "treated:post")
m_cov <- svyglm(score ~ treated * post + ltc, design = des)
coefrow("svyglm(score ~ treated*post + ltc) treated:post", m_cov, "treated:post")
coefrow("svyglm(score ~ treated*post + ltc) ltc", m_cov, "ltc")

## quasibinomial (logit) with unequal weights; the dispersion is svyvar of the Pearson residuals (y - mu)/sqrt(V(mu))
m_logit <- svyglm(topbox ~ treated * post + ltc, design = des, family = quasibinomial())
for (term in names(coef(m_logit))) coefrow(paste("svyglm(topbox ~ treated*post + ltc, quasibinomial)", term),
                                           m_logit, term)
p("svyglm(topbox ~ treated*post + ltc, quasibinomial) dispersion", summary(m_logit)$dispersion)

## lonely PSU: F05 alone in stratum G
lon <- svydesign(id = ~psu, strata = ~stratum_lonely, weights = ~weight, fpc = ~fpc_lonely, data = d)
msg <- tryCatch({ svymean(~score, lon); "no error" }, error = function(e) conditionMessage(e))
cat("lonely.psu = fail: ", msg, "\n", sep = "")
options(survey.lonely.psu = "adjust")
p("adjust: svymean(~score)", c(coef(svymean(~score, lon)), SE(svymean(~score, lon))))
p("adjust: svytotal(~topbox)", c(coef(svytotal(~topbox, lon)), SE(svytotal(~topbox, lon))))
coefrow("adjust: svyglm(score ~ treated*post) treated:post", svyglm(score ~ treated * post, design = lon),
        "treated:post")
p("adjust: degf", degf(lon))
options(survey.lonely.psu = "fail")

## a certainty PSU: F05 alone in stratum G with 1 practice in the population (f = 1): no variance, no error
d$fpc_cert <- ifelse(d$stratum_lonely == "G", 1, d$fpc_lonely)
cert <- svydesign(id = ~psu, strata = ~stratum_lonely, weights = ~weight, fpc = ~fpc_cert, data = d)
p("certainty: svymean(~score)", c(coef(svymean(~score, cert)), SE(svymean(~score, cert))))

## PSU fixed effects (SurveyGlm.fitWithPsuFixedEffects): every practice has its own dummy, so svyglm's df.residual
## is negative (NaN p-values); t-test on df = degf + 1 - (K - (PSUs - 1)), the dummies nested in the PSUs not counted
m_fe <- svyglm(score ~ I(treated * post) + post + factor(psu), design = des)
df_fe <- degf(des) + 1 - (length(coef(m_fe)) - (length(unique(d$psu)) - 1))
p("svyglm(score ~ treated:post + post + factor(psu)) est se t p",
  summary(m_fe, df.resid = df_fe)$coefficients["I(treated * post)", ])
p("svyglm(score ~ treated:post + post + factor(psu)) df.residual, df", c(m_fe$df.residual, df_fe))
