#!/usr/bin/env bats
# The release tarball and the Debian package, as a packager and a user get them: `meson dist`
# makes the tarball from the committed tree; it is unpacked in a fresh directory and built
# there with warnings as errors; the .deb is built from that unpacked tree with
# dpkg-buildpackage, checked with lintian, installed with apt-get, used in real shells, and
# removed again. It installs into /usr, so scripts/test runs this file alone, after the bats
# suites, and only as root on a machine where no pyenvhook package is installed already.

load ../bats/test_helper

setup_file() {
    [[ $EUID == 0 ]] || return 0
    if dpkg-query -W -f='${db:Status-Status}' pyenvhook 2>/dev/null | grep -qx installed; then
        return 0
    fi
    export WORK="$BATS_FILE_TMPDIR/pkg"
    mkdir -p "$WORK"
    VERSION=$(meson introspect --projectinfo "$PYH_SRC/meson.build" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
    export VERSION
    # meson dist takes what is committed, so the tarball is what a release of HEAD would be.
    {
        meson setup "$WORK/dist-build" "$PYH_SRC" -Dman_pages=disabled &&
            meson dist -C "$WORK/dist-build" --no-tests --allow-dirty --formats xztar
    } >"$WORK/dist.log" 2>&1 || return 0
    export TARBALL="$WORK/dist-build/meson-dist/pyenvhook-$VERSION.tar.xz"
    mkdir -p "$WORK/unpacked"
    tar -xJf "$TARBALL" -C "$WORK/unpacked" || return 0
    export TREE="$WORK/unpacked/pyenvhook-$VERSION"
    # The package is built from a copy of the unpacked tree, so that its build products do not
    # land in the tree the tarball test builds.
    cp -a "$TREE" "$WORK/deb-src"
    (cd "$WORK/deb-src" && dpkg-buildpackage -b -us -uc) >"$WORK/deb.log" 2>&1 || return 0
    export DEB="$WORK/pyenvhook_${VERSION}_amd64.deb"
}

setup() {
    [[ $EUID == 0 ]] || skip "installs a package: needs root"
    if [[ -z ${WORK-} ]]; then skip "a pyenvhook package is installed on this machine already"; fi
    common_setup
}

teardown_file() {
    # Whatever a failed test left installed goes, so that no later run finds it.
    if [[ -n ${WORK-} ]] && dpkg-query -W pyenvhook >/dev/null 2>&1; then
        apt-get purge -y -q pyenvhook >/dev/null 2>&1 || true
    fi
}

@test "meson dist makes pyenvhook-VERSION.tar.xz with the version meson's project() gives" {
    [[ -f $TARBALL ]] || { cat "$WORK/dist.log" >&2; false; }
    [[ -f $TREE/meson.build && -f $TREE/debian/control && -f $TREE/LICENSE ]]
    # nothing generated or built travels in it, and no man page: scdoc stays optional
    run tar -tJf "$TARBALL"
    [[ $output != *"/build/"* && $output != *"pyenvhook.1"$'\n'* && $output != *".git/"* ]]
    # The package's version is the same one, from debian/changelog.
    run dpkg-parsechangelog -l "$TREE/debian/changelog" -S Version
    [[ $output == "$VERSION" ]]
}

@test "the unpacked tarball builds with warnings as errors and passes its unit tests" {
    [[ -n ${TREE-} ]] || { cat "$WORK/dist.log" >&2; false; }
    cd "$TREE"
    meson setup "$T/b" --werror -Dman_pages=disabled >"$T/setup.log" 2>&1 ||
        { cat "$T/setup.log" >&2; false; }
    ninja -C "$T/b" >"$T/ninja.log" 2>&1 || { cat "$T/ninja.log" >&2; false; }
    run meson test -C "$T/b" --suite unit
    [[ $status == 0 ]] || { echo "$output" >&2; false; }
    [[ $output == *"Fail:"*" 0"* && $output != *"Ok:                 0"* ]]
    run "$T/b/pyenvhook" --version
    [[ $output == *"$VERSION"* ]]
    # Built outside a git checkout: nothing in the build reached for the repository.
    [[ ! -e $TREE/.git ]]
}

@test "dpkg-buildpackage makes the .deb, and lintian finds no error and no unexplained warning" {
    [[ -f ${DEB-} ]] || { tail -40 "$WORK/deb.log" >&2; false; }
    run lintian "$WORK/pyenvhook_${VERSION}_amd64.changes"
    echo "$output" >&2
    [[ $output != *"E: "* ]]
    # Each warning left is named, with its reason, in docs/packaging.md.
    local tag
    for tag in $(echo "$output" | sed -n 's/^W: [^ ]* \([^ ]*\).*/\1/p'); do
        grep -q -- "$tag" "$PYH_SRC/docs/packaging.md"
    done
}

@test "the installed package works: binary, man page, completions and the hook in each shell" {
    [[ -f ${DEB-} ]] || { tail -40 "$WORK/deb.log" >&2; false; }
    apt-get install -y -q "$DEB" >"$T/apt.log" 2>&1 || { cat "$T/apt.log" >&2; false; }
    dpkg-query -L pyenvhook >"$WORK/files"
    [[ $(command -v pyenvhook) == /usr/bin/pyenvhook ]]
    run pyenvhook --version
    [[ $status == 0 && $output == *"$VERSION"* ]]
    run man -w pyenvhook
    [[ $output == /usr/share/man/man1/pyenvhook.1.gz ]]

    # Completions, found by each shell's own loader with no set-up.
    run bash -c 'source /usr/share/bash-completion/bash_completion
        _completion_loader pyenvhook; complete -p pyenvhook'
    [[ $output == *"complete -F "*" pyenvhook" ]]
    run zsh -f -c 'autoload -U compinit && compinit -u -d "$HOME/.zcompdump" && print -r -- $_comps[pyenvhook]'
    [[ $output == _pyenvhook ]]
    run fish -c 'complete -C "pyenvhook sta"' # HOME is the test's own: no user config
    [[ $output == *status* ]]

    # The hook, from the installed binary, in real interactive shells.
    PYENVHOOK=/usr/bin/pyenvhook
    make_project "$T/proj"
    scenario() {
        run_scenario "$1" 'cd proj' 'probe_var VIRTUAL_ENV' 'probe_python' 'cd ..' \
            'probe_var VIRTUAL_ENV'
        expect_output "VIRTUAL_ENV=@/proj/.venv
python @/proj/.venv
VIRTUAL_ENV=<unset>"
    }
    for_each_shell scenario
}

@test "removing the package leaves none of its files behind" {
    [[ -s $WORK/files ]] || skip "the install test did not get as far as installing"
    apt-get purge -y -q pyenvhook >"$T/apt.log" 2>&1 || { cat "$T/apt.log" >&2; false; }
    ! dpkg-query -W pyenvhook >/dev/null 2>&1
    local f left=()
    while IFS= read -r f; do
        # Directories the package shares with others (/usr/bin, /usr/share/man...) stay.
        if [[ -f $f || -L $f ]] || [[ -d $f && $f == *pyenvhook* ]]; then left+=("$f"); fi
    done <"$WORK/files"
    ((${#left[@]} == 0)) || { printf 'left: %s\n' "${left[@]}" >&2; false; }
}
