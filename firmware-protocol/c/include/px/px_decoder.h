/*
 * px_decoder.h - streaming receiver: feed it every byte from the UART.
 *
 * The decoder collects bytes up to the next 0x00 delimiter, then decodes
 * and checks the frame (px_frame_decode). It holds at most
 * PX_MAX_ENCODED bytes: a longer run without a delimiter is dropped as a
 * whole ("too-long") and the decoder resynchronises at the next 0x00, so
 * no input can make it overflow. An empty frame (two 0x00 in a row) is
 * ignored silently: senders may use an extra 0x00 to flush a receiver.
 *
 * All state is in the struct: one decoder per UART, no globals, no heap.
 */
#ifndef PX_DECODER_H
#define PX_DECODER_H

#include <stdint.h>
#include "px/px_frame.h"

/* px_decoder_feed() results other than a (negative) px_status. */
#define PX_FEED_PENDING 0 /* no frame completed by this byte        */
#define PX_FEED_FRAME 1   /* *out holds a frame that passed all checks */

typedef struct px_decoder {
    uint8_t buf[PX_MAX_ENCODED]; /* encoded bytes since the last 0x00 */
    uint8_t len;                 /* bytes used in buf                 */
    uint8_t overflow;            /* 1: dropping until the next 0x00   */
    uint8_t accept;              /* PX_ACCEPT_* mask                  */
} px_decoder;

/* accept: PX_ACCEPT_TO_MCU on the MCU, PX_ACCEPT_TO_HOST on the host. */
void px_decoder_init(px_decoder *d, uint8_t accept);

/*
 * Feeds one received byte. Returns PX_FEED_PENDING, PX_FEED_FRAME (and
 * fills *out), or a negative px_status naming why the frame that this
 * 0x00 closed was rejected (count it; never answer it: its content is
 * not trustworthy). *out is written only on PX_FEED_FRAME.
 */
int px_decoder_feed(px_decoder *d, uint8_t byte, px_frame *out);

#endif
