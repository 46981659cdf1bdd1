#!/usr/bin/env bats
# The hook in real interactive nushell (a pty, as pre_prompt hooks need a prompt), with the
# file `pyenvhook init nu` prints saved and sourced from config.nu: the scenario list that
# every shell's file shares, by the same names. Paths are typed as nushell raw strings.

load test_helper
load helper_nu

setup() {
    common_setup
    command -v nu >/dev/null || skip "needs nushell (scripts/deps installs it from npm)"
    make_project "$T/proj"
    mkdir -p "$T/proj/sub/deeper" "$T/plain"
    BASE="/usr/local/bin:/usr/bin:/bin"
    NONE="PROMPT=<unset> PYTHONHOME=<unset>"
}

@test "activates from a subdirectory" {
    run_nu "cd $(nu_str "$T/plain")" 'probe plain' "cd $(nu_str "$T/proj/sub/deeper")" \
        'probe deeper' 'python3 -c "import sys; print(sys.prefix)" | save -a $env.PYH_OUT'
    expect_output "plain VIRTUAL_ENV=<unset> $NONE PATH=$BASE
deeper VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
@/proj/.venv"
}

@test "works placed in the vendor autoload directory" {
    PYH_NU_AUTOLOAD=1 run_nu "cd $(nu_str "$T/proj/sub")" 'probe sub' 'cd /' 'probe out'
    expect_output "sub VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
}

