/* test_mcu.c - the MCU core (px_mcu.c) against protocol.md and safety.md:
 * the link, cmd_seq, the desired state, the dead-man, the debounced trips,
 * the latches and CLEAR_LATCH, resets, and STATUS. One function per rule. */
#include <string.h>

#include "check.h"
#include "fake_hal.h"

static fake_hal F;
static px_mcu M;

#define LINK 0x1234u

static void boot_at(uint32_t millis0, uint8_t reason, int keep_retained)
{
    px_mcu_retained kept = F.retained;
    px_mcu_hal h;
    px_mcu_config c = fake_config();
    fake_init(&F, millis0);
    if (keep_retained)
        F.retained = kept;
    h = fake_hal_of(&F, 1);
    px_mcu_init(&M, &h, &c, reason);
}

static void boot(void) { boot_at(0, PX_RESET_POWER_ON, 0); }

static void hello(uint16_t link, uint16_t req, uint16_t version)
{
    px_msg m;
    memset(&m, 0, sizeof m);
    m.type = PX_HELLO;
    m.u.hello.host_proto_version = version;
    m.u.hello.link_id = link;
    m.u.hello.request_id = req;
    fake_send(&F, &m);
}

static void set_state(uint16_t link, uint32_t seq, uint8_t pct, uint8_t outputs, uint8_t mode)
{
    px_msg m;
    memset(&m, 0, sizeof m);
    m.type = PX_SET_STATE;
    m.u.set_state.link_id = link;
    m.u.set_state.cmd_seq = seq;
    m.u.set_state.compressor_pct = pct;
    m.u.set_state.outputs = outputs;
    m.u.set_state.mode = mode;
    fake_send(&F, &m);
}

static void clear_latch(uint16_t link, uint16_t req, uint16_t mask, uint8_t by_person)
{
    px_msg m;
    memset(&m, 0, sizeof m);
    m.type = PX_CLEAR_LATCH;
    m.u.clear_latch.link_id = link;
    m.u.clear_latch.request_id = req;
    m.u.clear_latch.fault_mask = mask;
    m.u.clear_latch.by_person = by_person;
    fake_send(&F, &m);
}

static void get_report(uint16_t link, uint16_t req)
{
    px_msg m;
    memset(&m, 0, sizeof m);
    m.type = PX_GET_FAULT_REPORT;
    m.u.get_fault_report.link_id = link;
    m.u.get_fault_report.request_id = req;
    fake_send(&F, &m);
}

static const px_status_msg *last_status(void)
{
    const fake_tx *t = fake_last(&F, PX_STATUS, 0);
    return t ? &t->msg.u.status : NULL;
}

static const px_error_msg *last_error(size_t from)
{
    const fake_tx *t = fake_last(&F, PX_ERROR, from);
    return t ? &t->msg.u.error : NULL;
}

#define COOL_OUT (PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_FAN)

/* Booted, linked, cooling at 60 % with cmd_seq 1. */
static void cooling(void)
{
    boot();
    hello(LINK, 1, 1);
    fake_run(&F, &M, 10);
    set_state(LINK, 1, 60, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 10);
}

static void boot_is_safe_sends_0x00_then_status_every_100ms(void)
{
    const px_status_msg *s;
    boot();
    CHECK(F.drive_calls >= 1);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == 0);
    CHECK(F.tx_bytes == 1 && F.first_byte == 0x00);
    fake_run(&F, &M, 1000);
    s = last_status();
    CHECK(s != NULL);
    CHECK(F.tx[0].msg.type == PX_STATUS && F.tx[0].at_ms == 0);
    CHECK_MSG(fake_count(&F, PX_STATUS, 0) == 11, "%zu", fake_count(&F, PX_STATUS, 0));
    CHECK(s->link_id == 0 && s->last_applied_cmd_seq == 0 && s->latched == 0 && s->active == 0);
    CHECK(s->uptime_ms == 1000 && s->status_seq == 10);
    CHECK(s->supply_cc == -400 && s->return_a_cc == 200);
    CHECK(F.tx_rejected == 0);
}

static void status_period_holds_under_a_late_main_loop(void)
{
    size_t i;
    boot();
    /* Polled every 7 ms: STATUS still at 0, 100, 200, ... within 7 ms. */
    for (i = 0; i < 300; i++) {
        F.millis += 7;
        px_mcu_poll(&M);
    }
    for (i = 1; i < F.tx_count; i++) {
        uint32_t due = (uint32_t)i * 100u;
        CHECK_MSG(F.tx[i].at_ms >= due && F.tx[i].at_ms < due + 7, "%u", (unsigned)F.tx[i].at_ms);
    }
}

