/*
 * px_catalogue.c - the message catalogue (protocol.md, "Message
 * catalogue"). One row per field, in wire order. The range columns are
 * the allowed values: a host->MCU frame outside them is refused with
 * ERROR out-of-range; an MCU->host frame outside them is a firmware bug
 * and the host ignores it.
 */
#include "px/px_catalogue.h"
#include "px/px_frame.h"
#include "px/px_messages.h"

/* R(min, max, reserved bits): allowed values of a field */
#define R(lo, hi, reserved) lo, hi, reserved
#define U8_ANY 0, 0xFF, 0
#define U16_ANY 0, 0xFFFF, 0
#define U16_NONZERO 1, 0xFFFF, 0
#define U32_ANY 0, 0xFFFFFFFF, 0
#define I16_ANY (-32768), 32767, 0
/* fault bitmasks: only bits 0..7 are defined */
#define FAULTS 0, 0xFFFF, 0xFF00u
#define FIELD(s, f, kind, range) { #f, kind, (uint16_t)offsetof(s, f), range }

static const px_field hello_fields[] = {
    FIELD(px_hello, host_proto_version, PX_KIND_U16, U16_ANY),
    FIELD(px_hello, link_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_hello, request_id, PX_KIND_U16, U16_NONZERO)
};

static const px_field set_state_fields[] = {
    FIELD(px_set_state, link_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_set_state, cmd_seq, PX_KIND_U32, R(1, 0xFFFFFFFF, 0)),
    FIELD(px_set_state, compressor_pct, PX_KIND_U8, R(0, 100, 0)),
    FIELD(px_set_state, outputs, PX_KIND_U8, R(0, 0xFF, 0xF0u)),
    FIELD(px_set_state, mode, PX_KIND_U8, R(0, 1, 0))
};

static const px_field clear_latch_fields[] = {
    FIELD(px_clear_latch, link_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_clear_latch, request_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_clear_latch, fault_mask, PX_KIND_U16, FAULTS),
    FIELD(px_clear_latch, by_person, PX_KIND_U8, R(0, 1, 0))
};

static const px_field get_fault_report_fields[] = {
    FIELD(px_get_fault_report, link_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_get_fault_report, request_id, PX_KIND_U16, U16_NONZERO)
};

static const px_field get_versions_fields[] = {
    FIELD(px_get_versions, request_id, PX_KIND_U16, U16_ANY) /* never refused */
};

static const px_field hello_ack_fields[] = {
    FIELD(px_hello_ack, mcu_proto_version, PX_KIND_U16, U16_ANY),
    FIELD(px_hello_ack, link_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_hello_ack, request_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_hello_ack, fw_major, PX_KIND_U8, U8_ANY),
    FIELD(px_hello_ack, fw_minor, PX_KIND_U8, U8_ANY),
    FIELD(px_hello_ack, fw_patch, PX_KIND_U8, U8_ANY),
    FIELD(px_hello_ack, capabilities, PX_KIND_U16, R(0, 0xFFFF, 0xFFF8u)),
    FIELD(px_hello_ack, serial, PX_KIND_SERIAL, R(0, 0, 0)),
    FIELD(px_hello_ack, reset_reason, PX_KIND_U8, R(0, 4, 0)),
    FIELD(px_hello_ack, max_duration_ms, PX_KIND_U16, R(500, 5000, 0)),
    FIELD(px_hello_ack, latched, PX_KIND_U16, FAULTS)
};

static const px_field status_fields[] = {
    FIELD(px_status_msg, status_seq, PX_KIND_U16, U16_ANY),
    FIELD(px_status_msg, uptime_ms, PX_KIND_U32, U32_ANY),
    FIELD(px_status_msg, link_id, PX_KIND_U16, U16_ANY), /* 0: no link */
    FIELD(px_status_msg, last_applied_cmd_seq, PX_KIND_U32, U32_ANY),
    FIELD(px_status_msg, supply_cc, PX_KIND_I16, I16_ANY),
    FIELD(px_status_msg, return_cc, PX_KIND_I16, I16_ANY),
    FIELD(px_status_msg, return_a_cc, PX_KIND_I16, I16_ANY),
    FIELD(px_status_msg, return_b_cc, PX_KIND_I16, I16_ANY),
    FIELD(px_status_msg, flow_a_clpm, PX_KIND_U16, U16_ANY),
    FIELD(px_status_msg, flow_b_clpm, PX_KIND_U16, U16_ANY),
    FIELD(px_status_msg, reservoir, PX_KIND_U8, R(0, 2, 0)),
    FIELD(px_status_msg, compressor_actual_pct, PX_KIND_U8, R(0, 100, 0)),
    FIELD(px_status_msg, outputs, PX_KIND_U8, R(0, 0xFF, 0xE0u)),
    FIELD(px_status_msg, active, PX_KIND_U16, FAULTS),
    FIELD(px_status_msg, latched, PX_KIND_U16, FAULTS)
};

static const px_field fault_report_fields[] = {
    FIELD(px_fault_report, request_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_fault_report, latched, PX_KIND_U16, FAULTS),
    FIELD(px_fault_report, first_fault, PX_KIND_U16, FAULTS),
    FIELD(px_fault_report, first_fault_uptime_ms, PX_KIND_U32, U32_ANY),
    FIELD(px_fault_report, trip_count, PX_KIND_U16, U16_ANY)
};

static const px_field clear_latch_result_fields[] = {
    FIELD(px_clear_latch_result, request_id, PX_KIND_U16, U16_NONZERO),
    FIELD(px_clear_latch_result, cleared, PX_KIND_U16, FAULTS),
    FIELD(px_clear_latch_result, still_latched, PX_KIND_U16, FAULTS)
};

