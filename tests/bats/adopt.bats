#!/usr/bin/env bats
# Projects that another tool set up activate with no change: a PEP 832 .venv file, a
# virtualfish/autoswitch name file, pyenv-virtualenv's .python-version (src/conv.h). In real
# interactive bash, zsh and fish, through the same trust and ownership rules as a marker.

load test_helper

BASE="/usr/local/bin:/usr/bin:/bin"

setup() {
    common_setup
    S=
    mkdir -p "$T/plain"
}

teardown() {
    if [[ -n ${S-} ]]; then rm -rf "$S"; fi
}

pep832() {
    run_scenario "$1" 'cd $T/plain' 'probe plain' 'cd $T/proj/sub' 'probe proj' 'probe_python' \
        'cd $T/plain' 'probe back'
    expect_output "plain VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
proj VIRTUAL_ENV=@/venvs/proj-env PROMPT=proj-env PYTHONHOME=<unset> PATH=@/venvs/proj-env/bin:$BASE
python @/venvs/proj-env
back VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "a PEP 832 .venv file naming a venv by a relative path activates it" {
    mkdir -p "$T/proj/sub" "$T/venvs"
    make_untrusted_venv "$T/venvs/proj-env"
    printf '../venvs/proj-env\n' >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    for_each_shell pep832
}

@test "a PEP 832 .venv file with an absolute path and no newline, as uv writes it, activates" {
    mkdir -p "$T/proj/sub" "$T/venvs"
    make_untrusted_venv "$T/venvs/proj-env"
    printf '%s' "$T/venvs/proj-env" >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    PYH_SHELLS=bash for_each_shell pep832
}

name_file() {
    run_scenario "$1" 'cd $T/proj' 'probe proj'
    expect_output "proj VIRTUAL_ENV=@/home/.virtualenvs/myenv PROMPT=myenv PYTHONHOME=<unset> PATH=@/home/.virtualenvs/myenv/bin:$BASE"
}

@test "a .venv file holding a bare name activates that venv in ~/.virtualenvs (virtualfish, autoswitch)" {
    mkdir -p "$T/proj" "$HOME/.virtualenvs"
    make_untrusted_venv "$HOME/.virtualenvs/myenv"
    printf 'myenv\n' >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    for_each_shell name_file
}

@test "a name file is looked up in \$WORKON_HOME when it is set" {
    mkdir -p "$T/proj" "$T/workon"
    make_untrusted_venv "$T/workon/myenv"
    printf 'myenv\n' >"$T/proj/.venv"
    export WORKON_HOME=$T/workon
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ $status == 0 ]]
    [[ ${lines[1]} == "  $T/workon/myenv would be activated (chosen by $T/proj/.venv (virtualfish/autoswitch .venv name file)) in a shell with the hook loaded" ]]
}

@test "a .venv file with CRLF line ends, as an editor on Windows saves it, activates: a path and a name" {
    mkdir -p "$T/proj/sub" "$T/venvs" "$T/named" "$HOME/.virtualenvs"
    make_untrusted_venv "$T/venvs/proj-env" "$HOME/.virtualenvs/myenv"
    printf '../venvs/proj-env\r\n' >"$T/proj/.venv"
    printf 'myenv\r\n' >"$T/named/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    "$PYENVHOOK" -q allow "$T/named" >/dev/null
    PYH_SHELLS=bash for_each_shell pep832
    cd "$T/named"
    run "$PYENVHOOK" status --json
    [[ $status == 0 ]]
    run python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["venv"], d["convention"])' "$output"
    [[ $output == "$HOME/.virtualenvs/myenv virtualfish/autoswitch .venv name file" ]]
    # a CR anywhere but at the very end is still refused, naming the byte
    printf 'myenv\r\r\n' >"$T/named/.venv"
    run "$PYENVHOOK" status
    [[ $status == 1 && ${lines[1]} == "  $T/named/.venv: not text (byte 0x0d at offset 5); a .venv file holds one path or name" ]]
}