static void status_without_per_channel_returns_reports_no_reading(void)
{
    px_mcu_hal h;
    px_mcu_config c = fake_config();
    c.capabilities = 0;
    fake_init(&F, 0);
    F.samples.return_a_cc = PX_TEMP_NONE; /* not fitted: no trip either */
    F.samples.reservoir = PX_RESERVOIR_EMPTY; /* no level sensor: no trip */
    h = fake_hal_of(&F, 0);
    px_mcu_init(&M, &h, &c, PX_RESET_POWER_ON);
    fake_run(&F, &M, 1000);
    CHECK(last_status()->return_a_cc == PX_TEMP_NONE && last_status()->return_b_cc == PX_TEMP_NONE);
    CHECK(last_status()->active == 0 && last_status()->latched == 0);
}

static void hello_opens_a_link_and_its_retry_changes_nothing(void)
{
    const fake_tx *a;
    size_t mark;
    boot();
    hello(LINK, 7, 1);
    fake_run(&F, &M, 1);
    a = fake_last(&F, PX_HELLO_ACK, 0);
    CHECK(a != NULL);
    if (a == NULL)
        return;
    CHECK(a->msg.u.hello_ack.link_id == LINK && a->msg.u.hello_ack.request_id == 7);
    CHECK(a->msg.u.hello_ack.mcu_proto_version == 1 && a->msg.u.hello_ack.max_duration_ms == 2000);
    CHECK(a->msg.u.hello_ack.reset_reason == PX_RESET_POWER_ON && a->msg.u.hello_ack.latched == 0);
    CHECK(memcmp(a->msg.u.hello_ack.serial, "PX-C-0001\0\0\0", 12) == 0);
    CHECK(F.events[PX_EV_LINK] == 1);

    set_state(LINK, 5, 0, 0, PX_MODE_SAFE);
    fake_run(&F, &M, 100);
    CHECK(last_status()->link_id == LINK && last_status()->last_applied_cmd_seq == 5);

    /* Retry: same link and request id: answered again, cmd_seq kept. */
    mark = F.tx_count;
    hello(LINK, 7, 1);
    fake_run(&F, &M, 100);
    CHECK(fake_count(&F, PX_HELLO_ACK, mark) == 1);
    CHECK(last_status()->last_applied_cmd_seq == 5 && F.events[PX_EV_LINK] == 1);
    CHECK(M.deadman_armed == 1);

    /* Same link, new request id: a new link (cmd_seq back to 0, disarmed). */
    hello(LINK, 8, 1);
    fake_run(&F, &M, 100);
    CHECK(last_status()->last_applied_cmd_seq == 0 && F.events[PX_EV_LINK] == 2);
    CHECK(M.deadman_armed == 0);
}

static void hello_of_another_version_is_refused_before_its_range(void)
{
    const px_error_msg *e;
    boot();
    hello(0, 9, 2); /* link_id 0 is out of range too: the version is checked first */
    fake_run(&F, &M, 100);
    e = last_error(0);
    CHECK(e != NULL && e->request_type == PX_HELLO && e->request_id == 9 &&
          e->code == PX_ERR_UNSUPPORTED_VERSION);
    CHECK(fake_count(&F, PX_HELLO_ACK, 0) == 0 && last_status()->link_id == 0);
    hello(0, 10, 1);
    fake_run(&F, &M, 1);
    e = last_error(0);
    CHECK(e != NULL && e->request_id == 10 && e->code == PX_ERR_OUT_OF_RANGE);
    CHECK(M.link_id == 0);
}

/* Document 1.1: GET_VERSIONS is answered without a link, for any request_id,
 * and changes nothing. */
static void get_versions_needs_no_link_and_changes_nothing(void)
{
    px_msg g;
    const fake_tx *v;
    boot();
    memset(&g, 0, sizeof g);
    g.type = PX_GET_VERSIONS;
    g.u.get_versions.request_id = 0;
    fake_send(&F, &g);
    fake_run(&F, &M, 1);
    v = fake_last(&F, PX_VERSIONS, 0);
    CHECK(v != NULL && v->msg.u.versions.request_id == 0 && v->msg.u.versions.min_proto_version == 1 &&
          v->msg.u.versions.max_proto_version == 1);
    CHECK(fake_count(&F, PX_ERROR, 0) == 0 && M.link_id == 0);
    cooling();
    g.u.get_versions.request_id = 77;
    fake_send(&F, &g);
    fake_run(&F, &M, 1);
    v = fake_last(&F, PX_VERSIONS, 0);
    CHECK(v != NULL && v->msg.u.versions.request_id == 77);
    CHECK(M.link_id == LINK && M.last_applied_seq == 1 && F.pins.compressor_pct == 60 && M.deadman_armed);
}

