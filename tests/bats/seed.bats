#!/usr/bin/env bats
# pip seeding and its cache: each venv's pip is its own (editors' writes stay in that venv),
# it carries the bytecode python -m venv gives, and the cache only ever makes it faster:
# damaged, unreadable, read-only or missing, create still succeeds and says why once.

load test_helper

setup() {
    common_setup
    export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    export PYENV_ROOT=$T/no-pyenv
}

site() { echo "$1"/lib/python3*/site-packages; }

# entry NAME: the cache's unpacked copy of wheel NAME (pip, setuptools).
entry() { compgen -G "$XDG_CACHE_HOME/pyenvhook/wheels/*/$1-*.whl-*" | head -1; }

# pip_works VENV: its pip answers, from that venv.
pip_works() {
    local out v=$PWD/$1
    out=$("$v/bin/pip" --version) && [[ $out == "pip "*" from $(site "$v")/pip "* ]]
}

@test "a write in one venv's pip (sed -i, open(p, 'w'), chmod) changes no other venv and not the cache" {
    "$PYENVHOOK" create a >/dev/null
    "$PYENVHOOK" create b >/dev/null
    local f=pip/__init__.py sa sb c
    sa=$(site a/.venv) sb=$(site b/.venv) c=$(entry pip)
    local before
    before=$(cd "$sb" && md5sum "$f" && stat -c '%a %h' "$f")
    sed -i 's/^/# edited /' "$sa/$f"
    python3 -c 'import sys; open(sys.argv[1], "w").write("raise SystemExit(3)\n")' "$sa/pip/_internal/__init__.py"
    chmod 600 "$sa/pip/__main__.py"
    printf 'x' >>"$sa/pip/_vendor/six.py"
    # A real editor's save: vi (vim, ex mode) writes the file in place by default.
    vi -es -c '%s/^/# vi /' -c wq "$sa/pip/_vendor/distro/__init__.py"
    grep -q '^# vi ' "$sa/pip/_vendor/distro/__init__.py"
    cmp "$c/pip/_vendor/distro/__init__.py" "$sb/pip/_vendor/distro/__init__.py"
    [[ $(cd "$sb" && md5sum "$f" && stat -c '%a %h' "$f") == "$before" ]]
    # The cache still matches its manifest: a third venv is whole, and nothing was rebuilt.
    run "$PYENVHOOK" create c
    [[ $status == 0 && $output != *damaged* ]]
    cmp "$c/pip/_internal/__init__.py" "$(site c/.venv)/pip/_internal/__init__.py"
    [[ $(stat -c %a "$c/pip/__main__.py") != 600 && $(stat -c %a "$sb/pip/__main__.py") != 600 ]]
    pip_works b/.venv
    pip_works c/.venv
    # Each file is a file of its own: no hard link into the cache.
    [[ -z $(find "$sb" -type f -links +1) ]]
}

@test "bytecode: the same .pyc files as python -m venv, used as they are with PYTHONDONTWRITEBYTECODE" {
    "$PYENVHOOK" create ours >/dev/null
    /usr/bin/python3 -m venv theirs/.venv
    diff -u <(cd "$(site theirs/.venv)" && find . -name '*.pyc' | LC_ALL=C sort) \
        <(cd "$(site ours/.venv)" && find . -name '*.pyc' | LC_ALL=C sort)
    # RECORD lists them as pip's install does, so pip can uninstall them.
    # (The launchers' rows differ: they name each venv's own path.)
    diff -u <(grep -v '^\.\./' "$(site theirs/.venv)"/pip-*.dist-info/RECORD) \
        <(grep -v '^\.\./' "$(site ours/.venv)"/pip-*.dist-info/RECORD)
    # With bytecode writes off, pip loads every module from a .pyc and compiles none.
    local s
    s=$(site "$PWD/ours/.venv")
    PYTHONDONTWRITEBYTECODE=1 ours/.venv/bin/python -v -m pip --version 2>"$T/v" >/dev/null
    (($(grep -c "^# code object from '$s/pip/.*\.pyc'" "$T/v") > 100))
    [[ $(grep -c "^# code object from '$s/pip/.*\.py'$" "$T/v") == 0 ]]
    [[ $(grep -c "bytecode is stale" "$T/v") == 0 ]]
    # And pip runs from a venv nobody may write to.
    chmod -R a-w ours/.venv
    PYTHONDONTWRITEBYTECODE=1 pip_works ours/.venv
    chmod -R u+w ours/.venv
}

@test "the first pip run in a new venv rewrites no access times (relatime would, for 1,456 files)" {
    findmnt -n -o OPTIONS -T "$T" | grep -qw relatime || skip "$T is not mounted relatime"
    "$PYENVHOOK" create a >/dev/null
    local f
    f=$(compgen -G "$(site a/.venv)/pip/__pycache__/__init__.*.pyc")
    local before
    before=$(stat -c %X.%x "$f")
    pip_works a/.venv
    [[ $(stat -c %X.%x "$f") == "$before" ]]
}

