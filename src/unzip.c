#include "unzip.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "fsx.h"
#include "path.h"

/* Our own reader rather than libzip: libzip links libcrypto and libbz2, whose loading cost
 * every pyenvhook run (the hook runs at each prompt) about 15 ms; a wheel needs only the
 * central directory and zlib's inflate. */

#define ARCHIVE_MAX (256u * 1024 * 1024)

static uint32_t le16(const unsigned char *p)
{
        return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
        return le16(p) | le16(p + 2) << 16;
}

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

static int inflate_to(const unsigned char *src, size_t clen, unsigned char *dst, size_t ulen)
{
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
                return -ENOMEM;
        z.next_in = (unsigned char *)src;
        z.avail_in = (uInt)clen;
        z.next_out = dst;
        z.avail_out = (uInt)ulen;
        int r = inflate(&z, Z_FINISH);
        size_t out = z.total_out;
        inflateEnd(&z);
        return r == Z_STREAM_END && out == ulen ? 0 : -EINVAL;
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

/* One central-directory entry at p (within the n bytes of cd): unpacked into to. */
static int member(const char *archive, const unsigned char *z, size_t zlen, const unsigned char *p,
                  size_t left, size_t *used, const char *to, struct err *e)
{
        if (left < 46 || le32(p) != 0x02014b50)
                return bad(e, archive, "damaged central directory");
        uint32_t flags = le16(p + 8), method = le16(p + 10), crc = le32(p + 16);
        uint32_t clen = le32(p + 20), ulen = le32(p + 24), nlen = le16(p + 28);
        uint32_t xlen = le16(p + 30), clen2 = le16(p + 32), off = le32(p + 42);
        int unix_made = (le16(p + 4) >> 8) == 3;
        uint32_t attr = le32(p + 38);
        *used = 46 + (size_t)nlen + xlen + clen2;
        if (*used > left)
                return bad(e, archive, "damaged central directory");
        const char *name = (const char *)p + 46;
        if (!unzip_safe_name(name, nlen))
                return err_set(e, -EINVAL, "%s: a member's name leaves the directory: %.*s",
                               archive, (int)nlen, name);
        if (flags & 1)
                return bad(e, archive, "encrypted member");
        if (clen == 0xffffffffu || ulen == 0xffffffffu || off == 0xffffffffu)
                return bad(e, archive, "ZIP64 is not supported");
        if ((size_t)off + 30 > zlen || le32(z + off) != 0x04034b50)
                return bad(e, archive, "damaged local header");
        size_t data = (size_t)off + 30 + le16(z + off + 26) + le16(z + off + 28);
        if (data > zlen || clen > zlen - data)
                return bad(e, archive, "member runs past the end");
        unsigned char *buf = NULL;
        const unsigned char *bytes = z + data;
        if (method == 8) {
                if (ulen > ARCHIVE_MAX)
                        return bad(e, archive, "member too large");
                buf = malloc(ulen ? ulen : 1);
                if (!buf)
                        return err_set(e, -ENOMEM, "out of memory");
                if (inflate_to(z + data, clen, buf, ulen) < 0) {
                        free(buf);
                        return bad(e, archive, "a member does not inflate");
                }
                bytes = buf;
        } else if (method != 0 || clen != ulen) {
                return bad(e, archive, "unsupported compression");
        }
        int rc = 0;
        if (crc32(0L, bytes, ulen) != crc)
                rc = bad(e, archive, "CRC mismatch");
        else
                rc = write_member(to, name, nlen, bytes, ulen, unix_made && ((attr >> 16) & 0111),
                                  e);
        free(buf);
        return rc;
}

int unzip_to(const char *archive, const char *to, struct err *e)
{
        char *z;
        size_t zlen;
        int rc = file_read(archive, ARCHIVE_MAX, &z, &zlen, e);
        if (rc < 0)
                return rc;
        const unsigned char *u = (const unsigned char *)z;
        /* The end record is the last 22 bytes plus a comment of up to 64 KiB. */
        size_t eocd = 0;
        int found = 0;
        for (size_t i = zlen >= 22 ? zlen - 22 + 1 : 0; i-- > 0 && zlen - i <= 22 + 65535;)
                if (le32(u + i) == 0x06054b50) {
                        eocd = i;
                        found = 1;
                        break;
                }
        if (!found) {
                rc = bad(e, archive, "no end of central directory");
        } else {
                uint32_t count = le16(u + eocd + 10), size = le32(u + eocd + 12);
                uint32_t start = le32(u + eocd + 16);
                if ((size_t)start + size > eocd) {
                        rc = bad(e, archive, "damaged end record");
                } else {
                        size_t pos = start;
                        for (uint32_t k = 0; rc == 0 && k < count; k++) {
                                size_t used = 0;
                                rc = member(archive, u, zlen, u + pos, start + size - pos, &used,
                                            to, e);
                                pos += used;
                        }
                }
        }
        free(z);
        return rc;
}