static void refusals_name_the_type_request_and_reason_and_change_nothing(void)
{
    size_t mark;
    boot();
    set_state(LINK, 1, 50, COOL_OUT, PX_MODE_COOL);
    get_report(LINK, 3);
    fake_run(&F, &M, 1);
    CHECK(fake_count(&F, PX_ERROR, 0) == 2);
    CHECK(F.tx[0].msg.type == PX_ERROR && F.tx[0].msg.u.error.code == PX_ERR_NO_LINK &&
          F.tx[0].msg.u.error.request_type == PX_SET_STATE);
    CHECK(last_error(0)->code == PX_ERR_NO_LINK && last_error(0)->request_id == 3);

    hello(LINK, 1, 1);
    fake_run(&F, &M, 1);
    mark = F.tx_count;
    set_state(LINK + 1, 1, 50, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 1);
    CHECK(last_error(mark)->code == PX_ERR_WRONG_LINK && last_error(mark)->request_id == 0);
    set_state(LINK, 1, 101, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 1);
    CHECK(last_error(mark)->code == PX_ERR_OUT_OF_RANGE && last_error(mark)->request_type == PX_SET_STATE);
    set_state(LINK, 1, 50, 0x10, PX_MODE_COOL); /* reserved output bit */
    clear_latch(LINK, 4, 0x0100, 1);             /* reserved fault bit  */
    fake_run(&F, &M, 1);
    CHECK(last_error(mark)->code == PX_ERR_OUT_OF_RANGE && last_error(mark)->request_type == PX_CLEAR_LATCH &&
          last_error(mark)->request_id == 4);
    CHECK(fake_count(&F, PX_ERROR, mark) == 4);
    CHECK(M.last_applied_seq == 0 && M.deadman_armed == 0 && F.pins.outputs == 0);
    CHECK(F.events[PX_EV_REFUSED] == 6 && F.events[PX_EV_APPLIED] == 0);
}

static void cool_is_driven_within_one_control_period_and_shown_as_driven(void)
{
    const px_status_msg *s;
    boot();
    hello(LINK, 1, 1);
    fake_run(&F, &M, 10);
    set_state(LINK, 1, 60, COOL_OUT, PX_MODE_COOL);
    px_mcu_poll(&M); /* the same poll that receives it drives it */
    CHECK(F.pins.compressor_pct == 60 && F.pins.outputs == COOL_OUT);
    fake_run(&F, &M, 100);
    s = last_status();
    CHECK(s->last_applied_cmd_seq == 1 && s->compressor_actual_pct == 60);
    CHECK(s->outputs == (COOL_OUT | PX_OUT_COMPRESSOR_RUNNING));
    /* No lockout: stop, then COOL again at once, the compressor is driven. */
    set_state(LINK, 2, 0, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 10);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == COOL_OUT);
    set_state(LINK, 3, 40, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 100);
    CHECK(F.pins.compressor_pct == 40 && last_status()->compressor_actual_pct == 40);
    CHECK(F.events[PX_EV_APPLIED] == 3 && F.last_event.set_state.cmd_seq == 3);
}

/* protocol.md, "0x82 STATUS": compressor_actual_pct is the measured speed,
 * read after the period's outputs; bit 4 follows it, not the setpoint. */
static void status_reports_the_measured_speed_read_after_the_outputs(void)
{
    cooling();
    F.speed_override = 20; /* the inverter still ramping up */
    fake_run(&F, &M, 100);
    CHECK(last_status()->compressor_actual_pct == 20 && (last_status()->outputs & PX_OUT_COMPRESSOR_RUNNING) != 0);
    set_state(LINK, 2, 60, COOL_OUT, PX_MODE_SAFE);
    F.speed_override = 25; /* a compressor that does not stop: the host alarms on it */
    fake_run(&F, &M, 100);
    CHECK(F.pins.compressor_pct == 0 && last_status()->compressor_actual_pct == 25);
    CHECK(last_status()->outputs == (PX_OUT_FAN | PX_OUT_COMPRESSOR_RUNNING));
    F.speed_override = 0;
    fake_run(&F, &M, 100);
    CHECK(last_status()->compressor_actual_pct == 0 && last_status()->outputs == PX_OUT_FAN);
    {
        /* Without speed feedback the setpoint is reported. */
        px_mcu_hal h;
        px_mcu_config c = fake_config();
        fake_init(&F, 0);
        h = fake_hal_of(&F, 0);
        h.compressor_speed = NULL;
        px_mcu_init(&M, &h, &c, PX_RESET_POWER_ON);
        hello(LINK, 1, 1);
        fake_run(&F, &M, 10);
        set_state(LINK, 1, 45, COOL_OUT, PX_MODE_COOL);
        fake_run(&F, &M, 100);
        CHECK(last_status()->compressor_actual_pct == 45);
    }
}

static void mode_safe_drives_only_the_fan(void)
{
    cooling();
    set_state(LINK, 2, 100, PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_VALVE_B | PX_OUT_FAN, PX_MODE_SAFE);
    fake_run(&F, &M, 100);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == PX_OUT_FAN);
    CHECK(last_status()->outputs == PX_OUT_FAN && last_status()->compressor_actual_pct == 0);
    set_state(LINK, 3, 100, PX_OUT_PUMP, PX_MODE_SAFE);
    fake_run(&F, &M, 10);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == 0);
}

