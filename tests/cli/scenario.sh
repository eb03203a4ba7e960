#!/usr/bin/env bash
# `unbundle scenario` and `unbundle demo`: the contract's JSON keys, series.csv and a chart.svg that
# python3's XML parser accepts; exit 3 (naming the place) on bad input, 2 on usage errors.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

# a one-sector world of flows with domestic flows
printf 'exporter,importer,value\nA,A,100\nA,B,10\nA,C,5\nB,A,8\nB,B,200\nB,C,6\nC,A,4\nC,B,7\nC,C,50\n' >"$tmp/flows.csv"
# the same without C's domestic flow
grep -v '^C,C' "$tmp/flows.csv" >"$tmp/nodomestic.csv"
printf 'exporter,importer,value\nA,B,0.5\nB,A,0.5\nA,ZZZ,0.3\n' >"$tmp/unknown.csv"
printf 'exporter,importer,value\nA,B,0.5\nB,A,0.4\nC,A,0.6\n' >"$tmp/goods.csv"

expect 0 '"trade_to_gdp"' -- scenario --years 2020:2025 --json
expect 0 '"attribution_by_economy"' -- scenario --years 2020:2022 --decline goods=2,ideas=3,people=1 --json
expect 0 '"attribution_levels"' -- scenario --world "$tmp/flows.csv" --years 2000:2005 --decline goods=3 --json
expect 0 '"real_income_per_head"' -- scenario --world "$tmp/flows.csv" --costs goods="$tmp/goods.csv" --years 2000:2002 --decline goods=3 --json
expect 0 'Shares of the change in world welfare' -- scenario --years 2020:2022
expect 0 '"eras"' -- demo --json --step 10
expect 3 'C -> C' -- scenario --world "$tmp/nodomestic.csv" --years 2000:2001
expect 3 "unknown economy 'ZZZ'" -- scenario --world "$tmp/flows.csv" --costs goods="$tmp/unknown.csv" --years 2000:2001
expect 3 'explode' -- scenario --years 2020:2060 --decline goods=-50
expect 3 'theta' -- scenario --years 2020:2021 --theta -1
expect 3 '< 1' -- scenario --years 2020:2021 --loadings goods=-1
expect 3 'no such file' -- scenario --world "$tmp/missing.csv"
expect 2 'unknown component' -- scenario --decline trains=3
expect 2 '--years' -- scenario --years 2020-2030
expect 2 '--deficits' -- scenario --deficits some

# JSON shape, Shapley adding up, series.csv and a well-formed chart.svg
if "$ub" scenario --years 2020:2030 --step 5 --decline goods=2,ideas=4,people=3 --out "$tmp/sc" --json >"$tmp/sc.json" &&
    "$ub" demo --out "$tmp/demo" --json >"$tmp/demo.json"; then
    if python3 - "$tmp/sc.json" "$tmp/demo.json" "$tmp/sc/chart.svg" "$tmp/demo/chart.svg" "$tmp/demo/series.csv" <<'PY'
import json, sys, csv
import xml.etree.ElementTree as ET
sc = json.load(open(sys.argv[1])); demo = json.load(open(sys.argv[2]))
keys = ["year", "trade_to_gdp", "gvc_participation", "vax_ratio", "services_trade_share", "welfare_index",
        "convergence", "cv_income_per_head", "integration_score", "economies", "solver"]
for y in sc["years"] + demo["years"]:
    assert all(k in y for k in keys), y.keys()
    assert y["solver"]["converged"]
    for e in y["economies"]:
        assert all(k in e for k in ["economy", "welfare_index", "wage_index", "real_income_per_head"])
for d in (sc, demo):
    assert abs(sum(d["attribution"].values()) - 1) < 1e-9
    first, last = d["years"][0], d["years"][-1]
    for k, v in d["attribution_levels"].items():
        assert abs(sum(v.values()) - (last[k] - first[k])) < 1e-9, k
    import math
    for e in last["economies"]:
        a = d["attribution_by_economy"][e["economy"]]
        assert abs(sum(a.values()) - math.log(e["welfare_index"])) < 1e-9
    assert "timing" in d and "read_s" in d["timing"] and "compute_s" in d["timing"]
    assert "world" in d
assert [e["name"] for e in demo["eras"]] and len(demo["eras"]) == 3
for e in demo["eras"]:
    assert all(k in e for k in ["name", "from", "to", "change", "attribution"])
    assert abs(sum(e["attribution"].values()) - 1) < 1e-9
for f in sys.argv[3:5]:
    root = ET.parse(f).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "year" in texts and "trade to GDP" in texts
assert "first unbundling" in open(sys.argv[4]).read()
rows = list(csv.DictReader(open(sys.argv[5])))
assert rows[0]["year"] == "1820" and rows[-1]["year"] == "2040" and "gvc_participation" in rows[0]
PY
    then passes=$((passes + 1)); else echo "FAIL: JSON/CSV/SVG checks"; fails=$((fails + 1)); fi
else
    echo "FAIL: scenario/demo with --out"
    fails=$((fails + 1))
fi
report "cli.scenario"
