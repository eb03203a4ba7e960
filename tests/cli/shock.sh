#!/usr/bin/env bash
# `unbundle shock` (contract: docs/cli.md): exit 0 with the contract's JSON keys (demand, supply,
# lockdown, lockdown --ge, influence); 3 on a bad shock, lockdown or remote-work file naming file and line, and on
# a labour share outside [0, 1], and on a table that is not productive (naming the region-sectors);
# 2 on usage errors; 4 when the general equilibrium does not converge.
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

# lockdown: region,stringency with sector,remote_share (the test table's sectors are not WIOD's)
printf 'region,stringency\n*,0.5\nB,1\n' >"$tmp/lock.csv"
printf 'sector,remote_share\n*,0.3\ns2,0.8\n' >"$tmp/remote.csv"
expect 0 '"model": "supply"' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --json
expect 0 '"transmitted_pct"' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --json
expect 0 '"share_of_regions_declining": 1.0' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --json
expect 0 '"labour_share": 0.5' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --labour-share 0.5 --json
expect 0 'lockdown: labour share 0.6' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv"
# the default remote-work shares are WIOD's: another table needs --remote
expect 3 "no remote-work share for sector 's1'" -- shock "$tmp/t" --lockdown "$tmp/lock.csv"
# bad lockdown and remote-work files: exit 3 naming file and line
printf 'region,stringency\nA,0.5\nB,1.5\n' >"$tmp/strhigh.csv"
expect 3 "strhigh.csv:3: stringency must be in [0, 1]" -- shock "$tmp/t" --lockdown "$tmp/strhigh.csv" --remote "$tmp/remote.csv"
printf 'region,stringency\nA,-0.2\n' >"$tmp/strlow.csv"
expect 3 "strlow.csv:2: stringency must be in [0, 1]" -- shock "$tmp/t" --lockdown "$tmp/strlow.csv" --remote "$tmp/remote.csv"
printf 'region,stringency\nC,0.5\n' >"$tmp/strreg.csv"
expect 3 "strreg.csv:2: unknown region 'C'" -- shock "$tmp/t" --lockdown "$tmp/strreg.csv" --remote "$tmp/remote.csv"
printf 'sector,remote_share\ns9,0.5\n' >"$tmp/remsec.csv"
expect 3 "remsec.csv:2: unknown sector 's9'" -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remsec.csv"
printf 'sector,remote_share\n*,1.2\n' >"$tmp/remhigh.csv"
expect 3 "remhigh.csv:2: remote_share must be in [0, 1]" -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remhigh.csv"
printf 'sector,share\n*,0.2\n' >"$tmp/remcols.csv"
expect 3 "no column 'remote_share'" -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remcols.csv"
expect 3 "labour share must be in [0, 1]" -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --labour-share 1.5

# --ge: the lockdown through the scenario engine on the demo world (unbundle world writes it)
"$ub" world --out "$tmp/demo" >/dev/null
printf 'region,stringency\n*,0.2\n' >"$tmp/lockall.csv"
printf 'sector,remote_share\n*,0.3\n' >"$tmp/remall.csv"
expect 0 '"linear_gdp_pct"' -- shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --json
expect 0 '"converged": true' -- shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --json
expect 0 '"model": "ge"' -- shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --json
expect 0 'lockdown in general equilibrium' -- shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge
expect 2 "requires" -- shock "$tmp/t" --demand "$tmp/ok.csv" --ge
expect 3 "strhigh.csv:3: stringency must be in [0, 1]" -- shock "$tmp/t" --lockdown "$tmp/strhigh.csv" --remote "$tmp/remote.csv" --ge
# a uniform lockdown: labour supply 1 - 0.7 x 0.2 x 0.6 = 0.916 everywhere, so every real GDP
# falls by exactly 8.4% (constant returns, closed form), nominal GDP unchanged; GE on the small
# two-region table agrees with its first-order own labour-supply change
if command -v python3 >/dev/null; then
    "$ub" shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --json >"$tmp/ge.json"
    "$ub" shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --ge --json >"$tmp/ge2.json"
    if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); r=j["regions"]
