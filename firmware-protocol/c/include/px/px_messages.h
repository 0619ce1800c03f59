/*
 * px_messages.h - the message catalogue as C types (protocol.md,
 * "Message catalogue"). Field names and order are the catalogue's; the
 * wire layout of each struct is given by px_catalogue.c, not by the
 * struct's memory layout (never memcpy a struct onto the wire).
 */
#ifndef PX_MESSAGES_H
#define PX_MESSAGES_H

#include <stddef.h>
#include <stdint.h>
#include "px/px_status.h"

#define PX_PROTO_VERSION 1u

/* Message types. Host -> MCU have bit 7 clear, MCU -> host have it set. */
enum px_type {
    PX_HELLO = 0x01,
    PX_SET_STATE = 0x02,
    PX_CLEAR_LATCH = 0x03,
    PX_GET_FAULT_REPORT = 0x04,
    PX_GET_VERSIONS = 0x10, /* document 1.1 */
    PX_HELLO_ACK = 0x81,
    PX_STATUS = 0x82,
    PX_FAULT_REPORT = 0x83,
    PX_CLEAR_LATCH_RESULT = 0x84,
    PX_ERROR = 0x85,
    PX_VERSIONS = 0x90 /* document 1.1 */
};

/* SET_STATE.outputs and STATUS.outputs bits. */
#define PX_OUT_PUMP 0x01u
#define PX_OUT_VALVE_A 0x02u
#define PX_OUT_VALVE_B 0x04u
#define PX_OUT_FAN 0x08u
#define PX_OUT_COMPRESSOR_RUNNING 0x10u /* STATUS only */

/* SET_STATE.mode */
#define PX_MODE_SAFE 0u
#define PX_MODE_COOL 1u

/* Fault bits: STATUS.active/latched, masks in CLEAR_LATCH etc. */
#define PX_FAULT_HOST_SILENT 0x0001u
#define PX_FAULT_OVER_COOLING 0x0002u
#define PX_FAULT_SUPPLY_SENSOR 0x0004u
#define PX_FAULT_RETURN_SENSOR 0x0008u
#define PX_FAULT_COMPRESSOR 0x0010u
#define PX_FAULT_PUMP 0x0020u
#define PX_FAULT_RESERVOIR_EMPTY 0x0040u
#define PX_FAULT_BROWN_OUT 0x0080u
#define PX_FAULT_ALL 0x00FFu

/* HELLO_ACK.capabilities */
#define PX_CAP_FLOW_PER_CHANNEL 0x0001u
#define PX_CAP_RESERVOIR_LEVEL 0x0002u
#define PX_CAP_RETURN_PER_CHANNEL 0x0004u

/* HELLO_ACK.reset_reason */
#define PX_RESET_POWER_ON 0u
#define PX_RESET_WATCHDOG 1u
#define PX_RESET_HOST_LINE 2u
#define PX_RESET_BROWN_OUT 3u
#define PX_RESET_SOFTWARE 4u

/* STATUS.reservoir */
#define PX_RESERVOIR_OK 0u
#define PX_RESERVOIR_LOW 1u
#define PX_RESERVOIR_EMPTY 2u

/* Temperatures are centi-degrees C; this value means "no reading". */
#define PX_TEMP_NONE (-32768)

/* Dead-man limits (firmware constants, reported in HELLO_ACK). */
#define PX_MAX_DURATION_MIN_MS 500u
#define PX_MAX_DURATION_DEFAULT_MS 2000u
#define PX_MAX_DURATION_MAX_MS 5000u

/* ERROR.code */
#define PX_ERR_UNSUPPORTED_VERSION 1u
#define PX_ERR_WRONG_LINK 2u
#define PX_ERR_OUT_OF_RANGE 3u
#define PX_ERR_NO_LINK 4u
#define PX_ERR_LATCHED 5u

#define PX_SERIAL_LEN 12u

/* ---- Host -> MCU ---- */
typedef struct px_hello {
    uint16_t host_proto_version;
    uint16_t link_id;
    uint16_t request_id;
} px_hello;

