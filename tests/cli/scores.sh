#!/usr/bin/env bash
# `unbundle scores` and `unbundle composite` (docs/cli.md): exit 0 with the contract's JSON keys
# (one year, --panel, --product, --bloc, --theta, --distance, --out); GDP-based fields omitted
# without GDP (never NaN); 3 on bad data naming the economy or bloc member; 2 on usage errors;
# --mrio DIR [--years A:B] (value-chain scores) against the hand-built table and `unbundle mrio`.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

# three economies, two years, distances; domestic rows (exporter = importer) for Novy's tau.
# 2000 is the hand case of docs/scores.md; flowsp.csv splits A->B over two products.
cat >"$tmp/flows.csv" <<'CSV'
exporter,importer,year,trade,dist
A,A,2000,80,1
B,B,2000,60,1
C,C,2000,100,1
A,B,2000,10,10
B,A,2000,20,10
A,C,2000,10,20
B,C,2000,20,5
C,A,2000,5,20
C,B,2000,15,5
A,A,2001,80,1
B,B,2001,60,1
C,C,2001,100,1
A,B,2001,20,10
B,A,2001,40,10
A,C,2001,10,20
B,C,2001,20,5
C,A,2001,5,20
C,B,2001,15,5
CSV
cat >"$tmp/flowsp.csv" <<'CSV'
exporter,importer,year,product,trade
A,A,2000,x,80
B,B,2000,x,60
C,C,2000,x,100
A,B,2000,x,6
A,B,2000,y,4
B,A,2000,x,20
A,C,2000,x,10
B,C,2000,y,20
C,A,2000,y,5
C,B,2000,x,15
A,B,2001,x,12
A,B,2001,y,8
B,A,2001,x,40
A,C,2001,x,10
B,C,2001,y,20
C,A,2001,y,5
C,B,2001,x,15
CSV
printf 'economy,gdp\nA,100\nB,200\nC,50\n' >"$tmp/gdp.csv"
printf 'economy,gdp\nA,100\nB,0\nC,50\n' >"$tmp/gdp0.csv"
base=("$tmp/flows.csv" --exporter exporter --importer importer --value trade)
prod=("$tmp/flowsp.csv" --exporter exporter --importer importer --value trade)

expect 0 '"pagerank"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"clustering_directed"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"hub"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"openness": 0.45' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp.csv" --json
expect 0 '"depth": 0.2' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp.csv" --json
# Harris market potential of A: GDP_A / d_AA + GDP_B / d_AB + GDP_C / d_AC = 100/1 + 200/10 + 50/20
expect 0 '"market_potential": 122.5' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp.csv" --distance dist --json
# GDP by year: A in 2001 trades 30 + 45 over GDP 150; a year without GDP is exit 3 naming it
printf 'economy,gdp,year\nA,100,2000\nB,200,2000\nC,50,2000\nA,150,2001\nB,200,2001\nC,50,2001\n' >"$tmp/gdpy.csv"
expect 0 '"openness": 0.5,' -- scores "${base[@]}" --panel --gdp "$tmp/gdpy.csv" --json
head -4 "$tmp/gdpy.csv" >"$tmp/gdpy2000.csv"
expect 3 "no GDP for year 2001" -- scores "${base[@]}" --panel --gdp "$tmp/gdpy2000.csv"
expect 0 '"openness": 0.45' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdpy2000.csv" --json
# bilateral: intensity A->B = (10/20) / (25/80); Novy tau = (10*20 / (80*60))^(-1/(2 theta)) - 1
expect 0 '"intensity": 1.6' -- scores "${base[@]}" --year 2000 --json
expect 0 '"novy_tau": 0.37410881' -- scores "${base[@]}" --year 2000 --json
expect 0 '"head_ries_phi": 0.20412414' -- scores "${base[@]}" --year 2000 --json
expect 0 '"novy_tau": 0.17222' -- scores "${base[@]}" --year 2000 --theta 10 --json
# without domestic rows tau and phi are null, with a note
printf 'exporter,importer,trade\nA,B,5\nB,A,3\nA,C,1\nC,B,2\n' >"$tmp/nodom.csv"
expect 0 '"novy_tau": null' -- scores "$tmp/nodom.csv" --exporter exporter --importer importer --value trade --json
expect 0 '"novy_tau_omitted"' -- scores "$tmp/nodom.csv" --exporter exporter --importer importer --value trade --json

