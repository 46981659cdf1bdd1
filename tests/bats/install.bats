#!/usr/bin/env bats
# `meson install` from fresh build directories: a system install (--prefix /usr) and a user
# install (--prefix ~/.local), each into a DESTDIR whose tree is checked file by file; the
# user install once more for real, to see that bash-completion's loader, zsh, fish and man
# find what it put there; and a build with every optional part switched off.

load test_helper

setup_file() {
    if [[ -n ${PYH_SANITIZED-} ]]; then
        return 0 # builds its own binary: the sanitizer pass has nothing to add here
    fi
    VERSION=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$PYH_SRC/meson.build")
    export VERSION
}

setup() {
    [[ -z ${PYH_SANITIZED-} ]] || skip "the sanitizer pass runs no install tests"
    common_setup
}

# build DIR MESON-ARGS...: configures DIR afresh from the source tree, quietly.
build() {
    local dir=$1
    shift
    if ! { meson setup "$dir" "$PYH_SRC" "$@" && ninja -C "$dir"; } >"$dir.log" 2>&1; then
        cat "$dir.log" >&2
        return 1
    fi
}

# install_tree DIR DESTDIR: installs into DESTDIR and sets $output to the files there, as
# paths under DESTDIR with $HOME shown as ~.
install_tree() {
    DESTDIR=$2 meson install -C "$1" --no-rebuild >"$1.install.log" 2>&1 || {
        cat "$1.install.log" >&2
        return 1
    }
    output=$(cd "$2" && find . -type f -o -type l | sed "s|^\.||; s|$HOME|~|" | LC_ALL=C sort)
}

@test "a system install (--prefix /usr) puts each part where the system looks" {
    build "$T/b" --prefix /usr -Dman_pages=enabled
    install_tree "$T/b" "$T/dest"
    expect_output "/usr/bin/pyenvhook
/usr/share/bash-completion/completions/pyenvhook
/usr/share/fish/vendor_completions.d/pyenvhook.fish
/usr/share/man/man1/pyenvhook.1
/usr/share/zsh/site-functions/_pyenvhook"
    # bash-completion's own pkg-config answer, for this prefix
    [[ $(pkg-config --variable=completionsdir bash-completion) == /usr/share/bash-completion/completions ]]
    local d=$T/dest/usr
    run "$d/bin/pyenvhook" --version
    [[ $status == 0 && $output == "pyenvhook $VERSION" ]]
    cmp "$d/share/bash-completion/completions/pyenvhook" "$PYH_SRC/completions/pyenvhook.bash"
    cmp "$d/share/zsh/site-functions/_pyenvhook" "$PYH_SRC/completions/_pyenvhook"
    cmp "$d/share/fish/vendor_completions.d/pyenvhook.fish" "$PYH_SRC/completions/pyenvhook.fish"
    grep -q '^\.TH "pyenvhook" "1"' "$d/share/man/man1/pyenvhook.1"
    [[ -x $d/bin/pyenvhook && ! -x $d/share/man/man1/pyenvhook.1 ]]
}

