/* test_messages.c - the catalogue table, pack/unpack and range checks
 * (protocol.md, "Message catalogue"). */
#include <string.h>

#include "check.h"
#include "px/px_catalogue.h"
#include "px/px_frame.h"
#include "px/px_decoder.h"
#include "px/px_messages.h"
#include "px/px_text.h"
#include "hex.h"

static void catalogue_is_consistent(void)
{
    size_t i, k;
    static const struct { uint8_t type; uint8_t len; } expected[] = {
        { PX_HELLO, 6 }, { PX_SET_STATE, 9 }, { PX_CLEAR_LATCH, 7 },
        { PX_GET_FAULT_REPORT, 4 }, { PX_HELLO_ACK, 28 }, { PX_STATUS, 31 },
        { PX_FAULT_REPORT, 12 }, { PX_CLEAR_LATCH_RESULT, 6 }, { PX_ERROR, 4 },
        { PX_GET_VERSIONS, 2 }, { PX_VERSIONS, 6 }
    };
    CHECK(px_type_count() == sizeof expected / sizeof expected[0]);
    for (i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const px_type_info *t = px_type_lookup(expected[i].type);
        size_t sum = 0;
        CHECK(t != NULL);
        if (t == NULL)
            continue;
        CHECK(t->payload_len == expected[i].len);
        CHECK(t->payload_len <= PX_MAX_PAYLOAD);
        /* bit 7 of the type tells the direction */
        CHECK((t->direction == PX_ACCEPT_TO_HOST) == ((t->type & 0x80) != 0));
        for (k = 0; k < t->field_count; k++)
            sum += px_kind_size(t->fields[k].kind);
        CHECK_MSG(sum == t->payload_len, "%s: fields %u bytes, payload %u", t->name,
                  (unsigned)sum, (unsigned)t->payload_len);
        CHECK(px_type_by_name(t->name, strlen(t->name)) == t);
    }
    CHECK(px_type_lookup(0x00) == NULL && px_type_lookup(0x05) == NULL &&
          px_type_lookup(0x0F) == NULL && px_type_lookup(0x11) == NULL &&
          px_type_lookup(0x80) == NULL && px_type_lookup(0x86) == NULL &&
          px_type_lookup(0x91) == NULL);
    CHECK(px_type_by_name("SET_STAT", 8) == NULL);
}

/* Byte order and field order, written out by hand from protocol.md. */
static void status_layout(void)
{
    px_msg m;
    uint8_t p[PX_MAX_PAYLOAD];
    size_t n = 0;
    static const uint8_t want[31] = {
        0x02, 0x01,             /* status_seq 0x0102 */
        0x04, 0x03, 0x02, 0x01, /* uptime_ms 0x01020304 */
        0x34, 0x12,             /* link_id 0x1234 */
        0x0A, 0x00, 0x00, 0x00, /* last_applied_cmd_seq 10 */
        0x70, 0xFE,             /* supply_cc -400 */
        0x00, 0x80,             /* return_cc -32768 */
        0xFF, 0xFF,             /* return_a_cc -1 */
        0xFF, 0x7F,             /* return_b_cc 32767 */
        0x96, 0x00,             /* flow_a_clpm 150 */
        0x00, 0x01,             /* flow_b_clpm 256 */
        0x01,                   /* reservoir low */
        0x64,                   /* compressor_actual_pct 100 */
        0x1B,                   /* outputs */
        0x02, 0x00,             /* active over-cooling */
        0x03, 0x00              /* latched */
    };
    memset(&m, 0, sizeof m);
    m.type = PX_STATUS;
    m.u.status.status_seq = 0x0102;
    m.u.status.uptime_ms = 0x01020304;
    m.u.status.link_id = 0x1234;
    m.u.status.last_applied_cmd_seq = 10;
    m.u.status.supply_cc = -400;
    m.u.status.return_cc = PX_TEMP_NONE;
    m.u.status.return_a_cc = -1;
    m.u.status.return_b_cc = 32767;
    m.u.status.flow_a_clpm = 150;
    m.u.status.flow_b_clpm = 256;
    m.u.status.reservoir = PX_RESERVOIR_LOW;
    m.u.status.compressor_actual_pct = 100;
    m.u.status.outputs = 0x1B;
    m.u.status.active = PX_FAULT_OVER_COOLING;
    m.u.status.latched = PX_FAULT_OVER_COOLING | PX_FAULT_HOST_SILENT;
    CHECK(px_msg_pack(&m, p, sizeof p, &n) == PX_OK);
    CHECK(n == 31 && memcmp(p, want, 31) == 0);
    {
        px_msg back;
        memset(&back, 0, sizeof back);
        CHECK(px_msg_unpack(PX_STATUS, want, 31, &back) == PX_OK);
        CHECK(back.u.status.supply_cc == -400 && back.u.status.return_cc == -32768 &&
              back.u.status.return_a_cc == -1 && back.u.status.uptime_ms == 0x01020304u);
        CHECK(px_msg_unpack(PX_STATUS, want, 30, &back) == PX_E_LENGTH);
        CHECK(px_msg_unpack(0x42, want, 31, &back) == PX_E_TYPE);
    }
    CHECK(px_msg_pack(&m, p, 30, &n) == PX_E_CAPACITY);
}

