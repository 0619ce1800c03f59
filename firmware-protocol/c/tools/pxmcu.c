/* pxmcu.c - the reference MCU core (px_mcu.c) on a POSIX host, behind a
 * serial device or pty: `pxmcu --port PATH`. The chiller behind its pins is
 * pxmcu_plant.c. It takes the same options and stdin bench commands as the
 * C# emulator process (`Paxman.Edge.Simulator mcu --port PATH`) and prints
 * the same event lines on stdout, so one rig can drive either. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "px/px_mcu.h"
#include "pxmcu_plant.h"

#define USAGE \
    "usage: pxmcu --port PATH [options]\n" \
    "  --port PATH            serial device (or pty) the MCU core listens on\n" \
    "  --retained FILE        emulate the MCU's retained RAM in FILE: latches survive a restart of this\n" \
    "                         process, which then reports reset reason watchdog (default: none, power-on)\n" \
    "  --reset-reason NAME    power-on|watchdog|host-reset-line|brown-out|software (overrides the default)\n" \
    "  --max-duration MS      dead-man, 500..5000 (default 2000)\n" \
    "  --proto-version N      protocol version the MCU speaks (default 1)\n" \
    "  --ber X                bit error rate injected in both directions, 0..0.1 (default 0)\n" \
    "  --drop X               probability of dropping each byte in both directions, 0..0.1 (default 0)\n" \
    "  --seed N               seed of the injected noise and the plant's sensor noise (default 1)\n" \
    "  --ambient C            room temperature of the simulated plant, 0..45 (default 22)\n" \
    "stdin commands: supply C|auto, ambient C, cap A|B on|off, fault NAME on|off [A|B] with the plant faults\n" \
    "                sensor-open, sensor-short, sensor-stuck, pump-fail, compressor-fail, compressor-stuck,\n" \
    "                flow-block A|B, flow-sensor-stuck A|B, low-coolant, and the bench faults compressor-drive,\n" \
    "                pump-drive, reservoir-empty, link-host-to-mcu-down; ber X, drop X, quit\n" \
    "stdout: one event per line (ready, link, applied, deadman, latched, cleared, refused, ok, stopped)\n"

#define RX_RING 4096u

typedef struct line_noise {
    double ber, drop;
    uint64_t state;
    unsigned long bits_flipped, bytes_dropped;
} line_noise;

typedef struct bench {
    int fd;
    pxmcu_plant plant;
    px_mcu_retained retained;
    const char *retained_file;
    uint8_t ring[RX_RING];
    size_t ring_head, ring_tail;
    line_noise rx_noise, tx_noise;
    int host_to_mcu_down;
    uint32_t last_drive_ms;
    int drive_started;
    px_mcu mcu;
} bench;

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static uint32_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

static double noise_uniform(line_noise *n)
{
    uint64_t x = n->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    n->state = x;
    return (double)((x * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

/* Corrupts bytes in place as a noisy UART; returns how many are left. */
static size_t noise_apply(line_noise *n, uint8_t *p, size_t len)
{
    size_t i, out = 0;
    int bit;
    for (i = 0; i < len; i++) {
        uint8_t b = p[i];
        if (n->drop > 0 && noise_uniform(n) < n->drop) {
            n->bytes_dropped++;
            continue;
        }
        if (n->ber > 0)
            for (bit = 0; bit < 8; bit++)
                if (noise_uniform(n) < n->ber) {
                    b = (uint8_t)(b ^ (1u << bit));
                    n->bits_flipped++;
                }
        p[out++] = b;
    }
    return out;
}

static void say(const char *line)
{
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

static const char *reason_name(uint8_t r)
{
    static const char *names[] = {"PowerOn", "Watchdog", "HostResetLine", "BrownOut", "Software"};
    return r <= PX_RESET_SOFTWARE ? names[r] : "Software";
}

static int parse_reason(const char *s, uint8_t *out)
{
    static const char *names[] = {"power-on", "watchdog", "host-reset-line", "brown-out", "software"};
    uint8_t i;
    for (i = 0; i <= PX_RESET_SOFTWARE; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 1;
        }
    return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi))
        return 0;
    *out = v;
    return 1;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static void write_retained(const bench *b)
{
    FILE *f;
    if (b->retained_file == NULL)
        return;
    f = fopen(b->retained_file, "w");
    if (f == NULL)
        return;
    fprintf(f, "%u", (unsigned)b->retained.latched);
    fclose(f);
}

