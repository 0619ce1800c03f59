/* test_text.c - the canonical text form (test-vectors/README.md). */
#include <string.h>

#include "check.h"
#include "px/px_text.h"

static int parse_fails_with(const char *line, const char *want)
{
    px_msg m;
    char err[96];
    memset(&m, 0, sizeof m);
    if (px_text_parse(line, &m, err, sizeof err) == PX_OK)
        return 0;
    if (strcmp(err, want) != 0) {
        fprintf(stderr, "    \"%s\": got \"%s\", want \"%s\"\n", line, err, want);
        return 0;
    }
    return 1;
}

int main(void)
{
    px_msg m;
    char err[96];
    char out[PX_TEXT_MAX];
    const char *canonical =
        "HELLO_ACK mcu_proto_version=1 link_id=4660 request_id=1 fw_major=1 "
        "fw_minor=2 fw_patch=3 capabilities=7 serial=PX-SIM-0001 reset_reason=0 "
        "max_duration_ms=2000 latched=0";
    const char *negative =
        "STATUS status_seq=0 uptime_ms=4294967295 link_id=0 last_applied_cmd_seq=0 "
        "supply_cc=-32768 return_cc=32767 return_a_cc=-1 return_b_cc=0 "
        "flow_a_clpm=0 flow_b_clpm=65535 reservoir=2 compressor_actual_pct=0 "
        "outputs=0 active=0 latched=0";

    memset(&m, 0, sizeof m);
    CHECK(px_text_parse(canonical, &m, err, sizeof err) == PX_OK);
    CHECK(m.type == PX_HELLO_ACK && m.u.hello_ack.link_id == 4660);
    CHECK(memcmp(m.u.hello_ack.serial, "PX-SIM-0001\0", 12) == 0);
    CHECK(px_text_format(&m, out, sizeof out) == PX_OK && strcmp(out, canonical) == 0);

    memset(&m, 0, sizeof m);
    CHECK(px_text_parse(negative, &m, err, sizeof err) == PX_OK);
    CHECK(m.u.status.supply_cc == -32768 && m.u.status.return_a_cc == -1);
    CHECK(px_text_format(&m, out, sizeof out) == PX_OK && strcmp(out, negative) == 0);

    /* Any field order and extra blanks are accepted; output is canonical. */
    memset(&m, 0, sizeof m);
    CHECK(px_text_parse("  SET_STATE\tmode=1 outputs=11  compressor_pct=65 cmd_seq=9 link_id=4660 ",
                        &m, err, sizeof err) == PX_OK);
    CHECK(px_text_format(&m, out, sizeof out) == PX_OK);
    CHECK(strcmp(out, "SET_STATE link_id=4660 cmd_seq=9 compressor_pct=65 outputs=11 mode=1") == 0);

    /* Strictness. */
    CHECK(parse_fails_with("", "empty"));
    CHECK(parse_fails_with("NOPE a=1", "unknown-type NOPE"));
    CHECK(parse_fails_with("set_state link_id=1", "unknown-type set_state"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=1 request_id=2 extra=3",
                           "unknown-field extra"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=1", "missing-field request_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=1 link_id=2 request_id=1",
                           "duplicate-field link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=x request_id=1", "bad-number link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id= request_id=1", "bad-number link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=007 request_id=1", "bad-number link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=+7 request_id=1", "bad-number link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=-0 request_id=1", "bad-number link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=-1 request_id=1", "out-of-range link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=65536 request_id=1",
                           "out-of-range link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=99999999999999999999 request_id=1",
                           "out-of-range link_id"));
    CHECK(parse_fails_with("GET_FAULT_REPORT link_id=1 request_id", "bad-token request_id"));
    CHECK(parse_fails_with("ERROR request_type=2 request_id=0 code=256", "out-of-range code"));
    CHECK(parse_fails_with("STATUS status_seq=0 uptime_ms=0 link_id=0 last_applied_cmd_seq=0 "
                           "supply_cc=-32769 return_cc=0 return_a_cc=0 return_b_cc=0 "
                           "flow_a_clpm=0 flow_b_clpm=0 reservoir=0 compressor_actual_pct=0 "
                           "outputs=0 active=0 latched=0", "out-of-range supply_cc"));
    CHECK(parse_fails_with("HELLO_ACK mcu_proto_version=1 link_id=1 request_id=1 fw_major=1 "
                           "fw_minor=2 fw_patch=3 capabilities=7 serial=PX-SIM-0001-X "
                           "reset_reason=0 max_duration_ms=2000 latched=0",
                           "out-of-range serial"));

    /* The formatter refuses a too-small buffer rather than overrun it. */
    memset(&m, 0, sizeof m);
    m.type = PX_HELLO;
    CHECK(px_text_format(&m, out, 10) == PX_E_CAPACITY && strlen(out) < 10);
    m.type = 0x42;
    CHECK(px_text_format(&m, out, sizeof out) == PX_E_TYPE);
    return check_done("test_text");
}
