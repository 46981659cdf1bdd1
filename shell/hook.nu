# pyenvhook's hook for nushell, printed by `pyenvhook init nu`; @NAMES@ are filled in then.
#
# nushell has no eval, so this is a file to keep and source: `pyenvhook init nu | save -f
# ~/.cache/pyenvhook.nu`, then `source ~/.cache/pyenvhook.nu` in config.nu; or saved into
# ($nu.data-dir)/vendor/autoload/, which nushell sources after config.nu. Either way it only
# adds: its commands, and one closure appended to $env.config.hooks.pre_prompt.
#
# It runs before every prompt, so the usual path is builtins only: no program started. The
# binary runs only when the nearest project may have changed; leaving a project needs no
# binary: the hook knows what it added. What the binary prints is data (NUON lists, see
# src/shell_nu.c), read with `from nuon`: nothing it prints is run as code.
#
# Written against nushell 0.108 and kept to what its recent releases did not break: PATH is
# read as a list and, should it be a string (0.101's trap), split into one; optional cells
# are read with `?`, not `get -i` (0.106 renamed it `-o`); and one pre_prompt closure decides
# everything, so the order 0.107 gave env_change and pre_prompt hooks does not matter. An
# env_change.PWD hook would add nothing: nushell runs it at the same moment, before the
# prompt, not at the cd.

# The @NAMES@ stand where nushell reads them as bare words (a record's value, a list's item),
# so that this file as it is in shell/ parses too (scripts/test's lint sources it).
#
# Private state, in one record: nushell passes no record to a child process, so a child shell
# starts with its own (and inherits only the exported _PYENVHOOK_* strings, as in bash).
# Sourcing again keeps what was decided, so that re-reading config.nu does not forget it.
let _pyenvhook_old = ($env._pyenvhook? | default {})
$env._pyenvhook = {
    bin: @PYENVHOOK_BIN@
    prompt: ([@PYENVHOOK_PROMPT@] != [""])
    off: ($_pyenvhook_old.off? | default false)
    gone: false
    late: true
    pwd: null
    key: ($_pyenvhook_old.key? | default null)
    w: ($_pyenvhook_old.w? | default [])
    dirs: ($_pyenvhook_old.dirs? | default [])
    here: ($_pyenvhook_old.here? | default [])
    appear: ($_pyenvhook_old.appear? | default "")
    idle_pwd: null
    idle_venv: null
    paths: []
    want: []
    prompt_orig: ($_pyenvhook_old.prompt_orig? | default null)
    prompt_mine: ($_pyenvhook_old.prompt_mine? | default null)
}

# The names that make a directory a project, or may (see hook.bash for why these).
const _pyenvhook_names = [.pyenvhook.json .venv .python-version pyproject.toml Pipfile]

# PATH as the list nushell keeps it in; a string PATH is split as nushell itself splits it.
def _pyenvhook_path [] {
    let p = ($env.PATH? | default [])
    if ($p | describe) == "string" { $p | split row (char esep) } else { $p }
}

# What was there before is kept in exported variables, "=value" for set and "" for unset,
# so that a child shell can restore it as exactly as this one.
def --env _pyenvhook_enter [venv: string, name: string] {
    $env._PYENVHOOK_PYTHONHOME = if "PYTHONHOME" in $env { "=" + $env.PYTHONHOME } else { "" }
    $env._PYENVHOOK_PROMPT_OLD = if "VIRTUAL_ENV_PROMPT" in $env { "=" + $env.VIRTUAL_ENV_PROMPT } else { "" }
    $env._PYENVHOOK_VENV = $venv
    $env.VIRTUAL_ENV = $venv
    $env.VIRTUAL_ENV_PROMPT = $name
    $env.PATH = (_pyenvhook_path | prepend $"($venv)/bin")
    hide-env -i PYTHONHOME
}