static void stale_cmd_seq_is_ignored_unanswered_and_does_not_refresh(void)
{
    size_t mark;
    cooling();
    set_state(LINK, 5, 70, COOL_OUT, PX_MODE_COOL); /* a lost 2..4 is skipped */
    fake_run(&F, &M, 10);
    CHECK(M.last_applied_seq == 5 && F.pins.compressor_pct == 70);
    mark = F.tx_count;
    set_state(LINK, 5, 10, COOL_OUT, PX_MODE_COOL);
    set_state(LINK, 4, 10, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 10);
    CHECK(F.pins.compressor_pct == 70 && M.last_applied_seq == 5);
    CHECK(fake_count(&F, PX_ERROR, mark) == 0);
    /* Stale frames every 100 ms do not keep the dead-man alive. */
    while (F.millis < 2015) {
        set_state(LINK, 5, 70, COOL_OUT, PX_MODE_COOL);
        fake_run(&F, &M, 100);
    }
    CHECK(F.events[PX_EV_DEADMAN] == 1);
}

/* The dead-man expires max_duration_ms after the last applied SET_STATE,
 * whatever else arrives: requests, HELLO retries, other links, refusals. */
static void deadman_expires_2s_after_the_last_applied_command_only(void)
{
    uint32_t applied_at;
    cooling();
    applied_at = M.last_applied_ms;
    while (F.millis < applied_at + 1990) {
        get_report(LINK, 2);
        clear_latch(LINK, 3, 1, 0);
        hello(LINK, 1, 1);                                  /* a retry */
        set_state(LINK + 1, 99, 60, COOL_OUT, PX_MODE_COOL); /* wrong link */
        set_state(LINK, 99, 101, COOL_OUT, PX_MODE_COOL);    /* out of range */
        fake_run(&F, &M, 10);
    }
    CHECK(F.events[PX_EV_DEADMAN] == 0 && F.pins.compressor_pct == 60);
    fake_run(&F, &M, 30);
    CHECK(F.events[PX_EV_DEADMAN] == 1);
    CHECK_MSG(F.last_event.kind == PX_EV_LATCHED && F.last_event.a == PX_FAULT_HOST_SILENT, "%d", F.last_event.kind);
    CHECK(M.deadman_armed == 0 && M.host_silent_active == 1);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == 0); /* desired SAFE: fan off too */
    fake_run(&F, &M, 100);
    CHECK(last_status()->active == PX_FAULT_HOST_SILENT && last_status()->latched == PX_FAULT_HOST_SILENT);
    CHECK(last_status()->compressor_actual_pct == 0 && last_status()->outputs == 0);
}

static void deadman_expiry_lands_within_one_control_period(void)
{
    uint32_t applied_at, t;
    cooling();
    applied_at = M.last_applied_ms;
    for (t = 0; F.events[PX_EV_DEADMAN] == 0 && t < 3000; t++)
        fake_run(&F, &M, 1);
    CHECK_MSG(F.millis - applied_at >= 2000 && F.millis - applied_at <= 2000 + PX_MCU_CONTROL_PERIOD_MS,
              "expired %u ms after", (unsigned)(F.millis - applied_at));
}

static void deadman_works_across_the_millis_wrap_and_stays_expired(void)
{
    boot_at(0xFFFFF000u, PX_RESET_POWER_ON, 0); /* millis wraps 4 s after boot */
    hello(LINK, 1, 1);
    fake_run(&F, &M, 3000);
    set_state(LINK, 1, 60, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 1990);
    CHECK(F.events[PX_EV_DEADMAN] == 0 && F.pins.compressor_pct == 60);
    fake_run(&F, &M, 20);
    CHECK(F.events[PX_EV_DEADMAN] == 1 && F.pins.compressor_pct == 0);
    /* 2^32 - 1 ms later (a 49.7-day jump of the counter): still expired. */
    F.millis += 0xFFFFFFF0u;
    fake_run(&F, &M, 200);
    CHECK(F.events[PX_EV_DEADMAN] == 1 && M.host_silent_active == 1 && F.pins.compressor_pct == 0);
    CHECK((M.latched & PX_FAULT_HOST_SILENT) != 0u);
}

