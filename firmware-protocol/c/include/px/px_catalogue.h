/*
 * px_catalogue.h - the message catalogue as data: for every type its
 * name, direction, payload length and fields (name, wire type, allowed
 * range). Packing, unpacking, validation and the text format all walk
 * this one table, so the layout is written down exactly once
 * (src/px_catalogue.c) and mirrors protocol.md's tables.
 */
#ifndef PX_CATALOGUE_H
#define PX_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

typedef enum px_kind {
    PX_KIND_U8,
    PX_KIND_U16,
    PX_KIND_U32,
    PX_KIND_I16,
    PX_KIND_SERIAL /* PX_SERIAL_LEN bytes of printable ASCII, NUL-padded */
} px_kind;

typedef struct px_field {
    const char *name;      /* snake_case, as in protocol.md */
    px_kind kind;
    uint16_t offset;       /* offsetof() in the message's struct */
    int64_t min;           /* allowed range, inclusive (not for SERIAL) */
    int64_t max;
    uint32_t reserved;     /* bits that must be zero */
} px_field;

typedef struct px_type_info {
    uint8_t type;
    const char *name;      /* "SET_STATE", as in protocol.md */
    uint8_t direction;     /* PX_ACCEPT_TO_MCU or PX_ACCEPT_TO_HOST */
    uint8_t payload_len;
    uint8_t field_count;
    const px_field *fields;
} px_type_info;

/* NULL if type is not in the catalogue. */
const px_type_info *px_type_lookup(uint8_t type);

/* Lookup by name (name need not be NUL-terminated). NULL if unknown. */
const px_type_info *px_type_by_name(const char *name, size_t len);

/* The i-th catalogue entry (0..px_type_count()-1), for iteration. */
size_t px_type_count(void);
const px_type_info *px_type_at(size_t i);

/* Size of a field on the wire. */
size_t px_kind_size(px_kind kind);

struct px_msg;

/* Value of an integer field of m (f must belong to m's type). */
int64_t px_field_get(const struct px_msg *m, const px_field *f);

/* Stores v, truncated to the field's width, into an integer field. */
void px_field_set(struct px_msg *m, const px_field *f, int64_t v);

/* The PX_SERIAL_LEN bytes of a SERIAL field. */
const uint8_t *px_field_bytes(const struct px_msg *m, const px_field *f);
uint8_t *px_field_bytes_mut(struct px_msg *m, const px_field *f);

#endif
