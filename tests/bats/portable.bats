#!/usr/bin/env bats
# Which ways the binary under test takes: Linux's calls (renameat2's exchange and no-replace,
# copy_file_range, reflinks, /proc/self/exe) in an ordinary build, and only the POSIX ways
# in a portable one (meson -Dportable=true, scripts/test's third build), read from the
# system calls strace sees. Without this, a portable build that still made a Linux call
# would pass every other test while testing nothing of what other systems run.

load test_helper

# portable: whether the binary under test says it is the portable build.
portable() {
    [[ $("$PYENVHOOK" --version) == *"(portable)" ]]
}

# calls CMD...: the system calls CMD and its children make, one name a line, sorted, unique.
calls() {
    traced -f -qq -o "$T/strace" "$@" >/dev/null 2>&1 || true
    sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' "$T/strace" | sort -u
}

@test "create swaps a venv with renameat2 in a Linux build, with two renames in a portable one" {
    "$PYENVHOOK" -q create --without-pip p >/dev/null
    run calls "$PYENVHOOK" -q create --without-pip --force p
    if portable; then
        [[ $output != *renameat2* ]]
        # the old venv aside, the new one in: the journal's two-step way
        [[ $(grep -c '^[0-9]* *rename("[^"]*/p/\.venv"' "$T/strace") -ge 1 ]]
    else
        [[ $output == *renameat2* ]]
        grep -q 'RENAME_EXCHANGE' "$T/strace"
    fi
    [[ -x p/.venv/bin/python ]]
}

@test "create copies pip's files in the kernel in a Linux build, by read and write in a portable one" {
    run calls "$PYENVHOOK" -q create p
    [[ -x p/.venv/bin/pip ]]
    if portable; then
        [[ $output != *copy_file_range* ]]
        ! grep -q 'FICLONE' "$T/strace"
    else
        # copy_file_range, or a reflink where the file system has them
        [[ $output == *copy_file_range* ]] || grep -q 'FICLONE' "$T/strace"
    fi
}

@test "init finds its own file through /proc/self/exe in a Linux build, through PATH in a portable one" {
    mkdir -p bin
    cp "$PYENVHOOK" bin/pyenvhook
    run calls env PATH="$T/bin:$PATH" pyenvhook init bash
    if portable; then
        ! grep -q '/proc/self/exe' "$T/strace"
    else
        grep -q 'readlink("/proc/self/exe"' "$T/strace"
    fi
    # Either way the hook calls the program by the path it was found at.
    run hook_bin env PATH="$T/bin:$PATH" pyenvhook init bash
    [[ $status == 0 && $output == "$T/bin/pyenvhook" ]]
}
