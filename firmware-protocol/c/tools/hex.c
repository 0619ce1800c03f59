/* hex.c - hex text <-> bytes (see hex.h). */
#include "hex.h"

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long px_hex_parse(const char *s, size_t len, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    size_t i;
    for (i = 0; i < len; i++) {
        int v;
        if (s[i] == ' ')
            continue;
        v = nibble(s[i]);
        if (v < 0)
            return -1;
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n >= cap)
            return -1;
        out[n++] = (uint8_t)((hi << 4) | v);
        hi = -1;
    }
    return hi < 0 ? (long)n : -1;
}

void px_hex_format(const uint8_t *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0F];
    }
    out[2 * len] = '\0';
}
