#!/usr/bin/python3
# Licensed under the Apache License, Version 2.0 (see LICENSE).
#
# SciPy's linear_sum_assignment on the cohorts of tests/bench/bench_match.c:
# square n x n, random integer scores 0-999, 0 % and 10 % forbidden, the
# same cost matrix as rm_match_solve builds (allowed: -(BONUS + score),
# forbidden: 0), median of as many runs.  Prints "n forbidden_percent
# median_ms" lines for bench_match to show next to its own.  Run by
# `make bench-match` (mk/match.mk).
import statistics
import sys
import time

try:
    import numpy as np
    from scipy.optimize import linear_sum_assignment
except ImportError as e:
    sys.exit(f"bench-match-scipy: {e}; install the Debian package python3-scipy")

rng = np.random.default_rng(20240601)
for n, runs in ((100, 31), (500, 11), (2000, 5)):
    for pct in (0, 10):
        times = []
        for _ in range(runs):
            score = rng.integers(0, 1000, size=(n, n), dtype=np.int64)
            forbidden = rng.random((n, n)) < pct / 100
            maxabs = int(score[~forbidden].max(initial=0))
            bonus = (2 * maxabs + 1) * (n + 1)
            cost = np.where(forbidden, 0, -(bonus + score))
            t0 = time.perf_counter()
            linear_sum_assignment(cost)
            times.append((time.perf_counter() - t0) * 1e3)
        print(n, pct, f"{statistics.median(times):.3f}", flush=True)
