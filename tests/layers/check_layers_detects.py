#!/usr/bin/env python3
"""Proves that check_layers.py fails on an upward include: copies include/ to a temporary
directory, injects one bad edge at a time and expects check_layers.py to exit 1 and name the
edge. Usage: check_layers_detects.py INCLUDE_DIR"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check_layers.py")

# (header that gets the include, line to add, text the checker must print)
INJECTIONS = [
    ("core/economy.hpp", '#include "../data/csv.hpp"\n', "core/economy.hpp"),          # core -> data
    ("error.hpp", '#include "core/economy.hpp"\n', "error.hpp"),                       # base -> core
    ("gravity/ppml.hpp", '#include "../data/csv.hpp"\n', "gravity/ppml.hpp"),          # engine -> data
    ("data/csv.hpp", '#include <unbundle/mrio/leontief.hpp>\n', "data/csv.hpp"),       # data -> engine
    ("mrio/leontief.hpp", '#include "../gravity/frame.hpp"\n', "mrio/leontief.hpp"),   # engine -> adapter
]


def run(include_dir):
    return subprocess.run([sys.executable, CHECKER, include_dir], capture_output=True, text=True)


def main(include_dir):
    clean = run(include_dir)
    if clean.returncode != 0:
        print("the unmodified tree does not pass:\n" + clean.stderr, file=sys.stderr)
        return 1
    failures = 0
    for header, line, expect in INJECTIONS:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "include")
            shutil.copytree(include_dir, copy)
            target = os.path.join(copy, "unbundle", header)
            with open(target, encoding="utf-8") as f:
                text = f.read()
            head, sep, rest = text.partition("#pragma once\n")
            with open(target, "w", encoding="utf-8") as f:
                f.write(head + sep + line + rest)
            r = run(copy)
            if r.returncode != 1 or expect not in r.stderr:
                print(f"injected {line.strip()} into {header}: exit {r.returncode}, stderr:\n{r.stderr}",
                      file=sys.stderr)
                failures += 1
            else:
                print(f"detected: {r.stderr.splitlines()[0]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
