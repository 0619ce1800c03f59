/* check.h - a minimal test harness: CHECK() records and reports
 * failures; CHECK_DONE() is main's return value (0 = all passed). */
#ifndef PX_CHECK_H
#define PX_CHECK_H

#include <stdio.h>

static int check_failures = 0;
static long check_count = 0;

#define CHECK(cond) check_at((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_MSG(cond, ...)                                                 \
    do {                                                                     \
        if (!check_at((cond) != 0, #cond, __FILE__, __LINE__)) {              \
            fprintf(stderr, "    ");                                         \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
        }                                                                    \
    } while (0)

static inline int check_at(int ok, const char *what, const char *file, int line)
{
    check_count++;
    if (!ok) {
        check_failures++;
        if (check_failures <= 50)
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
    }
    return ok;
}

static inline int check_done(const char *name)
{
    printf("%s: %ld checks, %d failed\n", name, check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

/* Deterministic PRNG for the tests (xorshift32); state is the caller's. */
static inline unsigned long check_rand(unsigned long *state)
{
    unsigned long x = *state & 0xFFFFFFFFul;
    x ^= (x << 13) & 0xFFFFFFFFul;
    x ^= x >> 17;
    x ^= (x << 5) & 0xFFFFFFFFul;
    *state = x;
    return x;
}

#endif
