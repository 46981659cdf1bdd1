#!/usr/bin/env bats
# pyenvhook create and python: parity with `python -m venv` for every interpreter on this
# machine (Debian's always; pyenv's 3.8-3.13 when present), pip with no network, the marker,
# failures that leave nothing behind, and the calling shell activated at once.

load test_helper

# Read before setup swaps HOME for a throwaway one.
PYH_PYENV_VERSIONS=${PYENV_ROOT:-$HOME/.pyenv}/versions

# The interpreters parity runs against: Debian's, then pyenv's 3.8 to 3.13 that exist.
parity_pythons() {
    echo /usr/bin/python3
    local v
    for v in 3.8 3.9 3.10 3.11 3.12 3.13; do
        compgen -G "$PYH_PYENV_VERSIONS/$v.*/bin/python3" | sort -V | tail -1 || true
    done
}

# snapshot VENV: what a venv is, as text: every path with its type, link target and mode,
# every file's bytes (by checksum), and what its python says about itself.
snapshot() {
    (cd "$1" && find . -printf '%y %p -> %l %m\n' | LC_ALL=C sort)
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum)
    "$1/bin/python" -c '
import sys, site, sysconfig
print("prefix", sys.prefix)
print("base_prefix", sys.base_prefix)
print("executable", sys.executable)
print("site", site.getsitepackages())
for k, v in sorted(sysconfig.get_paths().items()):
    print("path", k, v)
'
}

# parity PYTHON ARGS...: pyenvhook create and PYTHON -m venv, same path, same arguments; the
# two snapshots must be identical (paths and all: both are made at $T/p/.venv).
parity() {
    local py=$1 p=${PARITY_DIR:-$T/p}
    shift
    rm -rf "$p" && mkdir -p "$p/sub" && cd "$p/sub" || return 1
    "$PYENVHOOK" create "$p" --python "$py" --without-pip "$@" >/dev/null || return 1
    # The one key added to python -m venv's pyvenv.cfg: PEP 838's python-version = X.Y, once,
    # the interpreter's own; taken out, the rest is file for file.
    local want
    want=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || return 1
    if [[ $(grep -c '^python-version = ' "$p/.venv/pyvenv.cfg") != 1 ]] ||
        ! grep -qx "python-version = $want" "$p/.venv/pyvenv.cfg"; then
        echo "parity: $p/.venv/pyvenv.cfg lacks PEP 838's python-version = $want" >&2
        return 1
    fi
    sed -i '/^python-version = /d' "$p/.venv/pyvenv.cfg"
    snapshot "$p/.venv" >"$T/ours" || return 1
    rm -rf "$p/.venv"
    # venv's own --prompt . means the current directory's name, as ours does.
    "$py" -m venv --without-pip "$@" "$p/.venv" || return 1
    snapshot "$p/.venv" >"$T/theirs" || return 1
    if ! diff -u "$T/theirs" "$T/ours" >"$T/diff"; then
        echo "parity with $py -m venv $* in $p failed (--- venv, +++ pyenvhook):" >&2
        head -60 "$T/diff" >&2
        return 1
    fi
}

@test "parity: the tree, links, pyvenv.cfg, activate scripts and sys/site/sysconfig match python -m venv" {
    local py failed=0 n=0
    while read -r py; do
        n=$((n + 1))
        parity "$py" || failed=1
        parity "$py" --system-site-packages --prompt "my 'api'" || failed=1
        parity "$py" --prompt . || failed=1
        # Where activate scripts quote (or not) what they substitute.
        PARITY_DIR="$T/a dir's \$name" parity "$py" --prompt 'x"y' || failed=1
        echo "# parity checked: $py" >&3
    done < <(parity_pythons)
    ((n >= 1))
    ((failed == 0))
}

@test "python list shows Debian's python3 from PATH; --json is JSON; the answer is cached" {
    run "$PYENVHOOK" python list
    [[ $status == 0 ]]
    [[ $output == *" /usr/bin/python3 (PATH)"* ]]
    run "$PYENVHOOK" python list --json
    [[ $status == 0 ]]
    echo "$output" | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert any(i["path"] == "/usr/bin/python3" and i["source"] == "PATH" for i in l), l'
    compgen -G "$XDG_CACHE_HOME/pyenvhook/interp/*.json"
}

