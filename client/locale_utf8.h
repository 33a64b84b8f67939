/*
 * natter speaks UTF-8 on the wire, and curses draws wide characters only
 * in a UTF-8 locale: under LANG=C every non-ASCII character (小明, é)
 * would come out blank.  Nearly every terminal today is UTF-8 whatever
 * LANG says, so natter draws UTF-8 anyway (LC_CTYPE C.UTF-8) and says so
 * once, so that the user of a terminal that really is not UTF-8 knows why
 * and what to set.  No curses; unit-tested.
 */
#ifndef NATTER_LOCALE_UTF8_H
#define NATTER_LOCALE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * After setlocale(LC_ALL, ""): if the character set is not UTF-8, switch
 * LC_CTYPE to a UTF-8 locale (C.UTF-8, else en_US.UTF-8) and write a note
 * for the user into note (true); false with note "" when it already was
 * UTF-8, or a warning in note when no UTF-8 locale exists (true).
 */
bool	locale_utf8_ensure(char *note, size_t size);

#endif
