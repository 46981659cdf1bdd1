#!/usr/bin/env bats
# What a prompt with nothing changed must still notice, in real bash, zsh and fish. The hook
# settles such a prompt with one test and no process (spawn.bats counts that); these are the
# changes that test must not miss. (A venv deleted or made in the current directory, and
# off/on, are in hook.bats.)

load test_helper

setup() {
    common_setup
    make_project "$T/proj"
    mkdir -p "$T/proj/sub"
    BASE="/usr/local/bin:/usr/bin:/bin"
}

unset_behind() {
    run_scenario "$1" 'cd $T/proj' 'unsetenv VIRTUAL_ENV' 'probe again' 'cd $T' 'probe out'
    expect_output "again VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "VIRTUAL_ENV unset behind the hook's back: activated afresh, PATH entry once" {
    for_each_shell unset_behind
}

by_hand() {
    run_scenario "$1" 'cd $T/plain' 'activate $T/mine' 'probe_var PATH' 'cd $T/proj' \
        'probe_var VIRTUAL_ENV' 'probe_var PATH' 'cd $T/proj/sub' 'probe_var VIRTUAL_ENV'
    expect_output "PATH=@/mine/bin:$BASE
VIRTUAL_ENV=@/mine
PATH=@/mine/bin:$BASE
VIRTUAL_ENV=@/mine"
}

@test "a venv activated by hand stays through prompts and cds into a project" {
    mkdir -p "$T/plain"
    make_venv "$T/mine"
    for_each_shell by_hand
}

prompt_prefix() {
    # fish draws its prompt with a function, which the probe cannot read; bash and zsh keep it in PS1.
    [[ $1 != fish ]] || return 0
    PYH_INIT_ARGS=--prompt run_scenario "$1" 'cd $T/proj' 'probe_var PS1' 'true' 'probe_var PS1' \
        'cd $T' 'probe_var PS1'
    # bash expands PS1 by default, so it gets a reference to the variable, as activate does;
    # zsh without PROMPT_SUBST gets the name itself.
    # shellcheck disable=SC2016
    local in='PS1=(${VIRTUAL_ENV_PROMPT-}) $ '
    [[ $1 != zsh ]] || in='PS1=(proj) $ '
    expect_output "$in
$in
PS1=\$ "
}

@test "init --prompt: the prefix is added once, stays over idle prompts, goes on leaving" {
    for_each_shell prompt_prefix
}
