/*
 * UTF-8 decoding follows the well-formed byte sequences of the Unicode
 * Standard (chapter 3, table 3-7): the second byte's range depends on the
 * first, which rules out overlong forms, surrogates and values above
 * U+10FFFF without decoding first and checking after.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "utf8_tables.h"

#define UTF8_NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static bool	utf8_in_table(uint32_t, const struct utf8_range *, size_t);

/* Search a sorted table of disjoint ranges for cp. */
static bool
utf8_in_table(uint32_t cp, const struct utf8_range *table, size_t n)
{
	size_t	lo = 0, hi = n, mid;

	if (n == 0 || cp < table[0].first || cp > table[n - 1].last)
		return false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < table[mid].first)
			hi = mid;
		else if (cp > table[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Decode one code point; see utf8.h. */
size_t
utf8_decode(const char *s, size_t len, uint32_t *cp, bool *valid)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		 lo = 0x80, hi = 0xBF;
	size_t			 need, i;
	uint32_t		 c;

	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		if (valid != NULL)
			*valid = false;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		if (valid != NULL)
			*valid = true;
		return 1;
	}

	/* 0x80..0xC1 are continuation bytes or start only overlong forms. */
	if (u[0] < 0xC2 || u[0] > 0xF4)
		goto invalid;
	if (u[0] < 0xE0) {
		need = 1;
		c = u[0] & 0x1F;
	} else if (u[0] < 0xF0) {
		need = 2;
		c = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;	/* below is overlong */
		else if (u[0] == 0xED)
			hi = 0x9F;	/* above is a surrogate */
	} else {
		need = 3;
		c = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;	/* below is overlong */
		else if (u[0] == 0xF4)
			hi = 0x8F;	/* above is past U+10FFFF */
	}
	if (len < need + 1)
		goto invalid;
	for (i = 1; i <= need; i++) {
		if (u[i] < lo || u[i] > hi)
			goto invalid;
		c = (c << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	if (valid != NULL)
		*valid = true;
	return need + 1;

invalid:
	*cp = UTF8_REPLACEMENT;
	if (valid != NULL)
		*valid = false;
	return 1;
}

/* Check a whole string is well-formed UTF-8. */
bool
utf8_valid(const char *s, size_t len)
{
	uint32_t	cp;
	bool		ok;
	size_t		off = 0;

	while (off < len) {
		/* ASCII needs no decoding, and nicks are mostly ASCII. */
		if ((unsigned char)s[off] < 0x80) {
			off++;
			continue;
		}
		off += utf8_decode(s + off, len - off, &cp, &ok);
		if (!ok)
			return false;
	}
	return true;
}

/* Tell whether cp can be encoded: not a surrogate, not past U+10FFFF. */
bool
utf8_cp_is_scalar(uint32_t cp)
{
	return cp <= UTF8_CP_MAX && (cp < 0xD800 || cp > 0xDFFF);
}

/* Encode one code point; see utf8.h. */
size_t
utf8_encode(uint32_t cp, char out[UTF8_LEN_MAX])
{
	if (!utf8_cp_is_scalar(cp))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Tell whether cp is a C0 or C1 control or DEL. */
bool
utf8_cp_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool
utf8_cp_is_ignorable(uint32_t cp)
{
	return utf8_in_table(cp, utf8_ignorable, UTF8_NITEMS(utf8_ignorable));
}

bool
utf8_cp_is_layout(uint32_t cp)
{
	return utf8_in_table(cp, utf8_layout, UTF8_NITEMS(utf8_layout));
}

/* Columns a terminal gives one code point. */
int
utf8_cp_width(uint32_t cp)
{
	if (utf8_cp_is_control(cp))
		return -1;
	/* Printable ASCII and Latin-1 are in neither table. */
	if (cp < 0x300)
		return 1;
	if (!utf8_cp_is_scalar(cp))
		return 1;
	/* Zero first: a few marks (U+302A, U+3099) are also East Asian Wide. */
	if (utf8_in_table(cp, utf8_zero_width, UTF8_NITEMS(utf8_zero_width)))
		return 0;
	if (utf8_in_table(cp, utf8_wide, UTF8_NITEMS(utf8_wide)))
		return 2;
	return 1;
}

/* Columns of a string; -1 if it holds a control character. */
int
utf8_width(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		off = 0;
	int		w, total = 0;

	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp, NULL);
		w = utf8_cp_width(cp);
		if (w < 0)
			return -1;
		if (total > INT_MAX - w)
			total = INT_MAX;
		else
			total += w;
	}
	return total;
}

/* Longest prefix of at most max bytes ending on a character boundary. */
size_t
utf8_prefix_len(const char *s, size_t len, size_t max)
{
	uint32_t	cp;
	size_t		off = 0, n;

	if (max >= len)
		return len;
	for (;;) {
		n = utf8_decode(s + off, len - off, &cp, NULL);
		if (off + n > max)
			return off;
		off += n;
	}
}

/* Longest prefix at most cols columns wide, controls counting as ^X. */
size_t
utf8_prefix_cols(const char *s, size_t len, int cols, int *width_out)
{
	uint32_t	cp;
	size_t		off = 0, n;
	int		w, total = 0;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp, NULL);
		w = utf8_cp_width(cp);
		if (w < 0)
			w = UTF8_CONTROL_COLS;
		if (w > cols - total)
			break;
		total += w;
		off += n;
	}
	if (width_out != NULL)
		*width_out = total;
	return off;
}

size_t
utf8_copy(char *dst, size_t size, const char *src)
{
	size_t len;

	if (size == 0)
		return 0;
	len = utf8_prefix_len(src, strlen(src), size - 1);
	memcpy(dst, src, len);
	dst[len] = '\0';
	return len;
}