@test "status names the convention in the tool's words, as text and --json" {
    mkdir -p "$T/proj" "$T/venvs"
    make_untrusted_venv "$T/venvs/proj-env"
    printf '../venvs/proj-env\n' >"$T/proj/.venv"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    [[ ${lines[1]} == "  $T/venvs/proj-env would be activated (chosen by $T/proj/.venv (PEP 832 .venv file)), but it is not allowed; run: pyenvhook allow $T/proj" ]]
    "$PYENVHOOK" -q allow >/dev/null
    run "$PYENVHOOK" status --json
    [[ $status == 0 ]]
    run python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["source"], d["convention"], d["convention_file"], d["marker"])' "$output"
    [[ $output == "convention PEP 832 .venv file $T/proj/.venv None" ]]
}

untrusted_clone() {
    run_scenario "$1" 'cd $T/proj' 'probe in'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

repointed() {
    printf '../venvs/a\n' >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    run_scenario "$1" 'cd $T/proj' 'probe in' "printf '../venvs/b\\n' >.venv" 'probe changed'
    expect_output "in VIRTUAL_ENV=@/venvs/a PROMPT=a PYTHONHOME=<unset> PATH=@/venvs/a/bin:$BASE
changed VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "a .venv file re-pointed while its venv is active deactivates it at the next prompt" {
    mkdir -p "$T/proj" "$T/venvs"
    make_untrusted_venv "$T/venvs/a" "$T/venvs/b"
    for_each_shell repointed
}

@test "a .venv file that is not allowed, or changed since, activates nothing until allow" {
    mkdir -p "$T/proj" "$T/venvs"
    make_untrusted_venv "$T/venvs/a" "$T/venvs/b"
    printf '../venvs/a\n' >"$T/proj/.venv"
    for_each_shell untrusted_clone
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    # a pull that re-points the file asks again, as a changed marker does
    printf '../venvs/b\n' >"$T/proj/.venv"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" && ${lines[1]} == *"it changed since it was allowed"* ]]
    # the same path spelt another way is another file content: asked again too
    printf '%s\n' "$T/venvs/a" >"$T/proj/.venv"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
}

@test "the marker wins over a .venv file in the same directory, and the nearest level wins" {
    mkdir -p "$T/proj/sub" "$T/venvs"
    make_untrusted_venv "$T/venvs/a" "$T/venvs/b"
    printf '{"venv": "%s"}' "$T/venvs/a" >"$T/proj/.pyenvhook.json"
    printf '../venvs/b\n' >"$T/proj/.venv"
    cd "$T/proj"
    run "$PYENVHOOK" status --json
    [[ $output == *'"source":"marker"'* && $output == *"\"venv\":\"$T/venvs/a\""* ]]
    printf '../../venvs/b\n' >"$T/proj/sub/.venv"
    cd "$T/proj/sub"
    run "$PYENVHOOK" status --json
    [[ $output == *'"source":"convention"'* && $output == *"\"venv\":\"$T/venvs/b\""* ]]
}

@test "each convention has a setting that turns it off" {
    mkdir -p "$T/proj" "$T/named" "$HOME/.virtualenvs" "$T/venvs"
    make_untrusted_venv "$T/venvs/a" "$HOME/.virtualenvs/myenv"
    printf '../venvs/a\n' >"$T/proj/.venv"
    printf 'myenv\n' >"$T/named/.venv"
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"conventions": {"venv_file": false}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    cd "$T/named"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    echo '{"conventions": {"venv_name": false}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    echo '{"conventions": {"venv-name": false}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" status
    [[ $status == 1 && $output == *"config.json: \"conventions\": unknown convention \"venv-name\""* ]]
    # a convention named twice is off to us if we took the first, on to jq: neither is taken
    echo '{"conventions": {"venv_name": false, "venv_name": true}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" status
    [[ $status == 1 && $output == *"config.json: \"venv_name\" is given twice in \"conventions\", which is ambiguous: tools differ on which one counts"* ]]
}

# --- pyenv-virtualenv ---------------------------------------------------------------------

pyenv_env() {
    run_scenario "$1" 'cd $T/proj' 'probe proj' 'cd $T/plainver' 'probe plainver'
    expect_output "proj VIRTUAL_ENV=$PYENV_VENV PROMPT=$PYENV_PROMPT PYTHONHOME=<unset> PATH=$PYENV_VENV/bin:$BASE
plainver VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "pyenv-virtualenv: a .python-version naming an environment activates it; a plain version does not" {
    # the user's own pyenv (HOME is the test's throwaway one by now), or PYH_PYENV_ROOT
    local real_root
    real_root=${PYH_PYENV_ROOT:-$(getent passwd "$(id -un)" | cut -d: -f6)/.pyenv}
    [[ -x $real_root/bin/pyenv && -d $real_root/plugins/pyenv-virtualenv ]] ||
        skip "pyenv with pyenv-virtualenv is not installed ($real_root/plugins/pyenv-virtualenv)"
    local ver
    ver=$(ls "$real_root/versions" | grep -E '^3\.[0-9]+\.[0-9]+$' | sort -V | tail -1)
    [[ -n $ver ]] || skip "pyenv has no CPython 3 installed in $real_root/versions"
    # A PYENV_ROOT of the test's own, sharing the real one's programs and Pythons, so the
    # environment the real `pyenv virtualenv` makes is thrown away with the test.
    export PYENV_ROOT=$T/pyenv
    mkdir -p "$PYENV_ROOT/versions"
    ln -s "$real_root/bin" "$real_root/libexec" "$real_root/plugins" "$PYENV_ROOT/" 2>/dev/null ||
        ln -s "$real_root"/{bin,libexec,plugins} "$PYENV_ROOT/"
    cp -as "$real_root/versions/$ver" "$PYENV_ROOT/versions/$ver"
    PATH=$PYENV_ROOT/bin:$PATH "$PYENV_ROOT/bin/pyenv" virtualenv -q "$ver" pyh-env >/dev/null 2>&1 ||
        PATH=$PYENV_ROOT/bin:$PATH "$PYENV_ROOT/bin/pyenv" virtualenv "$ver" pyh-env
    mkdir -p "$T/proj" "$T/plainver"
    printf 'pyh-env\n' >"$T/proj/.python-version"
    printf '%s\n' "$ver" >"$T/plainver/.python-version"
    PYENV_VENV=$(cd "$T/proj" && PATH=$PYENV_ROOT/bin:$PATH "$PYENV_ROOT/bin/pyenv" prefix)
    # pyenv names it by its link in versions/; what pyenvhook checked and puts on PATH is
    # where that link leads (design-notes: what is checked is what is used)
    PYENV_VENV=$(realpath "$PYENV_VENV")
    PYENV_VENV=@${PYENV_VENV#"$T"}
    PYENV_PROMPT=pyh-env
    export PYENV_VENV PYENV_PROMPT
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    for_each_shell pyenv_env
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[1]} == *"(chosen by $T/proj/.python-version (pyenv-virtualenv .python-version))"* ]]
}

@test "pyenv-virtualenv: a .python-version naming an environment under <version>/envs activates it" {
    export PYENV_ROOT=$T/pyenv
    mkdir -p "$PYENV_ROOT/versions/3.99.0/envs" "$T/proj" "$T/plainver"
    make_untrusted_venv "$PYENV_ROOT/versions/3.99.0/envs/e1"
    printf '3.99.0/envs/e1\n' >"$T/proj/.python-version"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    cd "$T/proj"
    run "$PYENVHOOK" status --json
    [[ $output == *"\"venv\":\"$PYENV_ROOT/versions/3.99.0/envs/e1\""* && $output == *'"convention":"pyenv-virtualenv .python-version"'* ]]
    # a plain version, even one pyenv has, makes no project
    mkdir -p "$PYENV_ROOT/versions/3.99.0/bin"
    printf '3.99.0\n' >"$T/plainver/.python-version"
    cd "$T/plainver"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
}

# pyenv_reads FILE: the first version pyenv itself reads from FILE (its version-file-read,
# from the user's real pyenv), or nothing when this machine has no pyenv.
pyenv_reads() {
    local real_root
    real_root=${PYH_PYENV_ROOT:-$(getent passwd "$(id -un)" | cut -d: -f6)/.pyenv}
    [[ -x $real_root/libexec/pyenv-version-file-read ]] || return 0
    "$real_root/libexec/pyenv-version-file-read" "$1" | cut -d: -f1
}

@test "pyenv-virtualenv: .python-version comment lines, indented or not, blank lines and CRLF are skipped as pyenv skips them" {
    export PYENV_ROOT=$T/pyenv
    mkdir -p "$PYENV_ROOT/versions/3.99.0/envs" "$T/proj" "$T/crlf"
    make_untrusted_venv "$PYENV_ROOT/versions/3.99.0/envs/e1" "$PYENV_ROOT/versions/3.99.0/envs/e2"
    # a commented-out environment that exists, so that reading a comment picks the wrong one
    printf '#3.99.0/envs/e2\n   # the environment this project uses\n\n\t\n3.99.0/envs/e1   # not e2\n3.99.0/envs/e2\n' \
        >"$T/proj/.python-version"
    printf '# made on Windows\r\n\r\n3.99.0/envs/e1\r\n' >"$T/crlf/.python-version"
    local d got
    for d in proj crlf; do
        got=$(pyenv_reads "$T/$d/.python-version")
        [[ -z $got || $got == 3.99.0/envs/e1 ]] || {
            echo "pyenv itself reads $got from $d/.python-version" >&2
            return 1
        }
        "$PYENVHOOK" -q allow "$T/$d" >/dev/null
        cd "$T/$d"
        run "$PYENVHOOK" status --json
        [[ $status == 0 ]]
        run python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["state"], d["venv"], d["convention"])' "$output"
        [[ $output == "pending $PYENV_ROOT/versions/3.99.0/envs/e1 pyenv-virtualenv .python-version" ]] || {
            echo "$d: $output" >&2
            return 1
        }
    done
    # in a real shell too, where the hook's own test for the file runs first
    run_scenario bash 'cd $T/proj' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/pyenv/versions/3.99.0/envs/e1"
}

# --- bad input ------------------------------------------------------------------------------

bad_inputs() {
    run_scenario "$1" \
        'cd $T/bad/empty' 'probe empty' 'false' 'probe_status' \
        'cd $T/bad/binary' 'probe binary' \
        'cd $T/bad/huge' 'probe huge' \
        'cd $T/bad/loop' 'probe loop' \
        'cd $T/bad/missing' 'probe missing' \
        'cd $T/bad/dotdot' 'probe dotdot' \
        'cd $T/bad/pyver' 'probe pyver' 'true' 'probe_status'
    local u="VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
    expect_output "empty $u
status 1
binary $u
huge $u
loop $u
missing $u
dotdot $u
pyver $u
status 0" || return 1
    local want
    for want in \
        "pyenvhook: $T/bad/empty/.venv: empty; a .venv file holds the venv's path or name" \
        "pyenvhook: $T/bad/binary/.venv: not text (byte 0x00 at offset 3)" \
        "pyenvhook: $T/bad/huge/.venv: too large" \
        "pyenvhook: $T/bad/loop/.venv: names $T/bad/loop2/.venv, which is not a directory" \
        "pyenvhook: $T/bad/missing/.venv: names $T/nowhere/env, which does not exist" \
        "pyenvhook: $T/bad/dotdot/.venv: names $T/bad/etc, which does not exist" \
        "pyenvhook: $T/bad/pyver/.python-version: \"../../etc\" steps out of pyenv's versions directory"; do
        if [[ $(count_in_tty "$want") != 1 ]]; then
            echo "wanted once on the terminal: $want" >&2
            tail -20 "$PYH_TTY" >&2
            return 1
        fi
    done
}

@test "broken .venv files and .python-version: one line naming the file and why, nothing activated, the shell intact" {
    local d
    for d in empty binary huge loop loop2 missing dotdot pyver; do mkdir -p "$T/bad/$d"; done
    : >"$T/bad/empty/.venv"
    printf 'abc\0def\n' >"$T/bad/binary/.venv"
    head -c 100000 /dev/zero | tr '\0' a >"$T/bad/huge/.venv"
    printf '../loop2/.venv\n' >"$T/bad/loop/.venv"
    printf '../loop/.venv\n' >"$T/bad/loop2/.venv"
    printf '%s\n' "$T/nowhere/env" >"$T/bad/missing/.venv"
    printf 'x/../../etc\n' >"$T/bad/dotdot/.venv"
    printf '../../etc\n' >"$T/bad/pyver/.python-version"
    for_each_shell bad_inputs
}

@test "a .venv file of two lines, or holding . or .., is refused; a .python-version of system is no project" {
    mkdir -p "$T/two" "$T/dot" "$T/sys"
    printf 'a/b\nc/d\n' >"$T/two/.venv"
    printf '..\n' >"$T/dot/.venv"
    printf 'system\n' >"$T/sys/.python-version"
    cd "$T/two"
    run "$PYENVHOOK" status
    [[ $status == 1 && ${lines[1]} == "  $T/two/.venv: more than one line; a .venv file holds one path or name" ]]
    cd "$T/dot"
    run "$PYENVHOOK" status
    [[ $status == 1 && ${lines[1]} == "  $T/dot/.venv: \"..\" is neither a path (it has no '/') nor a venv name" ]]
    cd "$T/sys"
    run "$PYENVHOOK" status
    [[ $status == 0 && ${lines[0]} == "inactive (no-project)" ]]
}

@test "a .venv that is a link loop is reported, not followed" {
    mkdir -p "$T/proj"
    ln -s .venv "$T/proj/.venv"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ $status == 1 && $output == *"$T/proj/.venv"* ]]
}