@test "a user install (--prefix ~/.local) stays in ~/.local, where the shells and man find it" {
    build "$T/b" --prefix "$HOME/.local" -Dman_pages=enabled
    install_tree "$T/b" "$T/dest"
    # shellcheck disable=SC2088 # install_tree shows $HOME as ~
    expect_output "~/.local/bin/pyenvhook
~/.local/share/bash-completion/completions/pyenvhook
~/.local/share/fish/vendor_completions.d/pyenvhook.fish
~/.local/share/man/man1/pyenvhook.1
~/.local/share/zsh/site-functions/_pyenvhook"

    # Now for real, without DESTDIR.
    meson install -C "$T/b" --no-rebuild >"$T/install.log" 2>&1 || {
        cat "$T/install.log" >&2
        return 1
    }
    export PATH="$HOME/.local/bin:$PATH"
    [[ $(command -v pyenvhook) == "$HOME/.local/bin/pyenvhook" ]]

    # bash: bash-completion's loader searches $XDG_DATA_HOME/bash-completion/completions.
    # shellcheck disable=SC2016 # expanded by the bash under test
    run bash --norc --noprofile -c '
        source /usr/share/bash-completion/bash_completion
        __load_completion pyenvhook || exit 1
        complete -p pyenvhook'
    [[ $status == 0 && $output == "complete -F _pyenvhook pyenvhook" ]]

    # fish: ~/.local/share/fish/vendor_completions.d is on its default path.
    run fish -c 'complete -C"pyenvhook ini"'
    [[ $status == 0 && $output == init* ]]

    # zsh: site-functions under ~/.local is added to fpath, as docs/install.md says.
    # shellcheck disable=SC2016 # expanded by the zsh under test
    run zsh -f -c 'fpath=(~/.local/share/zsh/site-functions $fpath)
        autoload -Uz compinit && compinit -u -D && print -r -- $_comps[pyenvhook]'
    [[ $status == 0 && $output == _pyenvhook ]]

    # man finds the page from PATH: ~/.local/bin implies ~/.local/share/man.
    unset MANPATH
    run man -w pyenvhook
    [[ $status == 0 && $output == "$HOME/.local/share/man/man1/pyenvhook.1"* ]]

    # And docs/install.md's uninstall takes it all away again.
    ninja -C "$T/b" uninstall >"$T/uninstall.log" 2>&1
    run find "$HOME/.local" -type f
    [[ $status == 0 && -z $output ]]
}

@test "each optional part switched off is left out; the completion directories can be set" {
    build "$T/b" --prefix /usr -Dbash_completions=false -Dzsh_completions=false \
        -Dfish_completions=false -Dman_pages=disabled
    install_tree "$T/b" "$T/dest"
    expect_output "/usr/bin/pyenvhook"

    # A distribution's own layout, e.g. Debian's zsh reads vendor-completions.
    meson configure "$T/b" -Dbash_completions=true -Dzsh_completions=true \
        -Dfish_completions=true -Dzsh_completions_dir=/usr/share/zsh/vendor-completions \
        -Dbash_completions_dir=/etc/bash_completion.d \
        -Dfish_completions_dir=/usr/share/fish/completions >"$T/configure.log" 2>&1 || {
        cat "$T/configure.log" >&2
        return 1
    }
    ninja -C "$T/b" >>"$T/configure.log" 2>&1
    rm -rf "$T/dest"
    install_tree "$T/b" "$T/dest"
    expect_output "/etc/bash_completion.d/pyenvhook
/usr/bin/pyenvhook
/usr/share/fish/completions/pyenvhook.fish
/usr/share/zsh/vendor-completions/_pyenvhook"
}

@test "a user install's rc line from the README works in a login bash on Debian's stock dotfiles" {
    [[ -f /etc/skel/.profile && -f /etc/skel/.bashrc ]] || skip "no /etc/skel dotfiles here"
    build "$T/b" --prefix "$HOME/.local" -Dman_pages=disabled
    meson install -C "$T/b" --no-rebuild >"$T/install.log" 2>&1 || {
        cat "$T/install.log" >&2
        return 1
    }
    cp /etc/skel/.profile /etc/skel/.bashrc "$HOME/"
    make_project "$T/proj"
    # The README's line, word for word.
    local line
    line=$(sed -n 's/^| bash, after a user install | `~\/.bashrc` | `\(.*\)` |$/\1/p' "$PYH_SRC/README.md")
    [[ -n $line ]]
    # ~/.profile sources ~/.bashrc before it puts ~/.local/bin on PATH: the bare command name
    # is not found there yet, which is why the README gives the full path.
    login() {
        cp /etc/skel/.bashrc "$HOME/.bashrc"
        printf '%s\n' "$1" >>"$HOME/.bashrc"
        printf 'cd %q\necho "venv=${VIRTUAL_ENV-}"\nexit\n' "$T/proj" |
            env -i HOME="$HOME" PATH=/usr/local/bin:/usr/bin:/bin TERM=dumb LC_ALL=C.UTF-8 \
                bash --login -i 2>&1
    }
    run login "$line"
    [[ $output == *"venv=$T/proj/.venv"* && $output != *"not found"* ]] || { echo "$output" >&2; false; }
    # shellcheck disable=SC2016 # the rc line, for the bash under test to expand
    run login 'eval "$(pyenvhook init bash)"'
    [[ $output == *"pyenvhook: command not found"* && $output != *"venv=$T/proj/.venv"* ]]
}
