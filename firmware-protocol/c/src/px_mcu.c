/*
 * px_mcu.c - the reference MCU core (px_mcu.h). Section names in the
 * comments are those of protocol.md and safety.md.
 */
#include "px/px_mcu.h"

#include <string.h>

#define TRIP_OVER_COOLING_CC (-1100)
#define RANGE_LOW_CC (-3000)
#define RANGE_HIGH_CC 6000

static uint16_t retained_check(uint16_t latched)
{
    return (uint16_t)((uint16_t)~latched ^ 0x5AA5u);
}

static void store_retained(px_mcu *m)
{
    px_mcu_retained *r = m->hal.retained;
    if (r == NULL)
        return;
    r->magic = PX_MCU_RETAINED_MAGIC;
    r->latched = m->latched;
    r->check = retained_check(m->latched);
}

static void emit(px_mcu *m, uint8_t kind, uint32_t a, uint32_t b,
                 const px_set_state *cmd)
{
    px_mcu_event e;
    if (m->hal.event == NULL)
        return;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.uptime_ms = m->now;
    e.a = a;
    e.b = b;
    if (cmd != NULL)
        e.set_state = *cmd;
    m->hal.event(m->hal.ctx, &e);
}

static void send(px_mcu *m, const px_msg *msg)
{
    uint8_t wire[PX_MAX_WIRE];
    size_t n = px_msg_encode(msg, wire, sizeof wire);
    if (n > 0)
        m->hal.uart_write(m->hal.ctx, wire, n);
}

static void refuse(px_mcu *m, uint8_t type, uint16_t request_id, uint8_t code)
{
    px_msg e;
    memset(&e, 0, sizeof e);
    e.type = PX_ERROR;
    e.u.error.request_type = type;
    e.u.error.request_id = request_id;
    e.u.error.code = code;
    emit(m, PX_EV_REFUSED, type, code, NULL);
    send(m, &e);
}

static unsigned popcount16(uint16_t v)
{
    unsigned n = 0;
    while (v != 0u) {
        v = (uint16_t)(v & (v - 1u));
        n++;
    }
    return n;
}

/* "First fault and trip count"; a latch drops the desired state to SAFE. */
static void latch(px_mcu *m, uint16_t bits)
{
    uint32_t trips;
    if (m->latched == 0u) {
        m->first_fault = bits;
        m->first_fault_ms = m->now;
    }
    trips = (uint32_t)m->trip_count + popcount16(bits);
    m->trip_count = (uint16_t)(trips > 0xFFFFu ? 0xFFFFu : trips);
    m->latched = (uint16_t)(m->latched | bits);
    m->has_desired = 0;
    store_retained(m);
    emit(m, PX_EV_LATCHED, bits, 0, NULL);
}

/* "The safe state": what the pins carry now. */
static px_mcu_drive compute_drive(const px_mcu *m)
{
    px_mcu_drive d;
    d.compressor_pct = 0;
    d.outputs = 0;
    if (!m->has_desired)
        return d;
    d.outputs = (uint8_t)(m->desired.outputs & PX_OUT_FAN);
    if (m->link_id == 0u || m->desired.mode != PX_MODE_COOL ||
        m->latched != 0u || !m->deadman_armed)
        return d;
    d.compressor_pct = m->desired.compressor_pct;
    d.outputs = (uint8_t)(m->desired.outputs &
                          (PX_OUT_PUMP | PX_OUT_VALVE_A | PX_OUT_VALVE_B | PX_OUT_FAN));
    return d;
}

static void apply_drive(px_mcu *m)
{
    m->drive = compute_drive(m);
    m->hal.drive(m->hal.ctx, &m->drive);
}

/* "Debounce": one counter per condition. A sample that agrees with the
 * debounced state resets the count; PX_MCU_DEBOUNCE_SAMPLES in a row that
 * disagree change it. */
