/*
 * gen_vectors.c - prints the golden test vectors.
 *
 *   gen_vectors          > ../test-vectors/vectors.txt
 *   gen_vectors --invalid > ../test-vectors/invalid.txt
 *
 * Every vector of test-vectors/ but the hand-written streams.txt comes
 * from here, document 1.1's GET_VERSIONS / VERSIONS included.
 *
 * Messages are built as C structs (not from text) and encoded with the
 * codec; the canonical text is then formatted from the struct. The
 * ctest "vectors_up_to_date" fails if the committed files differ from
 * this program's output, so edit the vectors here, never by hand.
 */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "px/px_cobs.h"
#include "px/px_crc32.h"
#include "px/px_frame.h"
#include "px/px_messages.h"
#include "px/px_text.h"

typedef struct vector {
    const char *name;
    px_msg msg;
} vector;

#define SERIAL(s) { s }

static const vector valid[] = {
    /* HELLO */
    { "hello_basic", { PX_HELLO, { .hello = { 1, 4660, 1 } } } },
    { "hello_max_ids", { PX_HELLO, { .hello = { 1, 65535, 65535 } } } },
    /* 0x0100 and 0x0200 put zero bytes inside the payload */
    { "hello_zero_bytes", { PX_HELLO, { .hello = { 1, 256, 512 } } } },
    /* Valid frames the MCU refuses by its own rule (protocol.md, "The version handshake"): a
     * host_proto_version it does not support is answered with ERROR unsupported-version
     * (error_unsupported_version below), checked before any range, and makes no link. */
    { "hello_unsupported_version_0", { PX_HELLO, { .hello = { 0, 4660, 1 } } } },
    { "hello_unsupported_version_2", { PX_HELLO, { .hello = { 2, 4660, 1 } } } },
    { "hello_unsupported_version_65535", { PX_HELLO, { .hello = { 65535, 4660, 1 } } } },

    /* SET_STATE */
    { "set_state_first_safe", { PX_SET_STATE, { .set_state = { 1, 1, 0, 0, PX_MODE_SAFE } } } },
    { "set_state_cooling", { PX_SET_STATE, { .set_state = {
        4660, 1000, 65, PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_FAN, PX_MODE_COOL } } } },
    { "set_state_max", { PX_SET_STATE, { .set_state = {
        65535, 4294967295u, 100, 0x0F, PX_MODE_COOL } } } },
    { "set_state_safe_fan_on", { PX_SET_STATE, { .set_state = {
        4660, 65536, 0, PX_OUT_FAN, PX_MODE_SAFE } } } },

    /* CLEAR_LATCH */
    { "clear_latch_host_silent_by_host", { PX_CLEAR_LATCH, { .clear_latch = {
        4660, 2, PX_FAULT_HOST_SILENT, 0 } } } },
    { "clear_latch_all_by_person", { PX_CLEAR_LATCH, { .clear_latch = {
        65535, 65535, PX_FAULT_ALL, 1 } } } },

    /* GET_FAULT_REPORT */
    { "get_fault_report_basic", { PX_GET_FAULT_REPORT, { .get_fault_report = { 4660, 3 } } } },
    { "get_fault_report_zero_bytes", { PX_GET_FAULT_REPORT, { .get_fault_report = { 256, 256 } } } },

    /* HELLO_ACK */
    { "hello_ack_power_on", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 2, 3,
        PX_CAP_FLOW_PER_CHANNEL | PX_CAP_RESERVOIR_LEVEL | PX_CAP_RETURN_PER_CHANNEL,
        SERIAL("PX-SIM-0001"), PX_RESET_POWER_ON, 2000, 0 } } } },
    { "hello_ack_after_watchdog_latched", { PX_HELLO_ACK, { .hello_ack = {
        1, 256, 2, 0, 0, 0, 0,
        SERIAL("A"), PX_RESET_WATCHDOG, 500, PX_FAULT_HOST_SILENT } } } },
    { "hello_ack_max", { PX_HELLO_ACK, { .hello_ack = {
        65535, 65535, 65535, 255, 255, 255, 0x0007,
        SERIAL("PX-ORB-99999"), PX_RESET_SOFTWARE, 5000, PX_FAULT_ALL } } } },

    /* STATUS */
    { "status_boot_no_host", { PX_STATUS, { .status = {
        0, 0, 0, 0, 2150, 2200, PX_TEMP_NONE, PX_TEMP_NONE,
        0, 0, PX_RESERVOIR_OK, 0, 0, 0, 0 } } } },
    { "status_cooling", { PX_STATUS, { .status = {
        1234, 3600000, 4660, 36000, -400, -150, 1520, 1680,
        150, 145, PX_RESERVOIR_OK, 65,
        PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_FAN | PX_OUT_COMPRESSOR_RUNNING,
        0, 0 } } } },
    { "status_over_cooling_trip", { PX_STATUS, { .status = {
        65535, 7200000, 4660, 72000, -1150, -900, -800, PX_TEMP_NONE,
        0, 0, PX_RESERVOIR_LOW, 0, PX_OUT_FAN,
        PX_FAULT_OVER_COOLING, PX_FAULT_OVER_COOLING | PX_FAULT_HOST_SILENT } } } },
    { "status_extremes", { PX_STATUS, { .status = {
        65535, 4294967295u, 65535, 4294967295u, -32768, 32767, -32767, -1,
        65535, 65535, PX_RESERVOIR_EMPTY, 100, 0x1F, PX_FAULT_ALL, PX_FAULT_ALL } } } },

    /* FAULT_REPORT */
    { "fault_report_none", { PX_FAULT_REPORT, { .fault_report = { 3, 0, 0, 0, 0 } } } },
    { "fault_report_over_cooling", { PX_FAULT_REPORT, { .fault_report = {
        4, PX_FAULT_OVER_COOLING | PX_FAULT_HOST_SILENT, PX_FAULT_OVER_COOLING,
        7199600, 2 } } } },
    { "fault_report_max", { PX_FAULT_REPORT, { .fault_report = {
        65535, PX_FAULT_ALL, PX_FAULT_ALL, 4294967295u, 65535 } } } },

    /* CLEAR_LATCH_RESULT */
    { "clear_latch_result_cleared", { PX_CLEAR_LATCH_RESULT, { .clear_latch_result = {
        2, PX_FAULT_HOST_SILENT, 0 } } } },
    { "clear_latch_result_condition_present", { PX_CLEAR_LATCH_RESULT, { .clear_latch_result = {
        65535, 0, PX_FAULT_OVER_COOLING } } } },

    /* ERROR */
    { "error_unsupported_version", { PX_ERROR, { .error = {
        PX_HELLO, 1, PX_ERR_UNSUPPORTED_VERSION } } } },
    { "error_wrong_link", { PX_ERROR, { .error = { PX_SET_STATE, 0, PX_ERR_WRONG_LINK } } } },
    { "error_out_of_range", { PX_ERROR, { .error = { PX_SET_STATE, 0, PX_ERR_OUT_OF_RANGE } } } },
    { "error_no_link", { PX_ERROR, { .error = { PX_GET_FAULT_REPORT, 65535, PX_ERR_NO_LINK } } } },
    { "error_latched", { PX_ERROR, { .error = { PX_SET_STATE, 0, PX_ERR_LATCHED } } } },

    /* Document 1.1 (protocol.md, "0x10 GET_VERSIONS", "0x90 VERSIONS"). */
    { "get_versions_basic", { PX_GET_VERSIONS, { .get_versions = { 1 } } } },
    { "get_versions_zero", { PX_GET_VERSIONS, { .get_versions = { 0 } } } },
    { "get_versions_max", { PX_GET_VERSIONS, { .get_versions = { 65535 } } } },
    { "versions_v1_only", { PX_VERSIONS, { .versions = { 1, 1, 1 } } } },
    { "versions_range", { PX_VERSIONS, { .versions = { 258, 1, 3 } } } },
    { "versions_max", { PX_VERSIONS, { .versions = { 65535, 65535, 65535 } } } }
};

