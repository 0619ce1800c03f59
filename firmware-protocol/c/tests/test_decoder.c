/* test_decoder.c - the streaming decoder resynchronises after garbage,
 * partial frames and over-long runs, and never overflows (protocol.md,
 * "COBS and resynchronisation"). */
#include <string.h>

#include "check.h"
#include "px/px_decoder.h"
#include "px/px_messages.h"

static size_t good_frame(uint8_t *wire, uint32_t seq)
{
    px_msg m;
    memset(&m, 0, sizeof m);
    m.type = PX_SET_STATE;
    m.u.set_state.link_id = 0x1234;
    m.u.set_state.cmd_seq = seq;
    m.u.set_state.compressor_pct = 50;
    m.u.set_state.outputs = PX_OUT_PUMP;
    m.u.set_state.mode = PX_MODE_COOL;
    return px_msg_encode(&m, wire, PX_MAX_WIRE);
}

/* Feeds bytes; counts frames and rejections; returns the last frame's seq. */
typedef struct result {
    int frames;
    int rejected;
    int last_reason;
    uint32_t last_seq;
} result;

static void feed(px_decoder *d, const uint8_t *p, size_t n, result *r)
{
    size_t i;
    px_frame f;
    for (i = 0; i < n; i++) {
        int rc = px_decoder_feed(d, p[i], &f);
        CHECK(d->len <= sizeof d->buf);
        if (rc == PX_FEED_FRAME) {
            r->frames++;
            r->last_seq = (uint32_t)f.payload[2] | ((uint32_t)f.payload[3] << 8) |
                          ((uint32_t)f.payload[4] << 16) | ((uint32_t)f.payload[5] << 24);
        } else if (rc < 0) {
            r->rejected++;
            r->last_reason = rc;
        }
    }
}

int main(void)
{
    uint8_t wire[PX_MAX_WIRE];
    uint8_t junk[4096];
    size_t n, i;
    px_decoder d;
    result r;
    unsigned long seed = 99;

    /* A clean frame. */
    px_decoder_init(&d, PX_ACCEPT_TO_MCU);
    memset(&r, 0, sizeof r);
    n = good_frame(wire, 1);
    feed(&d, wire, n, &r);
    CHECK(r.frames == 1 && r.rejected == 0 && r.last_seq == 1);

    /* Empty frames (extra delimiters) are ignored silently. */
    junk[0] = 0;
    junk[1] = 0;
    feed(&d, junk, 2, &r);
    CHECK(r.frames == 1 && r.rejected == 0);

    /* Garbage without a delimiter, then a good frame: the garbage merges
     * with the frame's bytes, so that frame is lost and rejected... */
    memset(&r, 0, sizeof r);
    junk[0] = 0x12;
    junk[1] = 0x34;
    feed(&d, junk, 2, &r);
    n = good_frame(wire, 2);
    feed(&d, wire, n, &r);
    CHECK(r.frames == 0 && r.rejected == 1);
    /* ... and the very next frame is found. */
    n = good_frame(wire, 3);
    feed(&d, wire, n, &r);
    CHECK(r.frames == 1 && r.last_seq == 3);

    /* A partial frame (cut off by a host restart), then a good frame
     * preceded by a 0x00 as a sender may do after starting. */
    memset(&r, 0, sizeof r);
    n = good_frame(wire, 4);
    feed(&d, wire, n / 2, &r);
    junk[0] = 0;
    feed(&d, junk, 1, &r);
    n = good_frame(wire, 5);
    feed(&d, wire, n, &r);
    CHECK(r.frames == 1 && r.rejected == 1 && r.last_seq == 5);

    /* Every proper prefix of a frame (all but its last encoded byte at
     * most), cut off by a 0x00, then the frame itself. */
    n = good_frame(wire, 6);
    for (i = 1; i + 1 < n; i++) {
        memset(&r, 0, sizeof r);
        px_decoder_init(&d, PX_ACCEPT_TO_MCU);
        feed(&d, wire, i, &r);
        junk[0] = 0;
        feed(&d, junk, 1, &r);
        feed(&d, wire, n, &r);
        CHECK(r.frames == 1 && r.last_seq == 6);
    }

    /* An over-long run without 0x00 is dropped as a whole (too-long), the
     * buffer never overflows, and the next frame is found. */
    memset(&r, 0, sizeof r);
    px_decoder_init(&d, PX_ACCEPT_TO_MCU);
    memset(junk, 0x7E, sizeof junk);
    feed(&d, junk, sizeof junk, &r);
    CHECK(d.len <= sizeof d.buf);
    n = good_frame(wire, 7);
    feed(&d, wire, n, &r);
    CHECK(r.rejected == 1 && r.last_reason == PX_E_TOO_LONG && r.frames == 0);
    feed(&d, wire, n, &r);
    CHECK(r.frames == 1 && r.last_seq == 7);

    /* Exactly PX_MAX_ENCODED non-zero bytes are still collected; one more
     * turns the run into "too-long". */
    memset(&r, 0, sizeof r);
    px_decoder_init(&d, PX_ACCEPT_ANY);
    memset(junk, 0x41, PX_MAX_ENCODED);
    junk[PX_MAX_ENCODED] = 0;
    feed(&d, junk, PX_MAX_ENCODED + 1, &r);
    CHECK(r.rejected == 1 && r.last_reason != PX_E_TOO_LONG);
    memset(junk, 0x41, PX_MAX_ENCODED + 1);
    junk[PX_MAX_ENCODED + 1] = 0;
    feed(&d, junk, PX_MAX_ENCODED + 2, &r);
    CHECK(r.rejected == 2 && r.last_reason == PX_E_TOO_LONG);

    /* Random garbage of every byte value with good frames spliced in after
     * a delimiter: every good frame is found, nothing else is accepted. */
    {
        int k, planted = 0;
        memset(&r, 0, sizeof r);
        px_decoder_init(&d, PX_ACCEPT_TO_MCU);
        for (k = 0; k < 2000; k++) {
            size_t g = check_rand(&seed) % 200;
            for (i = 0; i < g; i++)
                junk[i] = (uint8_t)check_rand(&seed);
            junk[g] = 0x00; /* garbage ends at some delimiter */
            feed(&d, junk, g + 1, &r);
            n = good_frame(wire, (uint32_t)(1000 + k));
            feed(&d, wire, n, &r);
            planted++;
            CHECK_MSG(r.last_seq == (uint32_t)(1000 + k), "frame %d not found", k);
        }
        CHECK(r.frames == planted);
    }
    return check_done("test_decoder");
}