/* For every type: random values survive pack -> unpack -> pack. */
static void round_trip_random(void)
{
    unsigned long seed = 4242;
    size_t ti;
    int rep;
    for (ti = 0; ti < px_type_count(); ti++) {
        const px_type_info *t = px_type_at(ti);
        for (rep = 0; rep < 1000; rep++) {
            uint8_t p[PX_MAX_PAYLOAD], q[PX_MAX_PAYLOAD];
            size_t n = 0, n2 = 0, i;
            px_msg m;
            for (i = 0; i < t->payload_len; i++)
                p[i] = (uint8_t)check_rand(&seed);
            memset(&m, 0, sizeof m);
            CHECK(px_msg_unpack(t->type, p, t->payload_len, &m) == PX_OK);
            CHECK(px_msg_pack(&m, q, sizeof q, &n2) == PX_OK);
            n = t->payload_len;
            CHECK(n2 == n && memcmp(p, q, n) == 0);
        }
    }
}

static int bad_field(const px_msg *m, const char *want)
{
    const char *bad = NULL;
    return px_msg_validate(m, &bad) == PX_E_RANGE && bad != NULL && strcmp(bad, want) == 0;
}

static void validation(void)
{
    px_msg m;
    const char *bad = NULL;

    memset(&m, 0, sizeof m);
    m.type = PX_SET_STATE;
    m.u.set_state.link_id = 1;
    m.u.set_state.cmd_seq = 1;
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.set_state.compressor_pct = 100;
    m.u.set_state.outputs = 0x0F;
    m.u.set_state.mode = 1;
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.set_state.compressor_pct = 101;
    CHECK(bad_field(&m, "compressor_pct"));
    m.u.set_state.compressor_pct = 0;
    m.u.set_state.outputs = 0x10;
    CHECK(bad_field(&m, "outputs"));
    m.u.set_state.outputs = 0x80;
    CHECK(bad_field(&m, "outputs"));
    m.u.set_state.outputs = 0;
    m.u.set_state.mode = 2;
    CHECK(bad_field(&m, "mode"));
    m.u.set_state.mode = 0;
    m.u.set_state.cmd_seq = 0;
    CHECK(bad_field(&m, "cmd_seq"));
    m.u.set_state.cmd_seq = 1;
    m.u.set_state.link_id = 0;
    CHECK(bad_field(&m, "link_id"));

    memset(&m, 0, sizeof m);
    m.type = PX_HELLO;
    m.u.hello.host_proto_version = 99; /* unsupported, but not out of range */
    m.u.hello.link_id = 1;
    m.u.hello.request_id = 1;
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.hello.request_id = 0;
    CHECK(bad_field(&m, "request_id"));

    memset(&m, 0, sizeof m);
    m.type = PX_CLEAR_LATCH;
    m.u.clear_latch.link_id = 1;
    m.u.clear_latch.request_id = 1;
    m.u.clear_latch.fault_mask = PX_FAULT_ALL;
    m.u.clear_latch.by_person = 1;
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.clear_latch.fault_mask = 0x0100;
    CHECK(bad_field(&m, "fault_mask"));
    m.u.clear_latch.fault_mask = 0;
    m.u.clear_latch.by_person = 2;
    CHECK(bad_field(&m, "by_person"));

    memset(&m, 0, sizeof m);
    m.type = PX_HELLO_ACK;
    m.u.hello_ack.link_id = 1;
    m.u.hello_ack.request_id = 1;
    m.u.hello_ack.max_duration_ms = 500;
    memcpy(m.u.hello_ack.serial, "PX-SIM-0001", 11);
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.hello_ack.max_duration_ms = 5001;
    CHECK(bad_field(&m, "max_duration_ms"));
    m.u.hello_ack.max_duration_ms = 5000;
    m.u.hello_ack.reset_reason = 5;
    CHECK(bad_field(&m, "reset_reason"));
    m.u.hello_ack.reset_reason = 4;
    m.u.hello_ack.capabilities = 0x0008;
    CHECK(bad_field(&m, "capabilities"));
    m.u.hello_ack.capabilities = 0x0007;
    m.u.hello_ack.serial[11] = 'X'; /* 12 printable characters: fine */
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.hello_ack.serial[10] = 0; /* text after the NUL padding */
    CHECK(bad_field(&m, "serial"));
    memcpy(m.u.hello_ack.serial, "ABCDEFGHIJKL", 12); /* all 12 used: fine */
    CHECK(px_msg_validate(&m, &bad) == PX_OK);
    m.u.hello_ack.serial[3] = ' ';
    CHECK(bad_field(&m, "serial"));

    memset(&m, 0, sizeof m);
    m.type = PX_STATUS;
    m.u.status.supply_cc = PX_TEMP_NONE;
    CHECK(px_msg_validate(&m, &bad) == PX_OK); /* link_id 0: no link yet */
    m.u.status.outputs = 0x20;
    CHECK(bad_field(&m, "outputs"));
    m.u.status.outputs = 0;
    m.u.status.compressor_actual_pct = 101;
    CHECK(bad_field(&m, "compressor_actual_pct"));

    memset(&m, 0, sizeof m);
    m.type = PX_ERROR;
    m.u.error.request_type = PX_SET_STATE;
    m.u.error.code = PX_ERR_LATCHED;
    CHECK(px_msg_validate(&m, &bad) == PX_OK); /* request_id 0: SET_STATE has none */
    m.u.error.code = 6;
    CHECK(bad_field(&m, "code"));
    m.u.error.code = 1;
    m.u.error.request_type = PX_STATUS;
    CHECK(bad_field(&m, "request_type"));

    m.type = 0x42;
    CHECK(px_msg_validate(&m, &bad) == PX_E_TYPE);
}

