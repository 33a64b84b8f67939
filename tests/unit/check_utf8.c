/* Unit tests of common/utf8.c: validation, decoding, encoding and widths. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "check_run.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof (lit) - 1)

static Suite	*utf8_suite(void);

START_TEST(test_valid_accepts)
{
	ck_assert(utf8_valid(S("")));
	ck_assert(utf8_valid(S("plain ascii, ~!@#")));
	ck_assert(utf8_valid(S("caf\xc3\xa9")));			/* café */
	ck_assert(utf8_valid(S("\xe5\xb0\x8f\xe6\x98\x8e")));	/* 小明 */
	ck_assert(utf8_valid(S("\xf0\x9f\x98\x80")));		/* U+1F600 */
	ck_assert(utf8_valid(S("\x7f")));
	ck_assert(utf8_valid(S("\xc2\x80")));			/* U+0080 */
	ck_assert(utf8_valid(S("\xdf\xbf")));			/* U+07FF */
	ck_assert(utf8_valid(S("\xe0\xa0\x80")));		/* U+0800 */
	ck_assert(utf8_valid(S("\xed\x9f\xbf")));		/* U+D7FF */
	ck_assert(utf8_valid(S("\xee\x80\x80")));		/* U+E000 */
	ck_assert(utf8_valid(S("\xef\xbf\xbd")));		/* U+FFFD */
	ck_assert(utf8_valid(S("\xef\xbf\xbf")));		/* U+FFFF */
	ck_assert(utf8_valid(S("\xf0\x90\x80\x80")));		/* U+10000 */
	ck_assert(utf8_valid(S("\xf4\x8f\xbf\xbf")));		/* U+10FFFF */
	ck_assert(utf8_valid(S("a\0b")));	/* NUL is well-formed */
}
END_TEST

START_TEST(test_valid_rejects)
{
	/* Overlong forms. */
	ck_assert(!utf8_valid(S("\xc0\x80")));
	ck_assert(!utf8_valid(S("\xc1\xbf")));
	ck_assert(!utf8_valid(S("\xe0\x80\x80")));
	ck_assert(!utf8_valid(S("\xe0\x9f\xbf")));
	ck_assert(!utf8_valid(S("\xf0\x80\x80\x80")));
	ck_assert(!utf8_valid(S("\xf0\x8f\xbf\xbf")));
	/* Surrogates. */
	ck_assert(!utf8_valid(S("\xed\xa0\x80")));
	ck_assert(!utf8_valid(S("\xed\xbf\xbf")));
	ck_assert(!utf8_valid(S("\xed\xa0\xbd\xed\xb8\x80")));	/* CESU pair */
	/* Above U+10FFFF. */
	ck_assert(!utf8_valid(S("\xf4\x90\x80\x80")));
	ck_assert(!utf8_valid(S("\xf5\x80\x80\x80")));
	ck_assert(!utf8_valid(S("\xf8\x88\x80\x80\x80")));
	ck_assert(!utf8_valid(S("\xfe")));
	ck_assert(!utf8_valid(S("\xff")));
	/* Truncated, at the end and before other data. */
	ck_assert(!utf8_valid(S("\xc3")));
	ck_assert(!utf8_valid(S("\xe4\xb8")));
	ck_assert(!utf8_valid(S("\xf0\x9f\x98")));
	ck_assert(!utf8_valid(S("\xe4\xb8" "a")));
	ck_assert(!utf8_valid(S("ok\xf0\x9f\x98" "\xf0\x9f\x98\x80")));
	/* Stray continuation bytes. */
	ck_assert(!utf8_valid(S("\x80")));
	ck_assert(!utf8_valid(S("a\xbf" "b")));
	ck_assert(!utf8_valid(S("\xc3\xa9\xa9")));
	/* Latin-1 text is not UTF-8. */
	ck_assert(!utf8_valid(S("caf\xe9")));
}
END_TEST

