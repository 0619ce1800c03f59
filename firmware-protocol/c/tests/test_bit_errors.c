/*
 * test_bit_errors.c - bit errors are always detected (protocol.md, "The
 * frame check"; README "Notes on this stack": "all 1-, 2- and 3-bit errors and bursts up to
 * the check's width must be detected").
 *
 * 1. Wire level: every 1-bit and every 2-bit flip of every golden frame,
 *    including its delimiter, fed to a receiver: nothing is accepted.
 * 2. CRC level, for every raw frame length in the catalogue: all 1..4-bit
 *    error patterns (exhaustive) and all bursts up to 16 bits
 *    (exhaustive) plus 2,000,000 random bursts of 17..32 bits leave a
 *    non-zero syndrome. The CRC is linear: for a fixed length,
 *    crc(m ^ e) ^ crc(m) depends only on e, so the syndrome of a pattern
 *    is the XOR of its bits' syndromes and is zero exactly when the
 *    corrupted frame would pass.
 *
 *   test_bit_errors path/to/vectors.txt
 */
#include <string.h>

#include "check.h"
#include "px/px_catalogue.h"
#include "px/px_cobs.h"
#include "px/px_crc32.h"
#include "px/px_decoder.h"
#include "vectors_file.h"

static vf_entry entries[VF_MAX];

static int accepted(const uint8_t *w, size_t n)
{
    px_decoder d;
    px_frame f;
    size_t i;
    int frames = 0;
    px_decoder_init(&d, PX_ACCEPT_ANY);
    /* leading and trailing 0x00 so a flipped delimiter still ends it */
    if (px_decoder_feed(&d, 0x00, &f) == PX_FEED_FRAME)
        frames++;
    for (i = 0; i < n; i++)
        if (px_decoder_feed(&d, w[i], &f) == PX_FEED_FRAME)
            frames++;
    if (px_decoder_feed(&d, 0x00, &f) == PX_FEED_FRAME)
        frames++;
    return frames;
}

static void wire_flips(int count)
{
    int v;
    long tried = 0;
    for (v = 0; v < count; v++) {
        const vf_entry *e = &entries[v];
        size_t bits = e->wire_len * 8, i, j;
        uint8_t w[VF_BYTES];
        for (i = 0; i < bits; i++) {
            memcpy(w, e->wire, e->wire_len);
            w[i / 8] ^= (uint8_t)(1u << (i % 8));
            CHECK_MSG(accepted(w, e->wire_len) == 0, "%s: 1-bit flip %u accepted", e->name,
                      (unsigned)i);
            tried++;
            for (j = i + 1; j < bits; j++) {
                w[j / 8] ^= (uint8_t)(1u << (j % 8));
                CHECK_MSG(accepted(w, e->wire_len) == 0, "%s: flips %u,%u accepted", e->name,
                          (unsigned)i, (unsigned)j);
                w[j / 8] ^= (uint8_t)(1u << (j % 8));
                tried++;
            }
        }
    }
    printf("wire level: %ld 1- and 2-bit flips of %d golden frames, none accepted\n", tried,
           count);
}

/* syn[k]: syndrome of flipping bit k of an n-byte raw frame, bits in
 * transmission order (byte 0 first, least significant bit first). */
static void syndromes(size_t n, uint32_t *syn)
{
    uint8_t raw[PX_MAX_RAW];
    size_t data_bits = (n - 4) * 8, k;
    uint32_t base;
    memset(raw, 0, sizeof raw);
    base = px_crc32(raw, n - 4);
    for (k = 0; k < data_bits; k++) {
        raw[k / 8] ^= (uint8_t)(1u << (k % 8));
        syn[k] = px_crc32(raw, n - 4) ^ base;
        raw[k / 8] ^= (uint8_t)(1u << (k % 8));
    }
    for (k = data_bits; k < n * 8; k++)
        syn[k] = 1u << (k - data_bits); /* the check itself, little-endian */
}

