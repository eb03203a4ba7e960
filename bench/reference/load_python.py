#!/usr/bin/env python3
"""Reference timings for bench_data: the same files read by pandas.read_csv and numpy.loadtxt.

Usage: python3 bench/reference/load_python.py [DATA_DIR]   (default ../shared/data)
Prints the median of 5 runs of each reader, in milliseconds.
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
year = f"{data}/wiod2013/2011"


def pandas_year():
    z = pd.read_csv(f"{year}/Z.csv", index_col=0)
    y = pd.read_csv(f"{year}/Y.csv", index_col=0)
    x = pd.read_csv(f"{year}/x.csv", index_col=0)
    va = pd.read_csv(f"{year}/va.csv", index_col=0)
    lab = pd.read_csv(f"{year}/labels.csv")
    return z.values, y.values, x.values, va.values, lab


def numpy_year():
    z = np.loadtxt(f"{year}/Z.csv", delimiter=",", skiprows=1, usecols=range(1, 1436))
    y = np.loadtxt(f"{year}/Y.csv", delimiter=",", skiprows=1, usecols=range(1, 42))
    x = np.loadtxt(f"{year}/x.csv", delimiter=",", skiprows=1, usecols=(1,))
    va = np.loadtxt(f"{year}/va.csv", delimiter=",", skiprows=1, usecols=(1,))
    lab = np.loadtxt(f"{year}/labels.csv", delimiter=",", skiprows=1, dtype=str)
    return z, y, x, va, lab


def pandas_z():
    return pd.read_csv(f"{year}/Z.csv", index_col=0).values


def pandas_trade_eu():
    return pd.read_csv(f"{data}/trade_eu/trade.csv")


def pandas_yotov():
    return pd.read_csv(f"{data}/yotov/agtpa_applications.csv")


def median_ms(f, reps=5):
    f()  # warm the file cache
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return 1000 * statistics.median(t)


print(f"numpy {np.__version__}, pandas {pd.__version__}")
for name, f in [("pandas WIOD 2011 year directory", pandas_year), ("numpy.loadtxt WIOD 2011 year directory", numpy_year),
                ("pandas WIOD 2011 Z.csv", pandas_z), ("pandas trade_eu/trade.csv", pandas_trade_eu),
                ("pandas yotov/agtpa_applications.csv", pandas_yotov)]:
    print(f"{name:45s} {median_ms(f):9.1f} ms")
