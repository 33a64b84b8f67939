/*
 * Fuzz target: the UTF-8 functions (common/utf8.c) against each other.
 *
 * The input is decoded once, character by character, into the model all
 * the other functions are checked against: utf8_valid is true exactly
 * when no character was invalid; a valid character encodes back to its
 * bytes; utf8_width is the sum of the characters' widths (-1 with a
 * control); utf8_prefix_len and utf8_copy end on the last character
 * boundary that fits; utf8_prefix_cols on the last one whose columns fit.
 * The input's 4-byte words are also tried as code points for utf8_encode.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

/* The character boundaries of s[0..len): starts[i] and its width. */
struct model {
	size_t	*off;		/* nchars + 1 offsets, the last is len */
	int	*cols;		/* prefix_cols width of each character */
	size_t	 nchars;
	bool	 valid;		/* no invalid or truncated sequence */
	int	 width;		/* utf8_width's answer */
};

static void
model_build(struct model *m, const char *s, size_t len)
{
	char enc[UTF8_LEN_MAX];
	uint32_t cp;
	size_t n, off = 0;
	bool valid;
	int w;

	m->off = malloc((len + 1) * sizeof *m->off);
	m->cols = malloc((len + 1) * sizeof *m->cols);
	m->nchars = 0;
	m->valid = true;
	m->width = 0;
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp, &valid);
		FUZZ_CHECK(n >= 1 && n <= UTF8_LEN_MAX && n <= len - off,
		    "decode consumed %zu of %zu", n, len - off);
		if (valid) {
			FUZZ_CHECK(utf8_cp_is_scalar(cp), "decoded U+%X", cp);
			FUZZ_CHECK(utf8_encode(cp, enc) == n &&
			    memcmp(enc, s + off, n) == 0,
			    "U+%X does not encode back", cp);
		} else {
			FUZZ_CHECK(n == 1 && cp == UTF8_REPLACEMENT,
			    "invalid gave %zu bytes, U+%X", n, cp);
			m->valid = false;
		}
		w = utf8_cp_width(cp);
		FUZZ_CHECK((w < 0) == utf8_cp_is_control(cp) && w <= 2,
		    "U+%X width %d", cp, w);
		if (m->width >= 0)
			m->width = w < 0 ? -1 : m->width > INT_MAX - w ?
			    INT_MAX : m->width + w;
		m->off[m->nchars] = off;
		m->cols[m->nchars] = w < 0 ? UTF8_CONTROL_COLS : w;
		m->nchars++;
		off += n;
	}
	m->off[m->nchars] = len;
}

static void
model_free(struct model *m)
{
	free(m->off);
	free(m->cols);
}

/* The last boundary at or before max. */
static size_t
model_prefix(const struct model *m, size_t max)
{
	size_t i = 0;

	while (i < m->nchars && m->off[i + 1] <= max)
		i++;
	return m->off[i];
}

static void
check_prefix_len(const struct model *m, const char *s, size_t len,
    size_t max)
{
	size_t got = utf8_prefix_len(s, len, max);

	FUZZ_CHECK(got == model_prefix(m, max), "prefix_len(%zu) = %zu, "
	    "expected %zu", max, got, model_prefix(m, max));
}

static void
check_prefix_cols(const struct model *m, const char *s, size_t len, int cols)
{
	size_t got, i;
	int width = -7, total = 0;

	got = utf8_prefix_cols(s, len, cols, &width);
	for (i = 0; i < m->nchars && m->off[i] < got; i++)
		total += m->cols[i];
	FUZZ_CHECK(i == m->nchars ? got == len : got == m->off[i],
	    "prefix_cols(%d) = %zu splits a character", cols, got);
	FUZZ_CHECK(width == total, "prefix_cols(%d) width %d, chars %d", cols,
	    width, total);
	FUZZ_CHECK(got == 0 || total <= cols, "prefix_cols(%d) too wide: %d",
	    cols, total);
	/* Longest: the next character would not fit. */
	if (i < m->nchars)
		FUZZ_CHECK(m->cols[i] > cols - total, "prefix_cols(%d) stops "
		    "before a character of %d columns at %d", cols, m->cols[i],
		    total);
}

