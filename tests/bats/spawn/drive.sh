# shellcheck shell=bash
# Drives the hook in bash or zsh for spawn.bats, which runs this under strace: the hook is
# loaded with `pyenvhook init`, then each step is a cd followed by the call the next prompt
# makes. Around each kind of step the script opens $T/mark/b.NAME and $T/mark/e.NAME, so the
# trace shows which processes each kind started. Nothing here but the hook and `init` may
# start a process: builtins only.
#
# Reads PYENVHOOK, SH (bash or zsh), T (with proj/, other/, plain/ made) and N (rounds).
# A wrong venv at any point is written to $T/errors.$SH.

eval "$("$PYENVHOOK" init "$SH")"

mark() { : >"$T/mark/$1"; }
step() {
    builtin cd -- "$1" || exit 1
    _pyenvhook_hook
}
want() {
    if [[ ${VIRTUAL_ENV-} != "$2" ]]; then
        builtin printf '%s: VIRTUAL_ENV=%s, wanted %s\n' "$1" "${VIRTUAL_ENV-<unset>}" "$2" \
            >>"$T/errors.$SH"
    fi
}

step "$T/plain"
mark b.idle-plain
for ((i = 0; i < N; i++)); do _pyenvhook_hook; done
mark e.idle-plain
want idle-plain ""

mark b.cd-plain
for ((i = 0; i < N; i++)); do
    step "$T/plain/a"
    step "$T/plain/b"
    step /
done
mark e.cd-plain
want cd-plain ""

for ((i = 0; i < N; i++)); do
    step "$T/plain"
    mark b.enter
    step "$T/proj"
    mark e.enter
    want enter "$T/proj/.venv"
    mark b.leave
    step "$T/plain"
    mark e.leave
    want leave ""
done

step "$T/proj"
mark b.idle-proj
for ((i = 0; i < N; i++)); do _pyenvhook_hook; done
mark e.idle-proj
want idle-proj "$T/proj/.venv"

mark b.cd-within
for ((i = 0; i < N; i++)); do
    step "$T/proj/sub"
    step "$T/proj/sub/deeper"
    step "$T/proj"
done
mark e.cd-within
want cd-within "$T/proj/.venv"

for ((i = 0; i < N; i++)); do
    mark b.switch
    step "$T/other/src"
    mark e.switch
    want switch "$T/other/.venv"
    mark b.switch
    step "$T/proj/sub"
    mark e.switch
    want switch "$T/proj/.venv"
done
: >"$T/done.$SH"
