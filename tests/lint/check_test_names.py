#!/usr/bin/env python3
"""Fails when a doctest TEST_CASE name holds a semicolon: CMake splits such a name into two CTest
entries that match no test case, so the case would silently not run.

Usage: check_test_names.py TESTS_DIR
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
bad = []
for p in sorted(root.rglob("*.cpp")):
    for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        m = re.search(r'TEST_CASE(?:_TEMPLATE)?\s*\(\s*"((?:[^"\\]|\\.)*)"', line)
        if m and ";" in m.group(1):
            bad.append(f"{p.relative_to(root.parent)}:{i}: test name has ';': {m.group(1)}")
print("\n".join(bad) if bad else "no test name holds a semicolon")
sys.exit(1 if bad else 0)