typedef struct px_set_state {
    uint16_t link_id;
    uint32_t cmd_seq;
    uint8_t compressor_pct;
    uint8_t outputs;
    uint8_t mode;
} px_set_state;

typedef struct px_clear_latch {
    uint16_t link_id;
    uint16_t request_id;
    uint16_t fault_mask;
    uint8_t by_person;
} px_clear_latch;

typedef struct px_get_fault_report {
    uint16_t link_id;
    uint16_t request_id;
} px_get_fault_report;

/* Document 1.1: which protocol versions the MCU speaks (no link needed). */
typedef struct px_get_versions {
    uint16_t request_id; /* any, 0 included */
} px_get_versions;

/* ---- MCU -> host ---- */
typedef struct px_hello_ack {
    uint16_t mcu_proto_version;
    uint16_t link_id;
    uint16_t request_id;
    uint8_t fw_major;
    uint8_t fw_minor;
    uint8_t fw_patch;
    uint16_t capabilities;
    uint8_t serial[PX_SERIAL_LEN]; /* ASCII, NUL-padded, not terminated */
    uint8_t reset_reason;
    uint16_t max_duration_ms;
    uint16_t latched;
} px_hello_ack;

typedef struct px_status_msg {
    uint16_t status_seq;
    uint32_t uptime_ms;
    uint16_t link_id;
    uint32_t last_applied_cmd_seq;
    int16_t supply_cc;
    int16_t return_cc;
    int16_t return_a_cc;
    int16_t return_b_cc;
    uint16_t flow_a_clpm;
    uint16_t flow_b_clpm;
    uint8_t reservoir;
    uint8_t compressor_actual_pct;
    uint8_t outputs;
    uint16_t active;
    uint16_t latched;
} px_status_msg;

typedef struct px_fault_report {
    uint16_t request_id;
    uint16_t latched;
    uint16_t first_fault;
    uint32_t first_fault_uptime_ms;
    uint16_t trip_count;
} px_fault_report;

typedef struct px_clear_latch_result {
    uint16_t request_id;
    uint16_t cleared;
    uint16_t still_latched;
} px_clear_latch_result;

typedef struct px_error_msg {
    uint8_t request_type;
    uint16_t request_id;
    uint8_t code;
} px_error_msg;

typedef struct px_versions {
    uint16_t request_id;
    uint16_t min_proto_version;
    uint16_t max_proto_version; /* not below min_proto_version */
} px_versions;

/* Any message: set type, then fill the matching union member. */
typedef struct px_msg {
    uint8_t type;
    union {
        px_hello hello;
        px_set_state set_state;
        px_clear_latch clear_latch;
        px_get_fault_report get_fault_report;
        px_get_versions get_versions;
        px_hello_ack hello_ack;
        px_status_msg status;
        px_fault_report fault_report;
        px_clear_latch_result clear_latch_result;
        px_error_msg error;
        px_versions versions;
    } u;
} px_msg;

/*
 * Writes the payload of m (little-endian, catalogue order).
 * Returns PX_OK and *len, PX_E_TYPE or PX_E_CAPACITY.
 */
px_status px_msg_pack(const px_msg *m, uint8_t *payload, size_t cap, size_t *len);

/* Reads a payload into *m. PX_E_TYPE or PX_E_LENGTH on mismatch. */
px_status px_msg_unpack(uint8_t type, const uint8_t *payload, size_t len, px_msg *m);

/*
 * Checks every field against the catalogue's allowed range (non-zero
 * ids, compressor_pct <= 100, reserved bits zero, ...). Returns PX_OK or
 * PX_E_RANGE and, if bad is not NULL, the name of the first bad field.
 * A host->MCU frame that fails this is refused with ERROR out-of-range.
 * Version numbers are not range-checked here: an unknown version is
 * answered with unsupported-version, not out-of-range.
 */
px_status px_msg_validate(const px_msg *m, const char **bad);

/*
 * Packs m and builds its wire form (px_frame_encode). Does not validate:
 * call px_msg_validate() first where that matters. Returns bytes written
 * including the trailing 0x00, or 0 on an unknown type or short buffer.
 */
size_t px_msg_encode(const px_msg *m, uint8_t *out, size_t cap);

#endif