@test "sourcing it twice registers one hook" {
    PYH_PRE_INIT="source $(nu_str "$HOME/.cache/pyenvhook.nu")" run_nu \
        'note ($env.config.hooks.pre_prompt | length)' "cd $(nu_str "$T/proj")" 'probe proj'
    expect_output "1
proj VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "sourcing prints nothing, in a bare nu as in config.nu" {
    "$PYENVHOOK" init nu >"$T/hook.nu"
    run nu -n --no-std-lib -c "source $(nu_str "$T/hook.nu")"
    [[ $status == 0 && -z $output ]]
}

@test "a PATH made a string (nushell 0.101's trap) is a list again, the venv in front" {
    run_nu '$env.PATH = ($env.PATH | str join (char esep))' "cd $(nu_str "$T/proj")" 'probe in' \
        'cd /' 'probe out'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
    # nushell 0.108 makes PATH a list again before each prompt; within a command it stays a
    # string, as it was in 0.101 at the prompt too: the hook's own enter and leave.
    run nu -n -c "source $(nu_str "$HOME/.cache/pyenvhook.nu")
\$env.PATH = (\$env.PATH | str join (char esep))
_pyenvhook_enter /v/env env
let on = (\$env.PATH | describe) + ' ' + (\$env.PATH | str join ':')
\$env.PATH = (\$env.PATH | str join (char esep))
_pyenvhook_leave
print \$on ((\$env.PATH | describe) + ' ' + (\$env.PATH | str join ':'))"
    expect_output "list<string> /v/env/bin:$BASE
list<string> $BASE"
}

@test "switches between projects" {
    make_project "$T/other"
    run_nu "cd $(nu_str "$T/proj")" "cd $(nu_str "$T/other")" 'probe other' \
        "cd $(nu_str "$T/proj/sub")" 'probe proj'
    expect_output "other VIRTUAL_ENV=@/other/.venv PROMPT=other PYTHONHOME=<unset> PATH=@/other/.venv/bin:$BASE
proj VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "innermost project wins" {
    make_project "$T/proj/sub/inner"
    run_nu "cd $(nu_str "$T/proj/sub/inner")" 'probe inner' 'cd ..' 'probe outer'
    expect_output "inner VIRTUAL_ENV=@/proj/sub/inner/.venv PROMPT=inner PYTHONHOME=<unset> PATH=@/proj/sub/inner/.venv/bin:$BASE
outer VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "leaving restores the environment exactly" {
    run_nu '$env.PYTHONHOME = "/opt/py"' '$env.VIRTUAL_ENV_PROMPT = "keep"' \
        "cd $(nu_str "$T/proj")" 'probe in' 'cd /' 'probe out' \
        'hide-env PYTHONHOME VIRTUAL_ENV_PROMPT' "cd $(nu_str "$T/proj")" 'cd /' 'probe unset'
    expect_output "in VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=keep PYTHONHOME=/opt/py PATH=$BASE
unset VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
}

@test "keeps the user's PATH edit on leave, and PATH a list" {
    run_nu "cd $(nu_str "$T/proj")" '$env.PATH = ($env.PATH | prepend /added | append /tail)' \
        'cd /' 'probe out'
    expect_output "out VIRTUAL_ENV=<unset> $NONE PATH=/added:$BASE:/tail"
}

@test "untrusted project: one line, not activated" {
    mkdir -p "$T/evil/sub"
    printf '{}' >"$T/evil/.pyenvhook.json"
    make_untrusted_venv "$T/evil/.venv"
    run_nu "cd $(nu_str "$T/evil")" 'probe evil' 'cd sub' "cd $(nu_str "$T/evil")" 'probe again'
    expect_output "evil VIRTUAL_ENV=<unset> $NONE PATH=$BASE
again VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
    [[ $(count_in_tty "not allowed") == 1 ]] || { cat "$PYH_TTY" >&2; false; }
}

@test "hostile directory names execute nothing" {
    local d i=0 lines=() want=""
    for d in "a'b" 'c$(touch $T/ran)' 'd`touch $T/ran`' 'e"f' 'g#h' 'i!j' 'k l' 'm(touch ran)' \
        'n{ls}' 'o;p' 'q\r'; do
        make_project "$T/$d"
        i=$((i + 1))
        lines+=("cd $(nu_str "$T/$d")" "probe $i")
        want+="$i VIRTUAL_ENV=@/$d/.venv PROMPT=${d##*/} PYTHONHOME=<unset> PATH=@/$d/.venv/bin:$BASE"$'\n'
    done
    run_nu "${lines[@]}" 'cd /' 'probe out'
    [[ ! -e $T/ran && ! -e /ran ]]
    expect_output "${want}out VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
}

@test "marker edited and venv recreated while inside" {
    make_untrusted_venv "$T/proj/alt"
    run_nu "cd $(nu_str "$T/proj")" 'probe before' \
        "'{\"venv\": \"alt\"}' | save -f .pyenvhook.json" 'probe edited' \
        'pyenvhook -q allow .' 'probe allowed' \
        'rm -r alt' 'probe removed' "^$PYH_PYTHON -m venv --without-pip alt" 'probe recreated'
    # The edit is seen at the next prompt: a changed marker is not allowed until allowed again.
    expect_output "before VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
edited VIRTUAL_ENV=<unset> $NONE PATH=$BASE
allowed VIRTUAL_ENV=@/proj/alt PROMPT=alt PYTHONHOME=<unset> PATH=@/proj/alt/bin:$BASE
removed VIRTUAL_ENV=<unset> $NONE PATH=$BASE
recreated VIRTUAL_ENV=@/proj/alt PROMPT=alt PYTHONHOME=<unset> PATH=@/proj/alt/bin:$BASE"
}

@test "hand-activated venv left alone" {
    make_venv "$T/manual/.venv"
    run_nu "\$env.VIRTUAL_ENV = $(nu_str "$T/manual/.venv")" \
        "\$env.PATH = (\$env.PATH | prepend $(nu_str "$T/manual/.venv/bin"))" \
        "cd $(nu_str "$T/proj")" 'probe proj' \
        'hide-env VIRTUAL_ENV; $env.PATH = ($env.PATH | skip 1)' "cd $(nu_str "$T/proj/sub")" 'probe after'
    expect_output "proj VIRTUAL_ENV=@/manual/.venv $NONE PATH=@/manual/.venv/bin:$BASE
after VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "user's own hook still runs" {
    PYH_PRE_INIT='$env.config.hooks.pre_prompt = [{|| "user-pre\n" | save -a $env.PYH_OUT }]
$env.config.hooks.env_change = {PWD: [{|before, after| "user-pwd\n" | save -a $env.PYH_OUT }]}'
    run_nu "cd $(nu_str "$T/proj")" 'probe proj'
    # nushell itself runs env_change.PWD at the first prompt too.
    expect_output "user-pwd
user-pre
user-pwd
user-pre
proj VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
user-pre"
}

@test "exit status kept" {
    mkdir -p "$T/broken"
    printf '{' >"$T/broken/.pyenvhook.json"
    # The binary runs at the prompt after each cd, and fails in the broken project.
    run_nu '^false' 'probe_status' "cd $(nu_str "$T/proj"); ^sh -c 'exit 3'" 'probe_status' \
        "cd $(nu_str "$T/broken"); ^sh -c 'exit 4'" 'probe_status' 'probe broken'
    expect_output "status 1
status 3
status 4
broken VIRTUAL_ENV=<unset> $NONE PATH=$BASE"
}

@test "child shell inherits and restores" {
    local w='| save -a $env.PYH_OUT'
    run_nu "cd $(nu_str "$T/proj")" \
        "^nu -n -c $(nu_str "source $HOME/.cache/pyenvhook.nu; _pyenvhook_hook; \$\"child (\$env.VIRTUAL_ENV) (\$env.PATH | str join ':')\\n\" $w; cd /; _pyenvhook_hook; \$\"child-left ('VIRTUAL_ENV' in \$env) (\$env.PATH | str join ':')\\n\" $w")" \
        'probe parent'
    expect_output "child @/proj/.venv @/proj/.venv/bin:$BASE
child-left false $BASE
parent VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "off and on act at once" {
    run_nu "cd $(nu_str "$T/proj")" 'pyenvhook off' 'probe off' 'cd sub' 'probe still-off' \
        'pyenvhook on' 'probe on'
    expect_output "off VIRTUAL_ENV=<unset> $NONE PATH=$BASE
still-off VIRTUAL_ENV=<unset> $NONE PATH=$BASE
on VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE"
}

@test "create activates at once" {
    mkdir -p "$T/new"
    run_nu "cd $(nu_str "$T/new")" "pyenvhook -q create --python $PYH_PYTHON --without-pip" \
        'probe made'
    expect_output "made VIRTUAL_ENV=@/new/.venv PROMPT=new PYTHONHOME=<unset> PATH=@/new/.venv/bin:$BASE"
}

@test "--prompt shows the name" {
    PYH_INIT_ARGS=--prompt run_nu "cd $(nu_str "$T/proj")" 'note (do $env.PROMPT_COMMAND)' 'cd /' \
        'note (do $env.PROMPT_COMMAND)'
    expect_output '(proj) NUPROMPT> 
NUPROMPT> '
}

@test "status knows the hook is loaded, and its output is a pipeline's" {
    run_nu "cd $(nu_str "$T/proj")" \
        'pyenvhook status --json | from json | $"hook=($in.hook) active=($in.active? | is-not-empty)\n" | save -a $env.PYH_OUT' \
        'pyenvhook nosuch' 'probe_status'
    expect_output "hook=nu active=true
status 2"
}

@test "quoting: hostile words come back byte for byte through nushell" {
    run python3 "$PYH_SRC/tests/bats/tools/quote_fuzz.py" "$PYENVHOOK" nu "$T/fuzz" 1000
    echo "$output"
    # Each word read as code and as the hook reads it; every one that is not UTF-8 refused.
    [[ $status == 0 && ${lines[-1]} == "nu: 2000 strings, 0 wrong, 580 refused (seed 4)" ]]
}

@test "a path nushell cannot hold is refused in one line, not mis-named" {
    # Python cannot make a venv there, so it is made elsewhere and moved.
    local d=$T/ok/$'x\xffy'
    mkdir -p "$T/ok"
    make_untrusted_venv "$T/ok/v"
    mv "$T/ok/v" "$d"
    printf '{"venv": "%s"}' "$d" >"$T/ok/.pyenvhook.json"
    "$PYENVHOOK" -q allow "$T/ok"
    cd "$T/ok"
    run "$PYENVHOOK" export nu
    [[ $(grep -c '^\["_pyenvhook_enter"' <<<"$output") == 0 ]]
    [[ $(grep -c '^\["_pyenvhook_cannot", "_pyenvhook_enter", ' <<<"$output") == 1 ]] || {
        echo "$output" >&2
        false
    }
}

# Counts what the interactive nushell starts (strace -f) between mark files that the shell
# itself writes with its own save: processes (a clone without CLONE_THREAD, fork, vfork),
# execve, and threads (nushell's ls would start one a call), in three stretches: idle
# prompts and cd between directories of no project; entering a project; cd and idle
# prompts inside it.
@test "idle prompt and cd start no process" {
    command -v strace >/dev/null || skip "needs strace"
    mkdir -p "$T/plain/a" "$T/mark"
    local m=$T/mark
    PYH_NU_WRAP=(env "ASAN_OPTIONS=${ASAN_OPTIONS-}${ASAN_OPTIONS:+:}detect_leaks=0"
        strace -f -qq -e trace=%file,%process -o "$T/trace")
    run_nu "cd $(nu_str "$T/plain")" "'' | save -f $m/b.idle" '' '' '' \
        "cd $(nu_str "$T/plain/a")" "cd $(nu_str "$T/plain")" 'cd /' "cd $(nu_str "$T")" \
        "'' | save -f $m/e.plain" "cd $(nu_str "$T/proj")" "'' | save -f $m/e.enter" \
        'cd sub' 'cd deeper' "cd $(nu_str "$T/proj")" '' '' 'probe inside' \
        "'' | save -f $m/e.within"
    awk -v m="$m" '
        /O_CREAT/ && index($0, m "/b.idle") { on = 1; next }
        /O_CREAT/ && index($0, m "/e.") {
            match($0, /e\.[a-z]+/); print substr($0, RSTART + 2, RLENGTH - 2), p + 0, x + 0, t + 0
            p = x = t = 0; next
        }
        on && /(clone3?|v?fork)\(/ { if (/CLONE_THREAD/) t++; else p++ }
        on && /execve\(/ { x++; if (index($0, bin)) b++ }
        END { print "binary", b + 0 }' bin="$PYENVHOOK" "$T/trace" >"$T/counts"
    cat "$T/counts"
    [[ $output == "inside VIRTUAL_ENV=@/proj/.venv "* ]]
    # stretch, processes, execve, threads: entering runs the binary once, and nothing else
    # (with the two threads nushell's complete reads its output with).
    [[ $(cat "$T/counts") == "plain 0 0 0
enter 1 1 2
within 0 0 0
binary 1" ]]
}

@test "env nu: records that nushell applies, PATH a list" {
    cd "$T/proj/sub"
    run nu -n -c "\$env.PYTHONHOME = 'x'
for r in (^$PYENVHOOK env nu | lines | each { from nuon }) {
    let k = (\$r | columns | first)
    if (\$r | get \$k) == null { hide-env -i \$k } else { load-env \$r }
}
print \$env.VIRTUAL_ENV (\$env.PATH | describe) (\$env.PATH | str join ':') ('PYTHONHOME' in \$env)"
    expect_output "$T/proj/.venv
list<string>
$T/proj/.venv/bin:$BASE
false"
}
