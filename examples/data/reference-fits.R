# Reference fits computed with R's own well-known functions, independent of latent and of reference-fits.py:
#   tobin            survival::survreg, Gaussian, left-censored at 0 (Tobin 1958, survival::tobin)
#   censored-normal  survival::survreg, Gaussian, right-censored (examples/data/censored-normal.csv)
#   factor-analysis  stats::factanal, 2 factors (examples/data/factor-analysis.csv)
#   student-t        MASS::fitdistr(x, "t"), then polished by Newton steps on the same likelihood
# Every log-likelihood is recomputed here from dnorm/pnorm/dt with normalised densities, the convention of
# references.json. Writes examples/data/references-r.json and examples/data/tobin.csv.
# Run from the repository root: Rscript examples/data/reference-fits.R (R 4.2, Debian r-base-core,
# r-cran-survival, r-cran-mass).

suppressPackageStartupMessages({
  library(survival)
  library(MASS)
})

num <- function(x) format(x, digits = 15, scientific = FALSE, trim = TRUE)
vec <- function(x) paste0("[", paste(vapply(x, num, ""), collapse = ", "), "]")
entry <- function(name, fields) {
  body <- paste0("    \"", names(fields), "\": ", unlist(fields), collapse = ",\n")
  paste0("  \"", name, "\": {\n", body, "\n  }")
}
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
control <- survreg.control(rel.tolerance = 1e-13, iter.max = 200)
check <- function(a, b, what) if (abs(a - b) > 1e-6) stop(sprintf("%s: %s vs %s", what, a, b))

# Tobin (1958): durable goods expenditure, left-censored at 0.
tobin_out <- data.frame(tobin, cens = as.integer(tobin$durable <= 0))
write.csv(tobin_out, "examples/data/tobin.csv", row.names = FALSE, quote = FALSE)
tobit <- survreg(Surv(durable, durable > 0, type = "left") ~ age + quant, data = tobin,
                 dist = "gaussian", control = control)
mu <- predict(tobit, type = "lp")
ll_tobit <- sum(ifelse(tobin$durable > 0,
                       dnorm(tobin$durable, mu, tobit$scale, log = TRUE),
                       pnorm(tobin$durable, mu, tobit$scale, log.p = TRUE)))
check(ll_tobit, tobit$loglik[2], "tobin log-likelihood")
b <- coef(tobit)

# The right-censored Normal sample of censored-normal.lvm.
cn <- read.csv("examples/data/censored-normal.csv")
cfit <- survreg(Surv(y, 1 - cens) ~ 1, data = cn, dist = "gaussian", control = control)
cmu <- unname(coef(cfit)[1])
ll_cn <- sum(ifelse(cn$cens == 0, dnorm(cn$y, cmu, cfit$scale, log = TRUE),
                    pnorm(cn$y, cmu, cfit$scale, lower.tail = FALSE, log.p = TRUE)))
check(ll_cn, cfit$loglik[2], "censored-normal log-likelihood")

# Factor analysis: factanal works on the correlation scale; its uniquenesses are scale-free, so on the
# covariance scale psi_j = uniqueness_j * S_jj with S the maximum-likelihood (divide by N) covariance.
fa_x <- as.matrix(read.csv("examples/data/factor-analysis.csv"))
N <- nrow(fa_x)
D <- ncol(fa_x)
fa <- factanal(fa_x, factors = 2, control = list(nstart = 5, opt = list(maxit = 10000, factr = 1)))
S <- cov(fa_x) * (N - 1) / N
psi <- fa$uniquenesses * diag(S)
Lambda <- diag(sqrt(diag(S))) %*% unclass(fa$loadings)
Sigma <- Lambda %*% t(Lambda) + diag(psi)
ll_fa <- -N / 2 * (D * log(2 * pi) + determinant(Sigma)$modulus[1] + sum(diag(solve(Sigma, S))))

# Student-t location-scale: fitdistr, then nlminb on the same negative log-likelihood for more digits.
tx <- read.csv("examples/data/student-t.csv")$x
tnll <- function(p) -sum(dt((tx - p[1]) / p[2], p[3], log = TRUE) - log(p[2]))
tf <- fitdistr(tx, "t", start = list(m = median(tx), s = mad(tx), df = 5),
               control = list(maxit = 5000), lower = c(-Inf, 1e-6, 0.1))
# fitdistr stops at L-BFGS-B's default precision: polish in (m, log s, log df) with Newton steps on a
# central-difference Hessian of the same likelihood (nlminb with its analytic-free quasi-Newton stalls).
tq <- function(q) tnll(c(q[1], exp(q[2]), exp(q[3])))
q <- c(tf$estimate[[1]], log(tf$estimate[[2]]), log(tf$estimate[[3]]))
for (it in 1:50) {
  h <- 1e-4
  g <- sapply(1:3, function(i) { e <- replace(numeric(3), i, h); (tq(q + e) - tq(q - e)) / (2 * h) })
  H <- outer(1:3, 1:3, Vectorize(function(i, j) {
    ei <- replace(numeric(3), i, h); ej <- replace(numeric(3), j, h)
    (tq(q + ei + ej) - tq(q + ei - ej) - tq(q - ei + ej) + tq(q - ei - ej)) / (4 * h * h)
  }))
  step <- solve(H, g)
  q <- q - step
  if (max(abs(step)) < 1e-12) break
}
tp <- list(par = c(q[1], exp(q[2]), exp(q[3])), objective = tq(q))

out <- c(
  paste0("  \"R\": ", str(R.version.string)),
  entry("tobin", list(
    method = str("survival::survreg(Surv(durable, durable > 0, type = 'left') ~ age + quant, dist = 'gaussian')"),
    b0 = num(b[[1]]), b_age = num(b[[2]]), b_quant = num(b[[3]]), s = num(tobit$scale),
    logLikelihood = num(ll_tobit))),
  entry("censored-normal", list(
    method = str("survival::survreg(Surv(y, 1 - cens) ~ 1, dist = 'gaussian')"),
    mu = num(cmu), sigma = num(cfit$scale), logLikelihood = num(ll_cn))),
  entry("factor-analysis", list(
    method = str("stats::factanal(x, factors = 2); psi = uniquenesses * diag(S), W = diag(sqrt(diag(S))) loadings, S the ML covariance"),
    uniquenesses = vec(unname(fa$uniquenesses)), psi = vec(unname(psi)),
    b = vec(unname(colMeans(fa_x))),
    W = paste0("[", paste(apply(Lambda, 1, vec), collapse = ", "), "]"),
    objective = num(unname(fa$criteria["objective"])), logLikelihood = num(ll_fa))),
  entry("student-t", list(
    method = str("MASS::fitdistr(x, 't'), polished by Newton steps on the same likelihood"),
    fitdistr = paste0("{ \"m\": ", num(tf$estimate[[1]]), ", \"s\": ", num(tf$estimate[[2]]),
                      ", \"df\": ", num(tf$estimate[[3]]), ", \"logLikelihood\": ", num(tf$loglik), " }"),
    loc = num(tp$par[1]), scale = num(tp$par[2]), nu = num(tp$par[3]),
    logLikelihood = num(-tp$objective)))
)
writeLines(c("{", paste(out, collapse = ",\n"), "}"), "examples/data/references-r.json")
# As the Python scripts do: the repository's formatter has the last word on the JSON's layout.
invisible(system2("npx", c("biome", "format", "--write", "examples/data/references-r.json"), stdout = FALSE, stderr = FALSE))
