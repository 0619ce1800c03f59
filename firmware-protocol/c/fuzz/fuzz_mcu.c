/* fuzz_mcu.c - libFuzzer target: the MCU core (px_mcu.c) driven by a script
 * the fuzzer writes. Each step takes an opcode byte:
 *   0: let 0..2550 ms pass (next byte x 10), polling every millisecond
 *   1: raw bytes onto the UART (next byte = count)
 *   2: a well-formed host frame (type from the next byte, payload from the
 *      following bytes, a correct CRC), so the fuzzer reaches the state
 *      machine past the frame check
 *   3: new sensor samples (supply, returns, drive faults, reservoir)
 *   4: a reset of the given kind, keeping retained RAM
 * After every poll the safety invariants of safety.md must hold; a violation
 * aborts. Every frame the core sends must decode and validate.
 *
 *   fuzz_mcu -max_total_time=60 CORPUS_DIR
 */
#include <stdlib.h>
#include <string.h>

#include "px/px_catalogue.h"
#include "px/px_mcu.h"

typedef struct rig {
    uint32_t millis;
    px_mcu_drive pins;
    px_mcu_samples samples;
    uint8_t rx[512];
    size_t rx_len, rx_pos;
    px_decoder host_rx;
    px_mcu_retained retained;
    uint32_t last_status_ms;
    int statuses;
} rig;

static rig R;
static px_mcu M;

static void must(int ok)
{
    if (!ok)
        abort();
}

static uint32_t r_millis(void *ctx) { return ((rig *)ctx)->millis; }
static void r_drive(void *ctx, const px_mcu_drive *d) { ((rig *)ctx)->pins = *d; }
static void r_sample(void *ctx, px_mcu_samples *s) { *s = ((rig *)ctx)->samples; }

static size_t r_read(void *ctx, uint8_t *buf, size_t cap)
{
    rig *r = ctx;
    size_t n = r->rx_len - r->rx_pos;
    if (n > cap)
        n = cap;
    memcpy(buf, r->rx + r->rx_pos, n);
    r->rx_pos += n;
    if (r->rx_pos == r->rx_len)
        r->rx_pos = r->rx_len = 0;
    return n;
}

static void r_write(void *ctx, const uint8_t *p, size_t n)
{
    rig *r = ctx;
    size_t i;
    must(n <= PX_MAX_WIRE);
    for (i = 0; i < n; i++) {
        px_frame f;
        px_msg m;
        int rc = px_decoder_feed(&r->host_rx, p[i], &f);
        must(rc >= 0);
        if (rc == PX_FEED_FRAME) {
            must(px_msg_unpack(f.type, f.payload, f.len, &m) == PX_OK);
            must(px_msg_validate(&m, NULL) == PX_OK);
            if (m.type == PX_STATUS) {
                /* No speed feedback here: the setpoint on the pins is shown. */
                must(m.u.status.compressor_actual_pct == r->pins.compressor_pct);
                must(m.u.status.latched == 0 || m.u.status.compressor_actual_pct == 0);
                r->statuses++;
                r->last_status_ms = r->millis;
            }
        }
    }
}

static void rx_push(const uint8_t *p, size_t n)
{
    if (R.rx_len + n <= sizeof R.rx) {
        memcpy(R.rx + R.rx_len, p, n);
        R.rx_len += n;
    }
}

static void boot(uint8_t reason)
{
    px_mcu_hal h;
    px_mcu_config c;
    memset(&c, 0, sizeof c);
    c.proto_version = PX_PROTO_VERSION;
    c.max_duration_ms = 2000;
    c.capabilities = PX_CAP_FLOW_PER_CHANNEL | PX_CAP_RESERVOIR_LEVEL | PX_CAP_RETURN_PER_CHANNEL;
    memcpy(c.serial, "PX-FUZZ", 7);
    h.ctx = &R;
    h.millis = r_millis;
    h.drive = r_drive;
    h.sample = r_sample;
    h.uart_read = r_read;
    h.uart_write = r_write;
    h.compressor_speed = NULL;
    h.event = NULL;
    h.retained = &R.retained;
    px_decoder_init(&R.host_rx, PX_ACCEPT_TO_HOST);
    R.rx_len = R.rx_pos = 0;
    px_mcu_init(&M, &h, &c, reason);
    R.last_status_ms = R.millis;
}

