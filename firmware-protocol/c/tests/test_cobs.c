/* test_cobs.c - COBS examples from the original paper and round trips at
 * the edge lengths (protocol.md, "COBS and resynchronisation"). */
#include <string.h>

#include "check.h"
#include "px/px_cobs.h"

static int encodes_to(const uint8_t *in, size_t n, const uint8_t *want, size_t wn)
{
    uint8_t out[600];
    uint8_t back[600];
    size_t en = px_cobs_encode(in, n, out, sizeof out);
    size_t dn = 0;
    if (en != wn || memcmp(out, want, wn) != 0)
        return 0;
    if (px_cobs_decode(out, en, back, sizeof back, &dn) != PX_OK)
        return 0;
    return dn == n && (n == 0 || memcmp(back, in, n) == 0);
}

static void known_examples(void)
{
    static const uint8_t z1[] = { 0x00 }, e1[] = { 0x01, 0x01 };
    static const uint8_t z2[] = { 0x00, 0x00 }, e2[] = { 0x01, 0x01, 0x01 };
    static const uint8_t m[] = { 0x11, 0x22, 0x00, 0x33 }, em[] = { 0x03, 0x11, 0x22, 0x02, 0x33 };
    static const uint8_t nz[] = { 0x11, 0x22, 0x33, 0x44 }, enz[] = { 0x05, 0x11, 0x22, 0x33, 0x44 };
    static const uint8_t t[] = { 0x11, 0x00, 0x00, 0x00 }, et[] = { 0x02, 0x11, 0x01, 0x01, 0x01 };
    static const uint8_t eempty[] = { 0x01 };
    uint8_t in[300], want[300];
    size_t i;

    CHECK(encodes_to(NULL, 0, eempty, 1));
    CHECK(encodes_to(z1, 1, e1, 2));
    CHECK(encodes_to(z2, 2, e2, 3));
    CHECK(encodes_to(m, 4, em, 5));
    CHECK(encodes_to(nz, 4, enz, 5));
    CHECK(encodes_to(t, 4, et, 5));

    /* 01..FE (254 non-zero bytes): one full block, no trailing 01. */
    for (i = 0; i < 254; i++)
        in[i] = (uint8_t)(i + 1);
    want[0] = 0xFF;
    memcpy(want + 1, in, 254);
    CHECK(encodes_to(in, 254, want, 255));

    /* 00..FE (255 bytes): a leading zero, then a full block. */
    for (i = 0; i < 255; i++)
        in[i] = (uint8_t)i;
    want[0] = 0x01;
    want[1] = 0xFF;
    memcpy(want + 2, in + 1, 254);
    CHECK(encodes_to(in, 255, want, 256));

    /* 01..FF (255 non-zero bytes): full block, then a block of one. */
    for (i = 0; i < 255; i++)
        in[i] = (uint8_t)(i + 1);
    want[0] = 0xFF;
    memcpy(want + 1, in, 254);
    want[255] = 0x02;
    want[256] = 0xFF;
    CHECK(encodes_to(in, 255, want, 257));
}

static void round_trips(void)
{
    uint8_t in[600], enc[620], back[600];
    unsigned long seed = 7;
    size_t len;
    int pattern;

    for (pattern = 0; pattern < 4; pattern++) {
        for (len = 0; len <= 560; len++) {
            size_t i, en, dn = 0;
            for (i = 0; i < len; i++) {
                switch (pattern) {
                case 0: in[i] = 0; break;                               /* all zeros */
                case 1: in[i] = (uint8_t)(1 + i % 255); break;           /* no zeros  */
                case 2: in[i] = (uint8_t)check_rand(&seed); break;       /* random    */
                default: in[i] = (uint8_t)(check_rand(&seed) % 3); break; /* many zeros */
                }
            }
            en = px_cobs_encode(in, len, enc, sizeof enc);
            CHECK(en >= 1 && en <= PX_COBS_MAX_ENCODED(len));
            CHECK(memchr(enc, 0, en) == NULL);
            CHECK(px_cobs_decode(enc, en, back, sizeof back, &dn) == PX_OK);
            CHECK(dn == len && memcmp(in, back, len) == 0);
            /* Our frames (<= 64 raw bytes) always grow by exactly one. */
            if (len <= 254)
                CHECK(en == len + 1);

            /* A too-small output buffer is refused without overrun. */
            if (en > 1) {
                uint8_t small[620];
                memset(small, 0xAA, sizeof small);
                CHECK(px_cobs_encode(in, len, small, en - 1) == 0);
                CHECK(small[en - 1] == 0xAA);
            }
            if (len > 0)
                CHECK(px_cobs_decode(enc, en, back, len - 1, &dn) == PX_E_CAPACITY);
        }
    }
}

static void invalid_input(void)
{
    static const uint8_t overrun[] = { 0x05, 0x11, 0x22 };
    static const uint8_t zero_code[] = { 0x02, 0x11, 0x00, 0x01 };
    static const uint8_t zero_data[] = { 0x03, 0x11, 0x00 };
    uint8_t out[16];
    size_t n = 0;

    CHECK(px_cobs_decode(overrun, 0, out, sizeof out, &n) == PX_E_COBS); /* empty */
    CHECK(px_cobs_decode(overrun, sizeof overrun, out, sizeof out, &n) == PX_E_COBS);
    CHECK(px_cobs_decode(zero_code, sizeof zero_code, out, sizeof out, &n) == PX_E_COBS);
    CHECK(px_cobs_decode(zero_data, sizeof zero_data, out, sizeof out, &n) == PX_E_COBS);
}

int main(void)
{
    known_examples();
    round_trips();
    invalid_input();
    return check_done("test_cobs");
}
