#!/usr/bin/env bats
# shellcheck disable=SC2016 # scenario lines expand in the shell under test
# Projects inside projects: the nearest one wins, in the hook's decision to ask again as in
# the binary's search, and status tells the inner project from the outer one.

load test_helper

setup() {
    common_setup
    # outer and outer/inner each have a marker and a venv; outer/uv has only a .venv, as uv
    # or `python -m venv .venv` leave it.
    make_project "$T/outer"
    make_project "$T/outer/inner"
    mkdir -p "$T/outer/inner/sub" "$T/outer/uv"
    make_venv "$T/outer/uv/.venv"
    BASE="/usr/local/bin:/usr/bin:/bin"
}

in_and_out() {
    run_scenario "$1" 'cd $T/outer' 'probe outer' 'cd inner' 'probe inner' \
        'cd sub' 'probe sub' 'cd ../..' 'probe back' 'cd uv' 'probe uv' 'cd ..' 'probe again'
    expect_output "outer VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE
inner VIRTUAL_ENV=@/outer/inner/.venv PROMPT=inner PYTHONHOME=<unset> PATH=@/outer/inner/.venv/bin:$BASE
sub VIRTUAL_ENV=@/outer/inner/.venv PROMPT=inner PYTHONHOME=<unset> PATH=@/outer/inner/.venv/bin:$BASE
back VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE
uv VIRTUAL_ENV=@/outer/uv/.venv PROMPT=uv PYTHONHOME=<unset> PATH=@/outer/uv/.venv/bin:$BASE
again VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE"
}

@test "cd outer, cd inner, cd ..: each project's own venv, one PATH entry at a time" {
    for_each_shell in_and_out
}

@test "status in a subproject while the outer project's venv is active: the inner one is pending" {
    cd "$T/outer/inner/sub"
    # What the hook exports while outer's venv is active (as it is for a moment when a
    # script or a subshell moves between projects without a prompt).
    export _PYENVHOOK_VENV=$T/outer/.venv VIRTUAL_ENV=$T/outer/.venv _PYENVHOOK_HOOK=bash
    run "$PYENVHOOK" status
    [[ $status == 0 ]]
    [[ $output == "inactive (pending)
  $T/outer/inner/.venv would be activated (chosen by $T/outer/inner/.pyenvhook.json) at the next prompt" ]]
    run "$PYENVHOOK" status --json
    [[ $status == 0 ]]
    python3 - "$output" "$T" <<'PY'
import json, sys
s, t = json.loads(sys.argv[1]), sys.argv[2]
assert s["state"] == "pending", s
assert s["active"] is None, s
assert s["venv"] == t + "/outer/inner/.venv" and s["project"] == t + "/outer/inner", s
PY
    # and in the outer project itself, the same environment is active
    cd "$T/outer"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "active: $T/outer/.venv (prompt: outer)" ]]
}

# One command line, no prompt between its cds: the second cd crosses from the inner project
# into the outer one, and what runs after it must have the outer one's venv, not none. A
# cd from the outer project back out leaves it; the prompt after says the same.
one_line() {
    run_scenario "$1" 'cd $T; cd outer/inner; cd ..; probe line; probe_python' 'probe prompt' \
        'cd $T; cd outer/uv; cd ../inner/sub; probe deep' \
        'cd $T/outer/inner; cd $T/outer; cd $T; probe out'
    expect_output "line VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE
python @/outer/.venv
prompt VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE
deep VIRTUAL_ENV=@/outer/inner/.venv PROMPT=inner PYTHONHOME=<unset> PATH=@/outer/inner/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "cds on one command line: each that crosses into another project ends in its venv" {
    for_each_shell one_line
}

# The same in a subshell, which no prompt shows: the venv is right inside it, and the
# shell's own is as it was after it.
in_subshell() {
    run_scenario "$1" 'cd $T/outer/inner' '(cd ..; probe sub; cd $T; probe subout)' 'probe after'
    expect_output "sub VIRTUAL_ENV=@/outer/.venv PROMPT=outer PYTHONHOME=<unset> PATH=@/outer/.venv/bin:$BASE
subout VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
after VIRTUAL_ENV=@/outer/inner/.venv PROMPT=inner PYTHONHOME=<unset> PATH=@/outer/inner/.venv/bin:$BASE"
}

@test "a subshell's cd into another project ends in its venv; the shell's own stays" {
    # fish has no subshell: its ( ) is a command substitution, run by the shell itself.
    PYH_SHELLS="bash zsh" for_each_shell in_subshell
}