@test "python: pyenv's and uv's directories are searched; a version request takes the newest match" {
    mkdir -p "$T/pyenv/versions/3.11.2/bin" "$XDG_DATA_HOME/uv/python/cpython-3.11.2-linux-x86_64-gnu/bin"
    ln -s /usr/bin/python3 "$T/pyenv/versions/3.11.2/bin/python3"
    ln -s /usr/bin/python3 "$XDG_DATA_HOME/uv/python/cpython-3.11.2-linux-x86_64-gnu/bin/python3"
    # Each interpreter once, under the name met first.
    run env PATH=/nonexistent PYENV_ROOT="$T/pyenv" "$PYENVHOOK" python list
    [[ $status == 0 && $output == *" $T/pyenv/versions/3.11.2/bin/python3 (pyenv)" ]]
    [[ ${#lines[@]} == 1 ]]
    run env PATH=/nonexistent "$PYENVHOOK" python list
    [[ $output == *" $XDG_DATA_HOME/uv/python/cpython-3.11.2-linux-x86_64-gnu/bin/python3 (uv)"* ]]
    # With the real pyenv (when this machine has one), "3" is the newest of everything.
    local first
    first=$(PYENV_ROOT=${PYH_PYENV_VERSIONS%/versions} "$PYENVHOOK" python list | head -1)
    run env PYENV_ROOT="${PYH_PYENV_VERSIONS%/versions}" "$PYENVHOOK" python find 3
    [[ $status == 0 ]]
    [[ $(echo "$first" | awk '{print $1, $3}') == "$(echo "$output" | awk '{print $1, $3}')" ]]
}

@test "a request nothing matches: one line naming what was searched, exit 1" {
    run "$PYENVHOOK" create --python 9.99 --without-pip
    [[ $status == 1 ]]
    [[ ${#lines[@]} == 1 ]]
    [[ $output == *"no Python interpreter matches '9.99' (searched PATH=$PATH, "* ]]
    [[ ! -e .venv && ! -e .pyenvhook.json ]]
    [[ -z $(find "$T" -maxdepth 1 -name '*.pyenvhook-*') ]]
}

@test "create: the marker records venv and python and keeps the keys already in it" {
    mkdir proj
    printf '{"venv": "env", "team": {"owner": "x"}}\n' >proj/.pyenvhook.json
    run "$PYENVHOOK" create proj --python /usr/bin/python3 --without-pip --prompt api
    [[ $status == 0 ]]
    [[ -f proj/env/pyvenv.cfg ]]
    python3 -c '
import json
m = json.load(open("proj/.pyenvhook.json"))
assert m == {"venv": "env", "team": {"owner": "x"}, "python": "/usr/bin/python3",
             "prompt": "api"}, m'
    grep -qx "prompt = 'api'" proj/env/pyvenv.cfg
}

@test "create: a bare create uses the marker's python, then .python-version, then python3" {
    mkdir a b
    printf '{"python": "/usr/bin/python3"}' >a/.pyenvhook.json
    # a path in a marker runs only once the project is trusted (security.bats has the rest)
    "$PYENVHOOK" allow a >/dev/null
    run "$PYENVHOOK" create a --without-pip
    [[ $status == 0 && $output == *"/usr/bin/python3"* ]]
    local v
    v=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    printf '# pinned\n%s\n' "$v" >b/.python-version
    run "$PYENVHOOK" create b --without-pip
    [[ $status == 0 && $output == *"(Python $v."* ]]
    # .python-version stays the one place that names the version.
    python3 -c 'import json; m = json.load(open("b/.pyenvhook.json")); assert m == {"venv": ".venv"}, m'
    # A relative --python is recorded absolute: the marker is read from other directories.
    mkdir c
    run "$PYENVHOOK" create c --without-pip --python "$(realpath -s --relative-to=. /usr/bin/python3)"
    [[ $status == 0 ]]
    python3 -c 'import json; m = json.load(open("c/.pyenvhook.json")); assert m["python"] == "/usr/bin/python3", m'
    printf '9.99\n' >b/.python-version
    run "$PYENVHOOK" create b --without-pip --force
    [[ $status == 1 && $output == *"'9.99'"* ]]
    [[ -f b/.venv/pyvenv.cfg ]]
}

@test "create: an existing venv is an error naming it; --force replaces it and says so" {
    run "$PYENVHOOK" create --without-pip
    [[ $status == 0 ]]
    touch .venv/bin/keep # what pip installs lands in bin/ and lib/
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && $output == *"$T/.venv already exists; --force deletes that venv (Python "*") and everything installed in it and makes it anew"* ]]
    [[ -e .venv/bin/keep ]]
    run "$PYENVHOOK" create --without-pip --force
    [[ $status == 0 && $output == "pyenvhook: replaced $T/.venv (it was Python "* ]]
    [[ ! -e .venv/bin/keep && -f .venv/pyvenv.cfg ]]
    # --force replaces venvs only.
    rm -rf .venv && mkdir .venv && touch .venv/data
    run "$PYENVHOOK" create --without-pip --force
    [[ $status == 1 && $output == *"not a venv"* && $output != *--force* && -e .venv/data ]]
}

# interrupted SECONDS: SIGINT part-way through a create with pip.
interrupted() {
    rm -rf "$T/i" && mkdir "$T/i"
    timeout -s INT "$1" "$PYENVHOOK" create "$T/i" >/dev/null 2>&1 || true
    # Whole or nothing: a complete venv with pip and its marker, or neither.
    if [[ -e $T/i/.venv ]]; then
        [[ -x $T/i/.venv/bin/pip && -f $T/i/.pyenvhook.json ]] || return 1
    else
        [[ ! -e $T/i/.pyenvhook.json ]] || return 1
    fi
    [[ -z $(find "$T/i" -maxdepth 1 -name '*.pyenvhook-*') ]]
}

@test "create: Ctrl-C at any point leaves a whole venv or nothing, and no temporary files" {
    "$PYENVHOOK" create "$T/warm" >/dev/null # the wheel cache, so timings below are short
    local t
    for t in 0.001 0.005 0.01 0.02 0.04 0.08; do
        interrupted "$t" || { echo "after $t s" >&2; return 1; }
    done
}

@test "pip: works offline, installs a local package and a wheel, lists, uninstalls, reinstalls itself" {
    run "$PYENVHOOK" create
    [[ $status == 0 && $output == *" with "*"pip "* ]]
    local pip=.venv/bin/pip v
    v=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    [[ -x .venv/bin/pip3 && -x .venv/bin/pip$v ]]
    run "$pip" --version
    [[ $status == 0 && $output == "pip "*" from $T/.venv/lib/python$v/site-packages/pip (python $v)" ]]
    export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    # A small package, installed with the venv's own setuptools (seeded beside pip, as
    # ensurepip does before 3.12) and no network.
    mkdir -p pkg/tinypkg
    printf 'VALUE = 42\n' >pkg/tinypkg/__init__.py
    printf 'from setuptools import setup\nsetup(name="tinypkg", version="1.0", packages=["tinypkg"])\n' >pkg/setup.py
    "$pip" install -q --no-build-isolation ./pkg 2>/dev/null
    # A wheel, zipped by hand.
    .venv/bin/python - <<'PY'
import zipfile
with zipfile.ZipFile("tinywheel-2.0-py3-none-any.whl", "w") as z:
    z.writestr("tinywheel.py", "VALUE = 7\n")
    z.writestr("tinywheel-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinywheel\nVersion: 2.0\n")
    z.writestr("tinywheel-2.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr("tinywheel-2.0.dist-info/RECORD", "")
PY
    "$pip" install -q ./tinywheel-2.0-py3-none-any.whl
    [[ $(.venv/bin/python -c 'import tinypkg, tinywheel; print(tinypkg.VALUE, tinywheel.VALUE)') == "42 7" ]]
    run "$pip" list
    [[ $output == *"tinypkg "*"1.0"* && $output == *"tinywheel "*"2.0"* ]]
    "$pip" uninstall -q -y tinypkg tinywheel
    ! .venv/bin/python -c 'import tinypkg' 2>/dev/null
    ! .venv/bin/python -c 'import tinywheel' 2>/dev/null
    # pip replaces itself from the bundled wheel: RECORD must let it uninstall the old one.
    local wheel
    wheel=$(/usr/bin/python3 -I -c 'import sysconfig; print(sysconfig.get_config_var("WHEEL_PKG_DIR") or "")')
    wheel=$(compgen -G "${wheel:-/nonexistent}/pip-*.whl" ||
        compgen -G "$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/ensurepip/_bundled/pip-*.whl")
    "$pip" install -q --upgrade --force-reinstall "$wheel"
    run "$pip" --version
    [[ $status == 0 && $output == "pip "*" from $T/.venv/"* ]]
    # and uninstalls itself, launchers included
    .venv/bin/python -m pip uninstall -q -y pip
    [[ ! -e .venv/bin/pip && ! -e .venv/bin/pip3 && ! -e .venv/bin/pip$v ]]
}

# seeded VENV: what pip seeding leaves, bytecode aside (we leave compiling to first use):
# the files, the launchers' bytes and each RECORD without its __pycache__ rows.
seeded() {
    (cd "$1" && find . -path '*/__pycache__' -prune -o -printf '%y %p %l\n' | LC_ALL=C sort)
    (cd "$1" && md5sum bin/pip*)
    local r
    for r in "$1"/lib/python3*/site-packages/*.dist-info/RECORD; do
        echo "== $r"
        grep -v __pycache__ "$r"
    done
}

@test "pip: seeded from the cache, the same files, launchers and RECORD as ensurepip's (bytecode aside)" {
    "$PYENVHOOK" create "$T/s" >/dev/null
    seeded "$T/s/.venv" >"$T/ours"
    rm -rf "$T/s/.venv"
    /usr/bin/python3 -m venv "$T/s/.venv"
    seeded "$T/s/.venv" >"$T/theirs"
    diff -u "$T/theirs" "$T/ours"
    compgen -G "$XDG_CACHE_HOME/pyenvhook/wheels/*/pip-*"
}

@test "--system-site-packages sees a package installed outside the venv; a plain venv does not" {
    local site
    site=$(/usr/bin/python3 -c 'import site; print(site.getusersitepackages())')
    mkdir -p "$site" && printf 'WHERE = "outside"\n' >"$site/outside_pkg.py"
    "$PYENVHOOK" create "$T/with" --without-pip --system-site-packages >/dev/null
    "$PYENVHOOK" create "$T/without" --without-pip >/dev/null
    [[ $("$T/with/.venv/bin/python" -c 'import outside_pkg; print(outside_pkg.WHERE)') == outside ]]
    ! "$T/without/.venv/bin/python" -c 'import outside_pkg' 2>/dev/null
    grep -qx 'include-system-site-packages = true' "$T/with/.venv/pyvenv.cfg"
}

# activate_in SHELL VENV: what sourcing VENV's activate (and then deactivate) does in SHELL.
activate_in() {
    local sh=$1 v=$2
    case $sh in
    bash | zsh)
        env PATH="$PATH" "$sh" -c '. "$1/bin/activate"; echo "VIRTUAL_ENV=$VIRTUAL_ENV";
            echo "PROMPT=$VIRTUAL_ENV_PROMPT"; echo "python=$(command -v python)";
            echo "PATH=$PATH"; deactivate; echo "after=${VIRTUAL_ENV-unset} PATH=$PATH"' _ "$v"
        ;;
    fish)
        fish --no-config -c 'source $argv[1]/bin/activate.fish; echo VIRTUAL_ENV=$VIRTUAL_ENV;
            echo PROMPT=$VIRTUAL_ENV_PROMPT; echo python=(command -v python);
            echo PATH=$PATH; deactivate; echo after=(set -q VIRTUAL_ENV; and echo set; or echo unset) PATH=$PATH' "$v"
        ;;
    esac
}

@test "activate scripts: sourced in bash, zsh and fish, they act as python -m venv's do" {
    local sh
    "$PYENVHOOK" create --without-pip --prompt 'my env' >/dev/null
    for sh in bash zsh fish; do activate_in "$sh" "$T/.venv" >"$T/ours.$sh"; done
    rm -rf .venv
    /usr/bin/python3 -m venv --without-pip --prompt 'my env' .venv
    for sh in bash zsh fish; do
        activate_in "$sh" "$T/.venv" >"$T/theirs.$sh"
        diff -u "$T/theirs.$sh" "$T/ours.$sh"
        grep -qx "VIRTUAL_ENV=$T/.venv" "$T/ours.$sh"
        grep -qx "python=$T/.venv/bin/python" "$T/ours.$sh"
    done
}

created_active() {
    run_scenario "$1" 'cd $T/fresh' 'probe before' 'pyenvhook create --without-pip >/dev/null' \
        'probe after' 'probe_python'
    expect_output "before VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
after VIRTUAL_ENV=@/fresh/.venv PROMPT=fresh PYTHONHOME=<unset> PATH=@/fresh/.venv/bin:$BASE
python @/fresh/.venv"
    rm -rf "$T/fresh/.venv" "$T/fresh/.pyenvhook.json"
}

@test "the calling shell is in the new venv as soon as create returns (bash, zsh, fish)" {
    BASE="/usr/local/bin:/usr/bin:/bin"
    mkdir -p "$T/fresh"
    for_each_shell created_active
}

# make_wheel FILE: a one-module wheel, zipped by hand with the python at hand.
make_wheel() {
    /usr/bin/python3 - "$1" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("tinywheel.py", "VALUE = 7\n")
    z.writestr("tinywheel-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinywheel\nVersion: 2.0\n")
    z.writestr("tinywheel-2.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr("tinywheel-2.0.dist-info/RECORD", "")
PY
}

# pip_works PYTHON: a venv seeded by pyenvhook runs pip, installs and removes a wheel, and
# reinstalls its own pip from the wheel it was seeded with.
pip_works() {
    local py=$1 d=$T/pw v
    rm -rf "$d" && mkdir -p "$d"
    "$PYENVHOOK" create "$d" --python "$py" >/dev/null || return 1
    v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    "$d/.venv/bin/pip$v" --version | grep -q "from $d/.venv/lib/python$v/site-packages/pip " ||
        return 1
    "$d/.venv/bin/pip" install -q "$T/tinywheel-2.0-py3-none-any.whl" || return 1
    [[ $("$d/.venv/bin/python" -c 'import tinywheel; print(tinywheel.VALUE)') == 7 ]] || return 1
    "$d/.venv/bin/pip3" uninstall -q -y tinywheel || return 1
    local wheel
    wheel=$(compgen -G "$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/ensurepip/_bundled/pip-*.whl" | sort -V | tail -1)
    [[ -z $wheel ]] || "$d/.venv/bin/pip" install -q --force-reinstall "$wheel" || return 1
    "$d/.venv/bin/pip" --version >/dev/null
}

@test "pip: seeded venvs work with every interpreter present" {
    export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    make_wheel "$T/tinywheel-2.0-py3-none-any.whl"
    local py failed=0
    while read -r py; do
        if pip_works "$py"; then echo "# pip ok: $py" >&3; else
            echo "pip failed with $py" >&2
            failed=1
        fi
    done < <(parity_pythons)
    ((failed == 0))
}

# fake_python VERSION-DIR: a copy of a pyenv interpreter (its small launcher; libpython comes
# from the original by rpath) whose standard library is the original's, linked entry by entry,
# except that ensurepip has no wheels. Prints the new interpreter's path.
fake_python() {
    local real=$1 minor lib
    minor=$(basename "$(compgen -G "$real/lib/python3.*/os.py" | head -1 | xargs dirname)")
    lib=$T/fake/lib/$minor
    mkdir -p "$T/fake/bin" "$lib/ensurepip/_bundled"
    cp "$real/bin/$minor" "$T/fake/bin/$minor"
    local f
    for f in "$real/lib/$minor"/*; do
        [[ ${f##*/} == ensurepip ]] || ln -s "$f" "$lib/${f##*/}"
    done
    for f in "$real/lib/$minor/ensurepip"/*.py; do ln -s "$f" "$lib/ensurepip/${f##*/}"; done
    echo "$T/fake/bin/$minor"
}