/* Document 1.1's GET_VERSIONS / VERSIONS, byte for byte as protocol.md's
 * 1.1 vectors give them (computed independently with zlib's crc32). */
static void versions_pair(void)
{
    static const struct { const char *hex, *text; } golden[] = {
        { "03100105234b7cfa00", "GET_VERSIONS request_id=1" },
        { "02100105627a67e300", "GET_VERSIONS request_id=0" },
        { "0810ffff9d68415d00", "GET_VERSIONS request_id=65535" },
        { "0390010201020105c32c5f1800", "VERSIONS request_id=1 min_proto_version=1 max_proto_version=1" },
        { "05900201010203055f159d9100", "VERSIONS request_id=258 min_proto_version=1 max_proto_version=3" },
        { "0c90ffffffffffffe1e5bf8200", "VERSIONS request_id=65535 min_proto_version=65535 max_proto_version=65535" }
    };
    size_t i, k;
    px_msg m;
    const char *bad = NULL;
    for (i = 0; i < sizeof golden / sizeof golden[0]; i++) {
        uint8_t want[64], wire[PX_MAX_WIRE];
        char err[96], text[256];
        long n = px_hex_parse(golden[i].hex, strlen(golden[i].hex), want, sizeof want);
        size_t wn;
        px_decoder d;
        px_frame f;
        int frames = 0;
        memset(&m, 0, sizeof m);
        CHECK_MSG(px_text_parse(golden[i].text, &m, err, sizeof err) == PX_OK, "%s", err);
        CHECK(px_msg_validate(&m, NULL) == PX_OK);
        wn = px_msg_encode(&m, wire, sizeof wire);
        CHECK_MSG(n > 0 && wn == (size_t)n && memcmp(wire, want, wn) == 0, "%s", golden[i].text);
        /* and back, by the receiver of its direction only */
        px_decoder_init(&d, (m.type & 0x80u) ? PX_ACCEPT_TO_HOST : PX_ACCEPT_TO_MCU);
        for (k = 0; k < wn; k++)
            if (px_decoder_feed(&d, wire[k], &f) == PX_FEED_FRAME)
                frames++;
        CHECK(frames == 1);
        px_decoder_init(&d, (m.type & 0x80u) ? PX_ACCEPT_TO_MCU : PX_ACCEPT_TO_HOST);
        for (k = 0; k < wn; k++)
            CHECK(px_decoder_feed(&d, wire[k], &f) != PX_FEED_FRAME);
        CHECK(px_text_format(&m, text, sizeof text) == PX_OK && strcmp(text, golden[i].text) == 0);
    }
    /* max below min is out of range; 0 is not a version */
    memset(&m, 0, sizeof m);
    m.type = PX_VERSIONS;
    m.u.versions.request_id = 1;
    m.u.versions.min_proto_version = 2;
    m.u.versions.max_proto_version = 1;
    CHECK(px_msg_validate(&m, &bad) == PX_E_RANGE && bad != NULL && strcmp(bad, "max_proto_version") == 0);
    m.u.versions.min_proto_version = 0;
    CHECK(px_msg_validate(&m, &bad) == PX_E_RANGE && strcmp(bad, "min_proto_version") == 0);
}

int main(void)
{
    catalogue_is_consistent();
    status_layout();
    round_trip_random();
    validation();
    versions_pair();
    return check_done("test_messages");
}
