/*
 * test_fuzz.c - seeded random corruption of golden frames: 1 to 8 random
 * bytes changed, inserted or dropped, anywhere in the encoded frame
 * including its delimiter. The receiver must never accept a frame that
 * differs from the one sent, and never crash or overrun. (The project
 * requires a clean run of 1,000,000 mutations; a 16-bit check lets
 * about 15 per million through.) Then a long stream of random bytes must
 * yield no frame at all.
 *
 *   test_fuzz path/to/vectors.txt [mutations] [seed]
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "px/px_cobs.h"
#include "px/px_decoder.h"
#include "vectors_file.h"

static vf_entry entries[VF_MAX];

#define MUT_MAX (VF_BYTES + 16)

/* Applies one mutation in place; returns the new length. */
static size_t mutate(uint8_t *w, size_t n, unsigned long *seed)
{
    unsigned long op = check_rand(seed) % 3;
    size_t pos;
    if (op == 0 && n > 0) {            /* change a byte to a different value */
        pos = check_rand(seed) % n;
        w[pos] = (uint8_t)(w[pos] ^ (1 + check_rand(seed) % 255));
    } else if (op == 1 && n < MUT_MAX) { /* insert a random byte */
        pos = check_rand(seed) % (n + 1);
        memmove(w + pos + 1, w + pos, n - pos);
        w[pos] = (uint8_t)check_rand(seed);
        n++;
    } else if (n > 1) {                /* drop a byte */
        pos = check_rand(seed) % n;
        memmove(w + pos, w + pos + 1, n - pos - 1);
        n--;
    }
    return n;
}

int main(int argc, char **argv)
{
    long count = argc > 2 ? atol(argv[2]) : 100000;
    unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
    long i, unchanged = 0, intact = 0, reasons[16];
    int n;

    if (argc < 2 || count <= 0 || seed == 0) {
        fprintf(stderr, "usage: test_fuzz vectors.txt [mutations] [seed != 0]\n");
        return 2;
    }
    n = vf_load(argv[1], entries, VF_MAX);
    CHECK(n > 0);
    if (n <= 0)
        return check_done("test_fuzz");
    memset(reasons, 0, sizeof reasons);

    for (i = 0; i < count; i++) {
        const vf_entry *e = &entries[check_rand(&seed) % (unsigned long)n];
        uint8_t w[MUT_MAX];
        uint8_t raw[PX_MAX_RAW];
        size_t len = e->wire_len, rn = 0, k;
        int ops = 1 + (int)(check_rand(&seed) % 8), op;
        px_decoder d;
        px_frame f;

        /* what was sent: type and payload */
        CHECK(px_cobs_decode(e->wire, e->wire_len - 1, raw, sizeof raw, &rn) == PX_OK);
        memcpy(w, e->wire, len);
        for (op = 0; op < ops; op++)
            len = mutate(w, len, &seed);
        if (len == e->wire_len && memcmp(w, e->wire, len) == 0) {
            unchanged++; /* e.g. an insert undone by a drop: not a corruption */
            continue;
        }

        px_decoder_init(&d, PX_ACCEPT_ANY);
        for (k = 0; k <= len + 1; k++) {
            /* a 0x00 before and after, so every piece is judged */
            uint8_t b = (k == 0 || k == len + 1) ? 0x00 : w[k - 1];
            int rc = px_decoder_feed(&d, b, &f);
            CHECK(d.len <= sizeof d.buf);
            if (rc == PX_FEED_FRAME) {
                /* Only the original frame, delivered intact, may come out
                 * (e.g. garbage inserted before a 00 that then precedes the
                 * untouched frame). Anything else is a missed corruption. */
                int same = f.len + 5u == rn && f.type == raw[0] &&
                           memcmp(f.payload, raw + 1, f.len) == 0;
                CHECK_MSG(same, "mutation %ld of %s accepted as a different frame", i, e->name);
                intact++;
            } else if (rc < 0) {
                reasons[-rc]++;
            }
        }
    }
    printf("%ld mutations (%ld undid themselves); original delivered intact %ld times;\n"
           "rejected pieces: bad-cobs %ld, too-short %ld, bad-check %ld, unknown-type %ld, "
           "bad-length %ld, too-long %ld\n",
           count, unchanged, intact, reasons[-PX_E_COBS], reasons[-PX_E_SHORT],
           reasons[-PX_E_CHECK], reasons[-PX_E_TYPE], reasons[-PX_E_LENGTH],
           reasons[-PX_E_TOO_LONG]);

    /* Random noise, with a 0x00 about every 40 bytes so that many short
     * candidate frames form: none may pass. */
    {
        px_decoder d;
        px_frame f;
        long b, frames = 0, candidates = 0;
        px_decoder_init(&d, PX_ACCEPT_ANY);
        for (b = 0; b < 8000000; b++) {
            unsigned long r = check_rand(&seed);
            uint8_t byte = (r % 40 == 0) ? 0x00 : (uint8_t)(r >> 8);
            int rc = px_decoder_feed(&d, byte, &f);
            if (rc == PX_FEED_FRAME)
                frames++;
            if (rc != PX_FEED_PENDING)
                candidates++;
        }
        CHECK_MSG(frames == 0, "%ld frames accepted from noise", frames);
        printf("noise: 8,000,000 random bytes, %ld candidate frames, %ld accepted\n", candidates,
               frames);
    }
    return check_done("test_fuzz");
}
