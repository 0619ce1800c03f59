/*
 * test_vectors.c - the golden vectors (test-vectors/vectors.txt) decode
 * to their canonical text and the text encodes to the same bytes; every
 * frame in test-vectors/invalid.txt is rejected for the stated reason.
 *
 *   test_vectors path/to/vectors.txt path/to/invalid.txt
 *
 * Coverage: >= 2 vectors of every type (document 1.1's GET_VERSIONS and
 * VERSIONS included), a zero byte inside a raw frame of every 1.0 type.
 * Each invalid frame is rejected for its reason by its receiver (fourth
 * column: mcu, host or any); a frame for one side is rejected by the
 * other side's receiver for its type.
 */
#include <string.h>

#include "check.h"
#include "px/px_catalogue.h"
#include "px/px_cobs.h"
#include "px/px_decoder.h"
#include "px/px_text.h"
#include "vectors_file.h"

static vf_entry entries[VF_MAX];

/* Feeds a whole vector to a fresh decoder; returns the last result. */
static int decode_wire(const vf_entry *e, uint8_t accept, px_frame *f, int *frames)
{
    px_decoder d;
    size_t i;
    int rc = PX_FEED_PENDING;
    px_decoder_init(&d, accept);
    *frames = 0;
    for (i = 0; i < e->wire_len; i++) {
        rc = px_decoder_feed(&d, e->wire[i], f);
        if (rc == PX_FEED_FRAME)
            (*frames)++;
    }
    return rc;
}

static int per_type[256];
static int with_zero[256];

static void check_coverage(void)
{
    size_t t;
    /* Coverage the brief asks for: >= 2 per type, zeros inside frames. */
    for (t = 0; t < px_type_count(); t++) {
        const px_type_info *info = px_type_at(t);
        CHECK_MSG(per_type[info->type] >= 2, "%s: only %d vectors", info->name,
                  per_type[info->type]);
        CHECK_MSG(with_zero[info->type] >= 1, "%s: no vector with a 00 byte in the raw frame",
                      info->name);
    }
}

static void check_valid(const char *path)
{
    int n = vf_load(path, entries, VF_MAX);
    int i;

    CHECK_MSG(n > 0, "no vectors in %s", path);
    for (i = 0; i < n; i++) {
        const vf_entry *e = &entries[i];
        px_frame f;
        px_msg m, parsed;
        char text[PX_TEXT_MAX];
        char err[96];
        uint8_t wire[PX_MAX_WIRE];
        uint8_t raw[PX_MAX_RAW];
        size_t wn, rn = 0;
        int frames = 0;
        const px_type_info *info;

        /* bytes -> text */
        CHECK_MSG(e->wire[e->wire_len - 1] == 0 && memchr(e->wire, 0, e->wire_len - 1) == NULL,
                  "%s: not one delimited frame", e->name);
        CHECK_MSG(decode_wire(e, PX_ACCEPT_ANY, &f, &frames) == PX_FEED_FRAME && frames == 1,
                  "%s: rejected", e->name);
        if (frames != 1)
            continue;
        info = px_type_lookup(f.type);
        /* the receiver of the other direction rejects it */
        CHECK(decode_wire(e, (uint8_t)(PX_ACCEPT_ANY & ~info->direction), &f, &frames) == PX_E_TYPE);
        CHECK(decode_wire(e, info->direction, &f, &frames) == PX_FEED_FRAME);
        memset(&m, 0, sizeof m);
        CHECK(px_msg_unpack(f.type, f.payload, f.len, &m) == PX_OK);
        CHECK_MSG(px_msg_validate(&m, NULL) == PX_OK, "%s: out of range", e->name);
        CHECK(px_text_format(&m, text, sizeof text) == PX_OK);
        CHECK_MSG(strcmp(text, e->text) == 0, "%s:\n     got %s\n    want %s", e->name, text,
                  e->text);

        /* text -> bytes */
        memset(&parsed, 0, sizeof parsed);
        CHECK_MSG(px_text_parse(e->text, &parsed, err, sizeof err) == PX_OK, "%s: %s", e->name, err);
        wn = px_msg_encode(&parsed, wire, sizeof wire);
        CHECK_MSG(wn == e->wire_len && memcmp(wire, e->wire, wn) == 0, "%s: encodes differently",
                  e->name);

        per_type[f.type]++;
        if (px_cobs_decode(e->wire, e->wire_len - 1, raw, sizeof raw, &rn) == PX_OK &&
            memchr(raw, 0, rn) != NULL)
            with_zero[f.type]++;
    }
    printf("%s: %d golden frames\n", path, n);
}

static void check_invalid(const char *path)
{
    int n = vf_load(path, entries, VF_MAX);
    int i;
    CHECK_MSG(n > 0, "no vectors in %s", path);
    for (i = 0; i < n; i++) {
        const vf_entry *e = &entries[i];
        px_frame f;
        int frames = 0;
        uint8_t accept = strcmp(e->receiver, "mcu") == 0    ? PX_ACCEPT_TO_MCU
                         : strcmp(e->receiver, "host") == 0 ? PX_ACCEPT_TO_HOST
                                                            : PX_ACCEPT_ANY;
        int rc;
        char got[128];
        CHECK_MSG(accept != PX_ACCEPT_ANY || strcmp(e->receiver, "any") == 0,
                  "%s: receiver \"%s\" is not mcu, host or any", e->name, e->receiver);
        if (accept != PX_ACCEPT_ANY)
            CHECK_MSG(decode_wire(e, (uint8_t)(PX_ACCEPT_ANY & ~accept), &f, &frames) == PX_E_TYPE,
                      "%s: the other side's receiver does not reject its type", e->name);
        rc = decode_wire(e, accept, &f, &frames);
        if (rc == PX_FEED_FRAME) {
            px_msg m;
            const char *bad = "(none)";
            memset(&m, 0, sizeof m);
            CHECK(px_msg_unpack(f.type, f.payload, f.len, &m) == PX_OK);
            CHECK_MSG(px_msg_validate(&m, &bad) == PX_E_RANGE, "%s: accepted", e->name);
            snprintf(got, sizeof got, "ERROR out-of-range %s", bad);
        } else {
            snprintf(got, sizeof got, "ERROR %s", px_status_name(rc));
        }
        CHECK_MSG(strcmp(got, e->text) == 0, "%s: got \"%s\", want \"%s\"", e->name, got, e->text);
    }
    printf("%s: %d invalid frames\n", path, n);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_vectors vectors.txt invalid.txt\n");
        return 2;
    }
    memset(per_type, 0, sizeof per_type);
    memset(with_zero, 0, sizeof with_zero);
    check_valid(argv[1]);
    check_coverage();
    check_invalid(argv[2]);
    return check_done("test_vectors");
}
