/* px_decoder.c - streaming frame receiver (see px_decoder.h). */
#include "px/px_decoder.h"

void px_decoder_init(px_decoder *d, uint8_t accept)
{
    d->len = 0;
    d->overflow = 0;
    d->accept = accept;
}

int px_decoder_feed(px_decoder *d, uint8_t byte, px_frame *out)
{
    px_status st;

    if (byte != 0x00) {
        if (d->overflow)
            return PX_FEED_PENDING;
        if (d->len >= sizeof d->buf) {
            /* Longer than any valid frame: drop it all, wait for 0x00. */
            d->overflow = 1;
            d->len = 0;
            return PX_FEED_PENDING;
        }
        d->buf[d->len++] = byte;
        return PX_FEED_PENDING;
    }

    /* A delimiter ends whatever was collected. */
    if (d->overflow) {
        d->overflow = 0;
        return PX_E_TOO_LONG;
    }
    if (d->len == 0)
        return PX_FEED_PENDING;
    st = px_frame_decode(d->buf, d->len, d->accept, out);
    d->len = 0;
    return st == PX_OK ? PX_FEED_FRAME : (int)st;
}
