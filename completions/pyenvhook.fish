# fish completion for pyenvhook.
#
# meson installs this in share/fish/vendor_completions.d, where fish looks for it the first
# time the user completes "pyenvhook".

# Prints the command word (the first word after the global options), or fails when there is
# none yet.
function __pyenvhook_command
    for w in (commandline -opc)[2..-1]
        switch $w
            case -q --quiet
                continue
            case '*'
                echo $w
                return 0
        end
    end
    return 1
end

function __pyenvhook_needs_command
    not __pyenvhook_command >/dev/null
end

# True when the command is one of the arguments.
function __pyenvhook_using
    set -l c (__pyenvhook_command); or return 1
    contains -- $c $argv
end

# Prints the words typed after the command that are not options nor an option's value.
function __pyenvhook_operands
    set -l words (commandline -opc)
    set -l cmd
    set -l skip 0
    for w in $words[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        if not set -q cmd[1]
            switch $w
                case -q --quiet
                case '*'
                    set cmd $w
            end
            continue
        end
        switch $w
            case -C
                set skip 1
            case --python --prompt
                # create's take a value; init's --prompt is a flag
                test "$cmd" = create; and set skip 1
            case '-*'
            case '*'
                echo $w
        end
    end
end

# True when the command is one of the arguments and has no operand yet.
function __pyenvhook_first_operand
    __pyenvhook_using $argv; or return 1
    test (count (__pyenvhook_operands)) -eq 0
end

# True for "python find" with its REQUEST still to come.
function __pyenvhook_python_find
    __pyenvhook_using python; or return 1
    set -l ops (__pyenvhook_operands)
    test (count $ops) -eq 1; and test "$ops[1]" = find
end

# The interpreter versions `pyenvhook python list --cached` reports (what is cached, so that
# no interpreter runs and a hanging one cannot stall the prompt), as whole words of its output,
# with each version's major.minor too (--python takes either). Nothing when the command is
# missing or fails.
function __pyenvhook_pythons
    set -l bin (commandline -opc)[1]
    # fish reports an unknown command itself, whatever the redirection: ask first.
    type -q -- $bin; or return 0
    set -l out ($bin python list --cached 2>/dev/null); or return 0
    for w in (string split -n ' ' -- (string replace -a \t ' ' -- $out))
        if string match -qr '^[0-9]+\.[0-9]+(\.[0-9]+)?([a-z]+[0-9]*)?$' -- $w
            echo $w
            string match -r '^[0-9]+\.[0-9]+' -- $w
        end
    end | sort -u
end

complete -c pyenvhook -f

# Global options, before the command.
complete -c pyenvhook -n __pyenvhook_needs_command -s h -l help -d 'show the commands'
complete -c pyenvhook -n __pyenvhook_needs_command -s V -l version -d 'print the version'
complete -c pyenvhook -n __pyenvhook_needs_command -s q -l quiet -d 'leave out informational messages'

# The commands a person types; `export` is left out, as --help leaves it out.
complete -c pyenvhook -n __pyenvhook_needs_command -a allow -d 'trust a project\'s venv'
complete -c pyenvhook -n __pyenvhook_needs_command -a create -d 'make a venv and activate it'
complete -c pyenvhook -n __pyenvhook_needs_command -a deny -d 'withdraw the trust allow gave'
complete -c pyenvhook -n __pyenvhook_needs_command -a env -d 'print what the hook would set'
complete -c pyenvhook -n __pyenvhook_needs_command -a exec -d 'run a command in the project venv'
complete -c pyenvhook -n __pyenvhook_needs_command -a help -d 'show the commands or one usage'
complete -c pyenvhook -n __pyenvhook_needs_command -a init -d 'print the hook for a shell'
complete -c pyenvhook -n __pyenvhook_needs_command -a list -d 'show the trusted projects'
complete -c pyenvhook -n __pyenvhook_needs_command -a off -d 'pause the hook in this shell'
complete -c pyenvhook -n __pyenvhook_needs_command -a on -d 'resume the hook in this shell'
complete -c pyenvhook -n __pyenvhook_needs_command -a prune -d 'forget projects that are gone'
complete -c pyenvhook -n __pyenvhook_needs_command -a python -d 'show the interpreters found'
complete -c pyenvhook -n __pyenvhook_needs_command -a status -d 'say what is active and why'
complete -c pyenvhook -n __pyenvhook_needs_command -a use -d 'adopt an existing venv'
complete -c pyenvhook -n __pyenvhook_needs_command -a which -d 'print the file a command runs'

# create [DIR] [--python X] [--system-site-packages] [--prompt P] [--without-pip] [--force]
complete -c pyenvhook -n '__pyenvhook_using create' -l python -x -a '(__pyenvhook_pythons)' -d 'interpreter to use'
complete -c pyenvhook -n '__pyenvhook_using create' -l system-site-packages -d 'see the system site-packages'
complete -c pyenvhook -n '__pyenvhook_using create' -l prompt -x -d 'name the shell shows'
complete -c pyenvhook -n '__pyenvhook_using create' -l without-pip -d 'make the venv without pip'
complete -c pyenvhook -n '__pyenvhook_using create' -l force -d 'replace an existing venv'
complete -c pyenvhook -n '__pyenvhook_first_operand create allow deny use' -a '(__fish_complete_directories (commandline -ct))'

# init SHELL [--prompt] [--no-cd]; export SHELL
complete -c pyenvhook -n '__pyenvhook_first_operand init export' -a 'bash zsh fish'
complete -c pyenvhook -n '__pyenvhook_using init' -l prompt -d 'put the venv\'s name in the prompt'
complete -c pyenvhook -n '__pyenvhook_using init' -l no-cd -d 'decide at the prompt only'
# Once the shell is named, the options not given yet are all that is left, as zsh offers them.
complete -c pyenvhook -n '__pyenvhook_using init; and not __pyenvhook_first_operand init; and not contains -- --prompt (commandline -opc)' -a --prompt -d 'put the venv\'s name in the prompt'
complete -c pyenvhook -n '__pyenvhook_using init; and not __pyenvhook_first_operand init; and not contains -- --no-cd (commandline -opc)' -a --no-cd -d 'decide at the prompt only'

# exec [-C DIR] [--script] [--no-project-ok] [--] CMD [ARG...]; env [-C DIR] --json | SHELL;
# which [-C DIR] [CMD]. Once exec's CMD is typed, the rest is CMD's.
complete -c pyenvhook -n '__pyenvhook_using exec env which; and test (count (__pyenvhook_operands)) -eq 0' -s C -x -a '(__fish_complete_directories (commandline -ct))' -d 'decide for this directory'
complete -c pyenvhook -n '__pyenvhook_using exec env which; and test (count (__pyenvhook_operands)) -eq 0' -l no-project-ok -d 'no project is not an error'
complete -c pyenvhook -n '__pyenvhook_first_operand exec' -l script -d 'decide from the script\'s directory'
complete -c pyenvhook -n '__pyenvhook_first_operand exec which' -a '(__fish_complete_command)'
complete -c pyenvhook -n '__pyenvhook_using exec; and not __pyenvhook_first_operand exec' -F
complete -c pyenvhook -n '__pyenvhook_first_operand env' -a 'bash zsh fish'
complete -c pyenvhook -n '__pyenvhook_first_operand env' -l json -d 'print JSON, for editors and CI'

# help [COMMAND]
complete -c pyenvhook -n '__pyenvhook_first_operand help' -a 'allow create deny env exec help init list off on prune python status use which'

# list [--json]; status [--json]; python list [--json]
complete -c pyenvhook -n '__pyenvhook_using list status' -l json -d 'print JSON, for tools'
complete -c pyenvhook -n '__pyenvhook_first_operand python' -a list -d 'show the interpreters found'
complete -c pyenvhook -n '__pyenvhook_first_operand python' -a find -d 'show what a --python value picks'
complete -c pyenvhook -n '__pyenvhook_python_find' -a '(__pyenvhook_pythons)' -d 'interpreter version'
complete -c pyenvhook -n '__pyenvhook_using python; and contains -- list (__pyenvhook_operands)' -l json -d 'print JSON, for tools'
