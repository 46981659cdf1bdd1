#!/usr/bin/env bats
# The shell shows the truth at the next prompt, whatever changed under it: a marker edited or
# pulled, a venv made or remade from elsewhere, the binary gone, the rc file read again; and
# a cd acts at once in all three shells, but never runs the binary for a directory no prompt
# shows. All in real interactive bash, zsh and fish.

# shellcheck disable=SC2016 # scenario lines are expanded by the shell under test
load test_helper

setup() {
    common_setup
    make_project "$T/proj"
    mkdir -p "$T/proj/sub" "$T/plain"
    BASE="/usr/local/bin:/usr/bin:/bin"
}

marker_edited() {
    make_project "$T/proj"
    make_untrusted_venv "$T/proj/alt"
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'cd $T/proj/sub' 'probe_var VIRTUAL_ENV' \
        "printf '{\"venv\": \"alt\"}' >\$T/proj/.pyenvhook.json" 'probe_var VIRTUAL_ENV' \
        'pyenvhook -q allow' 'probe_var VIRTUAL_ENV' \
        "printf '{\"venv\": \".venv\"}' >\$T/proj/.pyenvhook.json" 'pyenvhook -q allow' \
        'probe_var VIRTUAL_ENV' 'rm $T/proj/.pyenvhook.json' 'probe_var VIRTUAL_ENV'
    # Edited: untrusted now, so nothing; allowed: the new venv; the marker deleted: the bare
    # .venv, a project of its own that was never allowed, so nothing, at the next prompt.
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/alt
VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>"
}

@test "a marker edited or replaced while the shell is in the project: re-decided at the next prompt" {
    for_each_shell marker_edited
}

venv_made_elsewhere() {
    rm -rf "$T/proj/.venv"
    # From another terminal: the binary itself, not the shell's pyenvhook function.
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'cd $T/proj/sub' 'probe_var VIRTUAL_ENV' \
        '$PYENVHOOK -q create --without-pip' 'probe_var VIRTUAL_ENV' \
        'rm -rf $T/proj/.venv' 'probe_var VIRTUAL_ENV' \
        '$PYH_PYTHON -m venv --without-pip --prompt again $T/proj/.venv' \
        'probe_var VIRTUAL_ENV_PROMPT'
    expect_output "VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV_PROMPT=again"
}

@test "a venv made or remade while the shell is in the project: active at the next prompt" {
    export PYH_PYTHON
    for_each_shell venv_made_elsewhere
}

# A marker that appears beside an allowed bare .venv (a git pull brings one) outranks it: the
# project is the marker's now, not allowed yet, so nothing is active at the next prompt, and
# that prompt says why; allowed, it is active. From the root, and from a directory below it;
# and beside a PEP 832 .venv file, whose project watches three files.
marker_appears() {
    make_venv "$T/dv-$1/.venv" "$T/dw-$1/.venv"
    mkdir -p "$T/dw-$1/sub" "$T/dx-$1"
    make_untrusted_venv "$T/dx-$1/env"
    printf './env\n' >"$T/dx-$1/.venv"
    "$PYENVHOOK" -q allow "$T/dx-$1" >/dev/null
    run_scenario "$1" "cd \$T/dv-$1" 'probe_var VIRTUAL_ENV' \
        "printf '{}' >\$T/dv-$1/.pyenvhook.json" 'probe_var VIRTUAL_ENV' \
        'pyenvhook -q allow' 'probe_var VIRTUAL_ENV' \
        "cd \$T/dw-$1/sub" 'probe_var VIRTUAL_ENV' \
        "printf '{}' >\$T/dw-$1/.pyenvhook.json" 'probe_var VIRTUAL_ENV' \
        "cd \$T/dx-$1" 'probe_var VIRTUAL_ENV' \
        "printf '{\"venv\": \"env\"}' >\$T/dx-$1/.pyenvhook.json" 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/dv-$1/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/dv-$1/.venv
VIRTUAL_ENV=@/dw-$1/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/dx-$1/env
VIRTUAL_ENV=<unset>" || return 1
    local n
    n=$(count_in_tty "not activating $T/dv-$1/.venv (named by $T/dv-$1/.pyenvhook.json)")
    if [[ $n != 1 ]]; then
        cat "$PYH_TTY" >&2
        echo "^ 'not activating' said $n times; wanted once, at the prompt after the marker came" >&2
        return 1
    fi
}