static void after_host_silent_cool_is_refused_safe_applied_and_clear_starts_nothing(void)
{
    size_t mark;
    const fake_tx *r;
    cooling();
    fake_run(&F, &M, 2100);
    CHECK(M.latched == PX_FAULT_HOST_SILENT);

    mark = F.tx_count;
    set_state(LINK, 2, 60, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 1);
    CHECK(last_error(mark) != NULL && last_error(mark)->code == PX_ERR_LATCHED);
    CHECK(M.last_applied_seq == 1 && F.pins.compressor_pct == 0);

    /* Not clearable while active. */
    clear_latch(LINK, 5, PX_FAULT_HOST_SILENT, 0);
    fake_run(&F, &M, 1);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, mark);
    CHECK(r != NULL && r->msg.u.clear_latch_result.cleared == 0 &&
          r->msg.u.clear_latch_result.still_latched == PX_FAULT_HOST_SILENT);

    /* A SAFE command is applied: host-silent is gone, the fan follows. */
    set_state(LINK, 3, 60, COOL_OUT, PX_MODE_SAFE);
    fake_run(&F, &M, 1);
    CHECK(M.last_applied_seq == 3 && M.host_silent_active == 0 && (M.active & PX_FAULT_HOST_SILENT) == 0);
    CHECK(F.pins.outputs == PX_OUT_FAN && F.pins.compressor_pct == 0);

    clear_latch(LINK, 6, PX_FAULT_HOST_SILENT, 0);
    fake_run(&F, &M, 100);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, mark);
    CHECK(r != NULL && r->msg.u.clear_latch_result.request_id == 6 &&
          r->msg.u.clear_latch_result.cleared == PX_FAULT_HOST_SILENT &&
          r->msg.u.clear_latch_result.still_latched == 0);
    CHECK(M.latched == 0 && last_status()->latched == 0);
    /* Cleared, but nothing runs until a new COOL: the desired state was SAFE. */
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == PX_OUT_FAN);
    set_state(LINK, 4, 55, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 1);
    CHECK(F.pins.compressor_pct == 55 && F.pins.outputs == COOL_OUT);
}

static void latch_clears_to_safe_not_to_the_last_cool_command(void)
{
    /* Latched over-cooling while cooling: after the clear the outputs stay
     * safe although the last applied command was COOL. */
    cooling();
    F.samples.supply_cc = -1200;
    fake_run(&F, &M, 400);
    CHECK(M.latched == PX_FAULT_OVER_COOLING && F.pins.compressor_pct == 0 && F.pins.outputs == 0);
    F.samples.supply_cc = -400;
    fake_run(&F, &M, 400);
    CHECK(M.active == 0);
    clear_latch(LINK, 2, PX_FAULT_OVER_COOLING, 1);
    fake_run(&F, &M, 500);
    CHECK(M.latched == 0 && M.last_applied_seq == 1);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == 0);
    CHECK(last_status()->outputs == 0);
}

static void trip_needs_4_consecutive_samples_and_a_good_one_resets_the_count(void)
{
    int i;
    cooling();
    fake_run(&F, &M, 100 - (F.millis % 100)); /* align to a sample */
    for (i = 0; i < 3; i++) {
        F.samples.supply_cc = -1101;
        fake_run(&F, &M, 100);
    }
    CHECK(M.active == 0 && M.latched == 0);
    F.samples.supply_cc = -1100; /* the boundary is in range */
    fake_run(&F, &M, 100);
    for (i = 0; i < 3; i++) {
        F.samples.supply_cc = -1101;
        fake_run(&F, &M, 100);
    }
    CHECK(M.latched == 0 && F.pins.compressor_pct == 60);
    fake_run(&F, &M, 100);
    CHECK(M.latched == PX_FAULT_OVER_COOLING && M.active == PX_FAULT_OVER_COOLING);
}

/* The STATUS in which a latch first appears shows the compressor stopped. */
static void status_with_a_new_latch_already_shows_the_compressor_stopped(void)
{
    size_t i;
    int seen = 0;
    cooling();
    fake_run(&F, &M, 300);
    F.samples.supply_cc = -1500;
    fake_run(&F, &M, 1000);
    for (i = 0; i < F.tx_count; i++) {
        const px_msg *m = &F.tx[i].msg;
        if (m->type != PX_STATUS)
            continue;
        if (m->u.status.latched != 0 && !seen) {
            seen = 1;
            CHECK(m->u.status.compressor_actual_pct == 0);
            CHECK(m->u.status.outputs == 0);
        }
        if (m->u.status.latched == 0 && m->u.status.last_applied_cmd_seq == 1 && i > 2)
            CHECK(m->u.status.compressor_actual_pct == 60);
    }
    CHECK(seen);
}

static void no_reading_trips_sensor_range_not_over_cooling(void)
{
    cooling();
    F.samples.supply_cc = PX_TEMP_NONE;
    fake_run(&F, &M, 500);
    CHECK(M.latched == PX_FAULT_SUPPLY_SENSOR);
    F.samples.supply_cc = -400;
    F.samples.return_b_cc = 6001;
    fake_run(&F, &M, 500);
    CHECK(M.latched == (PX_FAULT_SUPPLY_SENSOR | PX_FAULT_RETURN_SENSOR));
    CHECK(M.active == PX_FAULT_RETURN_SENSOR);
    F.samples.return_b_cc = 6000;
    fake_run(&F, &M, 500);
    CHECK(M.active == 0);
}

