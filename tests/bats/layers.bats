#!/usr/bin/env bats
# scripts/layers, which lint runs, fails on what docs/architecture.md forbids: an include
# from a lower layer to a higher one, a circle among the modules, a source file in no layer,
# a file name the document gives that does not exist, a long file. Each case is made in a
# copy of the tree, never this one.

load test_helper

setup() {
    common_setup
    mkdir -p "$T/tree"
    # the tree without its builds and history: what the document and the checker read
    tar -C "$PYH_SRC" --exclude=./build --exclude=./.git -cf - . | tar -C "$T/tree" -xf -
    LONG=(--allow-long src/cmd_create.c src/conv_poetry.c src/interp.c src/interp_find.c)
}

@test "the tree as it is passes" {
    run "$T/tree/scripts/layers" "${LONG[@]}"
    [[ $status == 0 ]]
}

@test "a base file that includes a command's header fails, naming the file, the line and both layers" {
    sed -i '0,/^#include "buf.h"/s//#include "buf.h"\n#include "cmd.h"/' "$T/tree/src/buf.c"
    run "$T/tree/scripts/layers" "${LONG[@]}"
    [[ $status == 1 && $output == *"src/buf.c:"*": includes cmd.h: the base layer may not include the commands layer above it"* ]]
}

@test "two files of one layer that include each other fail as a circle" {
    printf '#include "toml.h"\n' >>"$T/tree/src/toml_lex.h"
    run "$T/tree/scripts/layers" "${LONG[@]}"
    [[ $status == 1 && $output == *"in a circle: toml, toml_lex"* ]]
}

@test "a new source file in no layer, a long file, a name the document gives that is gone: each fails" {
    printf 'int x;\n' >"$T/tree/src/newthing.c"
    run "$T/tree/scripts/layers" "${LONG[@]}"
    [[ $status == 1 && $output == *"src/newthing.c: in no layer"* ]]
    rm "$T/tree/src/newthing.c"
    run "$T/tree/scripts/layers"
    [[ $status == 1 && $output == *"src/cmd_create.c: "*" lines, over 400"* ]]
    rm "$T/tree/src/watch.c"
    run "$T/tree/scripts/layers" "${LONG[@]}"
    [[ $status == 1 && $output == *"names watch.c, which does not exist"* ]]
}
