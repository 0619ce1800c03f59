/*
 * px_text.h - the canonical text form of a message, used by the test
 * vectors and the pxcodec tool (test-vectors/README.md):
 *
 *   SET_STATE link_id=4660 cmd_seq=1 compressor_pct=0 outputs=0 mode=0
 *
 * Type name, then every field in catalogue order as name=value with
 * decimal integers (signed for i16) and serial as its ASCII characters
 * without the NUL padding. Host-tool code: the MCU does not need it, but
 * it stays freestanding (no stdio, no heap) like the rest of the codec.
 */
#ifndef PX_TEXT_H
#define PX_TEXT_H

#include <stddef.h>
#include "px/px_messages.h"

/* Longest canonical line (STATUS) is about 330 characters. */
#define PX_TEXT_MAX 512u

/*
 * Writes the canonical text of m, NUL-terminated. Returns PX_OK,
 * PX_E_TYPE or PX_E_CAPACITY. Values are printed as stored; validate
 * with px_msg_validate() where that matters.
 */
px_status px_text_format(const px_msg *m, char *out, size_t cap);

/*
 * Parses one line (fields in any order, separated by spaces or tabs;
 * each field exactly once; integers in canonical decimal: optional '-',
 * no leading zeros). Checks that each value fits its wire type,
 * not the catalogue range (use px_msg_validate() for that).
 * On failure returns a negative status and writes a reason such as
 * "unknown-field foo", "missing-field mode", "duplicate-field mode",
 * "bad-number mode", "out-of-range mode", "unknown-type FOO" to err.
 */
px_status px_text_parse(const char *line, px_msg *m, char *err, size_t errcap);

#endif