static void drive_faults_reservoir_and_brown_out_latch(void)
{
    cooling();
    F.samples.compressor_drive_fault = 1;
    fake_run(&F, &M, 100);
    CHECK(M.latched == PX_FAULT_COMPRESSOR);
    F.samples.compressor_drive_fault = 0;
    F.samples.pump_drive_fault = 1;
    F.samples.brown_out = 1;
    F.samples.reservoir = PX_RESERVOIR_LOW; /* low is the host's concern */
    fake_run(&F, &M, 100);
    CHECK(M.latched == (PX_FAULT_COMPRESSOR | PX_FAULT_PUMP | PX_FAULT_BROWN_OUT));
    F.samples.reservoir = PX_RESERVOIR_EMPTY;
    fake_run(&F, &M, 300);
    CHECK((M.latched & PX_FAULT_RESERVOIR_EMPTY) == 0);
    fake_run(&F, &M, 100);
    CHECK((M.latched & PX_FAULT_RESERVOIR_EMPTY) != 0);
}

static void clear_latch_rules_by_person_retry_and_stored_result(void)
{
    const fake_tx *r;
    size_t mark;
    cooling();
    F.samples.supply_cc = -1200;
    fake_run(&F, &M, 500);
    F.samples.supply_cc = -400;
    fake_run(&F, &M, 500); /* condition gone */
    CHECK(M.latched == PX_FAULT_OVER_COOLING && M.active == 0);

    /* The host alone cannot clear it. */
    mark = F.tx_count;
    clear_latch(LINK, 10, PX_FAULT_ALL, 0);
    fake_run(&F, &M, 1);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, mark);
    CHECK(r != NULL && r->msg.u.clear_latch_result.cleared == 0 &&
          r->msg.u.clear_latch_result.still_latched == PX_FAULT_OVER_COOLING);

    /* A retry of request 10 gets the stored answer even when sent by a person. */
    clear_latch(LINK, 10, PX_FAULT_ALL, 1);
    fake_run(&F, &M, 1);
    CHECK(M.latched == PX_FAULT_OVER_COOLING);
    CHECK(fake_count(&F, PX_CLEAR_LATCH_RESULT, mark) == 2);

    /* A new request by a person clears it; its retry clears nothing more. */
    clear_latch(LINK, 11, PX_FAULT_OVER_COOLING, 1);
    fake_run(&F, &M, 1);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, mark);
    CHECK(r->msg.u.clear_latch_result.cleared == PX_FAULT_OVER_COOLING && M.latched == 0);
    F.samples.supply_cc = -1200;
    fake_run(&F, &M, 500);
    CHECK(M.latched == PX_FAULT_OVER_COOLING);
    F.samples.supply_cc = -400;
    fake_run(&F, &M, 500);
    clear_latch(LINK, 11, PX_FAULT_OVER_COOLING, 1);
    fake_run(&F, &M, 1);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, mark);
    CHECK(r->msg.u.clear_latch_result.request_id == 11 && r->msg.u.clear_latch_result.cleared == PX_FAULT_OVER_COOLING);
    CHECK((M.latched & PX_FAULT_OVER_COOLING) != 0u); /* (host-silent too by now) */
    CHECK(F.events[PX_EV_CLEARED] == 1);

    /* A new link forgets the stored id: 11 is a new request there. */
    hello(LINK + 1, 2, 1);
    clear_latch(LINK + 1, 11, PX_FAULT_ALL, 1);
    fake_run(&F, &M, 1);
    CHECK(M.latched == 0);
}

static void hello_makes_host_silent_inactive_at_once(void)
{
    const fake_tx *r;
    const fake_tx *a;
    cooling();
    fake_run(&F, &M, 2100);
    CHECK(M.active == PX_FAULT_HOST_SILENT);
    hello(LINK + 5, 2, 1);
    clear_latch(LINK + 5, 3, PX_FAULT_HOST_SILENT, 0);
    fake_run(&F, &M, 1);
    a = fake_last(&F, PX_HELLO_ACK, 0);
    CHECK(a != NULL && a->msg.u.hello_ack.latched == PX_FAULT_HOST_SILENT);
    r = fake_last(&F, PX_CLEAR_LATCH_RESULT, 0);
    CHECK(r != NULL && r->msg.u.clear_latch_result.cleared == PX_FAULT_HOST_SILENT);
    CHECK(M.latched == 0 && M.deadman_armed == 0);
}