# --bloc: x_AB + x_BA = 30 of the members' exports 60 -> 0.5; intensity 0.5 / (50/80) = 0.8
expect 0 '"intra_share": 0.5' -- scores "${base[@]}" --year 2000 --bloc A,B --json
expect 0 '"intensity": 0.8' -- scores "${base[@]}" --year 2000 --bloc A,B --json
# --product (2000): RCA of A in x = (16/20) / (51/80); Grubel-Lloyd of B in y = 1 - |20-4| / 24;
# B aggregated 1 - 17/65; HHI of A's products 0.8^2 + 0.2^2
expect 0 '"rca": 1.254901' -- scores "${prod[@]}" --year 2000 --product product --json
expect 0 '"grubel_lloyd": 0.33333' -- scores "${prod[@]}" --year 2000 --product product --json
expect 0 '"grubel_lloyd_aggregate": 0.73846' -- scores "${prod[@]}" --year 2000 --product product --json
expect 0 '"product_hhi": 0.68' -- scores "${prod[@]}" --year 2000 --product product --json
# --panel: every year in one call; 2001 bloc share 60/90, change 2/3 - 1/2
expect 0 '"year": 2001' -- scores "${base[@]}" --panel --bloc A,B --json
expect 0 '"intra_share": 0.66666' -- scores "${base[@]}" --panel --bloc A,B --json
expect 0 '"intra_share": 0.16666' -- scores "${base[@]}" --panel --bloc A,B --json
expect 0 '"rsca"' -- scores "${prod[@]}" --panel --bloc A,B --product product --json
# same bloc share from the product file (summed over products)
expect 0 '"intra_share": 0.66666' -- scores "${prod[@]}" --panel --bloc A,B --product product --json
out="$("$ub" scores "${prod[@]}" --panel --bloc A,B --product product --json 2>/dev/null)"
if [ "$(grep -c '"year": 200[01]' <<<"$out")" = 2 ] && ! grep -qi 'nan\|inf' <<<"$out"; then
    passes=$((passes + 1))
else
    echo "FAIL: --panel does not give one object per year (2000, 2001) without NaN"
    fails=$((fails + 1))
fi
expect 0 'chart.svg' -- scores "${base[@]}" --panel --bloc A,B --out "$tmp/chart" --json
if grep -q '<svg' "$tmp/chart/chart.svg" 2>/dev/null; then passes=$((passes + 1)); else
    echo "FAIL: --out did not write chart.svg"; fails=$((fails + 1)); fi

# GDP-based fields are omitted without GDP, never NaN
out="$("$ub" scores "${base[@]}" --year 2000 --json 2>/dev/null)"
if grep -q '"openness"\|"depth"\|NaN\|nan' <<<"$out"; then
    echo "FAIL: openness/depth/NaN printed without --gdp"
    fails=$((fails + 1))
else
    passes=$((passes + 1))
fi

# bad input: exit 3 naming the economy; usage: exit 2
expect 3 "GDP of 'B'" -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp0.csv"
printf 'exporter,importer,trade\nA,B,5\nB,A,-3\n' >"$tmp/neg.csv"
expect 3 "neg.csv:3" -- scores "$tmp/neg.csv" --exporter exporter --importer importer --value trade
printf 'exporter,importer,trade\nA,B,5\nB,A,3\nD,A,0\n' >"$tmp/notrade.csv"
expect 3 "economy 'D' has no international trade" -- scores "$tmp/notrade.csv" --exporter exporter --importer importer --value trade
expect 3 "bloc member 'XX'" -- scores "${base[@]}" --year 2000 --bloc A,XX
expect 3 "bloc member 'XX'" -- scores "${base[@]}" --panel --bloc A,XX
printf 'exporter,importer,year,trade\nA,B,2000,5\nB,A,2000,3\nA,B,2001,5\nB,A,2001,-1\n' >"$tmp/negp.csv"
expect 3 "negp.csv:5" -- scores "$tmp/negp.csv" --exporter exporter --importer importer --value trade --panel
expect 2 "several years" -- scores "${base[@]}"
# several rows per pair without --product: exit 3, naming the pair and suggesting --product
expect 3 "--product" -- scores "${prod[@]}" --year 2000
expect 2 "--theta" -- scores "${base[@]}" --year 2000 --theta -1
expect 2 "--panel" -- scores "${base[@]}" --panel --year 2000
expect 2 "--out" -- scores "${base[@]}" --year 2000 --out "$tmp/x"

