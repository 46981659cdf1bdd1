#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031 # scenario lines expand in the shell under test
# Prompt tools show the venv pyenvhook activated with no configuration, because they read
# what bin/activate sets: VIRTUAL_ENV (and the venv's pyvenv.cfg), VIRTUAL_ENV_PROMPT.
#
# starship runs as a child process of the shell, so it sees only exported variables; its
# python module names the venv by the "prompt" in $VIRTUAL_ENV/pyvenv.cfg, with quotes and
# parentheses trimmed, or else by the venv directory's name. oh-my-zsh's virtualenv plugin
# runs inside zsh and shows $VIRTUAL_ENV_PROMPT (a "(name) " form unwrapped) when
# VIRTUAL_ENV is set, or else the venv directory's name. Neither is packaged for Debian, so
# the tests below read the variables as each of them does, from a child process in every
# shell; liquidprompt is packaged, and runs for real in bash and zsh.

load test_helper

# allow_project DIR: once pyenvhook has `allow` (the trust branch), a venv that neither
# pyenvhook create nor make_project made must be allowed once, as its user would.
allow_project() {
    if "$PYENVHOOK" help allow >/dev/null 2>&1; then "$PYENVHOOK" allow "$1" >/dev/null; fi
}

setup() {
    common_setup
    # p1: made with --prompt, so pyvenv.cfg names it; p2: a bare .venv, no marker;
    # p3: the marker names the prompt, pyvenv.cfg does not; p4: the marker moves the venv.
    mkdir -p "$T/p1" "$T/p3" "$T/p4"
    echo '{}' >"$T/p1/.pyenvhook.json"
    "$PYH_PYTHON" -m venv --without-pip --prompt api "$T/p1/.venv"
    mkdir -p "$T/p2"
    make_venv "$T/p2/.venv"
    make_project "$T/p3" '{"prompt": "web"}'
    echo '{"venv": "env"}' >"$T/p4/.pyenvhook.json"
    make_venv "$T/p4/env"
    allow_project "$T/p1"
    allow_project "$T/p2"
    allow_project "$T/p4"
}

# What a child process of the shell sees: the environment starship reads.
CHILD='sh -c '\''printf "%s|%s|%s\n" "$PWD" "${VIRTUAL_ENV-}" "${VIRTUAL_ENV_PROMPT-}" >>"$PYH_OUT"'\'