static void fault_report_keeps_first_fault_and_trip_count_over_clearing(void)
{
    const fake_tx *r;
    cooling();
    fake_run(&F, &M, 100 - (F.millis % 100));
    F.samples.supply_cc = PX_TEMP_NONE;
    F.samples.return_cc = PX_TEMP_NONE;
    fake_run(&F, &M, 400);
    CHECK(M.latched == (PX_FAULT_SUPPLY_SENSOR | PX_FAULT_RETURN_SENSOR));
    F.samples.compressor_drive_fault = 1;
    fake_run(&F, &M, 100);
    F.samples.supply_cc = -400;
    F.samples.return_cc = 200;
    F.samples.compressor_drive_fault = 0;
    fake_run(&F, &M, 500);
    clear_latch(LINK, 4, PX_FAULT_ALL, 1);
    get_report(LINK, 5);
    fake_run(&F, &M, 1);
    r = fake_last(&F, PX_FAULT_REPORT, 0);
    CHECK(r != NULL);
    if (r == NULL)
        return;
    CHECK(r->msg.u.fault_report.request_id == 5 && r->msg.u.fault_report.latched == 0);
    CHECK(r->msg.u.fault_report.first_fault == (PX_FAULT_SUPPLY_SENSOR | PX_FAULT_RETURN_SENSOR));
    CHECK(r->msg.u.fault_report.trip_count == 3);
    CHECK(r->msg.u.fault_report.first_fault_uptime_ms > 0);
}

static void latches_survive_every_reset_but_power_on(void)
{
    const fake_tx *a;
    cooling();
    F.samples.supply_cc = -1200;
    fake_run(&F, &M, 500);
    CHECK(M.latched == PX_FAULT_OVER_COOLING);

    boot_at(0, PX_RESET_WATCHDOG, 1);
    CHECK(M.latched == PX_FAULT_OVER_COOLING && M.link_id == 0 && M.trip_count == 0);
    CHECK(F.pins.compressor_pct == 0 && F.pins.outputs == 0);
    hello(LINK, 1, 1);
    fake_run(&F, &M, 100);
    a = fake_last(&F, PX_HELLO_ACK, 0);
    CHECK(a != NULL && a->msg.u.hello_ack.reset_reason == PX_RESET_WATCHDOG &&
          a->msg.u.hello_ack.latched == PX_FAULT_OVER_COOLING);
    CHECK(last_status()->link_id == LINK && last_status()->latched == PX_FAULT_OVER_COOLING);

    boot_at(0, PX_RESET_HOST_LINE, 1);
    CHECK(M.latched == PX_FAULT_OVER_COOLING);
    boot_at(0, PX_RESET_SOFTWARE, 1);
    CHECK(M.latched == PX_FAULT_OVER_COOLING);
    boot_at(0, PX_RESET_BROWN_OUT, 1);
    CHECK(M.latched == (PX_FAULT_OVER_COOLING | PX_FAULT_BROWN_OUT));
    CHECK(M.trip_count == 1 && M.first_fault == 0); /* a trip, in an episode already open */
    F.retained.latched = 0;
    F.retained.check = (uint16_t)((uint16_t)~F.retained.latched ^ 0x5AA5u);
    boot_at(0, PX_RESET_BROWN_OUT, 1);
    CHECK(M.latched == PX_FAULT_BROWN_OUT && M.trip_count == 1 && M.first_fault == PX_FAULT_BROWN_OUT);
    CHECK(F.events[PX_EV_LATCHED] == 0 && !M.has_desired);
    boot_at(0, PX_RESET_BROWN_OUT, 1); /* brown-out kept: not a new trip */
    CHECK(M.latched == PX_FAULT_BROWN_OUT && M.trip_count == 0);

    /* A corrupt retained block counts as nothing latched (but brown-out). */
    F.retained.check ^= 1u;
    boot_at(0, PX_RESET_WATCHDOG, 1);
    CHECK(M.latched == 0);
    F.retained.latched = PX_FAULT_OVER_COOLING;
    F.retained.check = (uint16_t)((uint16_t)~F.retained.latched ^ 0x5AA5u);
    boot_at(0, PX_RESET_POWER_ON, 1);
    CHECK(M.latched == 0 && F.retained.latched == 0);
}

static void reset_reason_priority_when_several_flags_are_set(void)
{
    CHECK(px_mcu_reset_reason_from_flags(0) == PX_RESET_POWER_ON);
    CHECK(px_mcu_reset_reason_from_flags((1u << PX_RESET_POWER_ON) | (1u << PX_RESET_BROWN_OUT)) == PX_RESET_POWER_ON);
    CHECK(px_mcu_reset_reason_from_flags((1u << PX_RESET_WATCHDOG) | (1u << PX_RESET_BROWN_OUT)) == PX_RESET_BROWN_OUT);
    CHECK(px_mcu_reset_reason_from_flags((1u << PX_RESET_WATCHDOG) | (1u << PX_RESET_HOST_LINE)) == PX_RESET_WATCHDOG);
    CHECK(px_mcu_reset_reason_from_flags((1u << PX_RESET_SOFTWARE) | (1u << PX_RESET_HOST_LINE)) == PX_RESET_HOST_LINE);
    CHECK(px_mcu_reset_reason_from_flags(1u << PX_RESET_SOFTWARE) == PX_RESET_SOFTWARE);
}

