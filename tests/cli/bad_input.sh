#!/usr/bin/env bash
# The `unbundle` program on bad input: exit status 3, a message that starts "unbundle: error:"
# and names the place (file, line, column, label); exit 2 on usage errors.
set -u
ub="$1"
source "$(dirname "$0")/harness.sh"

table() { # DIR: a valid 2-region x 2-sector table
    mkdir -p "$1"
    printf ',A_s1,A_s2,B_s1,B_s2\nA_s1,1,2,3,4\nA_s2,1,1,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n' >"$1/Z.csv"
    printf ',A,B\nA_s1,10,5\nA_s2,8,2\nB_s1,1,9\nB_s2,2,7\n' >"$1/Y.csv"
}

table "$tmp/ragged"
printf ',A,B\nA_s1,10,5\nA_s2,8\nB_s1,1,9\nB_s2,2,7\n' >"$tmp/ragged/Y.csv"
expect 3 "Y.csv:3" -- info "$tmp/ragged"

table "$tmp/text"
printf ',A_s1,A_s2,B_s1,B_s2\nA_s1,1,2,3,4\nA_s2,1,one,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n' >"$tmp/text/Z.csv"
expect 3 "Z.csv:3:3" -- info "$tmp/text"

table "$tmp/nan"
printf ',A,B\nA_s1,10,5\nA_s2,8,NaN\nB_s1,1,9\nB_s2,2,7\n' >"$tmp/nan/Y.csv"
expect 3 "Y.csv:3:3" -- info "$tmp/nan"

table "$tmp/negx"
printf ',x\nA_s1,20\nA_s2,-12\nB_s1,13\nB_s2,12\n' >"$tmp/negx/x.csv"
expect 3 "A_s2" -- info "$tmp/negx"

table "$tmp/labels"
printf ',A,B\nA_s1,10,5\nA_s9,8,2\nB_s1,1,9\nB_s2,2,7\n' >"$tmp/labels/Y.csv"
expect 3 "'A_s9'" -- info "$tmp/labels"

table "$tmp/dup"
printf ',va\nA_s1,1\nA_s1,1\nB_s1,1\nB_s2,1\n' >"$tmp/dup/va.csv"
expect 3 "va.csv: entry 2" -- info "$tmp/dup"

table "$tmp/square"
printf ',A_s1,A_s2,B_s1\nA_s1,1,2,3\nA_s2,1,1,1\nB_s1,2,0,1\nB_s2,0,1,0\n' >"$tmp/square/Z.csv"
expect 3 "must be square" -- info "$tmp/square"

table "$tmp/empty"
: >"$tmp/empty/Z.csv"
expect 3 "file is empty" -- info "$tmp/empty"

expect 3 "no such file" -- info "$tmp/does-not-exist.csv"
: >"$tmp/empty.csv"
expect 3 "file is empty" -- info "$tmp/empty.csv"
printf 'a,b\n1,2\n3\n' >"$tmp/ragged.csv"
expect 3 "ragged.csv:3" -- info "$tmp/ragged.csv"
printf 'a,b\n1,2\n3,inf\n' >"$tmp/inf.csv"
expect 3 "inf.csv:3:2" -- info "$tmp/inf.csv"

expect 2 "--no-such-flag" -- info "$tmp/inf.csv" --no-such-flag
expect 2 "" -- no-such-subcommand
expect 2 "unknown subcommand 'frobnicate'" -- frobnicate
expect 2 "unknown subcommand 'frobnicate'" -- frobnicate --help
expect 2 "unknown subcommand 'frobnicate'" -- --json frobnicate --help
expect 0 "Subcommands:" -- --help

report "cli bad_input"
