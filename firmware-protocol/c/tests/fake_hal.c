/* fake_hal.c - see fake_hal.h. */
#include "fake_hal.h"

#include <string.h>

static uint32_t f_millis(void *ctx) { return ((fake_hal *)ctx)->millis; }

static void f_drive(void *ctx, const px_mcu_drive *d)
{
    fake_hal *f = ctx;
    f->pins = *d;
    f->drive_calls++;
}

static uint8_t f_speed(void *ctx)
{
    fake_hal *f = ctx;
    return f->speed_override >= 0 ? (uint8_t)f->speed_override : f->pins.compressor_pct;
}

static void f_sample(void *ctx, px_mcu_samples *s) { *s = ((fake_hal *)ctx)->samples; }

static size_t f_read(void *ctx, uint8_t *buf, size_t cap)
{
    fake_hal *f = ctx;
    size_t n = f->rx_len - f->rx_pos;
    if (n > cap)
        n = cap;
    memcpy(buf, f->rx + f->rx_pos, n);
    f->rx_pos += n;
    if (f->rx_pos == f->rx_len)
        f->rx_pos = f->rx_len = 0;
    return n;
}

static void f_write(void *ctx, const uint8_t *p, size_t n)
{
    fake_hal *f = ctx;
    size_t i;
    if (f->tx_bytes == 0 && n > 0)
        f->first_byte = p[0];
    f->tx_bytes += n;
    for (i = 0; i < n; i++) {
        px_frame fr;
        int rc = px_decoder_feed(&f->host_rx, p[i], &fr);
        if (rc == PX_FEED_FRAME && f->tx_count < FAKE_TX_MAX) {
            fake_tx *t = &f->tx[f->tx_count++];
            t->at_ms = f->millis;
            if (px_msg_unpack(fr.type, fr.payload, fr.len, &t->msg) != PX_OK ||
                px_msg_validate(&t->msg, NULL) != PX_OK)
                f->tx_rejected++;
        } else if (rc < 0) {
            f->tx_rejected++;
        }
    }
}

static void f_event(void *ctx, const px_mcu_event *e)
{
    fake_hal *f = ctx;
    if (e->kind < 8)
        f->events[e->kind]++;
    f->last_event = *e;
}

void fake_init(fake_hal *f, uint32_t millis0)
{
    memset(f, 0, sizeof *f);
    f->millis = millis0;
    f->samples.supply_cc = -400;
    f->samples.return_cc = 200;
    f->samples.return_a_cc = 200;
    f->samples.return_b_cc = 200;
    f->samples.reservoir = PX_RESERVOIR_OK;
    f->speed_override = -1;
    px_decoder_init(&f->host_rx, PX_ACCEPT_TO_HOST);
}

px_mcu_hal fake_hal_of(fake_hal *f, int with_retained)
{
    px_mcu_hal h;
    h.ctx = f;
    h.millis = f_millis;
    h.drive = f_drive;
    h.sample = f_sample;
    h.uart_read = f_read;
    h.uart_write = f_write;
    h.compressor_speed = f_speed;
    h.event = f_event;
    h.retained = with_retained ? &f->retained : NULL;
    return h;
}

px_mcu_config fake_config(void)
{
    px_mcu_config c;
    memset(&c, 0, sizeof c);
    c.proto_version = PX_PROTO_VERSION;
    c.max_duration_ms = 2000;
    c.fw_major = 1;
    c.capabilities = PX_CAP_FLOW_PER_CHANNEL | PX_CAP_RESERVOIR_LEVEL | PX_CAP_RETURN_PER_CHANNEL;
    memcpy(c.serial, "PX-C-0001", 9);
    return c;
}

void fake_send_bytes(fake_hal *f, const uint8_t *p, size_t n)
{
    if (f->rx_len + n <= FAKE_RX_CAP) {
        memcpy(f->rx + f->rx_len, p, n);
        f->rx_len += n;
    }
}

void fake_send(fake_hal *f, const px_msg *m)
{
    uint8_t wire[PX_MAX_WIRE];
    size_t n = px_msg_encode(m, wire, sizeof wire);
    fake_send_bytes(f, wire, n);
}

void fake_run(fake_hal *f, px_mcu *m, uint32_t ms)
{
    uint32_t i;
    px_mcu_poll(m);
    for (i = 0; i < ms; i++) {
        f->millis++;
        px_mcu_poll(m);
    }
}

const fake_tx *fake_last(const fake_hal *f, uint8_t type, size_t from)
{
    size_t i = f->tx_count;
    while (i > from) {
        i--;
        if (f->tx[i].msg.type == type)
            return &f->tx[i];
    }
    return NULL;
}

size_t fake_count(const fake_hal *f, uint8_t type, size_t from)
{
    size_t i, n = 0;
    for (i = from; i < f->tx_count; i++)
        if (f->tx[i].msg.type == type)
            n++;
    return n;
}
