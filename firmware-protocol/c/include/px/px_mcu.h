/*
 * px_mcu.h - the reference MCU core: the link and safety state machine of
 * protocol.md and safety.md over the codec, behind a small HAL.
 *
 * What it does (safety.md): HELLO and the link, newest-wins SET_STATE by
 * cmd_seq, the desired state, the dead-man (armed by a link's first applied
 * SET_STATE, expired sticky until the next one), the debounced trips, the
 * latches with first_fault and trip_count, CLEAR_LATCH with its stored
 * request id and result, retained latches over a reset, and STATUS every
 * 100 ms from the MCU's own clock.
 *
 * Two behaviours are fixed here where the C# emulator once differed:
 *  - no hidden compressor lockout: in COOL the compressor is driven as
 *    commanded within one control period (the host owns anti-short-cycle);
 *  - STATUS is taken after the control period's outputs were set: outputs
 *    bits 0..3 as driven, compressor_actual_pct the drive's measured speed
 *    read then (protocol.md, "0x82 STATUS"), bit 4 set when it is above 0; so
 *    the STATUS in which a latch first appears already shows the compressor
 *    stopped (with a drive that stops when its command is removed).
 * After a latch sets, the desired state is SAFE (fan off); only a new
 * SET_STATE with mode COOL, once nothing is latched, cools again.
 *
 * No heap, no floating point, no globals: all state is in struct px_mcu, which
 * the port allocates statically. Every function has a fixed stack frame (no
 * recursion, no VLAs); see ../README.md ("The MCU core") for the figures.
 *
 * Single-threaded: call px_mcu_poll() from the main loop only. A UART
 * interrupt puts bytes into the port's ring buffer; uart_read() takes them
 * from there. A timer interrupt may only set a flag that makes the main loop
 * call px_mcu_poll(); frames are sent from the main loop, whole.
 */
#ifndef PX_MCU_H
#define PX_MCU_H

#include <stddef.h>
#include <stdint.h>

#include "px/px_decoder.h"
#include "px/px_messages.h"

#define PX_MCU_CONTROL_PERIOD_MS 10u /* dead-man, latches, outputs        */
#define PX_MCU_STATUS_PERIOD_MS 100u /* sensors sampled, STATUS sent      */
#define PX_MCU_DEBOUNCE_SAMPLES 4u   /* consecutive samples to change     */
#define PX_MCU_RX_CHUNK 64u          /* bytes decoded per px_mcu_poll()   */

/* What the MCU drives: compressor setpoint 0..100 % and outputs bits 0..3
 * (PX_OUT_PUMP, PX_OUT_VALVE_A, PX_OUT_VALVE_B, PX_OUT_FAN). */
typedef struct px_mcu_drive {
    uint8_t compressor_pct;
    uint8_t outputs;
} px_mcu_drive;

/* One sample of the MCU's sensors, in STATUS units. */
typedef struct px_mcu_samples {
    int16_t supply_cc;   /* PX_TEMP_NONE: open or short */
    int16_t return_cc;
    int16_t return_a_cc; /* read only with PX_CAP_RETURN_PER_CHANNEL */
    int16_t return_b_cc;
    uint16_t flow_a_clpm;
    uint16_t flow_b_clpm;
    uint8_t reservoir;   /* PX_RESERVOIR_* */
    uint8_t compressor_drive_fault; /* 0/1, as the drive's fault output */
    uint8_t pump_drive_fault;       /* 0/1 */
    uint8_t brown_out;              /* 0/1, supply monitor now */
} px_mcu_samples;

/* The block the port keeps in retained (no-init) RAM. */
typedef struct px_mcu_retained {
    uint32_t magic;   /* PX_MCU_RETAINED_MAGIC */
    uint16_t latched;
    uint16_t check;   /* (uint16_t)~latched ^ 0x5AA5 */
} px_mcu_retained;
#define PX_MCU_RETAINED_MAGIC 0x50584D43ul /* "PXMC" */

/* Events for a bench log (optional; NULL on a target). */
enum px_mcu_event_kind {
    PX_EV_LINK = 1,     /* a = link_id                                    */
    PX_EV_APPLIED,      /* set_state = the command                        */
    PX_EV_DEADMAN,      /* a = ms since the last applied SET_STATE        */
    PX_EV_LATCHED,      /* a = the bits that latched                      */
    PX_EV_CLEARED,      /* a = bits cleared, b = by_person                */
    PX_EV_REFUSED       /* a = request type, b = ERROR code               */
};
typedef struct px_mcu_event {
    uint8_t kind;
    uint32_t uptime_ms;
    uint32_t a;
    uint32_t b;
    px_set_state set_state;
} px_mcu_event;