# Removes the one PATH entry we added, wherever it now stands; whatever else the user did to
# PATH meanwhile stays.
def --env _pyenvhook_leave [] {
    let e = $"($env._PYENVHOOK_VENV? | default '')/bin"
    let p = (_pyenvhook_path)
    let hit = ($p | enumerate | where item == $e)
    $env.PATH = if ($hit | is-empty) { $p } else { $p | drop nth $hit.0.index }
    let home = ($env._PYENVHOOK_PYTHONHOME? | default "")
    if $home != "" { $env.PYTHONHOME = ($home | str replace "=" "") } else { hide-env -i PYTHONHOME }
    let name = ($env._PYENVHOOK_PROMPT_OLD? | default "")
    if $name != "" { $env.VIRTUAL_ENV_PROMPT = ($name | str replace "=" "") } else { hide-env -i VIRTUAL_ENV_PROMPT }
    hide-env -i VIRTUAL_ENV _PYENVHOOK_VENV _PYENVHOOK_PYTHONHOME _PYENVHOOK_PROMPT_OLD
    _pyenvhook_watch []
}

# The binary names what its decision rests on (src/watch.h): FILE STAMP APPEAR COVERS FILE2
# STAMP2 FILE3 STAMP3. nushell reads no file time without a thread of its own (ls starts
# one a call), so it watches what the stamps stand for with reads instead: a watched file
# by its contents, read here, once the decision is made (an edit made between the two is
# seen at the next change); a watched directory (the project's, or one of no project) by
# which of the names that make a project it holds. A venv made afresh is seen by its bin/
# going and coming; one replaced within a single command is the same path to nushell. The
# stamps are not needed, nor COVERS: the idle prompt tests the venv's bin/ itself.
def --env _pyenvhook_watch [args: list] {
    let a = ($args | append ["" "" "" "" "" "" "" ""])
    let named = ([$a.0 $a.4 $a.6] | where {|f| $f != "" })
    let dirs = ($named | where {|f| ($f | path type) == "dir" })
    $env._pyenvhook.w = ($named | where {|f| $f not-in $dirs } | each {|f| {f: $f, c: (_pyenvhook_read $f)} })
    $env._pyenvhook.dirs = ($dirs | each {|d| _pyenvhook_names_at $d } | flatten)
    $env._pyenvhook.here = ($env._pyenvhook.dirs | path exists -n)
    $env._pyenvhook.appear = $a.2
}

# A file's contents, or null when it cannot be read.
def _pyenvhook_read [f: string] {
    try { open --raw $f } catch { null }
}

# Each name that makes a directory a project, or may, under directory d.
def _pyenvhook_names_at [d: string] {
    let base = if $d == "/" { "" } else { $d }
    $_pyenvhook_names | each {|n| $"($base)/($n)" }
}

# Whether a watched file or directory changed since the decision: the file whose appearance
# matters is there, a watched file reads otherwise, or a name came into or left a watched
# directory. Reads only: no process, no thread.
def _pyenvhook_changed [] {
    let s = $env._pyenvhook
    if $s.appear != "" and ($s.appear | path exists -n) { return true }
    if ($s.dirs | path exists -n) != $s.here { return true }
    $s.w | any {|w| (_pyenvhook_read $w.f) != $w.c }
}

# Whether directory d holds a marker, a .venv or another tool's file: one test for all.
def _pyenvhook_here [d: string] {
    _pyenvhook_names_at $d | path exists -n | any {|x| $x }
}

# The nearest directory at or above PWD that is or may be a project, "" for none. The binary
# makes the real decision (settings, trust); this only tells whether its answer may have
# changed.
def _pyenvhook_nearest [] {
    mut d = $env.PWD
    loop {
        if (_pyenvhook_here $d) { return $d }
        if $d == "/" { return "" }
        $d = ($d | path dirname)
    }
}

# Asks the binary what belongs here; quiet leaves out its notes.
def --env _pyenvhook_export [quiet: bool] {
    _pyenvhook_watch []
    let bin = $env._pyenvhook.bin
    if not ($bin | path exists) {
        # Nothing can be decided without it, and what is active belongs to where we were.
        if ($env._PYENVHOOK_VENV? | is-not-empty) { _pyenvhook_leave }
        if not $env._pyenvhook.gone {
            $env._pyenvhook.gone = true
            print -e $"pyenvhook: ($bin) is gone; no venv is activated until it is back"
        }
        return
    }
    $env._pyenvhook.gone = false
    let r = if $quiet { ^$bin -q export nu | complete } else { ^$bin export nu | complete }
    if $r.stderr != "" { print -e -n $r.stderr }
    let calls = try { $"[($r.stdout)]" | from nuon } catch {
        print -e "pyenvhook: export printed what nushell cannot read; nothing changed"
        []
    }
    for c in $calls {
        match ($c.0? | default "") {
            "_pyenvhook_leave" => { _pyenvhook_leave }
            "_pyenvhook_enter" => { _pyenvhook_enter $c.1 $c.2 }
            "_pyenvhook_watch" => { _pyenvhook_watch ($c | skip 1) }
            "_pyenvhook_held" => { print -e -n $c.1 }
            "_pyenvhook_cannot" => { print -e $"pyenvhook: export: nushell cannot hold ($c.2), which is not UTF-8: nothing activated" }
        }
    }
}