static uint8_t debounce(px_mcu_debounce *d, int bad)
{
    uint8_t b = (uint8_t)(bad != 0);
    if (b == d->active) {
        d->run = 0;
        return d->active;
    }
    if (++d->run >= PX_MCU_DEBOUNCE_SAMPLES) {
        d->active = b;
        d->run = 0;
    }
    return d->active;
}

static int out_of_range(int16_t cc)
{
    return cc == PX_TEMP_NONE || cc < RANGE_LOW_CC || cc > RANGE_HIGH_CC;
}

/* "Temperature trips" and "Other faults". */
static void update_conditions(px_mcu *m)
{
    const px_mcu_samples *r = &m->readings;
    uint16_t active = 0;
    int known = r->supply_cc != PX_TEMP_NONE;
    int return_bad = out_of_range(r->return_cc);
    if ((m->cfg.capabilities & PX_CAP_RETURN_PER_CHANNEL) != 0u)
        return_bad = return_bad || out_of_range(r->return_a_cc) ||
                     out_of_range(r->return_b_cc);

    if (debounce(&m->over_cooling, known && r->supply_cc < TRIP_OVER_COOLING_CC))
        active |= PX_FAULT_OVER_COOLING;
    if (debounce(&m->supply_range, out_of_range(r->supply_cc)))
        active |= PX_FAULT_SUPPLY_SENSOR;
    if (debounce(&m->return_range, return_bad))
        active |= PX_FAULT_RETURN_SENSOR;
    if (debounce(&m->reservoir_empty,
                 (m->cfg.capabilities & PX_CAP_RESERVOIR_LEVEL) != 0u &&
                     r->reservoir == PX_RESERVOIR_EMPTY))
        active |= PX_FAULT_RESERVOIR_EMPTY;
    if (r->compressor_drive_fault)
        active |= PX_FAULT_COMPRESSOR;
    if (r->pump_drive_fault)
        active |= PX_FAULT_PUMP;
    if (r->brown_out)
        active |= PX_FAULT_BROWN_OUT;
    if (m->host_silent_active)
        active |= PX_FAULT_HOST_SILENT;
    m->active = active;
}

/* One control period, in safety.md's order: sample, debounce, dead-man,
 * latch, outputs. */
static void control_step(px_mcu *m, uint32_t now, int sample)
{
    uint16_t fresh;
    if (sample) {
        m->hal.sample(m->hal.ctx, &m->readings);
        update_conditions(m);
    }
    /* Unsigned subtraction: the 32-bit wrap does not matter. Once expired the
     * dead-man is disarmed, so it cannot expire again or "un-expire". */
    if (m->deadman_armed && now - m->last_applied_ms >= m->cfg.max_duration_ms) {
        m->deadman_armed = 0;
        m->host_silent_active = 1;
        m->active |= PX_FAULT_HOST_SILENT;
        emit(m, PX_EV_DEADMAN, now - m->last_applied_ms, 0, NULL);
    }
    fresh = (uint16_t)(m->active & (uint16_t)~m->latched);
    if (fresh != 0u)
        latch(m, fresh);
    apply_drive(m);
}

static void send_status(px_mcu *m, uint32_t now)
{
    px_msg s;
    const px_mcu_samples *r = &m->readings;
    int per_channel = (m->cfg.capabilities & PX_CAP_RETURN_PER_CHANNEL) != 0u;
    uint8_t speed;
    memset(&s, 0, sizeof s);
    s.type = PX_STATUS;
    s.u.status.status_seq = m->status_seq++;
    s.u.status.uptime_ms = now;
    s.u.status.link_id = m->link_id;
    s.u.status.last_applied_cmd_seq = m->last_applied_seq;
    s.u.status.supply_cc = r->supply_cc;
    s.u.status.return_cc = r->return_cc;
    s.u.status.return_a_cc = per_channel ? r->return_a_cc : (int16_t)PX_TEMP_NONE;
    s.u.status.return_b_cc = per_channel ? r->return_b_cc : (int16_t)PX_TEMP_NONE;
    s.u.status.flow_a_clpm = r->flow_a_clpm;
    s.u.status.flow_b_clpm = r->flow_b_clpm;
    s.u.status.reservoir = r->reservoir <= PX_RESERVOIR_EMPTY ? r->reservoir : PX_RESERVOIR_EMPTY;
    /* After this period's outputs: bits 0..3 as driven, the measured speed. */
    speed = m->hal.compressor_speed != NULL ? m->hal.compressor_speed(m->hal.ctx) : m->drive.compressor_pct;
    if (speed > 100u)
        speed = 100u;
    s.u.status.compressor_actual_pct = speed;
    s.u.status.outputs = (uint8_t)(m->drive.outputs | (speed > 0u ? PX_OUT_COMPRESSOR_RUNNING : 0u));
    s.u.status.active = m->active;
    s.u.status.latched = m->latched;
    send(m, &s);
}

