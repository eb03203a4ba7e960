#!/usr/bin/env bash
# `unbundle measure`: on a panel of two generated tables (the demo world for 1995 and a copy with
# cross-border flows raised 20% for 1996, written here, no shared data): the contract's JSON keys
# with --pairs and --backcast, series.csv, chart.svg and backcast.svg that python3's XML parser
# accepts; exit 3 on a missing year directory, tables with other regions and θ ≤ 0.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

"$ub" world --out "$tmp/panel/1995" >/dev/null || { echo "FAIL: unbundle world"; exit 1; }
python3 - "$tmp/panel/1995" "$tmp/panel/1996" "$tmp/other/1995" "$tmp/other/1996" <<'PY'
import csv, os, shutil, sys
src, dst, o95, o96 = sys.argv[1:5]
region = {r["label"]: r["region"] for r in csv.DictReader(open(os.path.join(src, "labels.csv")))}
def scaled(name):
    rows = list(csv.reader(open(os.path.join(src, name))))
    head = rows[0]
    for row in rows[1:]:
        ri = region[row[0]]
        for k in range(1, len(row)):
            col = head[k]
            rc = region.get(col, col.split(":")[0])
            if rc != ri:
                row[k] = repr(float(row[k]) * 1.2)
    return rows
os.makedirs(dst)
for name in ("Z.csv", "Y.csv"):
    csv.writer(open(os.path.join(dst, name), "w", newline="")).writerows(scaled(name))
for name in ("labels.csv", "sectors.csv"):
    shutil.copy(os.path.join(src, name), dst)
# a panel whose second year renames the first economy
first = next(iter(region.values()))
shutil.copytree(src, o95)
os.makedirs(o96)
for name in ("Z.csv", "Y.csv", "labels.csv", "sectors.csv"):
    text = open(os.path.join(src, name)).read().replace(first, "QQQ")
    open(os.path.join(o96, name), "w").write(text)
PY

expect 0 '"backcast"' -- measure "$tmp/panel" --years 1995:1996 --backcast --json
expect 0 '"pairs"' -- measure "$tmp/panel" --years 1995:1996 --pairs --json
expect 0 'Backcast' -- measure "$tmp/panel" --years 1995:1996 --backcast --by-kind
expect 3 'year 1997' -- measure "$tmp/panel" --years 1995:1997
expect 3 "'QQQ'" -- measure "$tmp/other" --years 1995:1996 --backcast
expect 3 'theta' -- measure "$tmp/panel" --years 1995:1996 --theta 0
expect 2 '--years' -- measure "$tmp/panel"
expect 2 '--by-kind' -- measure "$tmp/panel" --years 1995:1996 --by-kind

if "$ub" measure "$tmp/panel" --years 1995:1996 --backcast --pairs --out "$tmp/out" --json >"$tmp/m.json"; then
    if python3 - "$tmp/m.json" "$tmp/out" <<'PY'
import json, sys, csv, os
import xml.etree.ElementTree as ET
j = json.load(open(sys.argv[1])); out = sys.argv[2]
assert [y["year"] for y in j["years"]] == [1995, 1996]
for y in j["years"]:
    assert set(y["tau"]) == {"goods_final", "goods_intermediate", "services_final", "services_intermediate"}
    assert set(y["components"]) >= {"goods", "ideas", "people"} and "fit_rmse" in y
assert all(abs(j["years"][0]["components"][c] - 100) < 1e-9 for c in ("goods", "ideas", "people"))
# cross-border flows up 20% everywhere: ln(1 + τ) of every block falls by ln(1.2)/θ (θ = 5)
import math
for b, v in j["years"][1]["tau"].items():
    assert abs(math.log1p(v) - math.log1p(j["years"][0]["tau"][b]) + math.log(1.2) / 5) < 1e-9, b
# the least-squares split of that uniform fall over the default loadings: goods and people fall
assert j["years"][1]["components"]["goods"] < 100 and j["years"][1]["components"]["people"] < 100
p = j["pairs"][0]
assert all(k in p for k in ("year", "exporter", "importer", "tau", "components"))
b = j["backcast"]
inds = ["trade_to_gdp", "gvc_participation", "vax_ratio", "services_trade_share"]
assert [y["year"] for y in b["years"]] == [1995, 1996]
for y in b["years"]:
    assert set(y["observed"]) == set(inds) and set(y["model"]) == set(inds), y
    assert y["solver"]["converged"]
assert set(b["rmse"]) == set(inds) and set(b["correlation"]) == set(inds)
# the model fed with the measured falls raises trade to GDP, as the data do
assert b["years"][1]["model"]["trade_to_gdp"] > b["years"][0]["model"]["trade_to_gdp"]
assert b["years"][1]["observed"]["trade_to_gdp"] > b["years"][0]["observed"]["trade_to_gdp"]
for f, needle in (("chart.svg", "ideas"), ("backcast.svg", "trade_to_gdp (observed)")):
    root = ET.parse(os.path.join(out, f)).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "year" in texts and needle in texts, (f, texts)
rows = list(csv.DictReader(open(os.path.join(out, "backcast.csv"))))
assert [r["year"] for r in rows] == ["1995", "1996"] and "model_vax_ratio" in rows[0]
assert list(csv.DictReader(open(os.path.join(out, "series.csv"))))[0]["group"] == "world"
PY
    then passes=$((passes + 1)); else echo "FAIL: JSON/CSV/SVG checks"; fails=$((fails + 1)); fi
else
    echo "FAIL: measure with --out"
    fails=$((fails + 1))
fi
report "cli.measure"
