# Second opinion (not published): R MatchIt 4.5.1 (Debian r-cran-matchit) on data.csv, run from this folder.
# CEM with user cut points and ATT odds weights from the glm PS; neither uses nearest-neighbour
# matching, so 4.5.1's left-neighbour bug (REFERENCE.md) does not affect them.
suppressMessages(library(MatchIt))
d <- read.csv("data.csv", stringsAsFactors = FALSE); rownames(d) <- d$id; d$id <- NULL
d$race <- factor(d$race, levels = c("black","hispan","white"))
m <- matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = d, method = "cem",
  cutpoints = list(age = c(20, 25, 30, 35), educ = c(9, 12), married = c(0.5, 0.6), nodegree = c(0.5, 0.6), re74 = c(1, 5000), re75 = c(1, 5000)))
print(m)
s <- summary(m, un = FALSE)
options(width=200)
print(s, digits = 7)
w <- m$weights
cat(sprintf("%.10f", w[w>0][1:12]), "\n")
cat("subclasses", nlevels(m$subclass), "\n")
print(table(round(w,6)))
# IPW (ATT odds) weights from the glm PS, balance via summary() with s.weights
# glm's default epsilon (1e-8) stops up to 3e-9 short of the MLE in the PS, visible in the 7th digit of
# some weighted statistics; converge fully, as the Java IRLS does
ps <- fitted(glm(treat ~ age + educ + race + married + nodegree + re74 + re75, data = d, family = binomial(),
                 control = glm.control(epsilon = 1e-14, maxit = 100)))
ipw <- ifelse(d$treat == 1, 1, ps / (1 - ps))
mw <- matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = d, method = NULL, distance = ps, s.weights = ipw)
print(summary(mw), digits = 7)
