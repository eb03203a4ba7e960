#!/usr/bin/env bash
# `unbundle ge` on good and bad input: exit 0 with one JSON object; 3 on bad data naming the place; 2 on usage
# errors; 4 when the solver does not converge, with its diagnostics.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

flows() { # FILE [override-line]: three economies with domestic flows, Y and E columns and a cost variable
    {
        echo "exporter,importer,trade,Y,E,fta,dist"
        echo "A,A,100,115,112,0,0"
        echo "A,B,10,115,139,0,1"
        echo "A,C,5,115,101,0,2"
        echo "B,A,8,134,112,0,1"
        echo "B,B,120,134,139,0,0"
        echo "B,C,6,134,101,0,1.5"
        echo "C,A,4,103,112,0,2"
        echo "C,B,9,103,139,0,1.5"
        echo "C,C,90,103,101,0,0"
    } >"$1"
}
flows "$tmp/ok.csv"
printf 'exporter,importer,tau_hat\nA,B,0.8\nB,A,0.8\n' >"$tmp/shock.csv"
printf 'exporter,importer,fta\nA,B,1\nB,A,1\n' >"$tmp/exp.csv"
obs=(--exporter exporter --importer importer --value trade)
costs=(--costs fta=0.5,dist=-1 --output-col Y --expenditure-col E --reference A --experiment "$tmp/exp.csv")

expect 0 '"welfare_pct"' -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --json
expect 0 '"converged": true' -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --closure conditional --json
expect 0 '"deficits": "zero"' -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --deficits zero --json
expect 0 '"terms_of_trade_pct"' -- ge "$tmp/ok.csv" "${obs[@]}" --sigma 5 "${costs[@]}" --json
expect 0 'welfare%' -- ge "$tmp/ok.csv" "${obs[@]}" --theta 4 --shock "$tmp/shock.csv"

# bad data: exit 3 naming the place
sed 's/^B,B,120/B,B,-120/' "$tmp/ok.csv" >"$tmp/neg.csv"
expect 3 "row 1 (B), column 1 (B)" -- ge "$tmp/neg.csv" "${obs[@]}" --shock "$tmp/shock.csv"
grep -v '^C,C,' "$tmp/ok.csv" >"$tmp/nodom.csv"
expect 3 "pair C -> C (the domestic flow) is missing" -- ge "$tmp/nodom.csv" "${obs[@]}" --shock "$tmp/shock.csv"
sed 's/^C,C,90/C,C,0/' "$tmp/ok.csv" >"$tmp/zerodom.csv"
expect 3 "domestic flow of economy 2 (C)" -- ge "$tmp/zerodom.csv" "${obs[@]}" --shock "$tmp/shock.csv"
sed 's/,101,/,0,/' "$tmp/ok.csv" >"$tmp/zeroE.csv"
expect 3 "expenditure E of economy 2 (C)" -- ge "$tmp/zeroE.csv" "${obs[@]}" "${costs[@]}"
printf 'exporter,importer,tau_hat\nA,Z,0.8\n' >"$tmp/badshock.csv"
expect 3 "unknown importer 'Z'" -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/badshock.csv"
printf 'exporter,importer,tau_hat\nA,B,-1\n' >"$tmp/negshock.csv"
expect 3 "line 2: tau_hat must be positive" -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/negshock.csv"

# usage errors: exit 2
expect 2 "sigma must be > 1" -- ge "$tmp/ok.csv" "${obs[@]}" --sigma 1 --shock "$tmp/shock.csv"
expect 2 "sigma must be > 1" -- ge "$tmp/ok.csv" "${obs[@]}" --theta -1 --shock "$tmp/shock.csv"
expect 2 "exactly one of --shock" -- ge "$tmp/ok.csv" "${obs[@]}"
expect 2 "--closure must be" -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --closure partial
expect 2 "--costs: expected VAR=BETA" -- ge "$tmp/ok.csv" "${obs[@]}" --costs fta --output-col Y --expenditure-col E --reference A --experiment "$tmp/exp.csv"

# no convergence: exit 4 with the solver's diagnostics
expect 4 "did not converge" -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --max-iter 1
expect 4 "iterations 1, residual" -- ge "$tmp/ok.csv" "${obs[@]}" --shock "$tmp/shock.csv" --max-iter 1
expect 4 "multilateral resistances" -- ge "$tmp/ok.csv" "${obs[@]}" "${costs[@]}" --max-iter 0

report "cli ge"
