#include "unzip.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <minizip/unzip.h>

#include "fsx.h"
#include "path.h"

/* minizip reads the archive (zlib's own contrib, kept in Debian as libminizip): it checks
 * each member's CRC and handles ZIP64. What is ours is what a wheel must not do: names that
 * leave the directory, encryption, sizes past ARCHIVE_MAX. */

#define ARCHIVE_MAX (256u * 1024 * 1024)
#define NAME_MAX_ 4096

int unzip_safe_name(const char *n, size_t len)
{
        if (len == 0 || n[0] == '/' || memchr(n, '\\', len) || memchr(n, '\0', len))
                return 0;
        for (size_t i = 0; i < len;) {
                size_t j = i;
                while (j < len && n[j] != '/')
                        j++;
                if (j - i == 2 && n[i] == '.' && n[i + 1] == '.')
                        return 0;
                i = j + 1;
        }
        return 1;
}

static int write_member(const char *to, const char *name, size_t nlen, const unsigned char *data,
                        size_t len, int exec, struct err *e)
{
        char *rel = strndup(name, nlen);
        char *dst = rel ? path_join(to, rel) : NULL;
        free(rel);
        if (!dst)
                return err_set(e, -ENOMEM, "out of memory");
        int rc;
        size_t n = strlen(dst);
        if (dst[n - 1] == '/') {
                dst[n - 1] = '\0';
                rc = fsx_mkdirs(dst, e);
        } else {
                char *slash = strrchr(dst, '/');
                *slash = '\0';
                rc = fsx_mkdirs(dst, e);
                *slash = '/';
                if (rc == 0)
                        rc = fsx_write_new(dst, (const char *)data, len, exec ? 0777 : 0666, e);
        }
        free(dst);
        return rc;
}

static int bad(struct err *e, const char *archive, const char *why)
{
        return err_set(e, -EINVAL, "%s: not a readable wheel: %s", archive, why);
}

/* The current member, unpacked into to. */
static int member(unzFile z, const char *archive, const char *to, struct err *e)
{
        unz_file_info64 fi;
        char name[NAME_MAX_];
        if (unzGetCurrentFileInfo64(z, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
                return bad(e, archive, "damaged central directory");
        size_t nlen = fi.size_filename;
        if (nlen >= sizeof name)
                return bad(e, archive, "a member's name is too long");
        if (!unzip_safe_name(name, nlen))
                return err_set(e, -EINVAL, "%s: a member's name leaves the directory: %.*s",
                               archive, (int)nlen, name);
        if (fi.flag & 1)
                return bad(e, archive, "encrypted member");
        if (fi.uncompressed_size > ARCHIVE_MAX)
                return bad(e, archive, "member too large");
        size_t len = (size_t)fi.uncompressed_size;
        int exec = (fi.version >> 8) == 3 && ((fi.external_fa >> 16) & 0111);
        if (name[nlen - 1] == '/')
                return write_member(to, name, nlen, NULL, 0, 0, e);
        unsigned char *buf = malloc(len ? len : 1);
        if (!buf)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = 0;
        if (unzOpenCurrentFile(z) != UNZ_OK) {
                rc = bad(e, archive, "unsupported compression");
        } else {
                size_t got = 0;
                int r;
                while ((r = unzReadCurrentFile(
                            z, buf + got,
                            (unsigned)(len - got > 1u << 30 ? 1u << 30 : len - got))) > 0)
                        got += (size_t)r;
                /* Closing checks the CRC, once the whole member was read. */
                int cr = unzCloseCurrentFile(z);
                if (r < 0 || got != len)
                        rc = bad(e, archive, "a member does not inflate to its size");
                else if (cr == UNZ_CRCERROR)
                        rc = bad(e, archive, "CRC mismatch");
                else if (cr != UNZ_OK)
                        rc = bad(e, archive, "a member does not inflate");
        }
        if (rc == 0)
                rc = write_member(to, name, nlen, buf, len, exec, e);
        free(buf);
        return rc;
}

int unzip_to(const char *archive, const char *to, struct err *e)
{
        unzFile z = unzOpen64(archive);
        if (!z)
                return bad(e, archive, "no zip archive there");
        int rc = 0, r = unzGoToFirstFile(z);
        while (rc == 0 && r == UNZ_OK) {
                rc = member(z, archive, to, e);
                if (rc == 0)
                        r = unzGoToNextFile(z);
        }
        if (rc == 0 && r != UNZ_END_OF_LIST_OF_FILE)
                rc = bad(e, archive, "damaged central directory");
        unzClose(z);
        return rc;
}