# quiet: the binary's notes left out.
def --env _pyenvhook_run [quiet: bool] {
    let ve = ($env.VIRTUAL_ENV? | default "")
    let mine = ($env._PYENVHOOK_VENV? | default "")
    # A venv that someone else activated is theirs.
    if $ve != "" and $ve != $mine { return }
    if $mine != "" and ($ve == "" or not ($"($mine)/bin" | path exists)) {
        # Deactivated behind our back, or deleted: restore, then ask afresh.
        _pyenvhook_leave
        $env._pyenvhook.pwd = null
        $env._pyenvhook.key = null
    }
    if (_pyenvhook_changed) {
        # The marker or the venv changed under us (an edit, a git pull, a new venv): the
        # answer may be another one, so ask again.
        $env._pyenvhook.pwd = null
        $env._pyenvhook.key = null
    }
    if $env.PWD == $env._pyenvhook.pwd {
        # Same directory: only a project's file made right here can change the answer (at
        # the project's own level, the watched directory tells).
        if $env._pyenvhook.key == $env.PWD { return }
        if not (_pyenvhook_here $env.PWD) { return }
    }
    $env._pyenvhook.pwd = $env.PWD
    let k = (_pyenvhook_nearest)
    if $k == $env._pyenvhook.key { return }
    $env._pyenvhook.key = $k
    if $k != "" {
        _pyenvhook_export $quiet
    } else if ($env._PYENVHOOK_VENV? | is-not-empty) {
        _pyenvhook_leave
    } else {
        _pyenvhook_watch []
    }
}

# What the next idle prompt tests, in one `path exists` for all: the venv's bin/ still there,
# the file whose appearance matters and a project's file made right here (when the project's
# root is above) still not, the names in a watched directory as they were; the watched
# files' contents are read beside it. Set only when nothing is left to do here.
def --env _pyenvhook_settle [] {
    $env._pyenvhook.idle_pwd = null
    let s = $env._pyenvhook
    let ve = ($env.VIRTUAL_ENV? | default "")
    let mine = ($env._PYENVHOOK_VENV? | default "")
    if $env.PWD != $s.pwd or $ve != $mine { return }
    mut paths = []
    mut want = []
    if $mine != "" {
        $paths = ($paths | append $"($mine)/bin")
        $want = ($want | append true)
    }
    if ($s.dirs | is-not-empty) {
        $paths = ($paths | append $s.dirs)
        $want = ($want | append $s.here)
    }
    if $s.appear != "" {
        $paths = ($paths | append $s.appear)
        $want = ($want | append false)
    }
    if $s.key != $env.PWD {
        $paths = ($paths | append (_pyenvhook_names_at $env.PWD))
        $want = ($want | append ($_pyenvhook_names | each { false }))
    }
    $env._pyenvhook.paths = $paths
    $env._pyenvhook.want = $want
    $env._pyenvhook.idle_venv = $ve
    $env._pyenvhook.idle_pwd = $env.PWD
}

# The venv's name in front of the prompt (init nu --prompt): the prompt nushell would draw,
# wrapped at the first prompt after this file was read, so that a PROMPT_COMMAND set later in
# config.nu is the one wrapped; one the user sets at the prompt replaces the wrapper.
def --env _pyenvhook_prompt_wrap [] {
    let s = $env._pyenvhook
    let cur = ($env.PROMPT_COMMAND? | default null)
    if $s.prompt_mine != null and $cur == $s.prompt_mine { return }
    $env._pyenvhook.prompt_orig = $cur
    let mine = {||
        let o = ($env._pyenvhook?.prompt_orig? | default null)
        let rest = if ($o | describe) =~ "^closure" { do $o } else if $o == null { "" } else { $o }
        let v = ($env._PYENVHOOK_VENV? | default "")
        if $v != "" and ($env.VIRTUAL_ENV? | default "") == $v and ($env.VIRTUAL_ENV_DISABLE_PROMPT? | is-empty) {
            $"\(($env.VIRTUAL_ENV_PROMPT? | default '')\) ($rest)"
        } else {
            $rest
        }
    }
    $env.PROMPT_COMMAND = $mine
    $env._pyenvhook.prompt_mine = $mine
}

