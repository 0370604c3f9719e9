#include "wenshu_linebreak.h"
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* Opening a line iterator loads and compiles rule data; keep one per thread and per locale and only
   reset its text. Threads of a batch each get their own, so no locking is needed. */
static __thread UBreakIterator *cached_iterator = NULL;
static __thread char cached_locale[64];

int32_t wenshu_line_breaks(const uint16_t *text, int32_t length, const char *locale,
                           int32_t *offsets, uint8_t *mandatory, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    if (cached_iterator == NULL || strncmp(cached_locale, locale, sizeof cached_locale) != 0) {
        if (cached_iterator != NULL) ubrk_close(cached_iterator);
        cached_iterator = ubrk_open(UBRK_LINE, locale, NULL, 0, &status);
        if (U_FAILURE(status)) { cached_iterator = NULL; return -1; }
        strncpy(cached_locale, locale, sizeof cached_locale - 1);
        cached_locale[sizeof cached_locale - 1] = 0;
    }
    ubrk_setText(cached_iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = 0;
    for (int32_t pos = ubrk_next(cached_iterator); pos != UBRK_DONE; pos = ubrk_next(cached_iterator)) {
        if (count < capacity) {
            int32_t rule = ubrk_getRuleStatus(cached_iterator);
            offsets[count] = pos;
            mandatory[count] = (rule >= UBRK_LINE_HARD && rule < UBRK_LINE_HARD_LIMIT) ? 1 : 0;
        }
        count++;
    }
    /* Detach the caller's buffer so the iterator never points at freed memory. */
    ubrk_setText(cached_iterator, (const UChar *)u"", 0, &status);
    return count;
}
