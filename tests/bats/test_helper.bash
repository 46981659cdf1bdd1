# Shared set-up for the bats suites, in the manner of rbenv's test/test_helper.bash: each test
# gets a throwaway HOME with its XDG directories, a minimal PATH without ~/.pyenv shims, and
# no venv state leaking in from the shell that runs the suite.
#
# PYENVHOOK names the binary under test (scripts/test sets it; the ASan build runs the same
# suites with its own binary).

: "${PYENVHOOK:?set PYENVHOOK to the pyenvhook binary under test}"
PYH_SRC=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
# The shells a scenario runs in; PYH_SHELLS narrows it when chasing one shell's failure.
PYH_SHELLS=${PYH_SHELLS:-bash zsh fish}

common_setup() {
    export T="$BATS_TEST_TMPDIR"
    export HOME="$T/home"
    export XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
    export XDG_DATA_HOME="$HOME/.local/share" XDG_STATE_HOME="$HOME/.local/state"
    mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
    export PATH="/usr/local/bin:/usr/bin:/bin"
    export TERM=dumb LC_ALL=C.UTF-8
    unset VIRTUAL_ENV VIRTUAL_ENV_PROMPT VIRTUAL_ENV_DISABLE_PROMPT PYTHONHOME PROMPT_COMMAND
    unset _PYENVHOOK_VENV _PYENVHOOK_PYTHONHOME _PYENVHOOK_PROMPT_OLD _PYENVHOOK_HOOK
    unset PYENV_VERSION ENV BASH_ENV ZDOTDIR
    cd "$T" || return 1
}

setup() {
    common_setup
}

# The Python the venvs in these tests are made with: Debian's, which every machine has.
PYH_PYTHON=${PYH_PYTHON:-/usr/bin/python3}

# make_untrusted_venv DIR: a real venv made by `python -m venv`, without pip (seconds saved
# per test; the hook only needs pyvenv.cfg, bin/ and a working python in it), and not allowed.
make_untrusted_venv() {
    "$PYH_PYTHON" -m venv --without-pip "$@"
}

# make_venv DIR: the same, and when DIR is a project's .venv, that project is allowed, as the
# user would do once (a marker written afterwards needs its own `"$PYENVHOOK" allow`).
make_venv() {
    make_untrusted_venv "$@"
    local dir
    for dir in "$@"; do
        if [[ ${dir##*/} == .venv ]]; then "$PYENVHOOK" -q allow "${dir%/*}" >/dev/null; fi
    done
}

# make_project DIR [MARKER-JSON]: a project with a marker and a venv at DIR/.venv, allowed.
make_project() {
    mkdir -p "$1"
    printf '%s' "${2-{\}}" >"$1/.pyenvhook.json"
    make_untrusted_venv "$1/.venv"
    "$PYENVHOOK" -q allow "$1" >/dev/null
}

# run_scenario SHELL LINE...: types each line into a real interactive SHELL (no rc files, the
# hook loaded with `pyenvhook init`, after the lines in $PYH_PRE_INIT if any), one prompt per
# line, then exits. The scenario records
# what it sees with the prelude's `probe` functions into $PYH_OUT; that file, with $T shown
# as @, becomes $output. The shell's own stdout and stderr end up in $PYH_TTY.
run_scenario() {
    local sh=$1
    shift
    export PYH_OUT="$T/probe.$sh" PYH_TTY="$T/tty.$sh"
    : >"$PYH_OUT"
    local input="$T/input.$sh"
    {
        case $sh in
        fish) printf 'source %q\n' "$PYH_SRC/tests/bats/prelude/prelude.fish" ;;
        *) printf 'source %q\n' "$PYH_SRC/tests/bats/prelude/prelude.sh" ;;
        esac
        # What a user's rc file does before it loads the hook (a prompt tool, a cd function,
        # zoxide).
        if [[ -n ${PYH_PRE_INIT-} ]]; then printf '%s\n' "$PYH_PRE_INIT"; fi
        # After it, on the same line, $PYH_POST_INIT: what the rc file does after loading the
        # hook, read before the first prompt as a whole rc file is.
        # shellcheck disable=SC2016 # written for the shell under test to expand
        case $sh in
        fish) printf '%s init fish %s | source' "$PYENVHOOK" "${PYH_INIT_ARGS-}" ;;
        *) printf 'eval "$(%s init %s %s)"' "$PYENVHOOK" "$sh" "${PYH_INIT_ARGS-}" ;;
        esac
        printf '%s\n' "${PYH_POST_INIT:+; $PYH_POST_INIT}"
        printf '%s\n' "$@"
        printf 'exit\n'
    } >"$input"
    local rc=0
    case $sh in
    bash) timeout 60 bash --norc --noprofile -i <"$input" >"$PYH_TTY" 2>&1 || rc=$? ;;
    zsh) timeout 60 zsh -f -i <"$input" >"$PYH_TTY" 2>&1 || rc=$? ;;
    fish)
        # fish fires fish_prompt only when it reads a terminal, so it gets a real pty.
        timeout 60 script -qfec "fish --no-config -i" /dev/null <"$input" >"$PYH_TTY" 2>&1 ||
            rc=$?
        ;;
    esac
    if [[ $rc == 124 ]]; then
        echo "$sh: timed out; its terminal said:" >&2
        tail -20 "$PYH_TTY" >&2
        return 1
    fi
    output=$(sed "s|$T|@|g" "$PYH_OUT")
    # shellcheck disable=SC2034 # bats' own variable, read by the tests
    status=$rc
}

