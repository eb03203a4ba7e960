# Reading a panel: data.table::fread against `unbundle info` (its `--json` timing.read_s), run
# alternately in one session, N rounds at 1 and at 2 threads; prints the minima, the medians, their
# ratios (ours / fread) and the paired ratios (each round's two reads ran back to back), with how
# many rounds ours was the faster. docs/performance.md, D3.
# Usage: Rscript bench/reference/fread_vs_info.R UNBUNDLE PANEL_CSV [N]
#   (unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE first; data.table 1.14.8)
suppressMessages(library(data.table))
args <- commandArgs(TRUE)
if (length(args) < 2) stop("usage: Rscript fread_vs_info.R UNBUNDLE PANEL_CSV [N]")
ub <- args[1]
panel <- args[2]
n <- if (length(args) >= 3) as.integer(args[3]) else 10
invisible(fread(panel)) # the file in the page cache
for (t in 1:2) {
  setDTthreads(t)
  fr <- numeric(0)
  ours <- numeric(0)
  for (i in seq_len(n)) {
    fr <- c(fr, system.time(d <- fread(panel))[["elapsed"]])
    out <- system2(ub, c("--threads", t, "info", shQuote(panel), "--json"), stdout = TRUE)
    ours <- c(ours, as.numeric(sub('.*"read_s": *([0-9.eE-]+).*', "\\1", paste(out, collapse = ""))))
  }
  paired <- ours / fr # each round's two reads ran back to back: the machine's drift cancels
  cat(sprintf(paste0("threads %d: fread min %.4f median %.4f | unbundle read_s min %.4f median %.4f | ",
                     "ratio of minima %.2f, of medians %.2f | paired ratios: median %.2f, ours faster in %d of %d rounds\n"),
              t, min(fr), median(fr), min(ours), median(ours), min(ours) / min(fr), median(ours) / median(fr),
              median(paired), sum(paired <= 1), n))
}
cat(sprintf("load: %s\n", paste(readLines("/proc/loadavg"), collapse = "")))