/* safety.md, "The safe state": whenever any of these holds, compressor 0,
 * pump off, valves closed. */
static void invariants(void)
{
    int must_be_safe = M.link_id == 0 || !M.deadman_armed || M.latched != 0 || !M.has_desired ||
                       M.desired.mode != PX_MODE_COOL;
    must(R.pins.compressor_pct <= 100 && (R.pins.outputs & 0xF0u) == 0);
    if (must_be_safe)
        must(R.pins.compressor_pct == 0 && (R.pins.outputs & (PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_VALVE_B)) == 0);
    if (M.deadman_armed)
        must(M.now - M.last_applied_ms < M.cfg.max_duration_ms + PX_MCU_CONTROL_PERIOD_MS);
    must((M.latched & (uint16_t)~PX_FAULT_ALL) == 0 && (M.active & (uint16_t)~PX_FAULT_ALL) == 0);
    /* STATUS from the MCU's own timer, whatever arrives. */
    must(R.millis - R.last_status_ms <= PX_MCU_STATUS_PERIOD_MS + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i = 0;
    memset(&R, 0, sizeof R);
    R.millis = 0xFFFFF000u; /* the millis wrap comes within the run */
    R.samples.supply_cc = -400;
    R.samples.return_cc = R.samples.return_a_cc = R.samples.return_b_cc = 200;
    boot(PX_RESET_POWER_ON);
    while (i < size) {
        uint8_t op = (uint8_t)(data[i++] % 5u);
        uint32_t t, n;
        switch (op) {
        case 0:
            n = i < size ? (uint32_t)data[i++] * 10u : 10u;
            for (t = 0; t < n; t++) {
                R.millis++;
                px_mcu_poll(&M);
                invariants();
            }
            break;
        case 1:
            n = i < size ? data[i++] : 0u;
            if (n > size - i)
                n = (uint32_t)(size - i);
            rx_push(data + i, n);
            i += n;
            break;
        case 2: {
            static const uint8_t types[] = {PX_HELLO, PX_SET_STATE, PX_CLEAR_LATCH, PX_GET_FAULT_REPORT,
                                            PX_GET_VERSIONS};
            uint8_t type = types[i < size ? data[i++] % 5u : 0u];
            const px_type_info *info = px_type_lookup(type);
            uint8_t payload[PX_MAX_PAYLOAD], wire[PX_MAX_WIRE];
            size_t len = info->payload_len, k, w;
            memset(payload, 0, sizeof payload);
            for (k = 0; k < len && i < size; k++)
                payload[k] = data[i++];
            w = px_frame_encode(type, payload, len, wire, sizeof wire);
            rx_push(wire, w);
            px_mcu_poll(&M);
            invariants();
            break;
        }
        case 3:
            if (size - i >= 6) {
                R.samples.supply_cc = (int16_t)(uint16_t)(data[i] | (data[i + 1] << 8));
                R.samples.return_b_cc = (int16_t)(uint16_t)(data[i + 2] | (data[i + 3] << 8));
                R.samples.reservoir = (uint8_t)(data[i + 4] % 3u);
                R.samples.compressor_drive_fault = (uint8_t)(data[i + 5] & 1u);
                R.samples.pump_drive_fault = (uint8_t)((data[i + 5] >> 1) & 1u);
                R.samples.brown_out = (uint8_t)((data[i + 5] >> 2) & 1u);
            }
            i += 6;
            break;
        default: {
            uint8_t reason = (uint8_t)(i < size ? data[i++] % 5u : 0u);
            uint16_t kept = M.latched;
            boot(reason);
            must(M.link_id == 0 && R.pins.compressor_pct == 0 && R.pins.outputs == 0);
            if (reason != PX_RESET_POWER_ON)
                must((M.latched & kept) == kept);
            else
                must(M.latched == 0);
            break;
        }
        }
    }
    return 0;
}
