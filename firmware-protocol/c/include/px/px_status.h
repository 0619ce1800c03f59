/*
 * px_status.h - result codes shared by every part of the codec.
 *
 * Zero is success; every failure is negative so that functions which
 * also return a positive "something happened" value (px_decoder_feed)
 * can share the same space. The short names are the reasons printed by
 * the pxcodec tool and listed in protocol.md section "Rejecting a frame".
 */
#ifndef PX_STATUS_H
#define PX_STATUS_H

typedef enum px_status {
    PX_OK = 0,
    PX_E_COBS = -1,      /* "bad-cobs": the COBS encoding is invalid        */
    PX_E_SHORT = -2,     /* "too-short": raw frame shorter than 5 bytes     */
    PX_E_CHECK = -3,     /* "bad-check": CRC-32 mismatch                    */
    PX_E_TYPE = -4,      /* "unknown-type": type not in the catalogue (or
                            not accepted in this direction)                 */
    PX_E_LENGTH = -5,    /* "bad-length": payload length != the type's      */
    PX_E_TOO_LONG = -6,  /* "too-long": more bytes than a frame can hold
                            arrived before the 0x00 delimiter               */
    PX_E_RANGE = -7,     /* "out-of-range": a field value is not allowed    */
    PX_E_CAPACITY = -8   /* "no-room": the caller's buffer is too small     */
} px_status;

/* Short, stable, lower-case name of a status ("ok", "bad-check", ...). */
const char *px_status_name(int status);

#endif