assert len(r)>1 and all(abs(e["gdp_pct"]+8.4)<1e-8 and abs(e["nominal_gdp_pct"])<1e-8 and abs(e["linear_gdp_pct"]+8.4)<1e-8 for e in r)
assert abs(j["world"]["gdp_pct"]+8.4)<1e-8 and j["world"]["share_of_regions_declining"]==1.0
assert j["solver"]["converged"] and j["solver"]["residual"]<1e-9
k=json.load(open(sys.argv[2])); q={e["region"]:e for e in k["regions"]}
assert q["B"]["gdp_pct"]<q["A"]["gdp_pct"]<0 and q["B"]["linear_gdp_pct"]<0
assert all(abs(e["gdp_pct"]-e["labour_supply_pct"])<0.5 for e in k["regions"])' "$tmp/ge.json" "$tmp/ge2.json"; then
        passes=$((passes + 1))
    else
        echo "FAIL: --ge JSON: a uniform lockdown does not scale real GDP by the labour-supply change"
        fails=$((fails + 1))
    fi
fi

# --chart: an SVG of the GDP change by region (one row per region; linear bars split into domestic
# and transmitted parts; with --ge a dot per region at the general-equilibrium change)
expect 0 '"chart": ' -- shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --chart "$tmp/ge.svg" --chart-title "GE <test>" --json
expect 0 "chart: $tmp/lin.svg" -- shock "$tmp/t" --demand "$tmp/ok.csv" --chart "$tmp/lin.svg"
expect 0 '"chart": ' -- shock "$tmp/t" --supply "$tmp/ok.csv" --attribution --chart "$tmp/sup.svg" --json
expect 2 "requires" -- shock "$tmp/t" --demand "$tmp/ok.csv" --chart-title x
expect 3 "cannot open for writing" -- shock "$tmp/t" --demand "$tmp/ok.csv" --chart "$tmp/no/such/dir/c.svg"
if command -v python3 >/dev/null; then
    "$ub" shock "$tmp/demo" --lockdown "$tmp/lockall.csv" --remote "$tmp/remall.csv" --ge --json >"$tmp/gec.json"
    if python3 -c 'import json,sys,xml.etree.ElementTree as ET
ns="{http://www.w3.org/2000/svg}"
j=json.load(open(sys.argv[1])); G=len(j["regions"])
r=ET.parse(sys.argv[2]).getroot()
assert r.find(ns+"title").text=="GE <test>"
circ=r.findall(ns+"circle"); assert len(circ)==G+1, len(circ)        # a dot per region and the legend
texts=[t.text for t in r.findall(ns+"text")]
assert all(e["region"] in texts for e in j["regions"])
bars=[e for e in r.findall(ns+"rect") if e.get("fill") in ("#3b6ea8","#e08a2c")]
assert len(bars)==2*G+2, len(bars)                                  # domestic and transmitted per region, legend
l=ET.parse(sys.argv[3]).getroot()
assert len(l.findall(ns+"circle"))==0 and len([e for e in l.findall(ns+"rect") if e.get("fill")=="#3b6ea8"])==3
assert len(ET.parse(sys.argv[4]).getroot().findall(ns+"rect"))>=6' "$tmp/gec.json" "$tmp/ge.svg" "$tmp/lin.svg" "$tmp/sup.svg"; then
        passes=$((passes + 1))
    else
        echo "FAIL: --chart SVG: not well-formed or not one dot and two bars per region"
        fails=$((fails + 1))
    fi
fi