/* Returns 1 and the latches if FILE holds a decimal u16, else 0. */
static int read_retained(const char *path, uint16_t *latched)
{
    FILE *f;
    char text[32];
    long v;
    size_t n;
    if (path == NULL || (f = fopen(path, "r")) == NULL)
        return 0;
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        text[--n] = '\0';
    if (!parse_long(text, 0, 65535, &v))
        return 0;
    *latched = (uint16_t)v;
    return 1;
}

/* ---- HAL ---- */

static uint32_t hal_millis(void *ctx)
{
    (void)ctx;
    return now_ms();
}

static void hal_drive(void *ctx, const px_mcu_drive *d)
{
    bench *b = ctx;
    uint32_t t = now_ms();
    uint32_t elapsed = b->drive_started ? t - b->last_drive_ms : 0u;
    b->drive_started = 1;
    b->last_drive_ms = t;
    pxmcu_plant_drive(&b->plant, d, elapsed);
}

static uint8_t hal_speed(void *ctx) { return pxmcu_plant_speed(&((bench *)ctx)->plant); }

static void hal_sample(void *ctx, px_mcu_samples *s) { pxmcu_plant_sample(&((bench *)ctx)->plant, s); }

static size_t hal_uart_read(void *ctx, uint8_t *buf, size_t cap)
{
    bench *b = ctx;
    size_t n = 0;
    while (n < cap && b->ring_tail != b->ring_head) {
        buf[n++] = b->ring[b->ring_tail];
        b->ring_tail = (b->ring_tail + 1u) % RX_RING;
    }
    return n;
}