@test "a truncated or unreadable file in the cache: found, rebuilt once, and the venv is whole" {
    "$PYENVHOOK" create first >/dev/null
    local c
    c=$(entry pip)
    : >"$c/pip/_internal/cli/main.py"
    run "$PYENVHOOK" create second
    [[ $status == 0 ]] || { echo "$output" >&2; return 1; }
    [[ $output == *"pyenvhook: create: the cache's copy of pip-"*" is damaged ($c/pip/_internal/cli/main.py: changed since it was cached); rebuilding it"* ]]
    [[ -s $(site second/.venv)/pip/_internal/cli/main.py ]]
    pip_works second/.venv
    # Rebuilt once: the next create says nothing about it.
    run "$PYENVHOOK" create third
    [[ $status == 0 && $output != *damaged* ]]
    # A cached file made unreadable, and its bytecode cut short.
    c=$(entry pip)
    chmod 000 "$c/pip/__init__.py"
    local pyc
    pyc=$(compgen -G "$c/pip/__pycache__/__init__.*.pyc")
    head -c 10 "$pyc" >"$T/short" && cat "$T/short" >"$pyc"
    run "$PYENVHOOK" create fourth
    [[ $status == 0 && $output == *"is damaged"*"rebuilding it"* ]]
    [[ $(stat -c %a "$(site fourth/.venv)/pip/__init__.py") == 644 ]]
    pip_works fourth/.venv
}

@test "a cache entry that is a file, empty, or with a damaged manifest: rebuilt once" {
    "$PYENVHOOK" create first >/dev/null
    local c
    c=$(entry setuptools)
    rm -rf "$c" && echo junk >"$c"
    run "$PYENVHOOK" create second
    [[ $status == 0 && $output == *"copy of setuptools-"*"is damaged (not a directory); rebuilding it"* ]]
    [[ -d $(entry setuptools) ]]
    echo garbage >"$(entry pip)/.pyenvhook-files"
    run "$PYENVHOOK" create third
    [[ $status == 0 && $output == *"copy of pip-"*"damaged"* ]]
    pip_works third/.venv
    # Emptied: rebuilt, not a fall back to ensurepip on every run.
    c=$(entry pip)
    rm -rf "$c" && mkdir "$c"
    run "$PYENVHOOK" create fourth
    [[ $status == 0 && $output == *"copy of pip-"*"damaged"*"rebuilding it"* && $output != *ensurepip* ]]
    run "$PYENVHOOK" create fifth
    [[ $status == 0 && $output != *damaged* && $output != *ensurepip* ]]
    pip_works fifth/.venv
}

@test "no usable cache (read-only, HOME unset, a file): create succeeds the slower way and says why once" {
    # An empty read-only file system where the cache would be.
    mkdir -p "$T/rocache"
    # shellcheck disable=SC2016 # expanded by the inner sh
    run unshare -m sh -c 'mount -t tmpfs -o ro tmpfs "$1" && XDG_CACHE_HOME=$1 exec "$2" create ro' \
        sh "$T/rocache" "$PYENVHOOK"
    [[ $status == 0 ]] || { echo "$output" >&2; return 1; }
    [[ $output == *"pyenvhook: create: the cache cannot be used ("*"Read-only file system); unpacking the wheels for this venv alone (slower)"* ]]
    [[ $(grep -c "cannot be used" <<<"$output") == 1 ]]
    [[ $output == *"created $T/ro/.venv"*"with setuptools"*", pip "* ]]
    [[ $output != *ensurepip* ]]
    pip_works ro/.venv
    [[ -z $(find ro/.venv -name '.pyenvhook-*') ]]
    # The bytecode is there all the same.
    compgen -G "$(site ro/.venv)/pip/__pycache__/*.pyc" >/dev/null
    # A cache path that runs through a file; no HOME and no XDG_CACHE_HOME.
    echo file >"$T/cachefile"
    XDG_CACHE_HOME=$T/cachefile/sub run "$PYENVHOOK" create f
    [[ $status == 0 && $output == *"the cache cannot be used ("*"Not a directory)"* ]]
    pip_works f/.venv
    run env -u HOME -u XDG_CACHE_HOME "$PYENVHOOK" create "$T/nohome" --python /usr/bin/python3
    [[ $status == 0 && $output == *"the cache cannot be used (neither XDG_CACHE_HOME nor HOME is set)"* ]]
    pip_works nohome/.venv
}

