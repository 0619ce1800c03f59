/*
 * px_cobs.h - Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999).
 *
 * COBS rewrites a buffer so that it contains no 0x00 byte, at a cost of
 * one byte per started 254 bytes of input. The protocol then uses 0x00
 * as the frame delimiter (protocol.md, "COBS and resynchronisation").
 *
 * The encoder emits the minimal form: a block of 254 non-zero bytes
 * (code 0xFF) at the very end of the input is not followed by an empty
 * 0x01 block. The decoder accepts both forms.
 */
#ifndef PX_COBS_H
#define PX_COBS_H

#include <stddef.h>
#include <stdint.h>
#include "px/px_status.h"

/* Largest encoded size of n input bytes (without the 0x00 delimiter). */
#define PX_COBS_MAX_ENCODED(n) ((n) + (n) / 254u + 1u)

/*
 * Encodes len bytes of in into out (no delimiter is appended).
 * Returns the encoded length (always >= 1), or 0 if cap is too small;
 * never writes past out[cap - 1]. in and out must not overlap.
 */
size_t px_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/*
 * Decodes len bytes of COBS data (without the delimiter) into out.
 * Returns PX_OK and sets *out_len, PX_E_COBS if the data is not valid
 * COBS (empty, a 0x00 byte, or a block running past the end), or
 * PX_E_CAPACITY if the result does not fit in cap bytes.
 */
px_status px_cobs_decode(const uint8_t *in, size_t len,
                         uint8_t *out, size_t cap, size_t *out_len);

#endif