/* "How the MCU checks a command", rules 3 and 4. */
static int check_link(px_mcu *m, uint8_t type, uint16_t link_id, uint16_t request_id)
{
    if (m->link_id == 0u) {
        refuse(m, type, request_id, PX_ERR_NO_LINK);
        return 0;
    }
    if (link_id != m->link_id) {
        refuse(m, type, request_id, PX_ERR_WRONG_LINK);
        return 0;
    }
    return 1;
}

static void handle_hello(px_mcu *m, const px_hello *h)
{
    px_msg a;
    if (!(h->link_id == m->link_id && h->request_id == m->hello_request_id)) {
        /* A new link: forget the previous commands, hold safe, disarm. */
        m->link_id = h->link_id;
        m->hello_request_id = h->request_id;
        m->last_applied_seq = 0;
        m->has_desired = 0;
        m->deadman_armed = 0;
        m->host_silent_active = 0;
        m->active = (uint16_t)(m->active & (uint16_t)~PX_FAULT_HOST_SILENT);
        m->clear_request_id = 0;
        apply_drive(m);
        emit(m, PX_EV_LINK, m->link_id, 0, NULL);
    }
    memset(&a, 0, sizeof a);
    a.type = PX_HELLO_ACK;
    a.u.hello_ack.mcu_proto_version = m->cfg.proto_version;
    a.u.hello_ack.link_id = h->link_id;
    a.u.hello_ack.request_id = h->request_id;
    a.u.hello_ack.fw_major = m->cfg.fw_major;
    a.u.hello_ack.fw_minor = m->cfg.fw_minor;
    a.u.hello_ack.fw_patch = m->cfg.fw_patch;
    a.u.hello_ack.capabilities = m->cfg.capabilities;
    memcpy(a.u.hello_ack.serial, m->cfg.serial, PX_SERIAL_LEN);
    a.u.hello_ack.reset_reason = m->reset_reason;
    a.u.hello_ack.max_duration_ms = m->cfg.max_duration_ms;
    a.u.hello_ack.latched = m->latched;
    send(m, &a);
}

static void handle_set_state(px_mcu *m, const px_set_state *c)
{
    if (!check_link(m, PX_SET_STATE, c->link_id, 0))
        return;
    if (c->cmd_seq <= m->last_applied_seq)
        return; /* a duplicate or older: ignored, unanswered, no refresh */
    if (c->mode == PX_MODE_COOL && m->latched != 0u) {
        refuse(m, PX_SET_STATE, 0, PX_ERR_LATCHED);
        return;
    }
    m->last_applied_seq = c->cmd_seq;
    m->desired = *c;
    m->has_desired = 1;
    m->deadman_armed = 1;
    m->last_applied_ms = m->now;
    m->host_silent_active = 0;
    m->active = (uint16_t)(m->active & (uint16_t)~PX_FAULT_HOST_SILENT);
    apply_drive(m);
    emit(m, PX_EV_APPLIED, 0, 0, c);
}