@test "full file systems: a full cache means the slower way; a full venv directory changes nothing" {
    # Real tmpfs mounts of a few MB, in a mount namespace of this test's own.
    cat >"$T/full.sh" <<'SH'
set -eu
mount -t tmpfs -o size=2m tmpfs "$T/fullcache"
mount -t tmpfs -o size=3m tmpfs "$T/fullvenv"
# The cache full from the start: create must still succeed, the slower way.
head -c 3m /dev/zero >"$T/fullcache/filler" 2>/dev/null || true
XDG_CACHE_HOME=$T/fullcache "$PYENVHOOK" create "$T/cfull" >"$T/cfull.out" 2>&1 || { cat "$T/cfull.out"; exit 10; }
# A venv without pip fits on the small one; with pip (about 15 MB) it does not.
"$PYENVHOOK" create "$T/fullvenv/p" --without-pip --prompt old >/dev/null
cp "$T/fullvenv/p/.pyenvhook.json" "$T/marker.before"
find "$T/fullvenv/p" -printf '%y %p %s\n' | LC_ALL=C sort >"$T/before.list"
if "$PYENVHOOK" create "$T/fullvenv/p" --force --prompt new >"$T/vfull.out" 2>&1; then exit 11; fi
find "$T/fullvenv/p" -printf '%y %p %s\n' | LC_ALL=C sort >"$T/after.list"
SH
    mkdir -p "$T/fullcache" "$T/fullvenv"
    run env T="$T" PYENVHOOK="$PYENVHOOK" unshare -m sh "$T/full.sh"
    [[ $status == 0 ]] || { echo "$output" >&2; return 1; }
    # Cache: one line saying why, a venv with a working pip.
    grep -q "the cache cannot be used (.*No space left on device); unpacking the wheels for this venv alone (slower)" "$T/cfull.out"
    [[ $(grep -c "cannot be used" "$T/cfull.out") == 1 ]]
    pip_works cfull/.venv
    # Venv: one line naming the full disk; the old venv and marker as they were, no leftovers.
    cat "$T/vfull.out"
    [[ $(wc -l <"$T/vfull.out") == 1 ]]
    grep -q "No space left on device" "$T/vfull.out"
    diff "$T/before.list" "$T/after.list"
}

@test "a read-only cache that is complete is used as it is, with nothing said" {
    "$PYENVHOOK" create warm >/dev/null
    # shellcheck disable=SC2016 # expanded by the inner sh
    run unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" create rowarm' \
        sh "$XDG_CACHE_HOME" "$PYENVHOOK"
    [[ $status == 0 && $output != *cache* ]]
    pip_works rowarm/.venv
}

# last_share_file TRACE: the last cache file the last copying thread that strace -f -y saw
# started opened: a file in the second thread's share, copied after most of the others.
last_share_file() {
    local tid
    tid=$(grep -o 'parent_tid=\[[0-9]*\]' "$1" | tail -1 | tr -dc 0-9)
    [[ -n $tid ]] || return 1
    grep -E "^$tid +openat\(.*O_RDONLY\|O_NOFOLLOW\|O_CLOEXEC\) = [0-9]+<" "$1" | tail -1 |
        sed -E 's/.* = [0-9]+<(.*)>$/\1/'
}

@test "the second copying thread's share: an I/O error fails the create, a damaged file is found" {
    command -v strace >/dev/null || skip "needs strace"
    (($(getconf _NPROCESSORS_ONLN) >= 2)) || skip "one processor: one copying thread"
    "$PYENVHOOK" create old >/dev/null
    traced -f -y -qq -o "$T/tr" -e trace=openat,clone,clone3 "$PYENVHOOK" create second >/dev/null
    local f
    f=$(last_share_file "$T/tr")
    [[ $f == "$XDG_CACHE_HOME"/pyenvhook/wheels/*/pip-*/pip/* && -s $f ]]
    # Not a file the main thread (the trace's first line) opened.
    local main
    main=$(awk '{print $1; exit}' "$T/tr")
    [[ $(grep -F "<$f>" "$T/tr" | grep -cE "^$main ") == 0 ]]
    # The disk fails reading it (the kernel's copy, then read): create fails, the old venv stands.
    local before
    before=$(find old -printf '%i %p\n' | LC_ALL=C sort)
    run traced -f -qq -o /dev/null -P "$f" -e trace=copy_file_range,read \
        -e inject=copy_file_range,read:error=EIO "$PYENVHOOK" create old --force
    [[ $status == 1 && $output == *"pyenvhook: create: $f: cannot copy to "*": Input/output error"* ]]
    [[ $output != *created* ]]
    [[ $(find old -printf '%i %p\n' | LC_ALL=C sort) == "$before" ]]
    pip_works old/.venv
    # Cut short, it is found as one in the first thread's share is, and the cache rebuilt.
    : >"$f"
    run "$PYENVHOOK" create third
    [[ $status == 0 && $output == *"is damaged ($f: changed since it was cached); rebuilding it"* ]]
    local rel=${f#*/pip-*/}
    [[ -s $(entry pip)/$rel ]]
    cmp "$(entry pip)/$rel" "$(site third/.venv)/$rel"
    pip_works third/.venv
}