# for_each_shell FN: runs FN SHELL for each shell in PYH_SHELLS, naming the shell that failed.
for_each_shell() {
    local sh
    for sh in $PYH_SHELLS; do
        if ! "$1" "$sh"; then
            echo "in $sh" >&2
            return 1
        fi
    done
}

# expect_output TEXT: $output must be exactly TEXT; on a difference, show both.
expect_output() {
    if [[ $output != "$1" ]]; then
        diff -u <(printf '%s\n' "$1") <(printf '%s\n' "$output") | sed 's/^/  /' >&2
        echo "  (--- wanted, +++ got; the terminal's last lines follow)" >&2
        tail -15 "${PYH_TTY:-/dev/null}" 2>/dev/null | sed 's/^/  | /' >&2
        return 1
    fi
}

# count_in_tty TEXT: how often TEXT appears in what the shell printed.
count_in_tty() {
    grep -o -F -- "$1" "$PYH_TTY" | wc -l
}

# need_neighbour: a second local account, pyh-neighbour, for the tests of what another user
# can do (made once per machine; useradd gives it a private group of its own name), and a
# group pyh-shared that it is a member of. Needs root to make them: skips with a line
# otherwise.
need_neighbour() {
    if [[ $EUID != 0 ]]; then
        skip "needs root, to add the second account pyh-neighbour"
    fi
    local PATH=$PATH:/usr/sbin:/sbin
    getent passwd pyh-neighbour >/dev/null ||
        accounts useradd --no-create-home --shell /bin/sh pyh-neighbour 2>/dev/null ||
        getent passwd pyh-neighbour >/dev/null
    getent group pyh-shared >/dev/null || accounts groupadd pyh-shared 2>/dev/null ||
        getent group pyh-shared >/dev/null
    id -nG pyh-neighbour | grep -qw pyh-shared || accounts usermod -aG pyh-shared pyh-neighbour
}

# accounts CMD...: runs a change to the machine's accounts (useradd, usermod, userdel...)
# while holding one lock: scripts/test runs bats files side by side, and these commands give
# up, rather than wait their turn, when another one holds the lock on /etc/passwd.
accounts() {
    flock /run/lock/pyenvhook-test-accounts "$@"
}

# as_neighbour CMD...: runs CMD as pyh-neighbour, as that account would.
as_neighbour() {
    setpriv --reuid=pyh-neighbour --regid=pyh-neighbour --init-groups -- "$@"
}

# traced STRACE-ARGS...: strace, with LeakSanitizer off in the sanitizer pass: it cannot run
# under ptrace, and at exit it starts a thread of its own, which a test counting clones would
# see. AddressSanitizer's other checks still run.
traced() {
    ASAN_OPTIONS="${ASAN_OPTIONS-}${ASAN_OPTIONS:+:}detect_leaks=0" strace "$@"
}

# hook_bin CMD...: the program that the bash hook CMD prints (an `init bash`) calls, as a bash
# that ran it sees it: the hook is one quoted word in init's output (shell/bash-guard.sh).
hook_bin() {
    local code
    code=$("$@") || return
    bash --norc --noprofile -c 'eval "$1" && printf "%s\n" "$_pyenvhook_bin"' _ "$code"
}

# tools_offline: the real Poetry, Pipenv, PDM and virtualenv, kept offline: no index, and
# venvs without pip, setuptools or wheel (nothing to download), no prompts or spinners.
tools_offline() {
    export PIP_NO_INDEX=1 VIRTUALENV_NO_PIP=1 VIRTUALENV_NO_SETUPTOOLS=1 VIRTUALENV_NO_WHEEL=1
    export POETRY_VIRTUALENVS_OPTIONS_NO_PIP=true POETRY_VIRTUALENVS_OPTIONS_NO_SETUPTOOLS=true
    export PIPENV_YES=1 PIPENV_NOSPIN=1 PDM_CHECK_UPDATE=false
}

# need TOOL: skips the test, saying so, when TOOL is not installed.
need() {
    command -v "$1" >/dev/null || skip "$1 is not installed (scripts/deps installs it)"
}