# Before every prompt. Most prompts change nothing, and one test settles them: paused; or
# the directory and VIRTUAL_ENV as the last prompt left them and the idle paths as they were.
def --env _pyenvhook_hook [] {
    let ret = ($env.LAST_EXIT_CODE? | default 0)
    let s = $env._pyenvhook
    if $s.off { return }
    if $s.idle_pwd == $env.PWD and $s.idle_venv == ($env.VIRTUAL_ENV? | default "") and (($s.paths | path exists -n) == $s.want) and ($s.w | all {|w| (_pyenvhook_read $w.f) == $w.c }) {
        return
    }
    if $s.late {
        $env._pyenvhook.late = false
        if $s.prompt { _pyenvhook_prompt_wrap }
    }
    _pyenvhook_run false
    _pyenvhook_settle
    # What the last command left is what the user's next prompt and command see. nushell
    # 0.108's complete leaves LAST_EXIT_CODE alone (shell_nu.bats holds that); this keeps it
    # so should a release change that.
    $env.LAST_EXIT_CODE = $ret
}

# quiet: the binary's notes left out (after deny: the user knows).
def --env _pyenvhook_refresh [quiet: bool] {
    $env._pyenvhook.pwd = null
    $env._pyenvhook.key = null
    $env._pyenvhook.idle_pwd = null
    if not $env._pyenvhook.off { _pyenvhook_run $quiet; _pyenvhook_settle }
}

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
def --env --wrapped pyenvhook [...args] {
    # Global options come before the command (pyenvhook -q create).
    mut cmd = ($args.0? | default "")
    if $cmd in ["-q" "--quiet"] { $cmd = ($args.1? | default "") }
    # CMD --help is the binary's to answer, off and on included, and changes nothing.
    if "--help" in $args or "-h" in $args { $cmd = "help" }
    if $cmd == "off" {
        $env._pyenvhook.off = true
        $env._pyenvhook.idle_pwd = null
        let mine = ($env._PYENVHOOK_VENV? | default "")
        if $mine != "" and ($env.VIRTUAL_ENV? | default "") == $mine { _pyenvhook_leave }
        return
    }
    if $cmd == "on" {
        $env._pyenvhook.off = false
        _pyenvhook_refresh false
        return
    }
    let bin = $env._pyenvhook.bin
    let paused = if $env._pyenvhook.off { "1" } else { "" }
    if $cmd not-in ["create" "allow" "use" "deny"] {
        # Nothing to do after it: its output is this command's, for a pipeline to take
        # (pyenvhook status --json | from json), and its exit status the user's.
        return (with-env {_PYENVHOOK_HOOK: "nu", _PYENVHOOK_PAUSED: $paused} { ^$bin ...$args })
    }
    let rc = (with-env {_PYENVHOOK_HOOK: "nu", _PYENVHOOK_PAUSED: $paused} {
        try { ^$bin ...$args } catch { }
        $env.LAST_EXIT_CODE? | default 0
    })
    # A command that failed changed nothing, and has said why: asking the binary again would
    # only say it a second time.
    if $rc == 0 {
        if $cmd in ["create" "allow" "use"] { _pyenvhook_refresh false }
        if $cmd == "deny" { _pyenvhook_refresh true }
    }
    $env.LAST_EXIT_CODE = $rc
}

# Registered once however often this is sourced: a closure of ours from before is replaced,
# the user's own hooks stay as they are, in their order.
$env.config.hooks.pre_prompt = (
    $env.config.hooks.pre_prompt? | default [] | append []
    | where {|h| not (($h | describe) =~ "^closure" and (view source $h) == "{|| _pyenvhook_hook }") }
    | append {|| _pyenvhook_hook }
)
