# shellcheck shell=bash
# bash completion for pyenvhook.
#
# meson installs this as "pyenvhook" in bash-completion's completionsdir, where its loader
# finds it the first time the user presses Tab after "pyenvhook". It uses nothing from
# bash-completion itself, so sourcing it from ~/.bashrc works too.

# Every command a person types; `export` is left out, as `pyenvhook --help` leaves it out.
_pyenvhook_commands='allow create deny env exec help init list off on prune python status use which'

# _pyenvhook_reply WORDLIST: the words of WORDLIST that start with $cur.
_pyenvhook_reply() {
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# Directories under what is typed so far; readline adds the slash and quotes what needs it.
# Hidden ones only when a dot is typed, as zsh and fish do.
_pyenvhook_dirs() {
    local d
    compopt -o filenames 2>/dev/null
    while IFS= read -r d; do
        [[ ${d##*/} == .* && ${cur##*/} != .* ]] || COMPREPLY+=("$d")
    done < <(compgen -d -- "$cur")
}

# The interpreter versions `pyenvhook python list --cached` reports (what is cached, so that
# no interpreter runs and a hanging one cannot stall the prompt), as whole words of its output,
# with each version's major.minor too (--python takes either). Nothing when the command is
# missing or fails: completion must never print an error into the command line.
_pyenvhook_pythons() {
    local out line w
    local -a words
    local -A seen=()
    out=$("$1" python list --cached 2>/dev/null) || return 0
    while IFS= read -r line; do
        read -ra words <<<"$line"
        for w in "${words[@]}"; do
            [[ $w =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?([a-z]+[0-9]*)?$ ]] || continue
            [[ $w =~ ^[0-9]+\.[0-9]+ ]] && seen[${BASH_REMATCH[0]}]=1
            seen[$w]=1
        done
    done <<<"$out"
    for w in "${!seen[@]}"; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
    return 0
}

_pyenvhook() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=''
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local i w cmd='' at=0
    COMPREPLY=()
    # The command is the first word after the global options.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        -q | --quiet) ;;
        *)
            cmd=$w
            at=$i
            break
            ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            _pyenvhook_reply '--quiet -q --help -h --version -V'
        else
            _pyenvhook_reply "$_pyenvhook_commands"
        fi
        return 0
    fi

    # The arguments already typed after the command that are not options (nor an option's
    # value), so that a command taking one operand is not offered a second.
    local -a args=()
    for ((i = at + 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        --python | --prompt) [[ $cmd == create ]] && ((i++)) ;; # init's --prompt is a flag
        -C) ((i++)) ;;
        --) [[ $cmd == exec ]] && args+=(--) ;;
        -*) ;;
        *) args+=("$w") ;;
        esac
    done

    case $cmd in
    create)
        case $prev in
        --python)
            _pyenvhook_pythons "${COMP_WORDS[0]}"
            return 0
            ;;
        --prompt) return 0 ;; # free text
        esac
        if [[ $cur == -* ]]; then
            _pyenvhook_reply '--python --system-site-packages --prompt --without-pip --force'
        elif ((${#args[@]} == 0)); then
            _pyenvhook_dirs
        fi
        ;;
    allow | deny | use)
        if [[ $cur != -* ]] && ((${#args[@]} == 0)); then _pyenvhook_dirs; fi
        ;;
    init | export)
        # Once the shell is named, the options not given yet are all that is left, as zsh
        # offers them.
        if [[ $cur == -* ]] || ((${#args[@]})); then
            if [[ $cmd == init ]]; then
                local o left=
                for o in --prompt --no-cd; do
                    [[ " ${COMP_WORDS[*]:at:COMP_CWORD-at} " == *" $o "* ]] || left+=" $o"
                done
                _pyenvhook_reply "$left"
            fi
        else
            _pyenvhook_reply 'bash zsh fish'
        fi
        ;;
    exec | env | which)
        if [[ $prev == -C ]]; then
            _pyenvhook_dirs
        elif [[ $cmd == exec && ${#args[@]} -gt 0 && (${args[0]} != -- || ${#args[@]} -gt 1) ]]; then
            # CMD is typed: its arguments are files, as bash completes them by default.
            compopt -o default 2>/dev/null
        elif [[ $cur == -* && ${args[0]-} != -- ]]; then
            case $cmd in
            exec) _pyenvhook_reply '-C --script --no-project-ok --' ;;
            env) _pyenvhook_reply '-C --json --no-project-ok' ;;
            which) _pyenvhook_reply '-C --no-project-ok' ;;
            esac
        elif ((${#args[@]} == 0)) || [[ $cmd == exec ]]; then
            case $cmd in
            exec) mapfile -t COMPREPLY < <(compgen -c -- "$cur") ;;
            env) _pyenvhook_reply 'bash zsh fish' ;;
            which) mapfile -t COMPREPLY < <(compgen -c -- "$cur") ;;
            esac
        fi
        ;;
    help)
        ((${#args[@]} == 0)) && _pyenvhook_reply "$_pyenvhook_commands"
        ;;
    list | status)
        _pyenvhook_reply '--json'
        ;;
    python)
        if ((${#args[@]} == 0)); then
            _pyenvhook_reply 'find list'
        elif [[ ${args[0]} == list ]]; then
            _pyenvhook_reply '--json'
        elif [[ ${args[0]} == find ]] && ((${#args[@]} == 1)); then
            _pyenvhook_pythons "${COMP_WORDS[0]}"
        fi
        ;;
    esac
    return 0
}

complete -F _pyenvhook pyenvhook