@test "a marker that appears beside an allowed .venv (git pull): re-decided at the next prompt" {
    for_each_shell marker_appears
}

# pipenv --python makes a Pipfile here and its venv under ~/.local/share/virtualenvs: the
# directory is a project from then on, and the next prompt says it is not allowed yet, as it
# does after python -m venv .venv.
pipenv_here() {
    mkdir -p "$T/pp-$1"
    run_scenario "$1" "cd \$T/pp-$1" 'probe_var VIRTUAL_ENV' \
        'pipenv --python /usr/bin/python3 >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
        'pyenvhook -q allow' 'probe_var VIRTUAL_ENV'
    local venv
    venv=$(cd "$T/pp-$1" && pipenv --venv)
    [[ -d $venv ]]
    expect_output "VIRTUAL_ENV=<unset>
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=${venv/#$T/@}" || return 1
    local n
    n=$(count_in_tty "not activating $venv")
    if [[ $n != 1 ]]; then
        cat "$PYH_TTY" >&2
        echo "^ 'not activating' said $n times; wanted once, at the prompt after pipenv" >&2
        return 1
    fi
}

@test "pipenv --python in a plain directory: the next prompt says its venv is not allowed yet" {
    command -v pipenv >/dev/null || skip "needs pipenv (scripts/deps)"
    export PIPENV_YES=1 PIPENV_NOSPIN=1 PIPENV_VERBOSITY=-1
    for_each_shell pipenv_here
}

# A pyproject.toml of no tool's project makes the hook ask the binary, which finds no
# project; a venv made beside it afterwards makes one, seen at the next prompt.
venv_beside_pyproject() {
    mkdir -p "$T/py-$1"
    printf '[project]\nname = "py"\n' >"$T/py-$1/pyproject.toml"
    run_scenario "$1" "cd \$T/py-$1" 'probe_var VIRTUAL_ENV' 'true' \
        "\$PYH_PYTHON -m venv --without-pip \$T/py-$1/.venv" 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=<unset>
VIRTUAL_ENV=<unset>" || return 1
    local n
    n=$(count_in_tty "not activating $T/py-$1/.venv")
    if [[ $n != 1 ]]; then
        cat "$PYH_TTY" >&2
        echo "^ 'not activating' said $n times; wanted once, at the prompt after the venv came" >&2
        return 1
    fi
}

@test "a venv made beside a pyproject.toml that makes no project: seen at the next prompt" {
    export PYH_PYTHON
    for_each_shell venv_beside_pyproject
}

gone_switch() {
    cp "$PYENVHOOK" "$T/bin/pyenvhook"
    PYENVHOOK=$T/bin/pyenvhook run_scenario "$1" 'cd $T/proj' 'probe_var VIRTUAL_ENV' \
        'rm $T/bin/pyenvhook' 'cd $T/other' 'probe_var VIRTUAL_ENV' 'cd $T/proj' \
        'probe_var VIRTUAL_ENV' 'cd $T/plain' 'probe_var PATH'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=<unset>
PATH=$BASE"
}

venv_remade_at_once() {
    # bash: a program of the old venv that the new one lacks, hashed; the one of the same
    # name further down PATH must run once the venv is made afresh.
    mkdir -p "$T/bin"
    printf '#!/bin/sh\necho outer ran >>"$PYH_OUT"\n' >"$T/bin/onlyold"
    cp "$T/bin/onlyold" "$T/bin/two"
    printf '#!/bin/sh\necho onlyold ran >>"$PYH_OUT"\n' >"$T/proj/.venv/bin/onlyold"
    printf '#!/bin/sh\necho inner ran >>"$PYH_OUT"\n' >"$T/inner"
    chmod +x "$T/bin/onlyold" "$T/bin/two" "$T/proj/.venv/bin/onlyold" "$T/inner"
    # shellcheck disable=SC2016 # expanded by the shell under test
    local remake='rm -rf $T/proj/.venv; $PYH_PYTHON -m venv --without-pip --prompt again $T/proj/.venv'
    # The second time under the same name, so that nothing but the remaking is to be seen;
    # the shell is told of the program added by hand, as a user would have to.
    local forget='hash -r'
    [[ $1 != fish ]] || forget=true
    run_scenario "$1" 'path_back $T/bin' 'cd $T/proj/sub' 'onlyold' "$remake" \
        'probe_var VIRTUAL_ENV_PROMPT' 'onlyold' "cp \$T/inner \$T/proj/.venv/bin/two; $forget" \
        'two' "$remake" 'two'
    expect_output "onlyold ran
VIRTUAL_ENV_PROMPT=again
outer ran
inner ran
outer ran"
}

@test "a venv removed and made again on one command line: the new one active at the next prompt" {
    export PYH_PYTHON
    for_each_shell venv_remade_at_once
}

@test "with the binary gone, switching projects leaves the old venv rather than keep it" {
    mkdir -p "$T/bin"
    make_project "$T/other"
    for_each_shell gone_switch
}

upgraded() {
    setup_versions
    PYENVHOOK=pyenvhook run_scenario "$1" 'cd $T/plain' \
        'ln -sfn v2 $T/opt/current; rm -rf $T/opt/v1' 'cd $T/proj' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv"
}

# Two versions side by side, and the one on PATH a link to the current one, as Homebrew and
# versioned ~/.local installs have it.
setup_versions() {
    rm -rf "$T/opt"
    mkdir -p "$T/opt/v1" "$T/opt/v2"
    cp "$PYENVHOOK" "$T/opt/v1/pyenvhook"
    cp "$PYENVHOOK" "$T/opt/v2/pyenvhook"
    ln -sfn v1 "$T/opt/current"
}

@test "init names the binary as installed (a link on PATH), so an upgrade does not break open shells" {
    mkdir -p "$T/bin" "$T/fake"
    ln -s ../opt/current/pyenvhook "$T/bin/pyenvhook"
    export PATH="$T/bin:$PATH"
    setup_versions
    run hook_bin pyenvhook init bash
    [[ $status == 0 && $output == "$T/bin/pyenvhook" ]]
    # A name on PATH that leads to another program is not taken: the file that runs is.
    cp /bin/true "$T/fake/pyenvhook"
    run hook_bin env PATH="$T/fake:$PATH" bash -c 'exec -a pyenvhook "$1" init bash' _ "$T/opt/v1/pyenvhook"
    [[ $status == 0 && $output == "$T/opt/v1/pyenvhook" ]]
    for_each_shell upgraded
}

resourced() {
    local rc='PS1="$ "; eval "$($PYENVHOOK init '"$1"' --prompt)"'
    [[ $1 != fish ]] || rc='function fish_prompt; printf "\$ "; end; $PYENVHOOK init fish --prompt | source'
    PYH_INIT_ARGS=--prompt run_scenario "$1" 'cd $T/proj' 'probe_prompt' "$rc" 'probe_prompt' \
        'cd $T' 'probe_prompt'
    expect_output 'prompt=(proj) $ 
prompt=(proj) $ 
prompt=$ '
}

@test "init --prompt run again (~/.bashrc read again) inside a project keeps (name)" {
    for_each_shell resourced
}

hash_refreshed() {
    run_scenario "$1" 'cd $T/proj' 'onlyold' 'pyenvhook -q create --force --without-pip' \
        'hash -t onlyold >/dev/null 2>&1 && note still-hashed || note refreshed'
    expect_output "onlyold ran
refreshed"
}

@test "bash: after create --force, the command hash forgets programs of the old venv" {
    printf '#!/bin/sh\necho onlyold ran >>"$PYH_OUT"\n' >"$T/proj/.venv/bin/onlyold"
    chmod +x "$T/proj/.venv/bin/onlyold"
    hash_refreshed bash
}

round_trip() {
    make_project "$T/w"
    rm -rf "$T/w/.venv"
    local and='&&'
    # Back where the last prompt was, with VIRTUAL_ENV as it was: that prompt's shortcut must
    # not stand, for the cd through proj changed what the hook watches.
    run_scenario "$1" 'cd $T/w' 'probe_var VIRTUAL_ENV' "cd \$T/proj $and cd \$T/w" \
        'probe_var VIRTUAL_ENV' '$PYH_PYTHON -m venv --without-pip $T/w/.venv' \
        'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=<unset>
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/w/.venv"
}

@test "cds through another project and back on one line: the next venv made here is still seen" {
    export PYH_PYTHON
    for_each_shell round_trip
}

held_notes() {
    mkdir -p "$T/proj/bad"
    printf '{"venv": "x"}' >"$T/proj/bad/.pyenvhook.json"
    chmod 666 "$T/proj/bad/.pyenvhook.json"
    local and='&&'
    # A cd activates proj's venv, passing over bad/'s marker: the line saying so waits for
    # the prompt that shows bad/, if one does. The loop's first cd is such a cd; the prompt
    # after the loop shows bad/ too, but asks afresh and says it itself: once, not twice.
    local loop='for d in $T/proj/bad $T/plain $T/proj/bad; do cd $d; done'
    [[ $1 != fish ]] || loop='for d in $T/proj/bad $T/plain $T/proj/bad; cd $d; end'
    run_scenario "$1" "$loop" 'probe_var VIRTUAL_ENV' 'cd $T/plain' \
        "cd \$T/proj/bad $and probe_var VIRTUAL_ENV" 'probe_var PWD'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=@/proj/.venv
PWD=@/proj/bad"
    local n
    n=$(count_in_tty "refusing a marker that group or others can write")
    if [[ $n != 2 ]]; then
        cat "$PYH_TTY" >&2
        echo "^ the refusal said $n times; wanted twice, at the two prompts that showed bad/" >&2
        return 1
    fi
}

@test "what the binary said for a cd that activated a venv shows at the prompt after it, never twice" {
    for_each_shell held_notes
}

cd_on_one_line() {
    local and='&&'
    run_scenario "$1" "cd \$T/proj $and probe_var VIRTUAL_ENV" "cd \$T $and probe_var VIRTUAL_ENV" \
        "pushd \$T/proj >/dev/null $and probe_var VIRTUAL_ENV" \
        "popd >/dev/null $and probe_var VIRTUAL_ENV"
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>"
}

@test "cd, pushd and popd act at once: 'cd proj && cmd' runs cmd in the venv, in every shell" {
    for_each_shell cd_on_one_line
}

no_cd() {
    PYH_INIT_ARGS=--no-cd run_scenario "$1" 'cd $T/proj && probe_var VIRTUAL_ENV' \
        'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv"
}

@test "init --no-cd: the venv changes at the prompt only" {
    for_each_shell no_cd
}

user_cd() {
    local pre='cd() { builtin cd "$@" && note "user cd $PWD"; }'
    [[ $1 != fish ]] || pre='function cd; builtin cd $argv; and note "user cd $PWD"; end'
    PYH_PRE_INIT=$pre run_scenario "$1" 'cd $T/proj && probe_var VIRTUAL_ENV' \
        'cd $T && probe_var VIRTUAL_ENV'
    expect_output "user cd @/proj
VIRTUAL_ENV=@/proj/.venv
user cd @
VIRTUAL_ENV=<unset>"
}

@test "a cd function of the user's own, defined before the hook, still runs, and the venv follows at once" {
    for_each_shell user_cd
}

# The line an rc file of shell $1 loads zoxide with.
zoxide_line() {
    if [[ $1 == fish ]]; then
        echo 'zoxide init fish | source'
    else
        echo "eval \"\$(zoxide init $1)\""
    fi
}

with_zoxide() {
    PYH_PRE_INIT=$(zoxide_line "$1") run_scenario "$1" 'z proj && probe_var VIRTUAL_ENV' 'z plain' \
        'probe_var VIRTUAL_ENV' 'z proj' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv"
}

@test "zoxide's z, loaded before the hook, switches venvs like cd" {
    command -v zoxide >/dev/null || skip "zoxide is not installed (scripts/deps installs it)"
    zoxide_setup
    for_each_shell with_zoxide
}

zoxide_setup() {
    export _ZO_DATA_DIR=$T/zoxide
    zoxide add "$T/proj"
    zoxide add "$T/plain"
}

zoxide_after() {
    local post
    post=$(zoxide_line "$1")
    # And once more, as when ~/.bashrc is read again: zoxide's init defines z afresh.
    local again='eval "$($PYENVHOOK init '"$1"')"; '"$post"
    [[ $1 != fish ]] || again='$PYENVHOOK init fish | source; '"$post"
    PYH_POST_INIT=$post run_scenario "$1" 'z proj && probe_var VIRTUAL_ENV' 'z plain' \
        'probe_var VIRTUAL_ENV' "$again" 'z proj && probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv"
}

@test "zoxide's z, loaded after the hook, switches venvs like cd, at once" {
    command -v zoxide >/dev/null || skip "zoxide is not installed (scripts/deps installs it)"
    zoxide_setup
    for_each_shell zoxide_after
}

# zoxide from 0.8 on (not Debian's 0.4.3, whose z calls plain cd) defines in bash a
# __zoxide_cd that runs `\builtin cd`, passing by any cd function; zsh's chpwd and fish's PWD
# event see it anyway. Not installable here, so its bash shape is written out.
@test "bash: a __zoxide_cd that runs builtin cd, defined after the hook, still switches venvs at once" {
    local post='__zoxide_cd() { \builtin cd -- "$@"; }; z() { __zoxide_cd "$@"; }'
    PYH_POST_INIT=$post run_scenario bash 'z $T/proj && probe_var VIRTUAL_ENV' \
        'z $T/plain && probe_var VIRTUAL_ENV' 'eval "$($PYENVHOOK init bash)"; '"$post" \
        'z $T/proj && probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/.venv"
}

subshell_cd() {
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'for d in $T/untrusted $T/novenv $T/proj; do (cd $d && true); done' \
        'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=<unset>"
    if grep -E 'not activating|has no venv yet' "$PYH_TTY" >&2; then
        echo "^ a note for a directory no prompt showed" >&2
        return 1
    fi
}

@test "bash, zsh: a cd in a subshell says nothing of directories never shown at a prompt" {
    mkdir -p "$T/untrusted" "$T/novenv"
    echo '{}' >"$T/untrusted/.pyenvhook.json"
    make_untrusted_venv "$T/untrusted/.venv"
    echo '{}' >"$T/novenv/.pyenvhook.json"
    PYH_SHELLS=${PYH_SHELLS/fish/} for_each_shell subshell_cd
}

deny_quiet() {
    "$PYENVHOOK" -q allow "$T/proj" # the shell before denied it
    run_scenario "$1" 'cd $T/proj' 'pyenvhook deny' 'probe_var VIRTUAL_ENV' 'true'
    expect_output "VIRTUAL_ENV=<unset>"
    if grep -F "pyenvhook allow" "$PYH_TTY" >/dev/null; then
        cat "$PYH_TTY" >&2
        echo "^ after deny" >&2
        return 1
    fi
}

loop_cd() {
    local loop='for d in $T/untrusted $T/novenv $T/proj; do cd $d; done'
    [[ $1 != fish ]] || loop='for d in $T/untrusted $T/novenv $T/proj; cd $d; end'
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" "$loop" 'probe_var VIRTUAL_ENV' 'cd $T/untrusted' 'probe_var VIRTUAL_ENV' \
        'cd $T/novenv && probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=<unset>"
    # Said once each, for the directories a prompt showed, and never for the loop's.
    local untrusted novenv
    untrusted=$(count_in_tty "not activating $T/untrusted/.venv")
    novenv=$(count_in_tty "$T/novenv has no venv yet")
    if [[ $untrusted != 1 || $novenv != 1 ]]; then
        cat "$PYH_TTY" >&2
        echo "^ 'not activating' $untrusted times, 'has no venv yet' $novenv times; wanted once each" >&2
        return 1
    fi
}

@test "a loop of cds at the prompt: notes only for the directories a prompt shows, once each" {
    mkdir -p "$T/untrusted" "$T/novenv"
    echo '{}' >"$T/untrusted/.pyenvhook.json"
    make_untrusted_venv "$T/untrusted/.venv"
    echo '{}' >"$T/novenv/.pyenvhook.json"
    for_each_shell loop_cd
}

@test "after deny, the next prompt does not ask to run allow" {
    for_each_shell deny_quiet
}