static void handle_clear_latch(px_mcu *m, const px_clear_latch *c)
{
    px_msg a;
    if (!check_link(m, PX_CLEAR_LATCH, c->link_id, c->request_id))
        return;
    if (c->request_id != m->clear_request_id) {
        uint16_t clearable = (uint16_t)(c->fault_mask & m->latched & (uint16_t)~m->active);
        if (!c->by_person)
            clearable &= PX_FAULT_HOST_SILENT;
        m->latched = (uint16_t)(m->latched & (uint16_t)~clearable);
        m->clear_request_id = c->request_id;
        m->clear_result.request_id = c->request_id;
        m->clear_result.cleared = clearable;
        m->clear_result.still_latched = m->latched;
        if (clearable != 0u) {
            store_retained(m);
            emit(m, PX_EV_CLEARED, clearable, c->by_person, NULL);
        }
    }
    /* else a retry whose first try arrived: the stored answer again. */
    memset(&a, 0, sizeof a);
    a.type = PX_CLEAR_LATCH_RESULT;
    a.u.clear_latch_result = m->clear_result;
    send(m, &a);
}

static void handle_get_fault_report(px_mcu *m, const px_get_fault_report *g)
{
    px_msg a;
    if (!check_link(m, PX_GET_FAULT_REPORT, g->link_id, g->request_id))
        return;
    memset(&a, 0, sizeof a);
    a.type = PX_FAULT_REPORT;
    a.u.fault_report.request_id = g->request_id;
    a.u.fault_report.latched = m->latched;
    a.u.fault_report.first_fault = m->first_fault;
    a.u.fault_report.first_fault_uptime_ms = m->first_fault_ms;
    a.u.fault_report.trip_count = m->trip_count;
    send(m, &a);
}

/* Document 1.1: answered with or without a link, any request_id. */
static void handle_get_versions(px_mcu *m, const px_get_versions *g)
{
    px_msg a;
    memset(&a, 0, sizeof a);
    a.type = PX_VERSIONS;
    a.u.versions.request_id = g->request_id;
    a.u.versions.min_proto_version = m->cfg.proto_version;
    a.u.versions.max_proto_version = m->cfg.proto_version;
    send(m, &a);
}

static uint16_t request_id_of(const px_msg *msg)
{
    switch (msg->type) {
    case PX_HELLO: return msg->u.hello.request_id;
    case PX_CLEAR_LATCH: return msg->u.clear_latch.request_id;
    case PX_GET_FAULT_REPORT: return msg->u.get_fault_report.request_id;
    default: return 0; /* SET_STATE has none */
    }
}

static void handle_frame(px_mcu *m, const px_frame *f)
{
    px_msg msg;
    if (px_msg_unpack(f->type, f->payload, f->len, &msg) != PX_OK)
        return; /* cannot happen after px_decoder_feed() */
    /* Rule 1: HELLO's version before anything else (its layout is frozen). */
    if (msg.type == PX_HELLO && msg.u.hello.host_proto_version != m->cfg.proto_version) {
        refuse(m, PX_HELLO, msg.u.hello.request_id, PX_ERR_UNSUPPORTED_VERSION);
        return;
    }
    /* Rule 2. */
    if (px_msg_validate(&msg, NULL) != PX_OK) {
        refuse(m, msg.type, request_id_of(&msg), PX_ERR_OUT_OF_RANGE);
        return;
    }
    switch (msg.type) {
    case PX_HELLO: handle_hello(m, &msg.u.hello); break;
    case PX_SET_STATE: handle_set_state(m, &msg.u.set_state); break;
    case PX_CLEAR_LATCH: handle_clear_latch(m, &msg.u.clear_latch); break;
    case PX_GET_FAULT_REPORT: handle_get_fault_report(m, &msg.u.get_fault_report); break;
    case PX_GET_VERSIONS: handle_get_versions(m, &msg.u.get_versions); break;
    default: break; /* the decoder accepts host->MCU types only */
    }
}

uint8_t px_mcu_reset_reason_from_flags(uint8_t flags)
{
    static const uint8_t order[] = {PX_RESET_POWER_ON, PX_RESET_BROWN_OUT, PX_RESET_WATCHDOG,
                                    PX_RESET_HOST_LINE, PX_RESET_SOFTWARE};
    size_t i;
    for (i = 0; i < sizeof order; i++)
        if ((flags & (1u << order[i])) != 0u)
            return order[i];
    return PX_RESET_POWER_ON;
}

