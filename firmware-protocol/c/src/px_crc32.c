/*
 * px_crc32.c - CRC-32 (IEEE 802.3), reflected, one nibble at a time.
 *
 * A 16-entry table (64 bytes of flash) is a middle way for an MCU: about
 * four times faster than the bit-by-bit loop and sixteen times smaller
 * than the usual 1 KiB byte table. An MCU with a CRC peripheral
 * configured for this polynomial (reflected in and out) may use it
 * instead; the test vectors tell whether the configuration is right.
 */
#include "px/px_crc32.h"

/* table[i] = CRC register after shifting the nibble i through 4 steps. */
static const uint32_t px_crc32_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu,
    0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu
};

uint32_t px_crc32_update(uint32_t reg, const uint8_t *data, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        reg ^= data[i];
        reg = (reg >> 4) ^ px_crc32_nibble[reg & 0x0Fu];
        reg = (reg >> 4) ^ px_crc32_nibble[reg & 0x0Fu];
    }
    return reg;
}

uint32_t px_crc32(const uint8_t *data, size_t len)
{
    return px_crc32_update(PX_CRC32_INIT, data, len) ^ PX_CRC32_XOROUT;
}
