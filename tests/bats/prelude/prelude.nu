# Test vocabulary for nushell, the words prelude.sh gives bash and zsh: each probe appends
# one line to $env.PYH_OUT. PATH is shown joined with ':' as the other shells show it, and
# its type too when it is not the list nushell keeps it in.
$env.PROMPT_COMMAND = {|| "NUPROMPT> " }
$env.PROMPT_INDICATOR = ""
$env.PROMPT_COMMAND_RIGHT = ""
$env.config.show_banner = false
$env.config.use_ansi_coloring = false

def _probe_val [name: string] {
    if $name in $env { $env | get $name } else { "<unset>" }
}

def probe [label: string] {
    let p = ($env.PATH? | default [])
    let shown = if ($p | describe) =~ "^list" { $p | str join ":" } else { $"not-a-list:($p)" }
    $"($label) VIRTUAL_ENV=(_probe_val VIRTUAL_ENV) PROMPT=(_probe_val VIRTUAL_ENV_PROMPT) PYTHONHOME=(_probe_val PYTHONHOME) PATH=($shown)\n" | save -a $env.PYH_OUT
}

def probe_status [] {
    $"status ($env.LAST_EXIT_CODE)\n" | save -a $env.PYH_OUT
}

def note [...words] {
    $"($words | str join ' ')\n" | save -a $env.PYH_OUT
}