@test "no pip wheel: create says it runs ensurepip, and when that fails puts everything back" {
    local real
    real=$(compgen -G "$PYH_PYENV_VERSIONS/3.12.*" | sort -V | tail -1) ||
        skip "needs a pyenv 3.12 to copy"
    local py
    py=$(fake_python "$real")
    "$py" -c 'import sys; assert sys.prefix == sys.argv[1], sys.prefix' "$T/fake"
    mkdir proj
    "$PYENVHOOK" create proj --without-pip --python "$py" >/dev/null
    touch proj/.venv/bin/old
    cp proj/.pyenvhook.json "$T/marker.before"
    run "$PYENVHOOK" create proj --force --python "$py" --prompt new
    [[ $status == 1 ]]
    [[ $output == *"no usable pip wheel for $py; running ensurepip"* ]]
    [[ $output == *"ensurepip failed"* ]]
    # The old venv is back, the marker untouched, nothing else left over.
    [[ -e proj/.venv/bin/old ]]
    cmp "$T/marker.before" proj/.pyenvhook.json
    [[ -z $(find proj -maxdepth 1 -name '*.pyenvhook-*') ]]
}

@test "no pip wheel: ensurepip runs in the venv being built, so kill -9 during it leaves the old venv; its launchers name the venv's place" {
    local real
    real=$(compgen -G "$PYH_PYENV_VERSIONS/3.12.*" | sort -V | tail -1) ||
        skip "needs a pyenv 3.12 to copy"
    local py main
    py=$(fake_python "$real")
    main=$(compgen -G "$T/fake/lib/python3.*/ensurepip")/__main__.py
    # An ensurepip of our own: it writes a launcher naming the interpreter that runs it, as
    # pip's installer does, then waits while $T/hang exists (a real process, killed for real).
    rm "$main"
    cat >"$main" <<'PY'
import os, sys, time
bin = os.path.dirname(sys.executable)
with open(os.path.join(bin, "pip"), "w") as f:
    f.write("#!" + sys.executable + "\nimport sys\nprint(sys.prefix)\n")
os.chmod(os.path.join(bin, "pip"), 0o755)
t = os.environ["T"]
with open(os.path.join(t, "started"), "w") as f:
    f.write(str(os.getpid()))
while os.path.exists(os.path.join(t, "hang")):
    time.sleep(0.05)
PY
    mkdir proj
    "$PYENVHOOK" create proj --without-pip --python "$py" >/dev/null
    touch proj/.venv/bin/old "$T/hang"
    cp proj/.pyenvhook.json "$T/marker.before"
    T=$T "$PYENVHOOK" create proj --force --python "$py" --prompt new >/dev/null 2>&1 &
    local pid=$! i
    for ((i = 0; i < 200; i++)); do [[ -s $T/started ]] && break; sleep 0.05; done
    [[ -s $T/started ]]
    kill -9 "$pid" "$(cat "$T/started")"
    wait "$pid" || true
    # Killed while ensurepip ran: the old venv and its marker stand as they were.
    [[ -e proj/.venv/bin/old && ! -e proj/.venv/bin/pip ]]
    cmp "$T/marker.before" proj/.pyenvhook.json
    # The next create clears what the killed one left, and its pip's launcher names .venv.
    rm "$T/hang"
    T=$T run "$PYENVHOOK" create proj --force --python "$py" --prompt new
    [[ $status == 0 && $output == *"removed 1 temporary file left by an interrupted create"* ]]
    [[ $output == *"with pip (ensurepip)"* ]]
    [[ ! -e proj/.venv/bin/old && $(proj/.venv/bin/pip) == "$T/proj/.venv" ]]
    [[ $(head -1 proj/.venv/bin/pip) == "#!$T/proj/.venv/bin/"* ]]
    [[ -z $(find proj -maxdepth 1 -name '*.pyenvhook-*') ]]
}

