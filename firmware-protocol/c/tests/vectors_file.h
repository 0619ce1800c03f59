/* vectors_file.h - loads a test vector file (name, hex, text per line;
 * invalid.txt adds a fourth column, the receiver). */
#ifndef PX_VECTORS_FILE_H
#define PX_VECTORS_FILE_H

#include <stddef.h>
#include <stdint.h>

#define VF_MAX 128
#define VF_BYTES 256

typedef struct vf_entry {
    char name[64];
    uint8_t wire[VF_BYTES]; /* encoded frame including the trailing 00 */
    size_t wire_len;
    char text[512];
    char receiver[8]; /* invalid.txt: "mcu", "host" or "any"; "" when absent */
} vf_entry;

/* Reads up to max entries. Returns the count, or -1 (message on stderr)
 * if the file is missing or a line is malformed. */
int vf_load(const char *path, vf_entry *out, int max);

#endif
