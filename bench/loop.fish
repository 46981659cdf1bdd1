# One tool's hook in fish, timed by bench/hook-cost; the same loops as loop.sh, which says
# what they are. A prompt is `emit fish_prompt`, which runs every tool's prompt handler; a
# cd runs the --on-variable PWD handlers by itself. fish has no clock variable, so each loop
# runs under `time`.

eval $BENCH_LOAD

function to
    cd $argv[1]; or exit 1
    emit fish_prompt
end
function want
    test "$BENCH_CHECK" = 0; and return 0 # the baseline activates nothing
    set -l ve '<unset>'
    set -q VIRTUAL_ENV; and test -n "$VIRTUAL_ENV"; and set ve $VIRTUAL_ENV
    if test -z "$argv[2]"
        test "$ve" = '<unset>'; and return 0
    else if string match -q -- "$argv[2]*" "$ve"
        return 0
    end
    printf 'wrong %s: VIRTUAL_ENV=%s, wanted %s\n' $argv[1] $ve "$argv[2]"
end

function idle
    emit fish_prompt
end
function within
    to $BENCH_T/proj/sub
    to $BENCH_T/proj
end
function plain
    to $BENCH_T/plain/a
    to $BENCH_T/plain/b
end
function enter
    to $BENCH_T/proj
    to $BENCH_T/plain
end
function switch_
    to $BENCH_T/proj
    to $BENCH_T/other
end

# timed NAME ROUNDS FUNCTION: twice to warm up, then BENCH_REPEAT times ROUNDS times under
# `time`. Its report goes to fish's own stderr whatever the redirections, so this prints
# "NAME - ROUNDS" and bench/hook-cost pairs each with the next "Executed in" there.
function timed --argument-names name n body
    $body
    $body
    set -l rounds (string split '' -- (string repeat -n $n x))
    for r in (string split '' -- (string repeat -n $BENCH_REPEAT x))
        set -q BENCH_MARK[1]; and true >$BENCH_MARK.$name.b
        time for i in $rounds
            $body
        end
        set -q BENCH_MARK[1]; and true >$BENCH_MARK.$name.e
        printf '%s - %s\n' $name $n
    end
end

to $BENCH_T/plain
to $BENCH_T/proj
want enter $BENCH_VENV_PROJ
timed idle $BENCH_N_IDLE idle
timed within $BENCH_N_WITHIN within
want within $BENCH_VENV_PROJ
to $BENCH_T/plain
want leave ''
timed plain $BENCH_N_PLAIN plain
timed enter $BENCH_N_ENTER enter
want enter+leave ''
timed switch $BENCH_N_SWITCH switch_
want switch $BENCH_VENV_OTHER
