/* px_cobs.c - COBS encoder and decoder (see px_cobs.h). */
#include "px/px_cobs.h"

size_t px_cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    size_t code_at = 0; /* where the current block's code byte goes */
    size_t n = 1;       /* bytes written so far, the code byte reserved */
    uint8_t code = 1;   /* 1 + number of data bytes in the current block */
    size_t i;

    if (cap < 1)
        return 0;
    for (i = 0; i < len; i++) {
        if (in[i] == 0) {
            /* Close the block; the zero is implied by its code. */
            out[code_at] = code;
            code = 1;
            code_at = n;
            if (n >= cap)
                return 0;
            n++;
            continue;
        }
        if (n >= cap)
            return 0;
        out[n++] = in[i];
        code++;
        if (code == 0xFF && i + 1 < len) {
            /* 254 data bytes: a full block with no implied zero. Only
             * open a new block if input remains (minimal form). */
            out[code_at] = code;
            code = 1;
            code_at = n;
            if (n >= cap)
                return 0;
            n++;
        }
    }
    out[code_at] = code;
    return n;
}

px_status px_cobs_decode(const uint8_t *in, size_t len,
                         uint8_t *out, size_t cap, size_t *out_len)
{
    size_t i = 0;
    size_t n = 0;

    if (len == 0)
        return PX_E_COBS;
    while (i < len) {
        uint8_t code = in[i++];
        size_t k;
        if (code == 0)
            return PX_E_COBS;
        if ((size_t)(code - 1) > len - i)
            return PX_E_COBS; /* the block claims more bytes than exist */
        for (k = 1; k < code; k++) {
            if (in[i] == 0)
                return PX_E_COBS;
            if (n >= cap)
                return PX_E_CAPACITY;
            out[n++] = in[i++];
        }
        /* Every block but the last, and but a full one, ends in a zero. */
        if (i < len && code != 0xFF) {
            if (n >= cap)
                return PX_E_CAPACITY;
            out[n++] = 0;
        }
    }
    *out_len = n;
    return PX_OK;
}
