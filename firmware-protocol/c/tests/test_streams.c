/*
 * test_streams.c - every byte stream of test-vectors/streams.txt, fed
 * byte by byte to the C streaming decoder of its receiver (mcu or
 * host), yields what the line says, in order: the canonical text of
 * each accepted frame, rejected:REASON for each rejected one. The C#
 * codec checks the same file (StreamVectorTests), so both receivers
 * agree on multi-frame streams, padding, garbage, the 65/66-byte
 * boundary and looped-back types.
 *
 *   test_streams path/to/streams.txt
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "hex.h"
#include "px/px_decoder.h"
#include "px/px_status.h"
#include "px/px_text.h"

static uint8_t bytes[1024];

static void check_line(const char *name, const char *receiver, const char *hex, const char *want)
{
    px_decoder d;
    char got[2048];
    size_t used = 0;
    long n = px_hex_parse(hex, strlen(hex), bytes, sizeof bytes);
    long i;
    uint8_t accept = strcmp(receiver, "mcu") == 0 ? PX_ACCEPT_TO_MCU : PX_ACCEPT_TO_HOST;

    CHECK_MSG(n > 0, "%s: bad hex", name);
    CHECK_MSG(strcmp(receiver, "mcu") == 0 || strcmp(receiver, "host") == 0,
              "%s: receiver \"%s\" is not mcu or host", name, receiver);
    got[0] = '\0';
    px_decoder_init(&d, accept);
    for (i = 0; i < n; i++) {
        px_frame f;
        char item[PX_TEXT_MAX + 16];
        int rc = px_decoder_feed(&d, bytes[i], &f);
        if (rc == PX_FEED_PENDING)
            continue;
        if (rc == PX_FEED_FRAME) {
            px_msg m;
            memset(&m, 0, sizeof m);
            if (px_msg_unpack(f.type, f.payload, f.len, &m) != PX_OK ||
                px_msg_validate(&m, NULL) != PX_OK ||
                px_text_format(&m, item, sizeof item) != PX_OK)
                snprintf(item, sizeof item, "rejected:out-of-range");
        } else {
            snprintf(item, sizeof item, "rejected:%s", px_status_name(rc));
        }
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%s", used ? " | " : "", item);
        if (used >= sizeof got)
            break;
    }
    CHECK_MSG(strcmp(got, want) == 0, "%s:\n     got %s\n    want %s", name, got, want);
}

int main(int argc, char **argv)
{
    FILE *f;
    char line[4096];
    int count = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: test_streams streams.txt\n");
        return 2;
    }
    f = fopen(argv[1], "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *cols[4];
        char *p = line;
        int k;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (k = 0; k < 4; k++) {
            cols[k] = p;
            p = k < 3 ? strchr(p, '\t') : NULL;
            if (k < 3) {
                if (p == NULL)
                    break;
                *p++ = '\0';
            }
        }
        CHECK_MSG(k == 4, "malformed line: %s", line);
        if (k != 4)
            continue;
        check_line(cols[0], cols[1], cols[2], cols[3]);
        count++;
    }
    fclose(f);
    CHECK_MSG(count >= 10, "only %d streams", count);
    printf("%s: %d streams\n", argv[1], count);
    return check_done("test_streams");
}