START_TEST(test_decode_invalid_consumes_one)
{
	uint32_t	cp;
	bool		ok;

	ck_assert_uint_eq(utf8_decode(S("\xe4\xb8"), &cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);
	ck_assert_uint_eq(utf8_decode(S("\xb8"), &cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(utf8_decode(S("\xe0\x80\x80"), &cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(utf8_decode(S("\xed\xa0\x80"), &cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(utf8_decode(S("\xf4\x90\x80\x80"), &cp, &ok), 1);
	ck_assert(!ok);
	/* The second byte is fine, the third is not. */
	ck_assert_uint_eq(utf8_decode(S("\xe4\xb8" "a"), &cp, &ok), 1);
	ck_assert(!ok);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);

	/* An encoded U+FFFD is valid, which only *valid tells apart. */
	ck_assert_uint_eq(utf8_decode(S("\xef\xbf\xbd"), &cp, &ok), 3);
	ck_assert(ok);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);

	/* valid may be NULL. */
	ck_assert_uint_eq(utf8_decode(S("\xff"), &cp, NULL), 1);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);
	ck_assert_uint_eq(utf8_decode(S("\xc3\xa9"), &cp, NULL), 2);
	ck_assert_uint_eq(cp, 0xE9);

	/* Only len bytes are looked at. */
	ck_assert_uint_eq(utf8_decode("\xc3\xa9", 1, &cp, &ok), 1);
	ck_assert(!ok);
}
END_TEST

START_TEST(test_encode_boundaries)
{
	static const struct {
		uint32_t	 cp;
		size_t		 len;
		const char	*bytes;
	} cases[] = {
		{ 0x0000, 1, "\x00" },
		{ 0x007F, 1, "\x7f" },
		{ 0x0080, 2, "\xc2\x80" },
		{ 0x07FF, 2, "\xdf\xbf" },
		{ 0x0800, 3, "\xe0\xa0\x80" },
		{ 0xD7FF, 3, "\xed\x9f\xbf" },
		{ 0xE000, 3, "\xee\x80\x80" },
		{ 0xFFFD, 3, "\xef\xbf\xbd" },
		{ 0xFFFF, 3, "\xef\xbf\xbf" },
		{ 0x10000, 4, "\xf0\x90\x80\x80" },
		{ 0x1F600, 4, "\xf0\x9f\x98\x80" },
		{ 0x10FFFF, 4, "\xf4\x8f\xbf\xbf" },
	};
	char		out[UTF8_LEN_MAX];
	uint32_t	cp;
	bool		ok;
	size_t		i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = utf8_encode(cases[i].cp, out);
		ck_assert_uint_eq(n, cases[i].len);
		ck_assert_mem_eq(out, cases[i].bytes, n);
		ck_assert_uint_eq(utf8_decode(out, n, &cp, &ok), n);
		ck_assert(ok);
		ck_assert_uint_eq(cp, cases[i].cp);
	}

	ck_assert_uint_eq(utf8_encode(0xD800, out), 0);
	ck_assert_uint_eq(utf8_encode(0xDFFF, out), 0);
	ck_assert_uint_eq(utf8_encode(0x110000, out), 0);
	ck_assert_uint_eq(utf8_encode(UINT32_MAX, out), 0);
}
END_TEST

START_TEST(test_encode_decode_all)
{
	char		out[UTF8_LEN_MAX];
	uint32_t	c, cp;
	bool		ok;
	size_t		n;

	/*
	 * Every scalar value round trips and any shorter prefix of its
	 * encoding is truncated; every other value is refused.  Plain ifs:
	 * a passing ck_assert records its position, too slow a million times.
	 */
	for (c = 0; c <= 0x110000; c++) {
		n = utf8_encode(c, out);
		if (!utf8_cp_is_scalar(c)) {
			if (n != 0)
				ck_abort_msg("U+%04X encoded", (unsigned)c);
			continue;
		}
		if (n < 1 || n > UTF8_LEN_MAX || !utf8_valid(out, n))
			ck_abort_msg("U+%04X badly encoded", (unsigned)c);
		if (utf8_decode(out, n, &cp, &ok) != n || !ok || cp != c)
			ck_abort_msg("U+%04X decoded as U+%04X", (unsigned)c,
			    (unsigned)cp);
		if (n > 1 && utf8_valid(out, n - 1))
			ck_abort_msg("U+%04X prefix valid", (unsigned)c);
	}
}
END_TEST

START_TEST(test_cp_width)
{
	ck_assert_int_eq(utf8_cp_width('a'), 1);
	ck_assert_int_eq(utf8_cp_width(' '), 1);
	ck_assert_int_eq(utf8_cp_width('~'), 1);
	ck_assert_int_eq(utf8_cp_width(0x00E9), 1);	/* é precomposed */
	ck_assert_int_eq(utf8_cp_width(0x00A0), 1);	/* no-break space */
	ck_assert_int_eq(utf8_cp_width(0x00AD), 1);	/* soft hyphen */
	ck_assert_int_eq(utf8_cp_width(0x00B1), 1);	/* ambiguous: narrow */
	ck_assert_int_eq(utf8_cp_width(0x0301), 0);	/* combining acute */
	ck_assert_int_eq(utf8_cp_width(0x0300), 0);
	ck_assert_int_eq(utf8_cp_width(0x036F), 0);
	ck_assert_int_eq(utf8_cp_width(0x20DD), 0);	/* enclosing circle */
	ck_assert_int_eq(utf8_cp_width(0x4E2D), 2);	/* 中 */
	ck_assert_int_eq(utf8_cp_width(0xAC00), 2);	/* 가 */
	ck_assert_int_eq(utf8_cp_width(0xD7A3), 2);	/* last syllable */
	ck_assert_int_eq(utf8_cp_width(0x1100), 2);	/* leading jamo */
	ck_assert_int_eq(utf8_cp_width(0x1160), 0);	/* medial jamo */
	ck_assert_int_eq(utf8_cp_width(0x11FF), 0);	/* final jamo */
	ck_assert_int_eq(utf8_cp_width(0xD7B0), 0);	/* medial, ext. B */
	ck_assert_int_eq(utf8_cp_width(0xFF21), 2);	/* fullwidth A */
	ck_assert_int_eq(utf8_cp_width(0xFF61), 1);	/* halfwidth 。 */
	ck_assert_int_eq(utf8_cp_width(0x3000), 2);	/* ideographic space */
	ck_assert_int_eq(utf8_cp_width(0x302A), 0);	/* wide and Mn */
	ck_assert_int_eq(utf8_cp_width(0x1F600), 2);	/* emoji */
	ck_assert_int_eq(utf8_cp_width(0x1F44D), 2);
	ck_assert_int_eq(utf8_cp_width(0x20000), 2);	/* CJK ext. B */
	ck_assert_int_eq(utf8_cp_width(0x2FFFD), 2);	/* unassigned, W */
	ck_assert_int_eq(utf8_cp_width(0x3FFFD), 2);
	ck_assert_int_eq(utf8_cp_width(0x200B), 0);	/* ZWSP */
	ck_assert_int_eq(utf8_cp_width(0x200D), 0);	/* ZWJ */
	ck_assert_int_eq(utf8_cp_width(0x200F), 0);	/* RLM */
	ck_assert_int_eq(utf8_cp_width(0x2060), 0);	/* word joiner */
	ck_assert_int_eq(utf8_cp_width(0xFE0F), 0);	/* VS16 */
	ck_assert_int_eq(utf8_cp_width(0xE0100), 0);	/* VS17 */
	ck_assert_int_eq(utf8_cp_width(0xFEFF), 0);	/* BOM */
	ck_assert_int_eq(utf8_cp_width(0xE000), 1);	/* private use */
	ck_assert_int_eq(utf8_cp_width(0xFFFD), 1);
	ck_assert_int_eq(utf8_cp_width(0x10FFFF), 1);
	/* Not scalar values: drawn as U+FFFD. */
	ck_assert_int_eq(utf8_cp_width(0xD800), 1);
	ck_assert_int_eq(utf8_cp_width(0x110000), 1);
}
END_TEST

START_TEST(test_cp_controls)
{
	uint32_t	c;

	for (c = 0; c <= 0xA0; c++) {
		bool ctl = c < 0x20 || (c >= 0x7F && c <= 0x9F);

		ck_assert(utf8_cp_is_control(c) == ctl);
		ck_assert_int_eq(utf8_cp_width(c), ctl ? -1 : 1);
	}
	ck_assert(!utf8_cp_is_control(0x2028));
	ck_assert(!utf8_cp_is_control(0xFFFD));
}
END_TEST

START_TEST(test_cp_ignorable_and_layout)
{
	static const uint32_t ignorable[] = {
		0x00AD, 0x034F, 0x115F, 0x200B, 0x200C, 0x200D, 0x2060, 0x3164,
		0xFE0F, 0xFEFF, 0xFFA0, 0xE0001, 0xE0041, 0xE0FFF,
	};
	static const uint32_t layout[] = {
		0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E,
		0x2060, 0x2064, 0x2066, 0x2069, 0xFEFF, 0xFFF9, 0xFFFB, 0xE0001,
	};
	static const uint32_t neither[] = {
		'a', 0x00A0, 0x0301, 0x4E2D, 0x2027, 0x2030, 0xFFFD, 0x1F600,
	};
	size_t i;

	for (i = 0; i < sizeof ignorable / sizeof ignorable[0]; i++)
		ck_assert_msg(utf8_cp_is_ignorable(ignorable[i]), "U+%04X",
		    (unsigned)ignorable[i]);
	for (i = 0; i < sizeof layout / sizeof layout[0]; i++)
		ck_assert_msg(utf8_cp_is_layout(layout[i]), "U+%04X",
		    (unsigned)layout[i]);
	for (i = 0; i < sizeof neither / sizeof neither[0]; i++)
		ck_assert_msg(!utf8_cp_is_ignorable(neither[i]) &&
		    !utf8_cp_is_layout(neither[i]), "U+%04X",
		    (unsigned)neither[i]);
	/* ZWJ, ZWNJ, variation selectors, the soft hyphen and tags (flag
	 * emoji) are invisible but not layout controls: text needs them. */
	ck_assert(!utf8_cp_is_layout(0x200C));
	ck_assert(!utf8_cp_is_layout(0x200D));
	ck_assert(!utf8_cp_is_layout(0xFE0F));
	ck_assert(!utf8_cp_is_layout(0x00AD));
	ck_assert(!utf8_cp_is_layout(0xE0067));
}
END_TEST

START_TEST(test_width_strings)
{
	ck_assert_int_eq(utf8_width(S("")), 0);
	ck_assert_int_eq(utf8_width(S("abc")), 3);
	ck_assert_int_eq(utf8_width(S("caf\xc3\xa9")), 4);
	ck_assert_int_eq(utf8_width(S("cafe\xcc\x81")), 4);	/* e + U+0301 */
	ck_assert_int_eq(utf8_width(S("\xe5\xb0\x8f\xe6\x98\x8e")), 4);
	ck_assert_int_eq(utf8_width(S("\xea\xb0\x80")), 2);	/* 가 */
	ck_assert_int_eq(utf8_width(S("\xef\xbc\xa1")), 2);	/* Ａ */
	ck_assert_int_eq(utf8_width(S("\xf0\x9f\x98\x80")), 2);
	/* man ZWJ woman: the sequence's width is up to the terminal. */
	ck_assert_int_eq(utf8_width(S("\xf0\x9f\x91\xa8\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa9")), 4);
	/* Invalid bytes are U+FFFD, one column each. */
	ck_assert_int_eq(utf8_width(S("\xff\xfe")), 2);
	ck_assert_int_eq(utf8_width(S("a\xe4\xb8")), 3);
	/* A raw 0x85 byte is invalid, not the C1 control U+0085. */
	ck_assert_int_eq(utf8_width(S("\x85")), 1);
	/* Any control makes the whole string -1. */
	ck_assert_int_eq(utf8_width(S("a\tb")), -1);
	ck_assert_int_eq(utf8_width(S("\x1b[31mred")), -1);
	ck_assert_int_eq(utf8_width(S("a\x7f")), -1);
	ck_assert_int_eq(utf8_width(S("\xc2\x85")), -1);	/* U+0085 */
	ck_assert_int_eq(utf8_width(S("ab\0")), -1);
}
END_TEST

START_TEST(test_prefix_len)
{
	/* a 中 é 😀 b: 1 + 3 + 2 + 4 + 1 bytes. */
	static const char	s[] = "a\xe4\xb8\xad\xc3\xa9\xf0\x9f\x98\x80" "b";
	static const size_t	want[] = { 0, 1, 1, 1, 4, 4, 6, 6, 6, 6, 10, 11 };
	size_t			len = sizeof s - 1, max, n;

	for (max = 0; max <= len; max++) {
		n = utf8_prefix_len(s, len, max);
		ck_assert_uint_eq(n, want[max]);
		ck_assert(utf8_valid(s, n));
		ck_assert(utf8_valid(s + n, len - n));
	}
	ck_assert_uint_eq(utf8_prefix_len(s, len, 1000), len);
	ck_assert_uint_eq(utf8_prefix_len(s, 0, 5), 0);

	/* Invalid bytes are characters of their own. */
	ck_assert_uint_eq(utf8_prefix_len(S("\xff\xfe\xfd"), 2), 2);
	ck_assert_uint_eq(utf8_prefix_len(S("\xe4\xb8" "abc"), 1), 1);
	ck_assert_uint_eq(utf8_prefix_len(S("x\xe4\xb8\xad"), 3), 1);
}
END_TEST

START_TEST(test_prefix_cols)
{
	/* a 中 b: widths 1, 2, 1. */
	static const char	s[] = "a\xe4\xb8\xad" "b";
	size_t			len = sizeof s - 1;
	int			w;

	ck_assert_uint_eq(utf8_prefix_cols(s, len, 0, &w), 0);
	ck_assert_int_eq(w, 0);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 1, &w), 1);
	ck_assert_int_eq(w, 1);
	/* 中 would straddle the boundary: it is left out whole. */
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 2, &w), 1);
	ck_assert_int_eq(w, 1);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 3, &w), 4);
	ck_assert_int_eq(w, 3);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 4, &w), 5);
	ck_assert_int_eq(w, 4);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 80, &w), 5);
	ck_assert_int_eq(w, 4);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, -1, &w), 0);
	ck_assert_int_eq(w, 0);
	ck_assert_uint_eq(utf8_prefix_cols(s, len, 3, NULL), 4);

	/* 小明 in 3 columns: only 小. */
	ck_assert_uint_eq(utf8_prefix_cols(S("\xe5\xb0\x8f\xe6\x98\x8e"), 3,
	    &w), 3);
	ck_assert_int_eq(w, 2);

	/* A combining mark stays with its base. */
	ck_assert_uint_eq(utf8_prefix_cols(S("e\xcc\x81x"), 1, &w), 3);
	ck_assert_int_eq(w, 1);

	/* Controls take two columns (^A). */
	ck_assert_uint_eq(utf8_prefix_cols(S("a\x01" "b"), 2, &w), 1);
	ck_assert_int_eq(w, 1);
	ck_assert_uint_eq(utf8_prefix_cols(S("a\x01" "b"), 3, &w), 2);
	ck_assert_int_eq(w, 3);

	/* Invalid bytes take one column each. */
	ck_assert_uint_eq(utf8_prefix_cols(S("\xff\xe4\xb8"), 2, &w), 2);
	ck_assert_int_eq(w, 2);
}
END_TEST

/* Gather the tests. */
static Suite *
utf8_suite(void)
{
	Suite	*s = suite_create("utf8");
	TCase	*tc;

	tc = tcase_create("validate");
	tcase_add_test(tc, test_valid_accepts);
	tcase_add_test(tc, test_valid_rejects);
	tcase_add_test(tc, test_decode_invalid_consumes_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_test(tc, test_encode_boundaries);
	tcase_add_test(tc, test_encode_decode_all);
	suite_add_tcase(s, tc);

	tc = tcase_create("width");
	tcase_add_test(tc, test_cp_width);
	tcase_add_test(tc, test_cp_controls);
	tcase_add_test(tc, test_cp_ignorable_and_layout);
	tcase_add_test(tc, test_width_strings);
	tcase_add_test(tc, test_prefix_len);
	tcase_add_test(tc, test_prefix_cols);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(utf8_suite());
}
