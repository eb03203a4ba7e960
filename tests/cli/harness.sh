# Shared by the command-line contract scripts of tests/cli: sourced after `ub` (the program) is set.
# Gives $tmp (removed on exit), `expect` and the closing `report`.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# expect STATUS NEEDLE -- ARGS...
# Runs `unbundle ARGS`; passes when the exit status is STATUS and NEEDLE is in stdout (STATUS 0) or
# in stderr, which must then start its message with "unbundle: error:".
expect() {
    local want="$1" needle="$2"
    shift 3
    local out err rc
    out="$("$ub" "$@" 2>"$tmp/stderr")"
    rc=$?
    err="$(cat "$tmp/stderr")"
    local hay="$err"
    [ "$want" -eq 0 ] && hay="$out"
    if [ "$rc" -ne "$want" ] || { [ "$want" -ne 0 ] && ! grep -qF -- "unbundle: error:" <<<"$err"; } || ! grep -qF -- "$needle" <<<"$hay"; then
        echo "FAIL: unbundle $* -> exit $rc (want $want), stderr: $err (want to contain: $needle)"
        fails=$((fails + 1))
    else
        passes=$((passes + 1))
    fi
}

# report NAME: prints the counts; the script's status is that of this last command.
report() {
    echo "$1: $passes passed, $fails failed"
    [ "$fails" -eq 0 ]
}
