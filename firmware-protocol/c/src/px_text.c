/* px_text.c - canonical text form of messages (see px_text.h). */
#include "px/px_text.h"
#include "px/px_catalogue.h"

/* ---- a bounded string builder ---- */
typedef struct sbuf {
    char *p;
    size_t cap;
    size_t n;
    int full;
} sbuf;

static void sb_putc(sbuf *b, char c)
{
    if (b->n + 1 < b->cap)
        b->p[b->n++] = c;
    else
        b->full = 1;
    if (b->cap > 0)
        b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len && s[i] != '\0'; i++)
        sb_putc(b, s[i]);
}

static void sb_putint(sbuf *b, int64_t v)
{
    char digits[24];
    size_t n = 0;
    uint64_t u;
    if (v < 0) {
        sb_putc(b, '-');
        u = (uint64_t)(-(v + 1)) + 1u;
    } else {
        u = (uint64_t)v;
    }
    do {
        digits[n++] = (char)('0' + (int)(u % 10u));
        u /= 10u;
    } while (u != 0);
    while (n > 0)
        sb_putc(b, digits[--n]);
}

static void set_err(char *err, size_t cap, const char *what, const char *name,
                    size_t name_len)
{
    sbuf b;
    b.p = err;
    b.cap = cap;
    b.n = 0;
    b.full = 0;
    if (cap == 0)
        return;
    err[0] = '\0';
    sb_puts(&b, what, (size_t)-1);
    if (name != NULL) {
        sb_putc(&b, ' ');
        sb_puts(&b, name, name_len);
    }
}

px_status px_text_format(const px_msg *m, char *out, size_t cap)
{
    const px_type_info *t = px_type_lookup(m->type);
    sbuf b;
    size_t i;

    b.p = out;
    b.cap = cap;
    b.n = 0;
    b.full = 0;
    if (cap == 0)
        return PX_E_CAPACITY;
    out[0] = '\0';
    if (t == NULL)
        return PX_E_TYPE;
    sb_puts(&b, t->name, (size_t)-1);
    for (i = 0; i < t->field_count; i++) {
        const px_field *f = &t->fields[i];
        sb_putc(&b, ' ');
        sb_puts(&b, f->name, (size_t)-1);
        sb_putc(&b, '=');
        if (f->kind == PX_KIND_SERIAL) {
            const uint8_t *s = px_field_bytes(m, f);
            size_t k;
            for (k = 0; k < PX_SERIAL_LEN && s[k] != 0; k++)
                sb_putc(&b, (s[k] >= 0x21 && s[k] <= 0x7E) ? (char)s[k] : '?');
        } else {
            sb_putint(&b, px_field_get(m, f));
        }
    }
    return b.full ? PX_E_CAPACITY : PX_OK;
}

/* ---- parsing ---- */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int name_is(const char *s, size_t len, const char *name)
{
    size_t k = 0;
    while (k < len && name[k] != '\0' && name[k] == s[k])
        k++;
    return k == len && name[k] == '\0';
}

/* Decimal integer as the canonical text writes it: optional '-', no
 * leading zeros. 0 on success. */
static int parse_int(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    int64_t v = 0;
    if (len > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == len)
        return -1;
    /* canonical digits only: no leading zeros, no "-0" */
    if (s[i] == '0' && (len - i > 1 || neg))
        return -1;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
        if (v > 0x1FFFFFFFFLL) /* far beyond any field; stop growing */
            v = 0x1FFFFFFFFLL;
    }
    *out = neg ? -v : v;
    return 0;
}

static int fits(px_kind kind, int64_t v)
{
    switch (kind) {
    case PX_KIND_U8: return v >= 0 && v <= 0xFF;
    case PX_KIND_U16: return v >= 0 && v <= 0xFFFF;
    case PX_KIND_U32: return v >= 0 && v <= 0xFFFFFFFFLL;
    case PX_KIND_I16: return v >= -32768 && v <= 32767;
    case PX_KIND_SERIAL: break;
    }
    return 0;
}

#define PX_MAX_FIELDS 32u

px_status px_text_parse(const char *line, px_msg *m, char *err, size_t errcap)
{
    const px_type_info *t;
    const char *p = line;
    const char *tok;
    size_t len;
    unsigned char seen[PX_MAX_FIELDS];
    size_t i;

    set_err(err, errcap, "", NULL, 0);
    while (is_space(*p))
        p++;
    tok = p;
    while (*p != '\0' && !is_space(*p))
        p++;
    len = (size_t)(p - tok);
    if (len == 0) {
        set_err(err, errcap, "empty", NULL, 0);
        return PX_E_TYPE;
    }
    t = px_type_by_name(tok, len);
    if (t == NULL) {
        set_err(err, errcap, "unknown-type", tok, len);
        return PX_E_TYPE;
    }
    m->type = t->type;
    for (i = 0; i < PX_MAX_FIELDS; i++)
        seen[i] = 0;

    for (;;) {
        const char *eq;
        const char *val;
        size_t name_len, val_len;
        const px_field *f = NULL;
        size_t fi;

        while (is_space(*p))
            p++;
        if (*p == '\0')
            break;
        tok = p;
        while (*p != '\0' && !is_space(*p))
            p++;
        len = (size_t)(p - tok);
        for (eq = tok; eq < p && *eq != '='; eq++)
            ;
        if (eq == p) {
            set_err(err, errcap, "bad-token", tok, len);
            return PX_E_RANGE;
        }
        name_len = (size_t)(eq - tok);
        val = eq + 1;
        val_len = (size_t)(p - val);
        for (fi = 0; fi < t->field_count; fi++)
            if (name_is(tok, name_len, t->fields[fi].name)) {
                f = &t->fields[fi];
                break;
            }
        if (f == NULL) {
            set_err(err, errcap, "unknown-field", tok, name_len);
            return PX_E_RANGE;
        }
        if (seen[fi]) {
            set_err(err, errcap, "duplicate-field", tok, name_len);
            return PX_E_RANGE;
        }
        seen[fi] = 1;

        if (f->kind == PX_KIND_SERIAL) {
            uint8_t *s = px_field_bytes_mut(m, f);
            size_t k;
            if (val_len > PX_SERIAL_LEN) {
                set_err(err, errcap, "out-of-range", f->name, (size_t)-1);
                return PX_E_RANGE;
            }
            for (k = 0; k < PX_SERIAL_LEN; k++)
                s[k] = k < val_len ? (uint8_t)val[k] : 0;
        } else {
            int64_t v;
            if (parse_int(val, val_len, &v) != 0) {
                set_err(err, errcap, "bad-number", f->name, (size_t)-1);
                return PX_E_RANGE;
            }
            if (!fits(f->kind, v)) {
                set_err(err, errcap, "out-of-range", f->name, (size_t)-1);
                return PX_E_RANGE;
            }
            px_field_set(m, f, v);
        }
    }

    for (i = 0; i < t->field_count; i++)
        if (!seen[i]) {
            set_err(err, errcap, "missing-field", t->fields[i].name, (size_t)-1);
            return PX_E_RANGE;
        }
    return PX_OK;
}
