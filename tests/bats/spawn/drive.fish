# Drives the hook in fish for spawn.bats; the same steps and marks as drive.sh, which says
# what they are for. Builtins only: no `seq`, no external `test`.

$PYENVHOOK init fish | source

function mark
    true >$T/mark/$argv[1]
end
function step
    cd $argv[1]; or exit 1
    _pyenvhook_hook
end
function want
    set -l ve '<unset>'
    set -q VIRTUAL_ENV; and set ve $VIRTUAL_ENV
    if test "$VIRTUAL_ENV" != "$argv[2]"
        printf '%s: VIRTUAL_ENV=%s, wanted %s\n' $argv[1] $ve "$argv[2]" >>$T/errors.fish
    end
end
# rounds: N words for a `for` loop, made without an external command.
set -l rounds (string split '' -- (string repeat -n $N x))

step $T/plain
mark b.idle-plain
for i in $rounds
    _pyenvhook_hook
end
mark e.idle-plain
want idle-plain ''

mark b.cd-plain
for i in $rounds
    step $T/plain/a
    step $T/plain/b
    step /
end
mark e.cd-plain
want cd-plain ''

for i in $rounds
    step $T/plain
    mark b.enter
    step $T/proj
    mark e.enter
    want enter $T/proj/.venv
    mark b.leave
    step $T/plain
    mark e.leave
    want leave ''
end

step $T/proj
mark b.idle-proj
for i in $rounds
    _pyenvhook_hook
end
mark e.idle-proj
want idle-proj $T/proj/.venv

mark b.cd-within
for i in $rounds
    step $T/proj/sub
    step $T/proj/sub/deeper
    step $T/proj
end
mark e.cd-within
want cd-within $T/proj/.venv

for i in $rounds
    mark b.switch
    step $T/other/src
    mark e.switch
    want switch $T/other/.venv
    mark b.switch
    step $T/proj/sub
    mark e.switch
    want switch $T/proj/.venv
end
true >$T/done.fish
