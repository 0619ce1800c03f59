/*
 * px_crc32.h - the frame check: CRC-32 as in IEEE 802.3 / zlib crc32().
 *
 * Reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final XOR
 * 0xFFFFFFFF. Check value: px_crc32("123456789", 9) == 0xCBF43926.
 * See protocol.md, "The frame check".
 */
#ifndef PX_CRC32_H
#define PX_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define PX_CRC32_INIT 0xFFFFFFFFu
#define PX_CRC32_XOROUT 0xFFFFFFFFu

/*
 * Incremental form, for an MCU that checks bytes as they arrive:
 *   uint32_t r = PX_CRC32_INIT;
 *   r = px_crc32_update(r, part1, n1); r = px_crc32_update(r, part2, n2);
 *   crc = r ^ PX_CRC32_XOROUT;
 */
uint32_t px_crc32_update(uint32_t reg, const uint8_t *data, size_t len);

/* The complete CRC-32 of a buffer (init and final XOR applied). */
uint32_t px_crc32(const uint8_t *data, size_t len);

#endif