# starship_name VIRTUAL_ENV: the name starship's python module shows.
starship_name() {
    [[ -n $1 ]] || return 0
    local p
    p=$(sed -n 's/^prompt *= *//p' "$1/pyvenv.cfg" 2>/dev/null | head -1)
    p=${p%\'} p=${p#\'} p=${p%\"} p=${p#\"} p=${p#(} p=${p%)}
    printf '%s' "${p:-${1##*/}}"
}

# omz_name VIRTUAL_ENV VIRTUAL_ENV_PROMPT: what oh-my-zsh's virtualenv_prompt_info shows.
omz_name() {
    [[ -n $1 ]] || return 0
    local p=$2
    if [[ $p == "("*") " ]]; then p=${p#(} p=${p%") "}; fi
    printf '%s' "${p:-${1##*/}}"
}

names_seen() {
    run_scenario "$1" 'cd $T/p1' "$CHILD" 'cd $T/p2' "$CHILD" 'cd $T/p3' "$CHILD" \
        'cd $T/p4' "$CHILD" 'cd $T' "$CHILD"
    local got=() dir ve vp
    while IFS='|' read -r dir ve vp; do
        got+=("${dir/#$T/@} starship=$(starship_name "$ve") omz=$(omz_name "$ve" "$vp")")
    done <"$PYH_OUT"
    output=$(printf '%s\n' "${got[@]}")
    # p3: the marker's prompt reaches VIRTUAL_ENV_PROMPT (oh-my-zsh, activate-style prompts,
    # init --prompt); starship reads pyvenv.cfg and shows the directory's name, as it does
    # for any venv made without --prompt (pyenvhook create --prompt writes both).
    expect_output "@/p1 starship=api omz=api
@/p2 starship=.venv omz=p2
@/p3 starship=.venv omz=web
@/p4 starship=env omz=env
@ starship= omz="
}

@test "starship's and oh-my-zsh's rules find the venv's name in what every shell exports" {
    for_each_shell names_seen
}

liquidprompt_shows() {
    # liquidprompt refuses TERM=dumb; its colours are stripped below.
    run_scenario "$1" 'TERM=xterm; LP_ENABLE_COLOR=0' \
        'source /usr/share/liquidprompt/liquidprompt' \
        'cd $T/p1' 'note "p1${LP_VENV-}"' 'cd $T/p2' 'note "p2${LP_VENV-}"' \
        'cd $T' 'note "out${LP_VENV-}"'
    output=$(sed -e 's/\\\[[^]]*\\\]//g; s/%{[^}]*%}//g' -e $'s/\e[^a-zA-Z]*[a-zA-Z]//g' <<<"$output")
    expect_output "p1 [api]
p2 [.venv]
out"
}

@test "liquidprompt, loaded after the hook, shows the venv on the first prompt after cd" {
    [[ -r /usr/share/liquidprompt/liquidprompt ]] || skip "liquidprompt is not installed"
    PYH_SHELLS=${PYH_SHELLS/fish/}
    for_each_shell liquidprompt_shows
}

# A prompt tool that comes after the hook, as every tool loaded before `init` does: it must
# see the user's last status, not the hook's, and the venv the hook just chose. A string
# PROMPT_COMMAND gets $? back only after the whole of it, and fish's --prompt wrapper runs
# the user's fish_prompt itself, so both depend on the hook handing the status on; bash's
# array form and zsh's precmd_functions give each entry the status afresh, so there the test
# guards the order (the venv seen).
TOOL_LINES=('note start' 'false' 'cd $T/p3; false' 'sh -c "exit 3"'
    'unsetenv VIRTUAL_ENV; sh -c "exit 4"' 'cd $T; false')
TOOL_WANT="rc=0 ve=
rc=1 ve=
rc=1 ve=@/p3/.venv
rc=3 ve=@/p3/.venv
rc=4 ve=@/p3/.venv
rc=1 ve="

# tool_sees SHELL: runs TOOL_LINES with the tool in PYH_PRE_INIT; what it saw from the prompt
# after "note start" on.
tool_sees() {
    run_scenario "$1" "${TOOL_LINES[@]}"
    [[ $output == *start$'\n'* ]] || { expect_output start; return 1; }
    output=${output#*start$'\n'}
    expect_output "$TOOL_WANT"
}

@test "bash: a PROMPT_COMMAND string set before init sees \$? and the venv after the hook" {
    # shellcheck disable=SC2016
    PYH_PRE_INIT='PROMPT_COMMAND='\''note "rc=$? ve=${VIRTUAL_ENV-}"'\' tool_sees bash
}

@test "bash: a PROMPT_COMMAND array set before init sees \$? and the venv after the hook" {
    # shellcheck disable=SC2016
    PYH_PRE_INIT='PROMPT_COMMAND=('\''note "rc=$? ve=${VIRTUAL_ENV-}"'\'')' tool_sees bash
}

@test "zsh: a precmd function registered before init runs after the hook and sees \$? and the venv" {
    # shellcheck disable=SC2016
    PYH_PRE_INIT='rc_tool() { note "rc=$? ve=${VIRTUAL_ENV-}"; }; precmd_functions=(rc_tool)' \
        tool_sees zsh
}

@test "fish: with init --prompt, the user's fish_prompt still sees \$status and the venv" {
    # shellcheck disable=SC2016
    PYH_INIT_ARGS=--prompt PYH_PRE_INIT='function fish_prompt; note "rc=$status ve=$VIRTUAL_ENV"; printf "\$ "; end' \
        tool_sees fish
}
