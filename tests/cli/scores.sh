#!/usr/bin/env bash
# `unbundle scores` and `unbundle composite` (docs/cli.md): exit 0 with the contract's JSON keys
# (the implemented part of `scores`: one year, --gdp); GDP-based fields omitted without GDP (never NaN); 3 on bad data naming the economy; 2 on
# usage errors.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

# three economies, two years (the hand case of docs/scores.md in 2000)
cat >"$tmp/flows.csv" <<'CSV'
exporter,importer,year,trade
A,A,2000,80
B,B,2000,60
C,C,2000,100
A,B,2000,10
B,A,2000,20
A,C,2000,10
B,C,2000,20
C,A,2000,5
C,B,2000,15
A,B,2001,20
B,A,2001,40
A,C,2001,10
B,C,2001,20
C,A,2001,5
C,B,2001,15
CSV
printf 'economy,gdp\nA,100\nB,200\nC,50\n' >"$tmp/gdp.csv"
printf 'economy,gdp\nA,100\nB,0\nC,50\n' >"$tmp/gdp0.csv"
base=("$tmp/flows.csv" --exporter exporter --importer importer --value trade)

expect 0 '"pagerank"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"clustering_directed"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"hub"' -- scores "${base[@]}" --year 2000 --json
expect 0 '"openness": 0.45' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp.csv" --json
expect 0 '"depth": 0.2' -- scores "${base[@]}" --year 2000 --gdp "$tmp/gdp.csv" --json

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
expect 2 "several years" -- scores "${base[@]}"

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
