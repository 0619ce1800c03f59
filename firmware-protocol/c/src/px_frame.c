/* px_frame.c - frame encoding and one-shot decoding (see px_frame.h). */
#include "px/px_frame.h"
#include "px/px_catalogue.h"
#include "px/px_cobs.h"
#include "px/px_crc32.h"

size_t px_frame_encode(uint8_t type, const uint8_t *payload, size_t len,
                       uint8_t *out, size_t cap)
{
    uint8_t raw[PX_MAX_RAW];
    uint32_t crc;
    size_t n;
    size_t i;

    if (len > PX_MAX_PAYLOAD)
        return 0;
    raw[0] = type;
    for (i = 0; i < len; i++)
        raw[1 + i] = payload[i];
    crc = px_crc32(raw, 1 + len);
    raw[1 + len] = (uint8_t)(crc & 0xFFu);
    raw[2 + len] = (uint8_t)((crc >> 8) & 0xFFu);
    raw[3 + len] = (uint8_t)((crc >> 16) & 0xFFu);
    raw[4 + len] = (uint8_t)((crc >> 24) & 0xFFu);

    if (cap < 1)
        return 0;
    n = px_cobs_encode(raw, len + PX_MIN_RAW, out, cap - 1);
    if (n == 0)
        return 0;
    out[n] = 0x00;
    return n + 1;
}

px_status px_frame_decode(const uint8_t *enc, size_t enc_len, uint8_t accept,
                          px_frame *out)
{
    uint8_t raw[PX_MAX_RAW];
    size_t n = 0;
    size_t plen;
    uint32_t check;
    const px_type_info *info;
    size_t i;
    px_status st;

    st = px_cobs_decode(enc, enc_len, raw, sizeof raw, &n);
    if (st == PX_E_CAPACITY)
        return PX_E_TOO_LONG;
    if (st != PX_OK)
        return st;
    if (n < PX_MIN_RAW)
        return PX_E_SHORT;

    plen = n - PX_MIN_RAW;
    check = (uint32_t)raw[n - 4] | ((uint32_t)raw[n - 3] << 8) |
            ((uint32_t)raw[n - 2] << 16) | ((uint32_t)raw[n - 1] << 24);
    if (px_crc32(raw, n - PX_CHECK_LEN) != check)
        return PX_E_CHECK;

    info = px_type_lookup(raw[0]);
    if (info == NULL || (info->direction & accept) == 0)
        return PX_E_TYPE;
    if (plen != info->payload_len)
        return PX_E_LENGTH;

    out->type = raw[0];
    out->len = (uint8_t)plen;
    for (i = 0; i < plen; i++)
        out->payload[i] = raw[1 + i];
    return PX_OK;
}
