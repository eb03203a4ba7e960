#!/usr/bin/env python3
# numpy.linalg.inv of I − A for random productive A (column sums 0.55), the comparison of docs/performance.md
# ("Input-output"). Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/numpy_inv.py 1435 2464 3465
# numpy.linalg.inv on random productive matrices of the given sizes (same construction idea as bench_mrio).
import numpy as np, time, sys
for n in [int(a) for a in sys.argv[1:]]:
    rng = np.random.default_rng(42)
    A = rng.random((n, n)); A *= 0.55 / A.sum(0); M = np.eye(n) - A
    ts = []; cs = []
    for k in range(3):
        t = time.perf_counter(); c = time.process_time(); L = np.linalg.inv(M); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)
    print(n, "wall median %.3f s" % sorted(ts)[1], "cpu median %.3f s" % sorted(cs)[1])
