/*
 * px_messages.c - pack, unpack and validate messages by walking the
 * catalogue table (px_catalogue.c). All integers are little-endian.
 */
#include "px/px_messages.h"
#include "px/px_catalogue.h"
#include "px/px_frame.h"

static void put_le(uint8_t *p, uint32_t v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)((v >> (8 * i)) & 0xFFu);
}

static uint32_t get_le(const uint8_t *p, size_t n)
{
    uint32_t v = 0;
    size_t i;
    for (i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

px_status px_msg_pack(const px_msg *m, uint8_t *payload, size_t cap, size_t *len)
{
    const px_type_info *t = px_type_lookup(m->type);
    size_t at = 0;
    size_t i;

    if (t == NULL)
        return PX_E_TYPE;
    if (cap < t->payload_len)
        return PX_E_CAPACITY;
    for (i = 0; i < t->field_count; i++) {
        const px_field *f = &t->fields[i];
        size_t n = px_kind_size(f->kind);
        if (f->kind == PX_KIND_SERIAL) {
            const uint8_t *s = px_field_bytes(m, f);
            size_t k;
            for (k = 0; k < n; k++)
                payload[at + k] = s[k];
        } else {
            /* & 0xFFFF.. keeps the two's complement bits of an I16 */
            put_le(payload + at, (uint32_t)(px_field_get(m, f) & 0xFFFFFFFF), n);
        }
        at += n;
    }
    *len = at;
    return PX_OK;
}

px_status px_msg_unpack(uint8_t type, const uint8_t *payload, size_t len, px_msg *m)
{
    const px_type_info *t = px_type_lookup(type);
    size_t at = 0;
    size_t i;

    if (t == NULL)
        return PX_E_TYPE;
    if (len != t->payload_len)
        return PX_E_LENGTH;
    m->type = type;
    for (i = 0; i < t->field_count; i++) {
        const px_field *f = &t->fields[i];
        size_t n = px_kind_size(f->kind);
        if (f->kind == PX_KIND_SERIAL) {
            uint8_t *s = px_field_bytes_mut(m, f);
            size_t k;
            for (k = 0; k < n; k++)
                s[k] = payload[at + k];
        } else {
            px_field_set(m, f, (int64_t)get_le(payload + at, n));
        }
        at += n;
    }
    return PX_OK;
}

/* Printable ASCII (no space), then only NULs: "PX-SIM-0001\0". */
static int serial_ok(const uint8_t *s)
{
    size_t k = 0;
    while (k < PX_SERIAL_LEN && s[k] >= 0x21 && s[k] <= 0x7E)
        k++;
    while (k < PX_SERIAL_LEN && s[k] == 0)
        k++;
    return k == PX_SERIAL_LEN;
}

px_status px_msg_validate(const px_msg *m, const char **bad)
{
    const px_type_info *t = px_type_lookup(m->type);
    size_t i;

    if (t == NULL)
        return PX_E_TYPE;
    for (i = 0; i < t->field_count; i++) {
        const px_field *f = &t->fields[i];
        int ok;
        if (f->kind == PX_KIND_SERIAL) {
            ok = serial_ok(px_field_bytes(m, f));
        } else {
            int64_t v = px_field_get(m, f);
            ok = v >= f->min && v <= f->max &&
                 (((uint32_t)(v & 0xFFFFFFFF)) & f->reserved) == 0;
        }
        if (!ok) {
            if (bad != NULL)
                *bad = f->name;
            return PX_E_RANGE;
        }
    }
    /* The one rule across fields: a range is not upside down. */
    if (m->type == PX_VERSIONS && m->u.versions.max_proto_version < m->u.versions.min_proto_version) {
        if (bad != NULL)
            *bad = "max_proto_version";
        return PX_E_RANGE;
    }
    return PX_OK;
}

size_t px_msg_encode(const px_msg *m, uint8_t *out, size_t cap)
{
    uint8_t payload[PX_MAX_PAYLOAD];
    size_t len = 0;

    if (px_msg_pack(m, payload, sizeof payload, &len) != PX_OK)
        return 0;
    return px_frame_encode(m->type, payload, len, out, cap);
}
