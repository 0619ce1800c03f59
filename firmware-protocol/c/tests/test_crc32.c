/* test_crc32.c - the frame check is the standard CRC-32 (protocol.md,
 * "The frame check"). */
#include <string.h>

#include "check.h"
#include "px/px_crc32.h"

/* Bit-by-bit reference straight from the definition. */
static uint32_t crc32_reference(const uint8_t *p, size_t n)
{
    uint32_t r = 0xFFFFFFFFu;
    size_t i;
    int b;
    for (i = 0; i < n; i++) {
        r ^= p[i];
        for (b = 0; b < 8; b++)
            r = (r & 1u) ? (r >> 1) ^ 0xEDB88320u : r >> 1;
    }
    return r ^ 0xFFFFFFFFu;
}

int main(void)
{
    const uint8_t *check = (const uint8_t *)"123456789";
    uint8_t buf[300];
    unsigned long seed = 12345;
    size_t len, i;

    /* The catalogued check value of CRC-32/ISO-HDLC (zlib, .NET Crc32). */
    CHECK(px_crc32(check, 9) == 0xCBF43926u);
    CHECK(px_crc32(NULL, 0) == 0x00000000u);
    {
        const uint8_t a = 'a';
        CHECK(px_crc32(&a, 1) == 0xE8B7BE43u);
    }

    for (len = 0; len + 4 <= sizeof buf; len++) {
        uint32_t crc, reg;
        for (i = 0; i < len; i++)
            buf[i] = (uint8_t)check_rand(&seed);
        crc = px_crc32(buf, len);
        CHECK(crc == crc32_reference(buf, len));

        /* Incremental use gives the same result for any split. */
        reg = px_crc32_update(PX_CRC32_INIT, buf, len / 3);
        reg = px_crc32_update(reg, buf + len / 3, len - len / 3);
        CHECK((reg ^ PX_CRC32_XOROUT) == crc);

        /* Over data followed by its own check (little-endian) the CRC is
         * the constant residue 0x2144DF1C: a receiver may check a frame
         * in one pass, e.g. with a hardware CRC unit (protocol.md). */
        buf[len] = (uint8_t)crc;
        buf[len + 1] = (uint8_t)(crc >> 8);
        buf[len + 2] = (uint8_t)(crc >> 16);
        buf[len + 3] = (uint8_t)(crc >> 24);
        CHECK(px_crc32(buf, len + 4) == 0x2144DF1Cu);
    }
    return check_done("test_crc32");
}