static const px_field error_fields[] = {
    /* the refused frame was a host->MCU type (unknown types get no answer) */
    FIELD(px_error_msg, request_type, PX_KIND_U8, R(1, 4, 0)),
    FIELD(px_error_msg, request_id, PX_KIND_U16, U16_ANY), /* 0: none */
    FIELD(px_error_msg, code, PX_KIND_U8, R(1, 5, 0))
};

static const px_field versions_fields[] = {
    FIELD(px_versions, request_id, PX_KIND_U16, U16_ANY),
    FIELD(px_versions, min_proto_version, PX_KIND_U16, U16_NONZERO),
    FIELD(px_versions, max_proto_version, PX_KIND_U16, U16_NONZERO) /* >= min: px_msg_validate */
};

#define COUNT(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))
#define TYPE(t, name, dir, len, fields) { t, name, dir, len, COUNT(fields), fields }

static const px_type_info catalogue[] = {
    TYPE(PX_HELLO, "HELLO", PX_ACCEPT_TO_MCU, 6, hello_fields),
    TYPE(PX_SET_STATE, "SET_STATE", PX_ACCEPT_TO_MCU, 9, set_state_fields),
    TYPE(PX_CLEAR_LATCH, "CLEAR_LATCH", PX_ACCEPT_TO_MCU, 7, clear_latch_fields),
    TYPE(PX_GET_FAULT_REPORT, "GET_FAULT_REPORT", PX_ACCEPT_TO_MCU, 4,
         get_fault_report_fields),
    TYPE(PX_HELLO_ACK, "HELLO_ACK", PX_ACCEPT_TO_HOST, 28, hello_ack_fields),
    TYPE(PX_STATUS, "STATUS", PX_ACCEPT_TO_HOST, 31, status_fields),
    TYPE(PX_FAULT_REPORT, "FAULT_REPORT", PX_ACCEPT_TO_HOST, 12,
         fault_report_fields),
    TYPE(PX_CLEAR_LATCH_RESULT, "CLEAR_LATCH_RESULT", PX_ACCEPT_TO_HOST, 6,
         clear_latch_result_fields),
    TYPE(PX_ERROR, "ERROR", PX_ACCEPT_TO_HOST, 4, error_fields),
    /* document 1.1 (protocol.md, "0x10 GET_VERSIONS", "0x90 VERSIONS") */
    TYPE(PX_GET_VERSIONS, "GET_VERSIONS", PX_ACCEPT_TO_MCU, 2, get_versions_fields),
    TYPE(PX_VERSIONS, "VERSIONS", PX_ACCEPT_TO_HOST, 6, versions_fields)
};

const px_type_info *px_type_lookup(uint8_t type)
{
    size_t i;
    for (i = 0; i < COUNT(catalogue); i++)
        if (catalogue[i].type == type)
            return &catalogue[i];
    return NULL;
}

const px_type_info *px_type_by_name(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < COUNT(catalogue); i++) {
        const char *n = catalogue[i].name;
        size_t k = 0;
        while (k < len && n[k] != '\0' && n[k] == name[k])
            k++;
        if (k == len && n[k] == '\0')
            return &catalogue[i];
    }
    return NULL;
}

size_t px_type_count(void)
{
    return COUNT(catalogue);
}

const px_type_info *px_type_at(size_t i)
{
    return i < COUNT(catalogue) ? &catalogue[i] : NULL;
}

size_t px_kind_size(px_kind kind)
{
    switch (kind) {
    case PX_KIND_U8: return 1;
    case PX_KIND_U16: return 2;
    case PX_KIND_U32: return 4;
    case PX_KIND_I16: return 2;
    case PX_KIND_SERIAL: return PX_SERIAL_LEN;
    }
    return 0;
}

/*
 * Field access by table row. Every union member starts at the union's
 * address, so offsetof() within the member struct locates the field.
 */
static const unsigned char *field_addr(const px_msg *m, const px_field *f)
{
    return (const unsigned char *)&m->u + f->offset;
}

int64_t px_field_get(const px_msg *m, const px_field *f)
{
    const void *p = field_addr(m, f);
    switch (f->kind) {
    case PX_KIND_U8: return *(const uint8_t *)p;
    case PX_KIND_U16: return *(const uint16_t *)p;
    case PX_KIND_U32: return *(const uint32_t *)p;
    case PX_KIND_I16: return *(const int16_t *)p;
    case PX_KIND_SERIAL: break;
    }
    return 0;
}

void px_field_set(px_msg *m, const px_field *f, int64_t v)
{
    void *p = (unsigned char *)&m->u + f->offset;
    switch (f->kind) {
    case PX_KIND_U8: *(uint8_t *)p = (uint8_t)(v & 0xFF); break;
    case PX_KIND_U16: *(uint16_t *)p = (uint16_t)(v & 0xFFFF); break;
    case PX_KIND_U32: *(uint32_t *)p = (uint32_t)(v & 0xFFFFFFFF); break;
    case PX_KIND_I16: {
        /* two's complement without implementation-defined conversion */
        uint16_t u = (uint16_t)(v & 0xFFFF);
        *(int16_t *)p = (int16_t)(u >= 0x8000u ? (int32_t)u - 0x10000 : (int32_t)u);
        break;
    }
    case PX_KIND_SERIAL: break;
    }
}

const uint8_t *px_field_bytes(const px_msg *m, const px_field *f)
{
    return field_addr(m, f);
}

uint8_t *px_field_bytes_mut(px_msg *m, const px_field *f)
{
    return (unsigned char *)&m->u + f->offset;
}
