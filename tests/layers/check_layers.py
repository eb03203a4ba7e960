#!/usr/bin/env python3
"""Checks that no header under include/unbundle includes a header of a higher layer.

Usage: check_layers.py INCLUDE_DIR   (the directory that holds unbundle/)

The layer table below is the one source of the order (docs/index.md states it). A header may
include headers of its own layer and of layers of a lower rank. Layers of the same rank (data/
and the engines) do not include each other. A header that matches no layer is an error, so a
new directory has to be placed in the table.
"""
import fnmatch
import os
import re
import sys

# (layer, rank, patterns relative to include/unbundle), bottom up. The first match wins.
LAYERS = [
    ("base", 0, ["config.hpp", "error.hpp", "fwd.hpp", "version.hpp", "detail/*"]),
    ("core", 1, ["core/*"]),
    ("adapters", 3, ["gravity/frame.hpp", "ge/frame.hpp", "mrio/frame.hpp", "scores/frame.hpp",
                     "scenario/frame.hpp", "measure/frame.hpp", "scores/value_chain_files.hpp"]),
    ("data", 2, ["data/*"]),
    ("engines", 2, ["gravity/*", "mrio/*", "ge/*", "scores/*", "scenario/*", "measure/*"]),
    ("umbrella", 4, ["unbundle.hpp"]),
]

# Headers that must not reach another through any chain of includes (the estimators compile
# without the file readers).
MUST_NOT_REACH = [
    ("gravity/ppml.hpp", "data/csv.hpp"),
    ("gravity/feols.hpp", "data/csv.hpp"),
    ("ge/structural.hpp", "data/csv.hpp"),
    ("mrio/accounts.hpp", "data/csv.hpp"),
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layer_of(rel):
    for name, rank, patterns in LAYERS:
        if any(fnmatch.fnmatchcase(rel, p) for p in patterns):
            return name, rank
    return None, None


def check(include_dir):
    root = os.path.join(include_dir, "unbundle")
    if not os.path.isdir(root):
        print(f"check_layers: {root} is not a directory", file=sys.stderr)
        return 2
    errors = []
    edges = 0
    graph = {}
    for dirpath, _, files in os.walk(root):
        for fn in sorted(files):
            if not fn.endswith(".hpp"):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            src_layer, src_rank = layer_of(rel)
            if src_layer is None:
                errors.append(f"{rel}: in no layer (add its directory to the table in {__file__})")
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in INCLUDE_RE.finditer(text):
                kind, target = m.group(1), m.group(2)
                if kind == '"':
                    tpath = os.path.normpath(os.path.join(dirpath, target))
                elif target.startswith("unbundle/"):
                    tpath = os.path.normpath(os.path.join(include_dir, target))
                else:
                    continue  # system or third-party header
                line = text.count("\n", 0, m.start()) + 1
                trel = os.path.relpath(tpath, root).replace(os.sep, "/")
                if trel.startswith(".."):
                    errors.append(f"{rel}:{line}: includes {target}, outside include/unbundle")
                    continue
                if not os.path.exists(tpath):
                    errors.append(f"{rel}:{line}: includes {target}, which does not exist")
                    continue
                dst_layer, dst_rank = layer_of(trel)
                graph.setdefault(rel, set()).add(trel)
                edges += 1
                if dst_layer is None:
                    errors.append(f"{rel}:{line}: includes {trel}, in no layer")
                elif dst_layer != src_layer and dst_rank >= src_rank:
                    errors.append(f"{rel}:{line}: {src_layer} (rank {src_rank}) includes {trel}, "
                                  f"{dst_layer} (rank {dst_rank}): an edge up or across the layers")
    for src, banned in MUST_NOT_REACH:
        seen, todo = set(), [src]
        while todo:
            h = todo.pop()
            for t in graph.get(h, ()):
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        if banned in seen:
            errors.append(f"{src}: reaches {banned} through its includes")
    for e in errors:
        print("check_layers: " + e, file=sys.stderr)
    if errors:
        print(f"check_layers: {len(errors)} violation(s) in {edges} include edges", file=sys.stderr)
        return 1
    print(f"check_layers: {edges} include edges, all down the layers")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1]))
