# shellcheck shell=sh
# The frame `pyenvhook init bash` puts around shell/hook.bash, rendered and quoted as the one
# word that the eval at the end runs. The hook is written for bash 4.4 and later ([[ -v NAME ]]
# is a syntax error before 4.2, ${NAME@a} a bad substitution before 4.4), and macOS's
# /bin/bash is 3.2: an older bash would stop at the first function it cannot parse, half
# loaded. So this frame is plain POSIX sh, which every bash and every sh parses, and the hook
# is parsed only by a bash that can run it; any other shell gets one line and is left exactly
# as it was.
case ${BASH_VERSION-} in
'')
    command printf '%s\n' "pyenvhook: init bash: this shell is not bash; the hook is not loaded (pyenvhook init SHELL names yours)" >&2
    command false
    ;;
[0-3].* | 4.[0-3].*)
    # shellcheck disable=SC2016 # the names are meant literally
    command printf 'pyenvhook: bash %s is too old for the hook: it needs 4.4 or later (it uses ${NAME@a} and [[ -v NAME ]]); the hook is not loaded\n' "${BASH_VERSION%.*}" >&2
    command false
    ;;
*) builtin eval @PYENVHOOK_HOOK@ ;;
esac