# --mrio (extension): value-chain scores of an input-output table. The hand-built 2-region table of
# tests/mrio/two_region.hpp: backward of AAA = v_B L_BA = 0.7 * 0.3 / 0.69, forward 0 (no third
# country), position -ln(1 + backward), upstreamness (L x)_A / x_A = 1 / 0.69
mkdir -p "$tmp/two"
printf 'region,sector\nAAA,s\nBBB,s\n' >"$tmp/two/labels.csv"
printf '10,20\n30,40\n' >"$tmp/two/Z.csv"
printf 'AAA,BBB\n60,10\n20,110\n' >"$tmp/two/Y.csv"
expect 0 '"gvc_backward": 0.30434782608695' -- scores --mrio "$tmp/two" --json
expect 0 '"gvc_position": -0.26570316573300' -- scores --mrio "$tmp/two" --json
expect 0 '"upstreamness": 1.44927536231884' -- scores --mrio "$tmp/two" --json
expect 0 'position' -- scores --mrio "$tmp/two"
# a panel of two generated tables (DIR/YYYY) in one call; the same numbers as `unbundle mrio`
"$ub" world --out "$tmp/vc/2000" >/dev/null && "$ub" world --seed 7 --out "$tmp/vc/2001" >/dev/null ||
    { echo "FAIL: unbundle world"; fails=$((fails + 1)); }
expect 0 '"year": 2001' -- scores --mrio "$tmp/vc" --years 2000:2001 --json
if "$ub" scores --mrio "$tmp/vc" --years 2000:2001 --json >"$tmp/vc.json" 2>/dev/null &&
    "$ub" scores --mrio "$tmp/vc/2000" --json >"$tmp/vc0.json" 2>/dev/null &&
    "$ub" mrio "$tmp/vc/2000" --json >"$tmp/m0.json" 2>/dev/null &&
    "$ub" mrio "$tmp/vc/2001" --json >"$tmp/m1.json" 2>/dev/null &&
    python3 - "$tmp/vc.json" "$tmp/vc0.json" "$tmp/m0.json" "$tmp/m1.json" <<'PY'
import json, math, sys
panel, one, m0, m1 = (json.load(open(p)) for p in sys.argv[1:5])
assert [y["year"] for y in panel["years"]] == [2000, 2001], "years"
assert "timing" in panel and "timing" in one
keys = ("gvc_backward", "gvc_forward", "gvc_participation", "gvc_position", "upstreamness")
for econ, m in ((one["economies"], m0), (panel["years"][0]["economies"], m0), (panel["years"][1]["economies"], m1)):
    assert [e["economy"] for e in econ] == [r["region"] for r in m["regions"]], "economies"
    for e, r in zip(econ, m["regions"]):
        for k in keys:
            assert abs(e[k] - r[k]) <= 1e-12 * max(1.0, abs(r[k])), (e["economy"], k, e[k], r[k])
        assert abs(e["gvc_participation"] - e["gvc_backward"] - e["gvc_forward"]) <= 1e-15
        assert abs(e["gvc_position"] - (math.log1p(e["gvc_forward"]) - math.log1p(e["gvc_backward"]))) <= 1e-15
        assert (e["gvc_position"] > 0) == (e["gvc_forward"] > e["gvc_backward"])
assert panel["years"][0]["economies"] != panel["years"][1]["economies"], "two different worlds"
PY
then passes=$((passes + 1)); else
    echo "FAIL: scores --mrio does not agree with unbundle mrio (or the identities fail)"; fails=$((fails + 1)); fi
expect 3 "no table directory for year 2002" -- scores --mrio "$tmp/vc" --years 2000:2002
expect 2 "--mrio" -- scores --mrio "$tmp/vc/2000" --panel
expect 2 "--mrio" -- scores "${base[@]}" --mrio "$tmp/vc/2000"
expect 2 "--years" -- scores "${base[@]}" --year 2000 --years 2000:2001
expect 2 "FLOWS" -- scores
expect 2 "--exporter" -- scores "$tmp/flows.csv" --importer importer --value trade --year 2000

# composite
printf 'economy,trade,fdi,const\nA,0,10,1\nB,1,0,1\nC,2,5,1\nD,4,20,1\n' >"$tmp/ind.csv"
expect 0 '"components_kept": 1' -- composite "$tmp/ind.csv" --id economy --json
expect 0 '"index_100": 100.0' -- composite "$tmp/ind.csv" --id economy --weights trade=2,fdi=1 --json
expect 0 '"explained_variance_share"' -- composite "$tmp/ind.csv" --id economy --method kaiser --json
expect 0 '"const": 0.0' -- composite "$tmp/ind.csv" --id economy --json
expect 3 "'tarde'" -- composite "$tmp/ind.csv" --id economy --weights tarde=1
expect 2 "method" -- composite "$tmp/ind.csv" --id economy --method svd
expect 2 "NAME=WEIGHT" -- composite "$tmp/ind.csv" --id economy --weights trade
printf 'economy,trade\nA,1\nB,NaN\n' >"$tmp/nan.csv"
expect 3 "" -- composite "$tmp/nan.csv" --id economy

report "cli.scores"
