/*
 * px_frame.h - one frame: raw layout, encoding and one-shot decoding.
 *
 * Raw frame (protocol.md, "Frame layout"):
 *
 *   +------+---------------------------+-----------------------+
 *   | type | payload (fixed per type)  | check: CRC-32, u32 LE |
 *   +------+---------------------------+-----------------------+
 *     1 B        0..59 B                      4 B
 *
 * On the wire: COBS(raw frame) followed by one 0x00 delimiter.
 */
#ifndef PX_FRAME_H
#define PX_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include "px/px_status.h"

#define PX_MAX_RAW 64u                        /* type + payload + check */
#define PX_MIN_RAW 5u                         /* type + check            */
#define PX_CHECK_LEN 4u
#define PX_MAX_PAYLOAD (PX_MAX_RAW - PX_MIN_RAW)   /* 59 */
#define PX_MAX_ENCODED (PX_MAX_RAW + 1u)      /* COBS adds 1 byte per 254 */
#define PX_MAX_WIRE (PX_MAX_ENCODED + 1u)     /* ... plus the 0x00       */

/* Which directions a receiver accepts (protocol.md: a frame of the other
 * direction's type is rejected as unknown-type, e.g. a looped-back line). */
#define PX_ACCEPT_TO_MCU 0x01u
#define PX_ACCEPT_TO_HOST 0x02u
#define PX_ACCEPT_ANY (PX_ACCEPT_TO_MCU | PX_ACCEPT_TO_HOST)

/* A frame that passed every check. payload holds len bytes. */
typedef struct px_frame {
    uint8_t type;
    uint8_t len;
    uint8_t payload[PX_MAX_PAYLOAD];
} px_frame;

/*
 * Builds the wire form of one frame: COBS(type|payload|CRC-32 LE) 0x00.
 * Does not look the type up in the catalogue (tests build bad frames on
 * purpose); px_msg_encode() is the checked path.
 * Returns the number of bytes written including the trailing 0x00, or 0
 * if len > PX_MAX_PAYLOAD or cap is too small (PX_MAX_WIRE always fits).
 */
size_t px_frame_encode(uint8_t type, const uint8_t *payload, size_t len,
                       uint8_t *out, size_t cap);

/*
 * Decodes one encoded frame given WITHOUT its 0x00 delimiter and runs
 * every check, in this order: COBS, length >= 5, CRC-32, type known and
 * accepted (accept is a PX_ACCEPT_* mask), payload length. The order only
 * decides which reason is reported; any failure rejects the frame.
 */
px_status px_frame_decode(const uint8_t *enc, size_t enc_len, uint8_t accept,
                          px_frame *out);

#endif