static void hal_uart_write(void *ctx, const uint8_t *frame, size_t len)
{
    bench *b = ctx;
    uint8_t out[PX_MAX_WIRE];
    size_t n, done = 0;
    if (len > sizeof out)
        return;
    memcpy(out, frame, len);
    n = noise_apply(&b->tx_noise, out, len);
    while (done < n) {
        ssize_t w = write(b->fd, out + done, n - done);
        if (w > 0) {
            done += (size_t)w;
        } else if (w < 0 && errno == EAGAIN) {
            struct pollfd p;
            p.fd = b->fd;
            p.events = POLLOUT;
            if (poll(&p, 1, 20) <= 0)
                return; /* nobody reading: the UART sends into the void */
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else {
            return;
        }
    }
}

static void hal_event(void *ctx, const px_mcu_event *e)
{
    bench *b = ctx;
    char line[200];
    switch (e->kind) {
    case PX_EV_LINK:
        snprintf(line, sizeof line, "link uptime_ms=%lu link_id=%lu", (unsigned long)e->uptime_ms, (unsigned long)e->a);
        break;
    case PX_EV_APPLIED:
        snprintf(line, sizeof line, "applied uptime_ms=%lu link_id=%u cmd_seq=%lu compressor_pct=%u outputs=%u mode=%u",
                 (unsigned long)e->uptime_ms, (unsigned)e->set_state.link_id, (unsigned long)e->set_state.cmd_seq,
                 (unsigned)e->set_state.compressor_pct, (unsigned)e->set_state.outputs, (unsigned)e->set_state.mode);
        break;
    case PX_EV_DEADMAN:
        snprintf(line, sizeof line, "deadman uptime_ms=%lu last_applied_ms=%lu silent_ms=%lu", (unsigned long)e->uptime_ms,
                 (unsigned long)(e->uptime_ms - e->a), (unsigned long)e->a);
        break;
    case PX_EV_LATCHED:
        /* Retained RAM first: whoever reads the line may kill this process at once. */
        write_retained(b);
        snprintf(line, sizeof line, "latched uptime_ms=%lu faults=%lu", (unsigned long)e->uptime_ms, (unsigned long)e->a);
        break;
    case PX_EV_CLEARED:
        write_retained(b);
        snprintf(line, sizeof line, "cleared uptime_ms=%lu faults=%lu by_person=%lu", (unsigned long)e->uptime_ms,
                 (unsigned long)e->a, (unsigned long)e->b);
        break;
    case PX_EV_REFUSED:
        snprintf(line, sizeof line, "refused uptime_ms=%lu type=%lu code=%lu", (unsigned long)e->uptime_ms,
                 (unsigned long)e->a, (unsigned long)e->b);
        break;
    default:
        return;
    }
    say(line);
}

/* ---- stdin bench commands (the emulator process's set) ---- */

static int channel_of(const char *s)
{
    if (strcmp(s, "A") == 0 || strcmp(s, "a") == 0)
        return 0;
    if (strcmp(s, "B") == 0 || strcmp(s, "b") == 0)
        return 1;
    return -1;
}

/* Plant faults a channel-less name maps to; probe and board faults are
 * accepted and change nothing here (the board and the probe are the host's). */
static int apply_fault(bench *b, const char *name, int on, const char *ch)
{
    pxmcu_plant *p = &b->plant;
    int c = ch != NULL ? channel_of(ch) : -1;
    if (strcmp(name, "flow-block") == 0 || strcmp(name, "flow-sensor-stuck") == 0) {
        if (c < 0)
            return 0;
        if (name[5] == 'b')
            p->flow_blocked[c] = on;
        else
            p->flow_sensor_stuck[c] = on;
        return 1;
    }
    if (ch != NULL)
        return 0;
    if (strcmp(name, "sensor-open") == 0) p->sensor_open = on;
    else if (strcmp(name, "sensor-short") == 0) p->sensor_short = on;
    else if (strcmp(name, "sensor-stuck") == 0) {
        if (on && !p->sensor_stuck)
            p->stuck_supply_cc = p->last_supply_cc;
        p->sensor_stuck = on;
    }
    else if (strcmp(name, "pump-fail") == 0) p->pump_failed = on;
    else if (strcmp(name, "compressor-fail") == 0) p->compressor_failed = on;
    else if (strcmp(name, "compressor-stuck") == 0) p->compressor_stuck = on;
    else if (strcmp(name, "low-coolant") == 0) pxmcu_plant_set_litres(p, on ? PXMCU_AFTER_LEAK_LITRES : PXMCU_FULL_LITRES);
    else if (strcmp(name, "compressor-drive") == 0) p->compressor_drive_fault = on;
    else if (strcmp(name, "pump-drive") == 0) p->pump_drive_fault = on;
    else if (strcmp(name, "reservoir-empty") == 0) pxmcu_plant_set_litres(p, on ? 0.0 : PXMCU_FULL_LITRES);
    else if (strcmp(name, "link-host-to-mcu-down") == 0) b->host_to_mcu_down = on;
    else if (strcmp(name, "probe-disagree") == 0 || strcmp(name, "probe-stuck") == 0) { /* the host's probe */ }
    else return 0;
    return 1;
}

/* Returns 0 for quit, 1 otherwise. */
static int command(bench *b, char *text)
{
    char *w[6];
    int n = 0, ok = 0;
    char original[256], *save = NULL, *tok;
    double x;
    snprintf(original, sizeof original, "%s", text);
    for (tok = strtok_r(text, " \t\r\n", &save); tok != NULL && n < 6; tok = strtok_r(NULL, " \t\r\n", &save))
        w[n++] = tok;
    if (n == 0)
        return 1;
    if (n == 1 && strcmp(w[0], "quit") == 0)
        return 0;
    if (n == 2 && strcmp(w[0], "supply") == 0 && strcmp(w[1], "auto") == 0) {
        b->plant.forced_supply = 0;
        ok = 1;
    } else if (n == 2 && strcmp(w[0], "supply") == 0 && parse_double(w[1], -300.0, 300.0, &x)) {
        b->plant.forced_supply = 1;
        b->plant.forced_supply_c = x;
        ok = 1;
    } else if (n == 2 && strcmp(w[0], "ambient") == 0 && parse_double(w[1], -100.0, 100.0, &x)) {
        b->plant.ambient_c = x;
        ok = 1;
    } else if (n == 3 && strcmp(w[0], "cap") == 0 && channel_of(w[1]) >= 0 &&
               (strcmp(w[2], "on") == 0 || strcmp(w[2], "off") == 0)) {
        b->plant.cap_connected[channel_of(w[1])] = strcmp(w[2], "on") == 0;
        ok = 1;
    } else if ((n == 3 || n == 4) && strcmp(w[0], "fault") == 0 &&
               (strcmp(w[2], "on") == 0 || strcmp(w[2], "off") == 0)) {
        ok = apply_fault(b, w[1], strcmp(w[2], "on") == 0, n == 4 ? w[3] : NULL);
    } else if (n == 2 && strcmp(w[0], "ber") == 0 && parse_double(w[1], 0.0, 0.1, &x)) {
        b->rx_noise.ber = b->tx_noise.ber = x;
        ok = 1;
    } else if (n == 2 && strcmp(w[0], "drop") == 0 && parse_double(w[1], 0.0, 0.1, &x)) {
        b->rx_noise.drop = b->tx_noise.drop = x;
        ok = 1;
    }
    if (ok) {
        char line[300];
        snprintf(line, sizeof line, "ok %s", original);
        say(line);
    } else {
        char line[300];
        snprintf(line, sizeof line, "unknown command: %s", original);
        say(line);
    }
    return 1;
}

static int open_port(const char *path)
{
    struct termios t;
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return -1;
    if (tcgetattr(fd, &t) == 0) {
        /* raw, 8N1, no flow control, 115200 */
        t.c_iflag &= (tcflag_t) ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY);
        t.c_oflag &= (tcflag_t)~OPOST;
        t.c_lflag &= (tcflag_t) ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag &= (tcflag_t) ~(CSIZE | PARENB | CSTOPB);
        t.c_cflag |= (tcflag_t)(CS8 | CREAD | CLOCAL);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        tcsetattr(fd, TCSANOW, &t);
    }
    return fd;
}