/* The hardware the core runs on. All but event must be set. */
typedef struct px_mcu_hal {
    void *ctx;
    /* Free-running millisecond counter; it may wrap. */
    uint32_t (*millis)(void *ctx);
    /* Sets the output pins. Called every control period. */
    void (*drive)(void *ctx, const px_mcu_drive *d);
    /* Takes one sample of every sensor. */
    void (*sample)(void *ctx, px_mcu_samples *s);
    /* Takes up to cap received bytes (non-blocking); returns how many. */
    size_t (*uart_read)(void *ctx, uint8_t *buf, size_t cap);
    /* Queues one whole wire frame (len <= PX_MAX_WIRE) for sending. */
    void (*uart_write)(void *ctx, const uint8_t *frame, size_t len);
    /* The compressor drive's speed feedback now, 0..100 %, read after the
     * period's outputs were set. Optional: NULL reports the drive setpoint
     * (a drive without feedback). */
    uint8_t (*compressor_speed)(void *ctx);
    /* Optional: a bench log. */
    void (*event)(void *ctx, const px_mcu_event *e);
    /* Retained RAM, or NULL if the board has none. */
    px_mcu_retained *retained;
} px_mcu_hal;

/* Firmware constants. */
typedef struct px_mcu_config {
    uint16_t proto_version;   /* the one version spoken: PX_PROTO_VERSION */
    uint16_t max_duration_ms; /* dead-man, 500..5000 */
    uint8_t fw_major, fw_minor, fw_patch;
    uint16_t capabilities;    /* PX_CAP_* */
    uint8_t serial[PX_SERIAL_LEN];
} px_mcu_config;

typedef struct px_mcu_debounce {
    uint8_t active; /* debounced state */
    uint8_t run;    /* consecutive samples disagreeing with it, 0..3 */
} px_mcu_debounce;

typedef struct px_mcu {
    px_mcu_hal hal;
    px_mcu_config cfg;
    px_decoder rx;
    uint8_t reset_reason;

    uint32_t boot_ms;          /* millis() at px_mcu_init */
    uint32_t now;              /* uptime read once per px_mcu_poll() */
    uint32_t next_control_ms;  /* uptime of the next control step */
    uint32_t next_status_ms;   /* uptime of the next STATUS */
    uint16_t status_seq;

    uint16_t link_id;          /* 0: no link */
    uint16_t hello_request_id; /* the HELLO that opened the link */
    uint32_t last_applied_seq;
    uint8_t has_desired;       /* 0: SAFE with the fan off */
    px_set_state desired;
    uint8_t deadman_armed;
    uint8_t host_silent_active; /* the dead-man expired on this link */
    uint32_t last_applied_ms;   /* uptime of the last applied SET_STATE */

    uint16_t clear_request_id; /* 0: none on this link */
    px_clear_latch_result clear_result;

    px_mcu_debounce over_cooling, supply_range, return_range, reservoir_empty;
    px_mcu_samples readings; /* the latest sample */
    uint16_t active;
    uint16_t latched;
    uint16_t first_fault;
    uint32_t first_fault_ms;
    uint16_t trip_count;
    px_mcu_drive drive;

    uint32_t rx_good;
    uint32_t rx_rejected[8]; /* by -px_status (index 1..6) */
} px_mcu;

/*
 * The reset reason from the reset-cause flags (one bit per PX_RESET_* value:
 * 1u << PX_RESET_WATCHDOG, ...). When several are set: power-on wins (retained
 * RAM is not trustworthy after it), then brown-out, watchdog, host-reset-line,
 * software. No flag at all reads as power-on.
 */
uint8_t px_mcu_reset_reason_from_flags(uint8_t flags);

/*
 * Starts the core after a reset: safe outputs, no link, the dead-man
 * disarmed; latches from retained RAM unless power-on or a bad check; a
 * brown-out reset latches brown-out. Drives the safe state and sends one
 * 0x00 so that the host's receiver drops any partial frame.
 */
void px_mcu_init(px_mcu *m, const px_mcu_hal *hal, const px_mcu_config *cfg,
                 uint8_t reset_reason);

/*
 * The main loop's work: decodes up to PX_MCU_RX_CHUNK received bytes and
 * answers them, then runs every control step and STATUS that is due.
 * Call at least every PX_MCU_CONTROL_PERIOD_MS.
 */
void px_mcu_poll(px_mcu *m);

/* Uptime now, ms (wraps after 49.7 days). */
uint32_t px_mcu_uptime(const px_mcu *m);

#endif
