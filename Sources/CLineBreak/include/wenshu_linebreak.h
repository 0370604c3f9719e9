#ifndef WENSHU_LINEBREAK_H
#define WENSHU_LINEBREAK_H
#include <stdint.h>

/// Line break opportunities of UTF-16 text by UAX #14, through ICU's line break iterator with the
/// locale's tailoring (`zh@lb=strict` gives the strict CJK rules).
///
/// This header deliberately exposes no ICU type: Swift's Foundation carries its own copy of ICU, and
/// importing the system headers into Swift would clash with it.
///
/// Writes up to `capacity` break offsets (UTF-16 code units, after the break) into `offsets`, and for
/// each a flag in `mandatory` (1 for a hard break such as a newline, 0 for an opportunity).
/// Returns the number of breaks found (which may exceed `capacity`: call again with more room),
/// or -1 if ICU failed.
int32_t wenshu_line_breaks(const uint16_t *text, int32_t length, const char *locale,
                           int32_t *offsets, uint8_t *mandatory, int32_t capacity);

#endif