/* Frames with a valid check whose fields are outside the catalogue range: enums past their last
 * value, reserved bits of masks, the serial's grammar. The receiver is the frame's own direction
 * (the MCU refuses with ERROR out-of-range, the host ignores and counts); the other side's
 * receiver rejects the type (unknown-type) before it looks at a field. */
static const vector out_of_range[] = {
    { "set_state_compressor_101", { PX_SET_STATE, { .set_state = { 4660, 7, 101, 0, 1 } } } },
    { "set_state_reserved_output_bit", { PX_SET_STATE, { .set_state = { 4660, 7, 0, 0x10, 1 } } } },
    { "set_state_reserved_output_bit_7", { PX_SET_STATE, { .set_state = { 4660, 7, 0, 0x80, 0 } } } },
    { "set_state_mode_2", { PX_SET_STATE, { .set_state = { 4660, 7, 0, 0, 2 } } } },
    { "set_state_mode_255", { PX_SET_STATE, { .set_state = { 4660, 7, 0, 0, 255 } } } },
    { "set_state_link_0", { PX_SET_STATE, { .set_state = { 0, 7, 0, 0, 0 } } } },
    { "set_state_cmd_seq_0", { PX_SET_STATE, { .set_state = { 4660, 0, 0, 0, 0 } } } },
    { "hello_request_id_0", { PX_HELLO, { .hello = { 1, 4660, 0 } } } },
    { "clear_latch_by_person_2", { PX_CLEAR_LATCH, { .clear_latch = { 4660, 5, 1, 2 } } } },
    { "clear_latch_undefined_fault_bit", { PX_CLEAR_LATCH, { .clear_latch = { 4660, 5, 0x0100, 1 } } } },
    { "clear_latch_undefined_fault_bit_15", { PX_CLEAR_LATCH, { .clear_latch = { 4660, 5, 0x8001, 0 } } } },
    { "hello_ack_max_duration_499", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX-SIM-0001"), 0, 499, 0 } } } },
    { "hello_ack_max_duration_5001", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX-SIM-0001"), 0, 5001, 0 } } } },
    { "hello_ack_reset_reason_5", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX-SIM-0001"), 5, 2000, 0 } } } },
    { "hello_ack_reserved_capability_bit", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0x0008, SERIAL("PX-SIM-0001"), 0, 2000, 0 } } } },
    { "hello_ack_undefined_latched_bit", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX-SIM-0001"), 0, 2000, 0x0100 } } } },
    { "hello_ack_serial_with_space", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX SIM"), 0, 2000, 0 } } } },
    /* the serial's padding: NULs only at the end, and at least one character before them */
    { "hello_ack_serial_char_after_padding", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX\0SIM-0001"), 0, 2000, 0 } } } },
    { "hello_ack_serial_0x7f", { PX_HELLO_ACK, { .hello_ack = {
        1, 4660, 1, 1, 0, 0, 0, SERIAL("PX-SIM\x7f"), 0, 2000, 0 } } } },
    { "status_reservoir_3", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0 } } } },
    { "status_reservoir_255", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0 } } } },
    { "status_compressor_101", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101, 0x10, 0, 0 } } } },
    { "status_reserved_output_bit", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0 } } } },
    { "status_undefined_active_bit", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0100, 0x0100 } } } },
    { "status_undefined_latched_bit", { PX_STATUS, { .status = {
        1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x8000 } } } },
    { "fault_report_undefined_first_fault_bit", { PX_FAULT_REPORT, { .fault_report = {
        3, 0x0001, 0x0200, 100, 1 } } } },
    { "clear_latch_result_undefined_cleared_bit", { PX_CLEAR_LATCH_RESULT, { .clear_latch_result = {
        2, 0x0400, 0 } } } },
    { "error_request_type_0", { PX_ERROR, { .error = { 0, 1, PX_ERR_OUT_OF_RANGE } } } },
    { "error_request_type_5", { PX_ERROR, { .error = { 5, 1, PX_ERR_OUT_OF_RANGE } } } },
    { "error_code_0", { PX_ERROR, { .error = { PX_SET_STATE, 0, 0 } } } },
    { "error_code_6", { PX_ERROR, { .error = { PX_SET_STATE, 0, 6 } } } },
    { "versions_min_0", { PX_VERSIONS, { .versions = { 1, 0, 1 } } } },
    { "versions_max_below_min", { PX_VERSIONS, { .versions = { 1, 2, 1 } } } }
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One line; receiver (invalid.txt's fourth column: mcu, host or any) is NULL for vectors.txt. */
static int print_frame(const char *name, const uint8_t *wire, size_t n, const char *text,
                       const char *receiver)
{
    char hex[2 * 256 + 1];
    if (n == 0 || n > 256)
        return -1;
    px_hex_format(wire, n, hex);
    if (receiver != NULL)
        printf("%s\t%s\t%s\t%s\n", name, hex, text, receiver);
    else
        printf("%s\t%s\t%s\n", name, hex, text);
    return 0;
}

/* COBS-encodes raw bytes as they are (no check added) and appends 0x00. */
static int print_raw(const char *name, const uint8_t *raw, size_t len, const char *text,
                     const char *receiver)
{
    uint8_t wire[256];
    size_t n = px_cobs_encode(raw, len, wire, sizeof wire - 1);
    if (n == 0)
        return -1;
    wire[n++] = 0;
    return print_frame(name, wire, n, text, receiver);
}

/* Raw frame type|payload|CRC with a correct check over the given bytes. */
static size_t with_check(uint8_t *raw, size_t len)
{
    uint32_t crc = px_crc32(raw, len);
    raw[len] = (uint8_t)crc;
    raw[len + 1] = (uint8_t)(crc >> 8);
    raw[len + 2] = (uint8_t)(crc >> 16);
    raw[len + 3] = (uint8_t)(crc >> 24);
    return len + 4;
}

static int emit_valid(void)
{
    size_t i;
    puts("# Golden frames of the Paxman Edge host <-> MCU protocol, wire version 1, document 1.1.");
    puts("# Generated by firmware-protocol/c/tools/gen_vectors.c; do not edit by hand.");
    puts("# Format (test-vectors/README.md): name<TAB>encoded frame in hex incl. the");
    puts("# trailing 00<TAB>canonical text. Every frame here is valid and in range.");
    for (i = 0; i < COUNT(valid); i++) {
        uint8_t wire[PX_MAX_WIRE];
        char text[PX_TEXT_MAX];
        const char *bad = NULL;
        size_t n = px_msg_encode(&valid[i].msg, wire, sizeof wire);
        if (n == 0 || px_msg_validate(&valid[i].msg, &bad) != PX_OK ||
            px_text_format(&valid[i].msg, text, sizeof text) != PX_OK) {
            fprintf(stderr, "gen_vectors: %s is invalid (%s)\n", valid[i].name,
                    bad ? bad : "encode");
            return 1;
        }
        if (print_frame(valid[i].name, wire, n, text, NULL) != 0)
            return 1;
    }
    return 0;
}

static int emit_invalid(void)
{
    uint8_t raw[128];
    uint8_t wire[PX_MAX_WIRE];
    size_t n, i;
    int rc = 0;
    /* a good SET_STATE to corrupt: link 4660, cmd_seq 7, COOL */
    static const uint8_t set_state[] = { 0x02, 0x34, 0x12, 0x07, 0, 0, 0, 0x41, 0x0B, 0x01 };

    puts("# Frames every receiver must reject, with the reason pxcodec prints.");
    puts("# Generated by firmware-protocol/c/tools/gen_vectors.c; do not edit by hand.");
    puts("# Format: name<TAB>bytes in hex, one frame incl. its trailing 00<TAB>ERROR reason<TAB>receiver:");
    puts("# mcu or host, the receiver that rejects it for this reason (the other side's rejects the type");
    puts("# first, unknown-type), or any (a frame check both receivers make before the type).");

    memcpy(raw, set_state, sizeof set_state);
    n = with_check(raw, sizeof set_state);
    raw[n - 1] ^= 0x80; /* one bit of the check */
    rc |= print_raw("check_bit_flipped", raw, n, "ERROR bad-check", "any");

    memcpy(raw, set_state, sizeof set_state);
    n = with_check(raw, sizeof set_state);
    raw[7] = 0x42; /* compressor_pct changed after the check was computed */
    rc |= print_raw("payload_changed", raw, n, "ERROR bad-check", "any");

    {
        /* code byte 0x05 promises 4 more bytes, only 2 follow */
        static const uint8_t w[] = { 0x05, 0x02, 0x34, 0x00 };
        rc |= print_frame("cobs_block_past_end", w, sizeof w, "ERROR bad-cobs", "any");
    }
    raw[0] = 0x02; raw[1] = 0x34; raw[2] = 0x12; raw[3] = 0x07;
    rc |= print_raw("four_bytes_only", raw, 4, "ERROR too-short", "any");
    rc |= print_raw("empty_raw_frame", raw, 0, "ERROR too-short", "any");

    raw[0] = 0x05; raw[1] = 0x34; raw[2] = 0x12; raw[3] = 0x01; raw[4] = 0x00;
    n = with_check(raw, 5);
    rc |= print_raw("type_0x05_unknown", raw, n, "ERROR unknown-type", "any");
    raw[0] = 0x00;
    n = with_check(raw, 5);
    rc |= print_raw("type_0x00_unknown", raw, n, "ERROR unknown-type", "any");

    memcpy(raw, set_state, sizeof set_state);
    n = with_check(raw, sizeof set_state - 1); /* SET_STATE with 8-byte payload */
    rc |= print_raw("set_state_payload_8_bytes", raw, n, "ERROR bad-length", "mcu");
    raw[0] = 0x01; raw[1] = 0x01; raw[2] = 0x00; raw[3] = 0x34; raw[4] = 0x12;
    raw[5] = 0x01; raw[6] = 0x00; raw[7] = 0x00;
    n = with_check(raw, 8); /* HELLO with 7-byte payload */
    rc |= print_raw("hello_payload_7_bytes", raw, n, "ERROR bad-length", "mcu");

    for (i = 0; i < 70; i++)
        raw[i] = (uint8_t)(0x20 + i);
    rc |= print_raw("seventy_bytes", raw, 70, "ERROR too-long", "any");

    for (i = 0; i < COUNT(out_of_range); i++) {
        const char *bad = NULL;
        char reason[64];
        n = px_msg_encode(&out_of_range[i].msg, wire, sizeof wire);
        if (n == 0 || px_msg_validate(&out_of_range[i].msg, &bad) != PX_E_RANGE) {
            fprintf(stderr, "gen_vectors: %s is not out of range\n", out_of_range[i].name);
            return 1;
        }
        snprintf(reason, sizeof reason, "ERROR out-of-range %s", bad);
        rc |= print_frame(out_of_range[i].name, wire, n, reason,
                          (out_of_range[i].msg.type & 0x80u) ? "host" : "mcu");
    }
    return rc != 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--invalid") == 0)
        return emit_invalid();
    if (argc == 1)
        return emit_valid();
    fprintf(stderr, "usage: gen_vectors [--invalid]\n");
    return 2;
}