# --- someone else's directories -------------------------------------------------------------

# shared: a directory like /tmp (root's, mode 1777) that the neighbour can reach, as $S.
shared() {
    S=$(mktemp -d /tmp/pyh-shared.XXXXXX)
    chmod 1777 "$S"
    export S
}

@test "a .venv file redirecting into a directory a neighbour controls is refused" {
    need_neighbour
    shared
    as_neighbour mkdir "$S/theirs"
    as_neighbour /usr/bin/python3 -m venv --without-pip "$S/theirs/env"
    mkdir -p "$T/proj"
    printf '%s\n' "$S/theirs/env" >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null 2>&1 || :
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ $status == 1 && ${lines[0]} == "inactive (broken)" ]]
    [[ $output == *"$S/theirs"*"owned by uid $(id -u pyh-neighbour)"* ]]
}

@test "a neighbour's .venv file in a shared parent is passed over, with a line, even a broken one" {
    need_neighbour
    shared
    # broken (empty): that it is someone else's must be said, not what is wrong with it
    as_neighbour sh -c ": >$S/.venv"
    mkdir "$S/mine"
    cd "$S/mine"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    [[ $output == *"pyenvhook: $S/.venv: refusing a project file owned by uid $(id -u pyh-neighbour)"* ]]
}

# --- use ------------------------------------------------------------------------------------