@test "create: pyvenv.cfg's home is the directory of the python as named, and the venv starts from it" {
    # venv writes the directory of the interpreter as it was called, not as it resolves, and
    # without a trailing slash; a python reached through a link in $T/bin says $T/bin.
    mkdir -p "$T/bin"
    ln -s /usr/bin/python3 "$T/bin/python3"
    local py dir
    for py in /usr/bin/python3 "$T/bin/python3"; do
        dir=${py%/*}
        rm -rf "$T/h" && mkdir "$T/h"
        "$PYENVHOOK" create "$T/h" --python "$py" --without-pip >/dev/null
        run grep '^home' "$T/h/.venv/pyvenv.cfg"
        [[ $output == "home = $dir" ]] || { echo "with $py: $output" >&2; return 1; }
        run "$T/h/.venv/bin/python" -c 'import sys; print(sys.prefix, sys.base_prefix)'
        [[ $status == 0 && $output == "$T/h/.venv /usr" ]] || { echo "with $py: $output" >&2; return 1; }
    done
}

@test "pip: RECORD lists the launchers create wrote, with their hashes, so pip can remove them" {
    "$PYENVHOOK" create "$T/r" >/dev/null
    local v
    v=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    # Each launcher has its row, and the row's hash and size are the file's (as pip checks).
    "$T/r/.venv/bin/python" - "$T/r/.venv" "$v" <<'PY'
import base64, csv, glob, hashlib, os, sys
venv, v = sys.argv[1], sys.argv[2]
site = f"{venv}/lib/python{v}/site-packages"
(record,) = glob.glob(f"{site}/pip-*.dist-info/RECORD")
rows = {os.path.normpath(os.path.join(site, r[0])): r for r in csv.reader(open(record))}
for name in ("pip", "pip3", "pip" + v):
    path = f"{venv}/bin/{name}"
    assert path in rows, (path, "not in RECORD")
    data = open(path, "rb").read()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert rows[path][1:] == ["sha256=" + digest, str(len(data))], (path, rows[path])
PY
    # and pip, uninstalling itself from that RECORD, takes its launchers with it
    PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$T/r/.venv/bin/python" -m pip uninstall -q -y pip
    [[ ! -e $T/r/.venv/bin/pip && ! -e $T/r/.venv/bin/pip3 && ! -e $T/r/.venv/bin/pip$v ]]
}
