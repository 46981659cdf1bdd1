#!/usr/bin/env bats
# shellcheck disable=SC2016 # scenario lines expand in the shell under test
# The markers docs/migrating.md gives for each tool's venv layout activate that venv, in
# every shell. The direnv venv is made by direnv's own `layout python3`; the others are laid
# out where pyenv-virtualenv, virtualenvwrapper and mise put them (those tools are not
# installed here; the venvs are made with `python -m venv`, as they make them).

load test_helper

# allow_project DIR: once pyenvhook has `allow` (the trust branch), a venv that neither
# pyenvhook create nor make_project made must be allowed once, as its user would.
allow_project() {
    if "$PYENVHOOK" help allow >/dev/null 2>&1; then "$PYENVHOOK" allow "$1" >/dev/null; fi
}

setup() {
    common_setup
    BASE="/usr/local/bin:/usr/bin:/bin"
}

layouts() {
    run_scenario "$1" 'cd $T/direnv-proj' 'probe direnv' 'cd $T/pyenv-proj/src' 'probe pyenv' \
        'cd $T/vew-proj' 'probe vew' 'cd $T/mise-proj' 'probe mise' 'cd $T' 'probe out'
    expect_output "direnv VIRTUAL_ENV=@/direnv-proj/$DIRENV_VENV PROMPT=$(basename "$DIRENV_VENV") PYTHONHOME=<unset> PATH=@/direnv-proj/$DIRENV_VENV/bin:$BASE
pyenv VIRTUAL_ENV=@/home/.pyenv/versions/shop PROMPT=shop PYTHONHOME=<unset> PATH=@/home/.pyenv/versions/shop/bin:$BASE
vew VIRTUAL_ENV=@/home/.virtualenvs/shop PROMPT=shop PYTHONHOME=<unset> PATH=@/home/.virtualenvs/shop/bin:$BASE
mise VIRTUAL_ENV=@/mise-proj/.venv PROMPT=mise-proj PYTHONHOME=<unset> PATH=@/mise-proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "the markers in docs/migrating.md activate direnv's, pyenv-virtualenv's, virtualenvwrapper's and mise's venvs" {
    command -v direnv >/dev/null || skip "direnv is not installed"
    # direnv: let `layout python3` make its venv, then replace the line with a marker.
    mkdir -p "$T/direnv-proj"
    echo 'layout python3' >"$T/direnv-proj/.envrc"
    direnv allow "$T/direnv-proj" 2>/dev/null
    (cd "$T/direnv-proj" && direnv exec . true) >/dev/null 2>&1
    DIRENV_VENV=$(cd "$T/direnv-proj" && echo .direnv/python-*)
    [[ -f $T/direnv-proj/$DIRENV_VENV/pyvenv.cfg ]]
    : >"$T/direnv-proj/.envrc"
    printf '{"venv": "%s"}\n' "$DIRENV_VENV" >"$T/direnv-proj/.pyenvhook.json"

    # pyenv-virtualenv: $(pyenv root)/versions/NAME, named by the marker.
    make_venv "$HOME/.pyenv/versions/shop"
    mkdir -p "$T/pyenv-proj/src"
    echo '{"venv": "~/.pyenv/versions/shop"}' >"$T/pyenv-proj/.pyenvhook.json"

    # virtualenvwrapper: $WORKON_HOME/NAME.
    make_venv "$HOME/.virtualenvs/shop"
    mkdir -p "$T/vew-proj"
    echo '{"venv": "~/.virtualenvs/shop"}' >"$T/vew-proj/.pyenvhook.json"

    # mise: _.python.venv = ".venv" with python 3.12 becomes this marker.
    make_project "$T/mise-proj" '{"venv": ".venv", "python": "3.12"}'

    local p
    for p in direnv-proj pyenv-proj vew-proj; do allow_project "$T/$p"; done

    for_each_shell layouts
}