int main(int argc, char **argv)
{
    static bench b;
    const char *port = NULL;
    long v;
    int i, have_reason = 0, stdin_open = 1;
    uint8_t reason = PX_RESET_POWER_ON;
    uint16_t kept = 0;
    double ambient = 22.0, ber = 0.0, drop = 0.0;
    long seed = 1;
    px_mcu_config cfg;
    px_mcu_hal hal;
    char linebuf[256];
    size_t linelen = 0;
    struct sigaction sa;

    memset(&cfg, 0, sizeof cfg);
    cfg.proto_version = PX_PROTO_VERSION;
    cfg.max_duration_ms = PX_MAX_DURATION_DEFAULT_MS;
    cfg.fw_major = 1;
    cfg.capabilities = PX_CAP_FLOW_PER_CHANNEL | PX_CAP_RESERVOIR_LEVEL | PX_CAP_RETURN_PER_CHANNEL;
    memcpy(cfg.serial, "PX-SIM-0001", 11);

    for (i = 1; i < argc; i++) {
        const char *name = argv[i], *val;
        double x;
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "%s needs a value\n%s", name, USAGE);
            return 2;
        }
        val = argv[++i];
        if (strcmp(name, "--port") == 0) port = val;
        else if (strcmp(name, "--retained") == 0) b.retained_file = val;
        else if (strcmp(name, "--reset-reason") == 0 && parse_reason(val, &reason)) have_reason = 1;
        else if (strcmp(name, "--max-duration") == 0 && parse_long(val, 500, 5000, &v)) cfg.max_duration_ms = (uint16_t)v;
        else if (strcmp(name, "--proto-version") == 0 && parse_long(val, 1, 65535, &v)) cfg.proto_version = (uint16_t)v;
        else if (strcmp(name, "--ber") == 0 && parse_double(val, 0.0, 0.1, &x)) ber = x;
        else if (strcmp(name, "--drop") == 0 && parse_double(val, 0.0, 0.1, &x)) drop = x;
        else if (strcmp(name, "--seed") == 0 && parse_long(val, -2147483647L - 1, 2147483647L, &v)) seed = v;
        else if (strcmp(name, "--ambient") == 0 && parse_double(val, 0.0, 45.0, &x)) ambient = x;
        else {
            fprintf(stderr, "%s %s: unknown option or value out of range\n%s", name, val, USAGE);
            return 2;
        }
    }
    if (port == NULL) {
        fprintf(stderr, "--port PATH is required\n%s", USAGE);
        return 2;
    }

    b.fd = open_port(port);
    if (b.fd < 0) {
        fprintf(stderr, "mcu: cannot open %s: %s\n", port, strerror(errno));
        return 2;
    }
    if (read_retained(b.retained_file, &kept)) {
        b.retained.magic = PX_MCU_RETAINED_MAGIC;
        b.retained.latched = kept;
        b.retained.check = (uint16_t)((uint16_t)~kept ^ 0x5AA5u);
        if (!have_reason)
            reason = PX_RESET_WATCHDOG;
    }
    pxmcu_plant_init(&b.plant, ambient, (int)seed);
    b.rx_noise.ber = b.tx_noise.ber = ber;
    b.rx_noise.drop = b.tx_noise.drop = drop;
    b.rx_noise.state = 0x243F6A8885A308D3ull ^ (uint64_t)seed;
    b.tx_noise.state = 0x13198A2E03707344ull ^ (uint64_t)(seed + 1);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    hal.ctx = &b;
    hal.millis = hal_millis;
    hal.drive = hal_drive;
    hal.sample = hal_sample;
    hal.uart_read = hal_uart_read;
    hal.uart_write = hal_uart_write;
    hal.compressor_speed = hal_speed;
    hal.event = hal_event;
    hal.retained = &b.retained;
    px_mcu_init(&b.mcu, &hal, &cfg, reason);
    write_retained(&b);
    {
        char line[200];
        snprintf(line, sizeof line, "ready port=%s reset_reason=%s latched=%u max_duration_ms=%u proto_version=%u", port,
                 reason_name(reason), (unsigned)b.mcu.latched, (unsigned)cfg.max_duration_ms, (unsigned)cfg.proto_version);
        say(line);
    }

    while (!stop_requested) {
        struct pollfd fds[2];
        int nfds = 1;
        fds[0].fd = b.fd;
        fds[0].events = POLLIN;
        fds[1].fd = STDIN_FILENO;
        fds[1].events = POLLIN;
        if (stdin_open)
            nfds = 2;
        if (poll(fds, (nfds_t)nfds, 1) < 0 && errno != EINTR)
            break;
        if (fds[0].revents & POLLIN) {
            uint8_t buf[256];
            ssize_t r = read(b.fd, buf, sizeof buf);
            if (r > 0 && !b.host_to_mcu_down) {
                size_t k, n = noise_apply(&b.rx_noise, buf, (size_t)r);
                for (k = 0; k < n; k++) {
                    size_t next = (b.ring_head + 1u) % RX_RING;
                    if (next == b.ring_tail)
                        break; /* ring full: bytes lost, as a UART overrun */
                    b.ring[b.ring_head] = buf[k];
                    b.ring_head = next;
                }
            }
        }
        if (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP))) {
            char c;
            ssize_t r = read(STDIN_FILENO, &c, 1);
            if (r <= 0) {
                stdin_open = 0;
            } else if (c == '\n') {
                linebuf[linelen] = '\0';
                linelen = 0;
                if (!command(&b, linebuf))
                    stop_requested = 1;
            } else if (linelen + 1 < sizeof linebuf) {
                linebuf[linelen++] = c;
            }
        }
        px_mcu_poll(&b.mcu);
    }

    {
        char line[300];
        unsigned long rejected = 0;
        size_t k;
        for (k = 0; k < sizeof b.mcu.rx_rejected / sizeof b.mcu.rx_rejected[0]; k++)
            rejected += b.mcu.rx_rejected[k];
        snprintf(line, sizeof line,
                 "stopped uptime_ms=%lu frames_good=%lu frames_rejected=%lu bits_flipped=%lu bytes_dropped=%lu",
                 (unsigned long)px_mcu_uptime(&b.mcu), (unsigned long)b.mcu.rx_good, rejected,
                 b.rx_noise.bits_flipped + b.tx_noise.bits_flipped, b.rx_noise.bytes_dropped + b.tx_noise.bytes_dropped);
        say(line);
    }
    close(b.fd);
    return 0;
}