# influence measures: per region-sector and per region
expect 0 '"sectors"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --influence --json
expect 0 '"backward_linkage"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --influence --json
expect 0 '"forward_linkage"' -- shock "$tmp/t" --supply "$tmp/ok.csv" --influence --json
expect 0 '"world_gdp_per_own_gdp"' -- shock "$tmp/t" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --influence --json
expect 0 '"domar"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --influence --json
expect 0 '"influence"' -- shock "$tmp/t" --demand "$tmp/ok.csv" --influence --json
expect 0 'largest Domar weights' -- shock "$tmp/t" --demand "$tmp/ok.csv" --influence
# the influence vector adds up to 1 and the linkages average 1 (python3 reads the JSON)
if command -v python3 >/dev/null; then
    "$ub" shock "$tmp/t" --demand "$tmp/ok.csv" --influence --json >"$tmp/inf.json"
    if python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); s=j["sectors"]
assert abs(sum(e["influence"] for e in s)-1)<1e-12
assert abs(sum(e["backward_linkage"] for e in s)/len(s)-1)<1e-12
assert abs(sum(e["forward_linkage"] for e in s)/len(s)-1)<1e-12
assert all(r["world_gdp_per_own_gdp"]>=1 for r in j["regions"])' "$tmp/inf.json"; then
        passes=$((passes + 1))
    else
        echo "FAIL: --influence JSON: influence does not add up to 1 or linkages do not average 1"
        fails=$((fails + 1))
    fi
fi

# a table that is not productive: exit 3 (bad input) naming the region-sectors whose column sum of
# A is 1 or more, with every model and option
table "$tmp/np"
printf ',x\nA_s1,3\nA_s2,3\nB_s1,3\nB_s2,3\n' >"$tmp/np/x.csv" # every column sum of A above 1 (refused up front)
npmsg="the table is not productive (spectral radius of A >= 1"
expect 3 "$npmsg" -- shock "$tmp/np" --demand "$tmp/ok.csv"
expect 3 "4 region-sectors with input-coefficient column sum sum_i a_ij >= 1 (intermediate inputs at least gross output): B_s2 (2.33333), B_s1 (1.66667), A_s1 (1.33333), A_s2 (1.33333)" -- shock "$tmp/np" --demand "$tmp/ok.csv"
expect 3 "$npmsg" -- shock "$tmp/np" --supply "$tmp/ok.csv" --influence --json
expect 3 "$npmsg" -- shock "$tmp/np" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv"
expect 3 "$npmsg" -- shock "$tmp/np" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --ge
# one column over 1 only (B_s2 buys 2 of its own output per 1.5 produced: a_44 = 4/3, so rho(A) > 1):
# found by the factorisation, still exit 3 naming it
table "$tmp/np1"
printf ',x\nA_s1,100\nA_s2,100\nB_s1,100\nB_s2,1.5\n' >"$tmp/np1/x.csv"
expect 3 "shock: $tmp/np1: $npmsg" -- shock "$tmp/np1" --demand "$tmp/ok.csv"
expect 3 "1 region-sector with input-coefficient column sum sum_i a_ij >= 1 (intermediate inputs at least gross output): B_s2 (4.66667)" -- shock "$tmp/np1" --demand "$tmp/ok.csv" --influence
expect 3 "B_s2 (4.66667)" -- shock "$tmp/np1" --lockdown "$tmp/lock.csv" --remote "$tmp/remote.csv" --ge --json

# usage errors: exit 2
expect 2 "exactly one of --demand" -- shock "$tmp/t"
expect 2 "excludes" -- shock "$tmp/t" --demand "$tmp/ok.csv" --supply "$tmp/ok.csv"
expect 2 "excludes" -- shock "$tmp/t" --demand "$tmp/ok.csv" --lockdown "$tmp/lock.csv"
expect 2 "requires" -- shock "$tmp/t" --demand "$tmp/ok.csv" --remote "$tmp/remote.csv"
expect 2 "requires" -- shock "$tmp/t" --supply "$tmp/ok.csv" --labour-share 0.5

report "cli shock"
