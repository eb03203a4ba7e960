#!/usr/bin/env bash
# `unbundle decompose --bilateral` (Borin-Mancini bilateral perspective, an extension of the CLI
# contract, docs/cli.md): exit 0 with rows per exporter x importer whose terms add up to their gross
# exports, "perspective": "bilateral", DC equal to the exporter perspective's; exit 2 with kww/wwz.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# three regions x two sectors, productive, every flow positive
mkdir -p "$tmp/t"
printf ',A_s1,A_s2,B_s1,B_s2,C_s1,C_s2\nA_s1,10,4,3,2,2,1\nA_s2,3,12,1,4,2,3\nB_s1,2,1,14,5,3,2\nB_s2,1,3,4,11,1,2\nC_s1,3,2,2,1,9,4\nC_s2,1,2,3,2,5,13\n' >"$tmp/t/Z.csv"
printf ',A,B,C\nA_s1,30,6,5\nA_s2,25,4,7\nB_s1,5,35,6\nB_s2,3,28,4\nC_s1,4,6,31\nC_s2,5,3,27\n' >"$tmp/t/Y.csv"

for method in bm bm_sink; do
    "$ub" decompose "$tmp/t" --method "$method" --bilateral --json >"$tmp/bil.json" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 0 ] || fail "decompose --method $method --bilateral -> exit $rc: $(cat "$tmp/err")"
    "$ub" decompose "$tmp/t" --method "$method" --pairs --json >"$tmp/exp.json" 2>/dev/null ||
        fail "decompose --method $method --pairs"
    if python3 - "$tmp/bil.json" "$tmp/exp.json" <<'PY'; then passes=$((passes + 1)); else fail "$method --bilateral JSON"; fi
import json, sys
bil, exp = (json.load(open(p)) for p in sys.argv[1:3])
assert bil["perspective"] == "bilateral" and exp["perspective"] == "exporter", (bil.get("perspective"), exp.get("perspective"))
rows = bil["rows"]
assert len(rows) == 6 and all(r["exporter"] != r["importer"] for r in rows), rows
for r in rows:  # each row adds up to its bilateral gross exports
    assert abs(sum(r["terms"].values()) - r["gross_exports"]) <= 1e-12 * r["gross_exports"], r
ex = {(r["exporter"], r["importer"]): r for r in exp["rows"]}
moved = 0
for r in rows:  # DC and FC do not depend on the perspective; DVA is at least the exporter-perspective DVA
    e = ex[(r["exporter"], r["importer"])]
    for k in ("DC", "FC"):
        assert abs(r["aggregates"][k] - e["aggregates"][k]) <= 1e-12 * r["gross_exports"], (k, r, e)
    assert r["aggregates"]["DVA"] >= e["aggregates"]["DVA"] - 1e-12 * r["gross_exports"], (r, e)
    moved = max(moved, r["aggregates"]["DVA"] - e["aggregates"]["DVA"])
assert moved > 1e-6, moved
PY
done

# --bilateral with --by sector: rows per exporting sector x importer
"$ub" decompose "$tmp/t" --method bm --bilateral --by sector --json >"$tmp/sec.json" 2>/dev/null
if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["rows"]) == 12 and "sector" in j["rows"][0]' "$tmp/sec.json"; then
    passes=$((passes + 1))
else
    fail "--bilateral --by sector"
fi

# usage errors: exit 2
for method in kww wwz; do
    expect 2 "--bilateral is the Borin-Mancini bilateral perspective" -- decompose "$tmp/t" --method "$method" --bilateral
done

report "cli decompose"
