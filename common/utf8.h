/*
 * UTF-8 validation, decoding and display width, independent of the C
 * library's locale: the server checks nicks with it and the client wraps
 * lines by the columns a terminal gives each character.  Widths come from
 * tables generated from the Unicode Character Database (utf8_tables.h);
 * East Asian Ambiguous characters count as narrow.
 */
#ifndef NATTER_UTF8_H
#define NATTER_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an invalid or truncated byte decodes to. */
#define UTF8_REPLACEMENT	0xFFFD
/* The largest Unicode code point. */
#define UTF8_CP_MAX		0x10FFFF
/* Bytes of the longest encoded code point. */
#define UTF8_LEN_MAX		4
/* Columns utf8_prefix_cols gives a control character, drawn as ^X. */
#define UTF8_CONTROL_COLS	2

/* True if s[0..len) is well-formed UTF-8: no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF, no truncated sequence. */
bool	 utf8_valid(const char *s, size_t len);
/* Decode one code point from s[0..len) (len > 0).  Returns the bytes consumed
 * (1..4) and stores the code point; an invalid or truncated sequence consumes
 * exactly 1 byte and yields UTF8_REPLACEMENT with *valid false (valid may be
 * NULL).  With len 0 it consumes nothing and returns 0. */
size_t	 utf8_decode(const char *s, size_t len, uint32_t *cp, bool *valid);
/* Encode cp into out; returns its length 1..4, or 0 if cp is not a Unicode
 * scalar value. */
size_t	 utf8_encode(uint32_t cp, char out[UTF8_LEN_MAX]);
/* True if cp is a Unicode scalar value (not a surrogate, at most U+10FFFF). */
bool	 utf8_cp_is_scalar(uint32_t cp);
/* True if cp is a control character (C0, DEL, C1). */
bool	 utf8_cp_is_control(uint32_t cp);
/* True if cp is a Default_Ignorable_Code_Point: invisible in normal
 * rendering (ZWSP, ZWJ, bidi controls, variation selectors, Hangul
 * fillers, BOM, tags...). */
bool	 utf8_cp_is_ignorable(uint32_t cp);
/* True if cp steers how the text around it is laid out, or hides in it:
 * bidi embeddings, overrides, isolates and marks, the line and paragraph
 * separators, ZWSP, word joiner, BOM and the like (not ZWNJ and ZWJ,
 * which scripts and emoji need).  A terminal must not get them raw. */
bool	 utf8_cp_is_layout(uint32_t cp);
/* Columns one code point takes: 2 for East Asian Wide and Fullwidth, 0 for
 * combining marks, zero-width format characters and Hangul medial/final
 * jamo, 1 otherwise (surrogates and values above U+10FFFF included, as they
 * are shown as U+FFFD); -1 for control characters. */
int	 utf8_cp_width(uint32_t cp);
/* Columns of s[0..len), invalid bytes counting as U+FFFD (1 column); -1 if
 * it holds a control character.  Saturates at INT_MAX. */
int	 utf8_width(const char *s, size_t len);
/* Length of the longest prefix of s[0..len) of at most max bytes that does
 * not split a character (an invalid byte is a character of its own). */
size_t	 utf8_prefix_len(const char *s, size_t len, size_t max);
/* Copy src into dst (size bytes), cut so no character is split; always terminated. Returns the length copied. */
size_t	 utf8_copy(char *dst, size_t size, const char *src);
/* Length of the longest prefix of s[0..len) at most cols columns wide, with
 * control characters UTF8_CONTROL_COLS wide; zero-width characters right
 * after the last one that fits are kept with it.  *width_out (may be NULL)
 * gets the prefix's width. */
size_t	 utf8_prefix_cols(const char *s, size_t len, int cols, int *width_out);

#endif
