#!/usr/bin/env bash
# `unbundle shock` (contract: docs/cli.md): exit 0 with the contract's JSON keys; 3 on a bad shock
# file naming file and line; 2 on usage errors; 4 on a table that is not productive.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

table() { # DIR: two regions (A, B) x two sectors (s1, s2)
    mkdir -p "$1"
    printf ',A_s1,A_s2,B_s1,B_s2\nA_s1,1,2,3,4\nA_s2,1,1,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n' >"$1/Z.csv"
    printf ',A,B\nA_s1,10,5\nA_s2,8,2\nB_s1,1,9\nB_s2,2,7\n' >"$1/Y.csv"
}
table "$tmp/t"
printf 'region,sector,shock\n*,s2,-0.5\nA,*,-0.1\n' >"$tmp/ok.csv"

expect 0 '"model": "demand"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --json
expect 0 '"share_of_regions_declining": 1.0' -- shock "$tmp/t" --demand "$tmp/ok.csv" --json
expect 0 '"transmitted_pct"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --attribution --json
expect 0 '"spillover"' -- shock "$tmp/t" --supply "$tmp/ok.csv" --attribution --json
expect 0 '"model": "supply"' -- shock "$tmp/t" --supply "$tmp/ok.csv" --json
expect 0 '"read_s"' -- shock "$tmp/t" --supply "$tmp/ok.csv" --json
expect 0 'share of regions whose GDP falls' -- shock "$tmp/t" --demand "$tmp/ok.csv"

# bad shock files: exit 3 naming file and line
printf 'region,sector,shock\nA,s1,-0.1\nC,*,-0.1\n' >"$tmp/region.csv"
expect 3 "region.csv:3: unknown region 'C'" -- shock "$tmp/t" --demand "$tmp/region.csv"
printf 'region,sector,shock\nA,s9,-0.1\n' >"$tmp/sector.csv"
expect 3 "sector.csv:2: unknown sector 's9'" -- shock "$tmp/t" --demand "$tmp/sector.csv"
printf 'region,sector,shock\nA,s1,-1.5\n' >"$tmp/below.csv"
expect 3 "below.csv:2: shock must be a proportion of at least -1" -- shock "$tmp/t" --demand "$tmp/below.csv"
printf 'region,sector,shock\nA,s1,\n' >"$tmp/missing.csv"
expect 3 "missing.csv:2: shock must be" -- shock "$tmp/t" --demand "$tmp/missing.csv"
printf 'region,sector,shock\nA,s1,lots\n' >"$tmp/text.csv"
expect 3 "text.csv:2:3" -- shock "$tmp/t" --demand "$tmp/text.csv"
printf 'region,sector,change\nA,s1,-0.1\n' >"$tmp/cols.csv"
expect 3 "no column 'shock'" -- shock "$tmp/t" --demand "$tmp/cols.csv"
printf 'region,sector,shock\n' >"$tmp/none.csv"
expect 3 "has no lines" -- shock "$tmp/t" --demand "$tmp/none.csv"

# a table that is not productive: exit 4
table "$tmp/np"
printf ',x\nA_s1,3\nA_s2,3\nB_s1,3\nB_s2,3\n' >"$tmp/np/x.csv" # every column sum of A above 1
expect 4 "productive" -- shock "$tmp/np" --demand "$tmp/ok.csv"

# usage errors: exit 2
expect 2 "exactly one of --demand" -- shock "$tmp/t"
expect 2 "excludes" -- shock "$tmp/t" --demand "$tmp/ok.csv" --supply "$tmp/ok.csv"

report "cli shock"
