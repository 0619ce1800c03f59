/* hex.h - hex text <-> bytes for the tools and tests (not MCU code). */
#ifndef PX_HEX_H
#define PX_HEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses hex digits (either case; spaces ignored) into out.
 * Returns the byte count, or -1 on a bad digit, an odd digit count or
 * more than cap bytes.
 */
long px_hex_parse(const char *s, size_t len, uint8_t *out, size_t cap);

/* Writes 2*len lower-case hex digits and a NUL (out needs 2*len+1). */
void px_hex_format(const uint8_t *in, size_t len, char *out);

#endif
