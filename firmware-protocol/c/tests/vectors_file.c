/* vectors_file.c - parser of the test vector files (see vectors_file.h). */
#include "vectors_file.h"

#include <stdio.h>
#include <string.h>

#include "hex.h"

static int copy_field(char *dst, size_t cap, const char *src, size_t len)
{
    if (len + 1 > cap)
        return -1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}

int vf_load(const char *path, vf_entry *out, int max)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int count = 0;
    int lineno = 0;

    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *tab1, *tab2, *tab3, *end;
        long n;
        lineno++;
        end = line + strlen(line);
        while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
            *--end = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        tab1 = strchr(line, '\t');
        tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
        if (tab2 == NULL || (tab3 != NULL && strchr(tab3 + 1, '\t') != NULL) || count >= max) {
            fprintf(stderr, "%s:%d: malformed line\n", path, lineno);
            fclose(f);
            return -1;
        }
        out[count].receiver[0] = '\0';
        if (copy_field(out[count].name, sizeof out[count].name, line,
                       (size_t)(tab1 - line)) != 0 ||
            copy_field(out[count].text, sizeof out[count].text, tab2 + 1,
                       tab3 ? (size_t)(tab3 - tab2 - 1) : strlen(tab2 + 1)) != 0 ||
            (tab3 != NULL && copy_field(out[count].receiver, sizeof out[count].receiver,
                                        tab3 + 1, strlen(tab3 + 1)) != 0)) {
            fprintf(stderr, "%s:%d: field too long\n", path, lineno);
            fclose(f);
            return -1;
        }
        n = px_hex_parse(tab1 + 1, (size_t)(tab2 - tab1 - 1), out[count].wire, VF_BYTES);
        if (n <= 0) {
            fprintf(stderr, "%s:%d: bad hex\n", path, lineno);
            fclose(f);
            return -1;
        }
        out[count].wire_len = (size_t)n;
        count++;
    }
    fclose(f);
    return count;
}
