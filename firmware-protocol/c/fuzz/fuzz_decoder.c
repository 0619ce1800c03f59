/* fuzz_decoder.c - libFuzzer target: any byte stream into the streaming
 * decoder (both directions' receivers). Every frame it accepts must unpack,
 * and if it validates, re-encode to exactly the frame received and format
 * as canonical text that parses back to the same message. Crashes, ASan and
 * UBSan reports, and a failed check (abort) are findings.
 *
 *   fuzz_decoder -max_total_time=60 CORPUS_DIR
 */
#include <stdlib.h>
#include <string.h>

#include "px/px_decoder.h"
#include "px/px_messages.h"
#include "px/px_text.h"

static void must(int ok)
{
    if (!ok)
        abort();
}

static void check_frame(const px_frame *f, const uint8_t *enc, size_t enc_len)
{
    px_msg m, back;
    uint8_t wire[PX_MAX_WIRE];
    char text[512], err[128];
    size_t n;
    must(f->len <= PX_MAX_PAYLOAD);
    must(px_msg_unpack(f->type, f->payload, f->len, &m) == PX_OK);
    if (px_msg_validate(&m, NULL) != PX_OK)
        return;
    /* The wire form is canonical: COBS's minimal form re-encodes the same. */
    n = px_msg_encode(&m, wire, sizeof wire);
    must(n == enc_len + 1 && memcmp(wire, enc, enc_len) == 0 && wire[enc_len] == 0);
    must(px_text_format(&m, text, sizeof text) == PX_OK);
    must(px_text_parse(text, &back, err, sizeof err) == PX_OK);
    n = px_msg_encode(&back, wire, sizeof wire);
    must(n == enc_len + 1 && memcmp(wire, enc, enc_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t accept[] = {PX_ACCEPT_TO_MCU, PX_ACCEPT_TO_HOST};
    size_t a, i;
    for (a = 0; a < sizeof accept; a++) {
        px_decoder d;
        size_t start = 0;
        px_decoder_init(&d, accept[a]);
        for (i = 0; i < size; i++) {
            px_frame f;
            int rc = px_decoder_feed(&d, data[i], &f);
            must(d.len <= sizeof d.buf);
            must(rc == PX_FEED_PENDING || rc == PX_FEED_FRAME || (rc < 0 && rc >= PX_E_TOO_LONG));
            if (rc == PX_FEED_FRAME) {
                must(i > start);
                /* A frame accepted in one direction is never a type of the other. */
                must((accept[a] == PX_ACCEPT_TO_MCU) == ((f.type & 0x80u) == 0));
                check_frame(&f, data + start, i - start);
            }
            if (data[i] == 0)
                start = i + 1;
        }
    }
    return 0;
}
