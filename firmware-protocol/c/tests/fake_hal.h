/* fake_hal.h - a HAL for the MCU core's tests: a clock the test moves,
 * sensor samples it sets, the pins as last driven, a receive queue it fills
 * with host frames, and every frame the core sent, decoded. */
#ifndef PX_FAKE_HAL_H
#define PX_FAKE_HAL_H

#include "px/px_mcu.h"

#define FAKE_RX_CAP 4096u
#define FAKE_TX_MAX 2048u

typedef struct fake_tx {
    uint32_t at_ms; /* fake millis() when sent */
    px_msg msg;
} fake_tx;

typedef struct fake_hal {
    uint32_t millis;
    px_mcu_drive pins;
    unsigned drive_calls;
    px_mcu_samples samples;
    int speed_override;  /* -1: the drive's speed follows the pins at once */
    uint8_t rx[FAKE_RX_CAP];
    size_t rx_len, rx_pos;
    fake_tx tx[FAKE_TX_MAX];
    size_t tx_count;
    size_t tx_bytes;
    uint8_t first_byte;  /* the first byte the core ever wrote */
    px_decoder host_rx;  /* decodes what the core sends */
    int tx_rejected;     /* frames the host side could not decode */
    px_mcu_retained retained;
    int events[8];
    px_mcu_event last_event;
} fake_hal;

/* A healthy plant: supply -4.00 C, returns +2.00 C, reservoir ok. */
void fake_init(fake_hal *f, uint32_t millis0);
px_mcu_hal fake_hal_of(fake_hal *f, int with_retained);
px_mcu_config fake_config(void);
/* Queues a host frame for the core to receive. */
void fake_send(fake_hal *f, const px_msg *m);
void fake_send_bytes(fake_hal *f, const uint8_t *p, size_t n);
/* Moves the clock by ms, polling the core every millisecond. */
void fake_run(fake_hal *f, px_mcu *m, uint32_t ms);
/* The last frame of a type sent at or after index from, or NULL. */
const fake_tx *fake_last(const fake_hal *f, uint8_t type, size_t from);
size_t fake_count(const fake_hal *f, uint8_t type, size_t from);

#endif
