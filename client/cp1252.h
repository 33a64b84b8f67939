/*
 * Lines that are not UTF-8 read as Windows-1252 (CP1252), as irssi and
 * WeeChat read them: on IRC, text that is not UTF-8 is almost always
 * Latin-1 or its Windows superset, and showing "café" beats "caf\uFFFD".
 * Plain C, no curses; unit-tested.
 */
#ifndef NATTER_CP1252_H
#define NATTER_CP1252_H

#include <stdbool.h>
#include <stddef.h>

/* A CP1252 byte takes at most this many UTF-8 bytes. */
#define CP1252_UTF8_MAX	3

/*
 * If s[0..len) is not valid UTF-8, write it decoded as CP1252 into out
 * (size bytes, NUL-terminated; at most len * CP1252_UTF8_MAX + 1 are
 * needed, a longer text is cut at a character) and return true; valid
 * UTF-8 is left alone (false).  The five bytes CP1252 leaves undefined
 * become U+FFFD.
 */
bool	cp1252_fallback(const char *s, size_t len, char *out, size_t size);

#endif