/* The linearity the syndrome argument rests on, checked on real frames. */
static void check_linearity(const uint8_t *raw, size_t n, const uint32_t *syn,
                            unsigned long *seed)
{
    int rep;
    for (rep = 0; rep < 200; rep++) {
        uint8_t bad[PX_MAX_RAW];
        uint32_t s = 0, got;
        int flips = 1 + (int)(check_rand(seed) % 6), f;
        memcpy(bad, raw, n);
        for (f = 0; f < flips; f++) {
            size_t k = check_rand(seed) % (n * 8);
            bad[k / 8] ^= (uint8_t)(1u << (k % 8));
            s ^= syn[k];
        }
        got = (uint32_t)bad[n - 4] | ((uint32_t)bad[n - 3] << 8) |
              ((uint32_t)bad[n - 2] << 16) | ((uint32_t)bad[n - 1] << 24);
        /* passes iff syndrome == 0 */
        CHECK((px_crc32(bad, n - 4) == got) == (s == 0));
    }
}

static void crc_patterns(size_t n, unsigned long *seed)
{
    uint32_t syn[PX_MAX_RAW * 8];
    size_t bits = n * 8, a, b, c, d;
    long undetected = 0;
    long bursts = 0;

    syndromes(n, syn);
    for (a = 0; a < bits; a++) {
        if (syn[a] == 0)
            undetected++;
        for (b = a + 1; b < bits; b++) {
            uint32_t sab = syn[a] ^ syn[b];
            if (sab == 0)
                undetected++;
            for (c = b + 1; c < bits; c++) {
                uint32_t sabc = sab ^ syn[c];
                if (sabc == 0)
                    undetected++;
                for (d = c + 1; d < bits; d++)
                    if (sabc == syn[d])
                        undetected++;
            }
        }
    }
    CHECK_MSG(undetected == 0, "%u-byte frames: %ld undetected 1..4-bit patterns",
              (unsigned)n, undetected);

    /* Bursts: first and last bit flipped, any bits between. */
    {
        size_t len, start;
        for (len = 1; len <= 16; len++) {
            for (start = 0; start + len <= bits; start++) {
                size_t inner_bits = len >= 2 ? len - 2 : 0;
                uint32_t inner, count = 1u << inner_bits;
                for (inner = 0; inner < count; inner++) {
                    uint32_t s = syn[start];
                    size_t k;
                    if (len >= 2)
                        s ^= syn[start + len - 1];
                    for (k = 0; k < inner_bits; k++)
                        if (inner & (1u << k))
                            s ^= syn[start + 1 + k];
                    if (s == 0)
                        undetected++;
                    bursts++;
                }
            }
        }
        for (a = 0; a < 2000000u / 7u; a++) {
            size_t blen = 17 + check_rand(seed) % 16;
            size_t st = check_rand(seed) % (bits - blen + 1);
            uint32_t inner = (uint32_t)check_rand(seed);
            uint32_t s = syn[st] ^ syn[st + blen - 1];
            size_t k;
            for (k = 0; k + 2 < blen; k++)
                if (inner & (1u << k))
                    s ^= syn[st + 1 + k];
            if (s == 0)
                undetected++;
            bursts++;
        }
    }
    CHECK_MSG(undetected == 0, "%u-byte frames: %ld undetected bursts", (unsigned)n, undetected);
    printf("crc level: %u-byte frames, all 1..4-bit patterns and %ld bursts <= 32 bits detected\n",
           (unsigned)n, bursts);
}

int main(int argc, char **argv)
{
    int n, v;
    size_t t;
    unsigned long seed = 31337;
    int done[PX_MAX_RAW + 1];

    if (argc != 2) {
        fprintf(stderr, "usage: test_bit_errors vectors.txt\n");
        return 2;
    }
    n = vf_load(argv[1], entries, VF_MAX);
    CHECK(n > 0);
    wire_flips(n);

    for (v = 0; v < n; v++) {
        uint8_t raw[PX_MAX_RAW];
        size_t rn = 0;
        if (px_cobs_decode(entries[v].wire, entries[v].wire_len - 1, raw, sizeof raw, &rn) ==
            PX_OK) {
            uint32_t syn[PX_MAX_RAW * 8];
            syndromes(rn, syn);
            check_linearity(raw, rn, syn, &seed);
        }
    }
    memset(done, 0, sizeof done);
    for (t = 0; t < px_type_count(); t++) {
        size_t rn = px_type_at(t)->payload_len + 5u;
        if (!done[rn])
            crc_patterns(rn, &seed);
        done[rn] = 1;
    }
    return check_done("test_bit_errors");
}
