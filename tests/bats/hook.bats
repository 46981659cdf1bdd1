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
proj VIRTUAL_ENV=@/proj/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
python @/proj/.venv
deeper VIRTUAL_ENV=@/proj/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
back VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "entering a project activates its venv; leaving restores the shell" {
    for_each_shell enter_leave
}

switch_projects() {
    run_scenario "$1" 'cd $T/proj' 'cd $T/other' 'probe other' 'cd $T/proj/sub' 'probe proj'
    expect_output "other VIRTUAL_ENV=@/other/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/other/.venv/bin:$BASE
proj VIRTUAL_ENV=@/proj/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "cd from one project to another switches straight to the other's venv" {
    make_project "$T/other"
    for_each_shell switch_projects
}

pythonhome_restored() {
    run_scenario "$1" 'setenv PYTHONHOME /opt/py' 'setenv VIRTUAL_ENV_PROMPT keep' \
        'cd $T/proj' 'probe in' 'cd $T' 'probe out'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
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
    expect_output "in VIRTUAL_ENV=@/uvproj/.venv PROMPT=.venv PYTHONHOME=<unset> PATH=@/uvproj/.venv/bin:$BASE"
}

@test "a directory with .venv/pyvenv.cfg and no marker is a project" {
    mkdir -p "$T/uvproj/src"
    make_venv "$T/uvproj/.venv"
    for_each_shell dotvenv_project
}
