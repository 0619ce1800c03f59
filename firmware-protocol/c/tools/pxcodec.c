/*
 * pxcodec - the C codec as a filter, to test other implementations
 * (the C# codec) against it in both directions.
 *
 *   pxcodec encode [--no-range-check]   canonical text lines -> hex lines
 *   pxcodec decode [--no-range-check]   hex lines -> canonical text lines
 *
 * One output line per input line, so results line up with the input.
 * Blank lines and lines starting with '#' are copied through unchanged.
 * A line that cannot be handled becomes "ERROR <reason>" and processing
 * continues. Reasons: the codec's frame reasons (bad-cobs, too-short,
 * bad-check, unknown-type, bad-length, too-long), "framing" (a hex line
 * that is not exactly one frame ending in its 00), "bad-hex",
 * "line-too-long", and the text parser's reasons (unknown-type X,
 * unknown-field X, missing-field X, duplicate-field X, bad-number X,
 * bad-token X, out-of-range X). By default the catalogue ranges are
 * enforced both ways ("out-of-range <field>"); --no-range-check only
 * checks that values fit their wire type, to build refused frames.
 * Exit status: 0 if every line succeeded, 1 if any line was an ERROR,
 * 2 on bad usage.
 */
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "px/px_decoder.h"
#include "px/px_messages.h"
#include "px/px_text.h"

#define LINE_MAX_CHARS 1024

/* Reads one line without its newline. Returns 0 at EOF, -1 if too long
 * (the rest of the line is consumed), else 1. */
static int read_line(char *buf, size_t cap)
{
    size_t n;
    if (fgets(buf, (int)cap, stdin) == NULL)
        return 0;
    n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    } else if (!feof(stdin)) {
        int c;
        while ((c = getchar()) != EOF && c != '\n')
            ;
        return -1;
    }
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 1;
}

static int is_passthrough(const char *line)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0' || *p == '#';
}

static int encode_line(const char *line, int range_check)
{
    px_msg m;
    char err[96];
    const char *bad = NULL;
    uint8_t wire[PX_MAX_WIRE];
    char hex[2 * PX_MAX_WIRE + 1];
    size_t n;

    memset(&m, 0, sizeof m);
    if (px_text_parse(line, &m, err, sizeof err) != PX_OK) {
        printf("ERROR %s\n", err);
        return 1;
    }
    if (range_check && px_msg_validate(&m, &bad) != PX_OK) {
        printf("ERROR out-of-range %s\n", bad);
        return 1;
    }
    n = px_msg_encode(&m, wire, sizeof wire);
    if (n == 0) {
        printf("ERROR no-room\n");
        return 1;
    }
    px_hex_format(wire, n, hex);
    printf("%s\n", hex);
    return 0;
}

static int decode_line(const char *line, int range_check)
{
    uint8_t bytes[LINE_MAX_CHARS / 2];
    long n = px_hex_parse(line, strlen(line), bytes, sizeof bytes);
    px_decoder dec;
    px_frame frame;
    px_msg m;
    char text[PX_TEXT_MAX];
    const char *bad = NULL;
    int rc = PX_FEED_PENDING;
    long i;

    if (n < 0) {
        printf("ERROR bad-hex\n");
        return 1;
    }
    /* Exactly one frame: one 00, and it is the last byte. */
    if (n < 2 || bytes[n - 1] != 0x00 || memchr(bytes, 0, (size_t)(n - 1)) != NULL) {
        printf("ERROR framing\n");
        return 1;
    }
    /* The streaming decoder, byte by byte, exactly as a receiver would. */
    px_decoder_init(&dec, PX_ACCEPT_ANY);
    for (i = 0; i < n; i++)
        rc = px_decoder_feed(&dec, bytes[i], &frame);
    if (rc != PX_FEED_FRAME) {
        printf("ERROR %s\n", rc == PX_FEED_PENDING ? "too-short" : px_status_name(rc));
        return 1;
    }
    if (px_msg_unpack(frame.type, frame.payload, frame.len, &m) != PX_OK) {
        printf("ERROR bad-length\n");
        return 1;
    }
    if (range_check && px_msg_validate(&m, &bad) != PX_OK) {
        printf("ERROR out-of-range %s\n", bad);
        return 1;
    }
    if (px_text_format(&m, text, sizeof text) != PX_OK) {
        printf("ERROR no-room\n");
        return 1;
    }
    printf("%s\n", text);
    return 0;
}

int main(int argc, char **argv)
{
    char line[LINE_MAX_CHARS];
    int encode;
    int range_check = 1;
    int failed = 0;
    int r;

    if (argc < 2 || argc > 3 ||
        (strcmp(argv[1], "encode") != 0 && strcmp(argv[1], "decode") != 0) ||
        (argc == 3 && strcmp(argv[2], "--no-range-check") != 0)) {
        fprintf(stderr, "usage: pxcodec encode|decode [--no-range-check] < in > out\n");
        return 2;
    }
    encode = strcmp(argv[1], "encode") == 0;
    if (argc == 3)
        range_check = 0;

    while ((r = read_line(line, sizeof line)) != 0) {
        if (r < 0) {
            printf("ERROR line-too-long\n");
            failed = 1;
        } else if (is_passthrough(line)) {
            printf("%s\n", line);
        } else if (encode) {
            failed |= encode_line(line, range_check);
        } else {
            failed |= decode_line(line, range_check);
        }
        fflush(stdout);
    }
    return failed ? 1 : 0;
}
