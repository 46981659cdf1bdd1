#!/usr/bin/env bats
# The hook's behaviour in real interactive bash, zsh and fish: every scenario runs in each.

load test_helper

setup() {
    common_setup
    make_project "$T/proj"
    mkdir -p "$T/proj/sub/deeper" "$T/plain"
    BASE="/usr/local/bin:/usr/bin:/bin"
}

enter_leave() {
    run_scenario "$1" \
        'cd $T/plain' 'probe plain' \
        'cd $T/proj' 'probe proj' 'probe_python' \
        'cd sub/deeper' 'probe deeper' \
        'cd $T/plain' 'probe back'
    expect_output "plain VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
proj VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
python @/proj/.venv
deeper VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
back VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "entering a project activates its venv; leaving restores the shell" {
    for_each_shell enter_leave
}

switch_projects() {
    run_scenario "$1" 'cd $T/proj' 'cd $T/other' 'probe other' 'cd $T/proj/sub' 'probe proj'
    expect_output "other VIRTUAL_ENV=@/other/.venv PROMPT=other PYTHONHOME=<unset> PATH=@/other/.venv/bin:$BASE
proj VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "cd from one project to another switches straight to the other's venv" {
    make_project "$T/other"
    for_each_shell switch_projects
}

pythonhome_restored() {
    run_scenario "$1" 'setenv PYTHONHOME /opt/py' 'setenv VIRTUAL_ENV_PROMPT keep' \
        'cd $T/proj' 'probe in' 'cd $T' 'probe out'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=keep PYTHONHOME=/opt/py PATH=$BASE"
}

@test "PYTHONHOME and VIRTUAL_ENV_PROMPT are put aside and come back as they were" {
    for_each_shell pythonhome_restored
}

path_edits_kept() {
    run_scenario "$1" 'cd $T/proj' 'path_front /added' 'path_back /tail' 'cd $T' 'probe out'
    expect_output "out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=/added:$BASE:/tail"
}

@test "leaving removes only the PATH entry pyenvhook added; the user's edits stay" {
    for_each_shell path_edits_kept
}

status_kept() {
    run_scenario "$1" 'false' 'probe_status' 'cd $T/proj' 'false' 'probe_status' \
        'cd $T' 'false' 'probe_status'
    expect_output "status 1
status 1
status 1"
}

@test "the hook leaves \$? as the user's last command left it" {
    for_each_shell status_kept
}

dotvenv_project() {
    run_scenario "$1" 'cd $T/uvproj/src' 'probe in'
    expect_output "in VIRTUAL_ENV=@/uvproj/.venv PROMPT=uvproj PYTHONHOME=<unset> PATH=@/uvproj/.venv/bin:$BASE"
}

@test "a directory with .venv/pyvenv.cfg and no marker is a project" {
    mkdir -p "$T/uvproj/src"
    make_venv "$T/uvproj/.venv"
    for_each_shell dotvenv_project
}

manual_hands_off() {
    run_scenario "$1" 'cd $T/plain' 'activate $T/manual/.venv' 'cd $T/proj' 'probe proj' \
        'cd $T/plain' 'probe plain' 'deactivate' 'probe deactivated' 'cd $T/proj' 'probe ours'
    expect_output "proj VIRTUAL_ENV=@/manual/.venv PROMPT=$MPROMPT PYTHONHOME=<unset> PATH=@/manual/.venv/bin:$BASE
plain VIRTUAL_ENV=@/manual/.venv PROMPT=$MPROMPT PYTHONHOME=<unset> PATH=@/manual/.venv/bin:$BASE
deactivated VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
ours VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "a venv activated by hand is never touched, and the hook resumes after deactivate" {
    make_venv "$T/manual/.venv"
    # What this Python's own activate sets ("(.venv) " before 3.12, ".venv" after).
    MPROMPT=$(bash -c '. "$1/bin/activate" && printf %s "$VIRTUAL_ENV_PROMPT"' _ "$T/manual/.venv")
    for_each_shell manual_hands_off
}

inherited_hands_off() {
    run_scenario "$1" 'cd $T/proj' 'probe proj' 'cd $T' 'probe out'
    expect_output "proj VIRTUAL_ENV=/from/parent PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
out VIRTUAL_ENV=/from/parent PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "a VIRTUAL_ENV inherited from a parent that pyenvhook did not set is left alone" {
    export VIRTUAL_ENV=/from/parent
    for_each_shell inherited_hands_off
}

child_inherits() {
    run_scenario "$1" 'cd $T/proj' 'child_check' 'probe parent'
    expect_output "child VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE
child-left VIRTUAL_ENV=<unset> PATH=$BASE
parent VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "a child shell that runs init again adopts the activation without adding PATH twice" {
    for_each_shell child_inherits
}

venv_deleted() {
    make_project "$T/proj"
    run_scenario "$1" 'cd $T/proj' 'probe in' 'rm -rf $T/proj/.venv' 'probe deleted' 'true' 'true'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
deleted VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
    [[ $(count_in_tty "proj has no venv yet; run: pyenvhook create") == 1 ]]
}

@test "a venv deleted while active is deactivated cleanly at the next prompt" {
    for_each_shell venv_deleted
}

off_on() {
    run_scenario "$1" 'cd $T/proj' 'pyenvhook off' 'probe off' 'cd sub' 'probe sub' \
        'pyenvhook on' 'probe on'
    expect_output "off VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
sub VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
on VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "pyenvhook off and on pause and resume the hook in the current shell" {
    for_each_shell off_on
}

no_venv_yet() {
    run_scenario "$1" 'cd $T/novenv' 'probe in' 'true' 'true' 'cd sub' 'true' 'cd $T' 'probe out'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
    [[ $(count_in_tty "pyenvhook: $T/novenv has no venv yet; run: pyenvhook create") == 1 ]]
}

@test "a marker whose venv does not exist says so once on entering and activates nothing" {
    mkdir -p "$T/novenv/sub"
    echo '{"venv": "env"}' >"$T/novenv/.pyenvhook.json"
    for_each_shell no_venv_yet
}

binary_gone() {
    cp "$PYENVHOOK" "$T/bin/pyenvhook"
    PYENVHOOK=$T/bin/pyenvhook run_scenario "$1" 'rm $T/bin/pyenvhook' 'cd $T/proj' \
        'probe in' 'cd $T/other' 'false' 'probe_status'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
status 1"
    [[ $(count_in_tty "pyenvhook: $T/bin/pyenvhook is gone") == 1 ]]
}

@test "if the binary disappears the hook says so once and the shell keeps working" {
    mkdir -p "$T/bin"
    make_project "$T/other"
    for_each_shell binary_gone
}

strict() {
    run_scenario "$1" 'strict_mode' 'cd $T/proj' 'probe in' 'cd $T/novenv' 'cd $T' 'probe out'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "the hook works under set -euo pipefail (bash) and nounset, KSH_ARRAYS, ERR_EXIT (zsh)" {
    mkdir -p "$T/novenv"
    echo '{}' >"$T/novenv/.pyenvhook.json"
    for_each_shell strict
}

created_here() {
    run_scenario "$1" 'cd $T/later' 'probe before' 'mv $T/aside .venv' 'probe after' \
        'mv .venv $T/aside'
    [[ $output == *"before VIRTUAL_ENV=<unset>"* ]]
    [[ $output == *"after VIRTUAL_ENV=@/later/.venv"* ]]
}

@test "a venv that appears in the current directory is picked up at the next prompt" {
    # Allowed where it will stand, then put aside: what appears is a venv the user trusts.
    make_venv "$T/later/.venv"
    mv "$T/later/.venv" "$T/aside"
    for_each_shell created_here
}

prompt_prefix() {
    PYH_INIT_ARGS=--prompt run_scenario "$1" 'cd $T/proj' 'probe_prompt' 'cd $T' 'probe_prompt' \
        'setenv VIRTUAL_ENV_DISABLE_PROMPT 1' 'cd $T/proj' 'probe_prompt'
    expect_output 'prompt=(api) $ 
prompt=$ 
prompt=$ '
}

@test "init --prompt prefixes the prompt like activate does and honours VIRTUAL_ENV_DISABLE_PROMPT" {
    echo '{"prompt": "api"}' >"$T/proj/.pyenvhook.json"
    "$PYENVHOOK" allow "$T/proj" >/dev/null
    for_each_shell prompt_prefix
}

implicit_off() {
    run_scenario "$1" 'cd $T/uvproj' 'probe in'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "the implicit_venv setting turns off .venv-only projects" {
    make_venv "$T/uvproj/.venv"
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"implicit_venv": false}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    for_each_shell implicit_off
}

status_json() {
    run_scenario "$1" 'cd $T/proj/sub' 'pyenvhook status --json >$T/status.json' \
        'pyenvhook status >$T/status.txt'
    python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
s = json.load(open(t + "/status.json"))
assert s["state"] == "active", s
assert s["active"] == t + "/proj/.venv", s
assert s["project"] == t + "/proj" and s["source"] == "marker", s
assert s["marker"] == t + "/proj/.pyenvhook.json", s
assert s["hook"] in ("bash", "zsh", "fish"), s
PY
    grep -q "^active: $T/proj/.venv" "$T/status.txt"
}

@test "pyenvhook status says what is active and which marker chose it, also as JSON" {
    for_each_shell status_json
}