use_here() {
    rm -f "$T/tut/.pyenvhook.json"
    run_scenario "$1" 'cd $T/tut' 'probe before' 'pyenvhook use; probe after' 'probe_python'
    expect_output "before VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
after VIRTUAL_ENV=@/tut/my_env PROMPT=my_env PYTHONHOME=<unset> PATH=@/tut/my_env/bin:$BASE
python @/tut/my_env" || return 1
    [[ $(cat "$T/tut/.pyenvhook.json") == '{
  "venv": "my_env"
}' ]]
}

@test "use adopts the only venv under the project, trusts it, and the shell is active at once, on the same line" {
    mkdir -p "$T/tut"
    make_untrusted_venv "$T/tut/my_env"
    for_each_shell use_here
}

@test "use with several venvs lists them and writes nothing; with none it says how to name one" {
    mkdir -p "$T/tut"
    cd "$T/tut"
    run "$PYENVHOOK" use
    [[ $status == 1 && $output == "pyenvhook: no venv directly under $T/tut; name one: pyenvhook use PATH" ]]
    make_untrusted_venv "$T/tut/a" "$T/tut/b"
    run "$PYENVHOOK" use
    [[ $status == 1 && ${lines[0]} == "pyenvhook: 2 venvs directly under $T/tut; name one: pyenvhook use NAME" ]]
    [[ $(printf '%s\n' "${lines[@]:1}" | sort) == "  a
  b" ]]
    [[ ! -e .pyenvhook.json ]]
    run "$PYENVHOOK" use notavenv
    [[ $status == 1 && $output == "pyenvhook: $T/tut/notavenv: not a venv (no pyvenv.cfg in it)" ]]
}

@test "use writes ~/ for a venv under home and keeps an existing marker's other keys in place" {
    mkdir -p "$T/tut" "$HOME/.virtualenvs"
    make_untrusted_venv "$HOME/.virtualenvs/x"
    printf '{\n  "prompt": "p",\n  "venv": "old"\n}\n' >"$T/tut/.pyenvhook.json"
    cd "$T/tut"
    run "$PYENVHOOK" use ~/.virtualenvs/x
    [[ $status == 0 ]]
    [[ $(cat .pyenvhook.json) == '{
  "prompt": "p",
  "venv": "~/.virtualenvs/x"
}' ]]
    run "$PYENVHOOK" status
    [[ ${lines[1]} == "  $HOME/.virtualenvs/x would be activated (chosen by $T/tut/.pyenvhook.json) in a shell with the hook loaded" ]]
}

@test "use records a venv relative only when it is inside the project or home: a sibling whose name starts the same stays absolute" {
    # HOME is $T/home: $T/home2 only starts like it, as $T/app2 starts like $T/app
    mkdir -p "$T/app" "$T/app2" "$T/home2"
    make_untrusted_venv "$T/app2/venv" "$T/home2/env" "$T/app/inside"
    cd "$T/app"
    local venv want
    for venv in "$T/app2/venv:$T/app2/venv" "../home2/env:$T/home2/env" "inside:inside" \
        "$T/app/../app2/venv:$T/app2/venv"; do
        want=${venv#*:} venv=${venv%%:*}
        run "$PYENVHOOK" use "$venv"
        [[ $status == 0 ]]
        run python3 -c 'import json; print(json.load(open(".pyenvhook.json"))["venv"])'
        [[ $output == "$want" ]] || {
            echo "use $venv recorded $output, not $want" >&2
            return 1
        }
        # and it is the venv that activates
        run "$PYENVHOOK" status --json
        run python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["state"], d["venv"])' "$output"
        [[ $output == "pending $(cd "$T/app" && realpath -m "$want")" ]] || {
            echo "after use $venv: $output" >&2
            return 1
        }
    done
}

@test "use refuses a venv in a directory a neighbour controls, and writes nothing" {
    need_neighbour
    shared
    as_neighbour mkdir "$S/theirs"
    as_neighbour /usr/bin/python3 -m venv --without-pip "$S/theirs/env"
    mkdir -p "$T/tut"
    cd "$T/tut"
    run "$PYENVHOOK" use "$S/theirs/env"
    [[ $status == 1 && $output == *"owned by uid $(id -u pyh-neighbour)"* ]]
    [[ ! -e .pyenvhook.json ]]
}

@test "a directory right under a shared /tmp, with no project files, is no project and no refusal" {
    # Each convention's files are missing there, and a missing name in a sticky directory is
    # one a neighbour could make: that must not make every command under /tmp complain.
    [[ -k /tmp && -w /tmp ]] || skip "/tmp is not a sticky shared directory here"
    S=$(mktemp -d /tmp/pyh-plain.XXXXXX)
    cd "$S"
    run "$PYENVHOOK" status
    [[ $status == 0 && $output == *"no project at or above $S ("* && $output != *refusing* ]]
    run "$PYENVHOOK" exec --no-project-ok -- true
    [[ $status == 0 && -z $output ]]
}
