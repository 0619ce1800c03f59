/* test_frame.c - one-shot frame encoding and each rejection reason
 * (protocol.md, "Rejecting a frame"). */
#include <string.h>

#include "check.h"
#include "px/px_cobs.h"
#include "px/px_crc32.h"
#include "px/px_frame.h"
#include "px/px_messages.h"

/* COBS of raw bytes as given (no check computed). Returns encoded length. */
static size_t cobs(const uint8_t *raw, size_t n, uint8_t *enc)
{
    return px_cobs_encode(raw, n, enc, PX_MAX_WIRE + 64);
}

static size_t add_check(uint8_t *raw, size_t n)
{
    uint32_t c = px_crc32(raw, n);
    raw[n] = (uint8_t)c;
    raw[n + 1] = (uint8_t)(c >> 8);
    raw[n + 2] = (uint8_t)(c >> 16);
    raw[n + 3] = (uint8_t)(c >> 24);
    return n + 4;
}

int main(void)
{
    /* SET_STATE link 0x1234 seq 7 65 % pump|valve_a|fan COOL */
    static const uint8_t payload[] = { 0x34, 0x12, 0x07, 0, 0, 0, 0x41, 0x0B, 0x01 };
    uint8_t wire[PX_MAX_WIRE + 64];
    uint8_t raw[PX_MAX_RAW + 64];
    uint8_t enc[PX_MAX_WIRE + 64];
    px_frame f;
    size_t n, en;

    /* Encode, then decode without the delimiter. */
    n = px_frame_encode(PX_SET_STATE, payload, sizeof payload, wire, sizeof wire);
    CHECK(n == 1 + 9 + 4 + 1 + 1); /* COBS code byte + raw 14 + delimiter */
    CHECK(wire[n - 1] == 0x00 && memchr(wire, 0, n - 1) == NULL);
    CHECK(px_frame_decode(wire, n - 1, PX_ACCEPT_TO_MCU, &f) == PX_OK);
    CHECK(f.type == PX_SET_STATE && f.len == 9 && memcmp(f.payload, payload, 9) == 0);

    /* Direction filter: the host does not accept host->MCU types. */
    CHECK(px_frame_decode(wire, n - 1, PX_ACCEPT_TO_HOST, &f) == PX_E_TYPE);
    CHECK(px_frame_decode(wire, n - 1, PX_ACCEPT_ANY, &f) == PX_OK);

    /* Capacity: refuses rather than overruns; PX_MAX_WIRE always fits. */
    CHECK(px_frame_encode(PX_SET_STATE, payload, sizeof payload, wire, n - 1) == 0);
    {
        uint8_t big[PX_MAX_PAYLOAD + 1];
        memset(big, 0x5A, sizeof big);
        CHECK(px_frame_encode(0x7F, big, PX_MAX_PAYLOAD, wire, PX_MAX_WIRE) == PX_MAX_WIRE);
        CHECK(px_frame_encode(0x7F, big, PX_MAX_PAYLOAD + 1, wire, sizeof wire) == 0);
    }

    /* bad-cobs */
    enc[0] = 0x09;
    enc[1] = 0x02;
    CHECK(px_frame_decode(enc, 2, PX_ACCEPT_ANY, &f) == PX_E_COBS);
    CHECK(px_frame_decode(enc, 0, PX_ACCEPT_ANY, &f) == PX_E_COBS);

    /* too-short: 0..4 raw bytes, even with a "valid" check */
    for (n = 0; n < 5; n++) {
        memset(raw, 0x01, sizeof raw);
        en = cobs(raw, n, enc);
        CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_SHORT);
    }

    /* bad-check: every single byte of a good raw frame changed */
    raw[0] = PX_SET_STATE;
    memcpy(raw + 1, payload, sizeof payload);
    n = add_check(raw, 10);
    {
        size_t i;
        for (i = 0; i < n; i++) {
            uint8_t bad[PX_MAX_RAW];
            memcpy(bad, raw, n);
            bad[i] ^= 0x01;
            en = cobs(bad, n, enc);
            CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_CHECK);
        }
    }

    /* unknown-type: a correct check over an uncatalogued type */
    raw[0] = 0x05;
    n = add_check(raw, 10);
    en = cobs(raw, n, enc);
    CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_TYPE);

    /* bad-length: SET_STATE with one payload byte short and one too many */
    raw[0] = PX_SET_STATE;
    n = add_check(raw, 9);
    en = cobs(raw, n, enc);
    CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_LENGTH);
    raw[10] = 0x00;
    n = add_check(raw, 11);
    en = cobs(raw, n, enc);
    CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_LENGTH);

    /* too-long: more than 64 raw bytes */
    memset(raw, 0x11, sizeof raw);
    n = add_check(raw, PX_MAX_RAW - 3); /* 65 raw bytes */
    en = cobs(raw, n, enc);
    CHECK(px_frame_decode(enc, en, PX_ACCEPT_ANY, &f) == PX_E_TOO_LONG);

    /* Every status has a stable name. */
    CHECK(strcmp(px_status_name(PX_E_CHECK), "bad-check") == 0);
    CHECK(strcmp(px_status_name(PX_E_TOO_LONG), "too-long") == 0);
    return check_done("test_frame");
}
