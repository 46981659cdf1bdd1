#ifndef PYENVHOOK_WHEEL_BUILD_H
#define PYENVHOOK_WHEEL_BUILD_H

#include <stddef.h>
#include <sys/stat.h>

#include "err.h"
#include "interp.h"

/* An unpacked wheel as seeding uses it: the wheel's files checked against its RECORD, the
 * bytecode that pip's install would compile for one interpreter, and a manifest of every file
 * (mode, size, modification time) by which each later use checks that nothing changed. */

struct wheel_file {
        char *rel;      /* relative to the unpacked tree */
        struct stat st; /* st_mode, st_size and st_mtim as recorded */
        int pyc;        /* bytecode: pip's RECORD lists it without hash or size */
};

struct wheel_files {
        struct wheel_file *v;
        size_t n;
};

/* Unpacks wheel into dir (existing, empty), refuses it unless every file matches RECORD's
 * size and hash, compiles it with py (when py has a bytecode tag), and writes the manifest. */
int wheel_build(const struct interp *py, const char *wheel, const char *dir, struct err *e);
/* Reads dir's manifest (0, or -ESTALE when it is missing or damaged); the files are checked
 * as they are copied (fsx_clone_at), so that what is checked is what is copied. */
int wheel_manifest(const char *dir, struct wheel_files *files, struct err *e);
/* Reads dir's manifest and checks that each file is still as recorded (and readable): 0, or
 * -ESTALE naming the first that is not. files may be NULL. */
int wheel_check(const char *dir, struct wheel_files *files, struct err *e);
void wheel_files_free(struct wheel_files *f);

#define WHEEL_MANIFEST ".pyenvhook-files"

#endif