static void
check_copy(const struct model *m, const char *s, size_t size)
{
	static char dst[4096 + 8];
	size_t got, len = strlen(s);

	if (size > sizeof dst)
		size = sizeof dst;
	memset(dst, 'x', sizeof dst);
	got = utf8_copy(dst, size, s);
	if (size == 0) {
		FUZZ_CHECK(got == 0 && dst[0] == 'x', "copy into nothing");
		return;
	}
	/* s may stop at a NUL before len of the model: prefixes agree. */
	FUZZ_CHECK(got == (len <= size - 1 ? len : model_prefix(m, size - 1)),
	    "copy(%zu) = %zu", size, got);
	FUZZ_CHECK(memcmp(dst, s, got) == 0 && dst[got] == '\0',
	    "copy(%zu) wrong bytes", size);
	FUZZ_CHECK(got + 1 == size || dst[got + 1] == 'x', "copy(%zu) wrote "
	    "past its NUL", size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct model m;
	char enc[UTF8_LEN_MAX], *str;
	uint32_t cp, back;
	size_t i, n, k = size > 0 ? data[0] : 0;
	bool valid;
	int w;

	model_build(&m, s, size);
	FUZZ_CHECK(utf8_valid(s, size) == m.valid, "valid %d, decode %d",
	    utf8_valid(s, size), m.valid);
	w = utf8_width(s, size);
	FUZZ_CHECK(w == m.width, "width %d, characters %d", w, m.width);

	const size_t maxes[] = { 0, 1, 2, 3, 4, k, k % (size + 1), size / 2,
	    size > 0 ? size - 1 : 0, size, size + 1 };
	for (i = 0; i < sizeof maxes / sizeof maxes[0]; i++)
		check_prefix_len(&m, s, size, maxes[i]);

	const int colses[] = { INT_MIN, -1, 0, 1, 2, 3, (int)k, (int)(k % 7),
	    m.width, m.width - 1, m.width + 1, INT_MAX };
	for (i = 0; i < sizeof colses / sizeof colses[0]; i++)
		check_prefix_cols(&m, s, size, colses[i]);

	/* utf8_copy reads a C string: the input up to its first NUL. */
	str = malloc(size + 1);
	memcpy(str, data, size);
	str[size] = '\0';
	for (i = 0; i < sizeof maxes / sizeof maxes[0]; i++)
		check_copy(&m, str, maxes[i]);
	free(str);

	/* Code points from the input's words, in range and out. */
	for (i = 0; i + 4 <= size; i += 4) {
		cp = (uint32_t)data[i] << 24 | (uint32_t)data[i + 1] << 16 |
		    (uint32_t)data[i + 2] << 8 | data[i + 3];
		if (i % 8 == 0)
			cp %= 0x110000 + 0x800;
		n = utf8_encode(cp, enc);
		FUZZ_CHECK((n != 0) == utf8_cp_is_scalar(cp), "encode U+%X: %zu",
		    cp, n);
		FUZZ_CHECK(utf8_cp_is_scalar(cp) == (cp <= 0x10FFFF &&
		    (cp < 0xD800 || cp > 0xDFFF)), "U+%X scalar?", cp);
		FUZZ_CHECK(utf8_cp_is_control(cp) == (cp < 0x20 ||
		    (cp >= 0x7F && cp <= 0x9F)), "U+%X control?", cp);
		if (n == 0)
			continue;
		FUZZ_CHECK(utf8_decode(enc, n, &back, &valid) == n && valid &&
		    back == cp, "U+%X does not decode back", cp);
		FUZZ_CHECK(utf8_valid(enc, n), "U+%X encodes invalid", cp);
	}
	model_free(&m);
	return 0;
}