uint32_t px_mcu_uptime(const px_mcu *m)
{
    return m->hal.millis(m->hal.ctx) - m->boot_ms;
}

void px_mcu_init(px_mcu *m, const px_mcu_hal *hal, const px_mcu_config *cfg,
                 uint8_t reset_reason)
{
    static const uint8_t flush = 0x00;
    const px_mcu_retained *r = hal->retained;
    memset(m, 0, sizeof *m);
    m->hal = *hal;
    m->cfg = *cfg;
    if (m->cfg.proto_version == 0u)
        m->cfg.proto_version = PX_PROTO_VERSION;
    if (m->cfg.max_duration_ms < PX_MAX_DURATION_MIN_MS)
        m->cfg.max_duration_ms = PX_MAX_DURATION_MIN_MS;
    if (m->cfg.max_duration_ms > PX_MAX_DURATION_MAX_MS)
        m->cfg.max_duration_ms = PX_MAX_DURATION_MAX_MS;
    m->reset_reason = reset_reason <= PX_RESET_SOFTWARE ? reset_reason : PX_RESET_SOFTWARE;
    px_decoder_init(&m->rx, PX_ACCEPT_TO_MCU);
    m->boot_ms = hal->millis(hal->ctx);
    apply_drive(m); /* safe from the first instruction (and the pull-downs) */

    /* "After a reset": latches survive every reset but power-on. */
    if (m->reset_reason != PX_RESET_POWER_ON && r != NULL && r->magic == PX_MCU_RETAINED_MAGIC &&
        r->check == retained_check(r->latched))
        m->latched = (uint16_t)(r->latched & PX_FAULT_ALL);
    /* Kept latches are not new trips. The power-on self check latches a
     * brown-out reset as a trip of its own (first_fault if nothing else is
     * latched, trip_count 1); no event is logged before the port is ready. */
    if (m->reset_reason == PX_RESET_BROWN_OUT && (m->latched & PX_FAULT_BROWN_OUT) == 0u) {
        void (*event)(void *, const px_mcu_event *) = m->hal.event;
        m->hal.event = NULL;
        latch(m, PX_FAULT_BROWN_OUT);
        m->hal.event = event;
    }
    store_retained(m);
    m->hal.uart_write(m->hal.ctx, &flush, 1);
}

void px_mcu_poll(px_mcu *m)
{
    uint8_t buf[PX_MCU_RX_CHUNK];
    size_t n = m->hal.uart_read(m->hal.ctx, buf, sizeof buf);
    size_t i;
    uint32_t now;
    if (n > sizeof buf)
        n = sizeof buf;
    m->now = now = px_mcu_uptime(m); /* one time for everything this poll does */
    for (i = 0; i < n; i++) {
        px_frame f;
        int rc = px_decoder_feed(&m->rx, buf[i], &f);
        if (rc == PX_FEED_FRAME) {
            m->rx_good++;
            handle_frame(m, &f);
        } else if (rc < 0 && -rc < (int)(sizeof m->rx_rejected / sizeof m->rx_rejected[0])) {
            m->rx_rejected[-rc]++;
        }
    }

    if ((int32_t)(now - m->next_control_ms) >= 0) {
        int status_due = (int32_t)(now - m->next_status_ms) >= 0;
        control_step(m, now, status_due);
        m->next_control_ms += PX_MCU_CONTROL_PERIOD_MS;
        if ((int32_t)(now - m->next_control_ms) >= 0)
            m->next_control_ms = now + PX_MCU_CONTROL_PERIOD_MS; /* late: skip, never burst */
        if (status_due) {
            send_status(m, now);
            m->next_status_ms += PX_MCU_STATUS_PERIOD_MS;
            if ((int32_t)(now - m->next_status_ms) >= 0)
                m->next_status_ms = now + PX_MCU_STATUS_PERIOD_MS;
        }
    }
}
