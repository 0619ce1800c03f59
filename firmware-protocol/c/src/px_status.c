/* px_status.c - names of the result codes (see px_status.h). */
#include "px/px_status.h"

const char *px_status_name(int status)
{
    switch (status) {
    case PX_OK: return "ok";
    case PX_E_COBS: return "bad-cobs";
    case PX_E_SHORT: return "too-short";
    case PX_E_CHECK: return "bad-check";
    case PX_E_TYPE: return "unknown-type";
    case PX_E_LENGTH: return "bad-length";
    case PX_E_TOO_LONG: return "too-long";
    case PX_E_RANGE: return "out-of-range";
    case PX_E_CAPACITY: return "no-room";
    default: return "unknown-status";
    }
}