static void garbage_and_bad_frames_are_counted_and_change_nothing(void)
{
    static const uint8_t junk[] = {0x11, 0x22, 0x00, 0x05, 0x01, 0x02, 0x00, 0x00};
    uint8_t wire[PX_MAX_WIRE];
    uint8_t flood[300];
    px_msg m;
    size_t n, mark;
    cooling();
    mark = F.tx_count;
    fake_send_bytes(&F, junk, sizeof junk);
    /* A good SET_STATE with one bit flipped. */
    memset(&m, 0, sizeof m);
    m.type = PX_SET_STATE;
    m.u.set_state.link_id = LINK;
    m.u.set_state.cmd_seq = 2;
    m.u.set_state.compressor_pct = 90;
    m.u.set_state.outputs = COOL_OUT;
    m.u.set_state.mode = PX_MODE_COOL;
    n = px_msg_encode(&m, wire, sizeof wire);
    wire[4] ^= 0x08;
    fake_send_bytes(&F, wire, n);
    /* A looped-back STATUS (our own type on our receive line). */
    m.type = PX_STATUS;
    memset(&m.u, 0, sizeof m.u);
    m.u.status.link_id = LINK;
    fake_send(&F, &m);
    memset(flood, 0x41, sizeof flood); /* too long */
    fake_send_bytes(&F, flood, sizeof flood);
    fake_send_bytes(&F, junk + 2, 1);
    fake_run(&F, &M, 50);
    CHECK(fake_count(&F, PX_STATUS, mark) + fake_count(&F, PX_ERROR, mark) == F.tx_count - mark);
    CHECK(fake_count(&F, PX_ERROR, mark) == 0);
    CHECK(M.last_applied_seq == 1 && F.pins.compressor_pct == 60);
    CHECK(M.rx_rejected[-PX_E_TYPE] == 1 && M.rx_rejected[-PX_E_TOO_LONG] == 1);
    CHECK(M.rx_rejected[-PX_E_CHECK] + M.rx_rejected[-PX_E_COBS] + M.rx_rejected[-PX_E_SHORT] >= 3);
    /* And the next good frame is received. */
    set_state(LINK, 2, 90, COOL_OUT, PX_MODE_COOL);
    fake_run(&F, &M, 10);
    CHECK(F.pins.compressor_pct == 90);
}

static void a_flood_of_bytes_cannot_delay_the_control_step(void)
{
    static uint8_t flood[FAKE_RX_CAP];
    uint32_t applied_at;
    cooling();
    applied_at = F.millis;
    memset(flood, 0x55, sizeof flood);
    while (F.millis < applied_at + 2100) {
        if (F.rx_len == 0)
            fake_send_bytes(&F, flood, sizeof flood);
        F.millis++;
        px_mcu_poll(&M);
    }
    CHECK(F.events[PX_EV_DEADMAN] == 1 && F.pins.compressor_pct == 0);
}

int main(void)
{
    boot_is_safe_sends_0x00_then_status_every_100ms();
    status_period_holds_under_a_late_main_loop();
    status_without_per_channel_returns_reports_no_reading();
    hello_opens_a_link_and_its_retry_changes_nothing();
    hello_of_another_version_is_refused_before_its_range();
    get_versions_needs_no_link_and_changes_nothing();
    refusals_name_the_type_request_and_reason_and_change_nothing();
    cool_is_driven_within_one_control_period_and_shown_as_driven();
    status_reports_the_measured_speed_read_after_the_outputs();
    mode_safe_drives_only_the_fan();
    stale_cmd_seq_is_ignored_unanswered_and_does_not_refresh();
    deadman_expires_2s_after_the_last_applied_command_only();
    deadman_expiry_lands_within_one_control_period();
    deadman_works_across_the_millis_wrap_and_stays_expired();
    after_host_silent_cool_is_refused_safe_applied_and_clear_starts_nothing();
    latch_clears_to_safe_not_to_the_last_cool_command();
    trip_needs_4_consecutive_samples_and_a_good_one_resets_the_count();
    status_with_a_new_latch_already_shows_the_compressor_stopped();
    no_reading_trips_sensor_range_not_over_cooling();
    drive_faults_reservoir_and_brown_out_latch();
    clear_latch_rules_by_person_retry_and_stored_result();
    hello_makes_host_silent_inactive_at_once();
    fault_report_keeps_first_fault_and_trip_count_over_clearing();
    latches_survive_every_reset_but_power_on();
    reset_reason_priority_when_several_flags_are_set();
    garbage_and_bad_frames_are_counted_and_change_nothing();
    a_flood_of_bytes_cannot_delay_the_control_step();
    return check_done("test_mcu");
}
