/* Unit tests of client/wrap.c (word wrapping by display width) and of
 * client/cluster.c, the characters it works with. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/cluster.h"
#include "utf8.h"
#include "client/wrap.h"
#include "check_random.h"
#include "check_run.h"

static Suite	*wrap_suite(void);

/*
 * Wrap text and compare the rows with expected (NULL-terminated), each the
 * row's text; also checks wrap_count agrees and rows stay in bounds.
 */
static void
expect_rows(const char *text, int width, int indent,
    const char *const expected[])
{
	struct wrap	w;
	size_t		len = strlen(text), n, i, nexp = 0;
	char		row[512];

	while (expected[nexp] != NULL)
		nexp++;
	wrap_init(&w);
	n = wrap_text(&w, text, len, width, indent);
	ck_assert_uint_eq(n, w.nrows);
	ck_assert_uint_eq(wrap_count(text, len, width, indent), n);
	for (i = 0; i < n && i < nexp; i++) {
		ck_assert_uint_le(w.rows[i].start, w.rows[i].end);
		ck_assert_uint_le(w.rows[i].end, len);
		snprintf(row, sizeof row, "%.*s",
		    (int)(w.rows[i].end - w.rows[i].start),
		    text + w.rows[i].start);
		ck_assert_msg(strcmp(row, expected[i]) == 0,
		    "width %d row %zu: got \"%s\", want \"%s\"", width, i,
		    row, expected[i]);
		ck_assert_int_eq(w.rows[i].cols,
		    cluster_cols(row, strlen(row)));
	}
	ck_assert_msg(n == nexp, "width %d: %zu rows, want %zu", width, n,
	    nexp);
	wrap_free(&w);
}

#define ROWS(...)	((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_empty_and_short)
{
	struct wrap	w;

	wrap_init(&w);
	ck_assert_uint_eq(wrap_text(&w, "", 0, 10, 0), 1);
	ck_assert_uint_eq(w.rows[0].start, 0);
	ck_assert_uint_eq(w.rows[0].end, 0);
	ck_assert_int_eq(w.rows[0].cols, 0);
	wrap_free(&w);
	ck_assert_ptr_null(w.rows);

	expect_rows("hello", 10, 0, ROWS("hello"));
	expect_rows("hello", 5, 0, ROWS("hello"));
	expect_rows("hello world", 11, 0, ROWS("hello world"));
}
END_TEST

START_TEST(test_break_at_spaces)
{
	expect_rows("hello world foo", 10, 0, ROWS("hello", "world foo"));
	expect_rows("hello world foo", 8, 0, ROWS("hello", "world", "foo"));
	expect_rows("the quick brown fox jumps", 9, 0,
	    ROWS("the quick", "brown fox", "jumps"));
	/* A run of spaces at a break is shown on neither row. */
	expect_rows("aaa     bbb", 5, 0, ROWS("aaa", "bbb"));
	/* Spaces that alone overflow the row still break it. */
	expect_rows("a                    b", 5, 0, ROWS("a", "b"));
	/* Spaces inside a row are kept as they are. */
	expect_rows("a  b  c", 20, 0, ROWS("a  b  c"));
}
END_TEST

START_TEST(test_leading_trailing_spaces)
{
	struct wrap	w;

	/* The first row keeps leading spaces; trailing ones are dropped. */
	expect_rows("  hi", 10, 0, ROWS("  hi"));
	expect_rows("hi   ", 10, 0, ROWS("hi"));
	expect_rows("hi there   ", 5, 0, ROWS("hi", "there"));
	/* Continuation rows never start with a space. */
	expect_rows("abcdef ghi", 3, 0, ROWS("abc", "def", "ghi"));

	wrap_init(&w);
	ck_assert_uint_eq(wrap_text(&w, "     ", 5, 10, 0), 1);
	ck_assert_uint_eq(w.rows[0].end, 5);
	wrap_free(&w);
}
END_TEST

START_TEST(test_long_words)
{
	expect_rows("abcdefghij", 4, 0, ROWS("abcd", "efgh", "ij"));
	expect_rows("hi abcdefghij", 5, 0, ROWS("hi", "abcde", "fghij"));
	expect_rows("http://example.org/a/very/long/path ok", 12, 0,
	    ROWS("http://examp", "le.org/a/ver", "y/long/path", "ok"));
	/* Width below 1 counts as 1. */
	expect_rows("abc", 0, 0, ROWS("a", "b", "c"));
	expect_rows("abc", -5, 0, ROWS("a", "b", "c"));
}
END_TEST

START_TEST(test_cjk)
{
	/* 中文字符测试: six wide characters, twelve columns. */
	const char	*cjk = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97"
	    "\xe7\xac\xa6\xe6\xb5\x8b\xe8\xaf\x95";

	expect_rows(cjk, 12, 0, ROWS(cjk));
	/* CJK text breaks between any two characters, never inside one. */
	expect_rows(cjk, 5, 0, ROWS("\xe4\xb8\xad\xe6\x96\x87",
	    "\xe5\xad\x97\xe7\xac\xa6", "\xe6\xb5\x8b\xe8\xaf\x95"));
	expect_rows(cjk, 4, 0, ROWS("\xe4\xb8\xad\xe6\x96\x87",
	    "\xe5\xad\x97\xe7\xac\xa6", "\xe6\xb5\x8b\xe8\xaf\x95"));
	expect_rows(cjk, 3, 0, ROWS("\xe4\xb8\xad", "\xe6\x96\x87",
	    "\xe5\xad\x97", "\xe7\xac\xa6", "\xe6\xb5\x8b", "\xe8\xaf\x95"));
	/* Between ASCII and CJK too: hello中文 */
	expect_rows("hello\xe4\xb8\xad\xe6\x96\x87", 7, 0,
	    ROWS("hello\xe4\xb8\xad", "\xe6\x96\x87"));
	expect_rows("hello\xe4\xb8\xad\xe6\x96\x87", 6, 0,
	    ROWS("hello", "\xe4\xb8\xad\xe6\x96\x87"));
	/* ...but an ASCII word is still not cut when a break exists:
	 * 中abcdef at 6 columns gives 中 / abcdef. */
	expect_rows("\xe4\xb8\xad" "abcdef", 6, 0,
	    ROWS("\xe4\xb8\xad", "abcdef"));
}
END_TEST

START_TEST(test_cjk_punctuation)
{
	/* 中文。中: 。 may not start a row, so 文 goes down with it. */
	expect_rows("\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82\xe4\xb8\xad", 4, 0,
	    ROWS("\xe4\xb8\xad", "\xe6\x96\x87\xe3\x80\x82",
	    "\xe4\xb8\xad"));
	/* 中「文: 「 may not end a row. */
	expect_rows("\xe4\xb8\xad\xe3\x80\x8c\xe6\x96\x87", 4, 0,
	    ROWS("\xe4\xb8\xad", "\xe3\x80\x8c\xe6\x96\x87"));
	/* With no other break, the rule gives way: 。。。 at width 2. */
	expect_rows("\xe3\x80\x82\xe3\x80\x82\xe3\x80\x82", 2, 0,
	    ROWS("\xe3\x80\x82", "\xe3\x80\x82", "\xe3\x80\x82"));
}
END_TEST

START_TEST(test_wide_char_in_narrow_row)
{
	struct wrap	w;

	/* A two-column character cannot fit one column: alone on its row. */
	expect_rows("\xe4\xb8\xad\xe6\x96\x87", 1, 0,
	    ROWS("\xe4\xb8\xad", "\xe6\x96\x87"));
	expect_rows("a\xe4\xb8\xad" "b", 1, 0, ROWS("a", "\xe4\xb8\xad", "b"));
	wrap_init(&w);
	wrap_text(&w, "\xe4\xb8\xad", 3, 1, 0);
	ck_assert_int_eq(w.rows[0].cols, 2);
	wrap_free(&w);
	expect_rows("\xe4\xb8\xad \xe6\x96\x87", 1, 0,
	    ROWS("\xe4\xb8\xad", "\xe6\x96\x87"));
}
END_TEST

START_TEST(test_combining_marks)
{
	/* e + U+0301 four times: a base and its mark are never separated. */
	const char	*e4 = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81";

	expect_rows(e4, 4, 0, ROWS(e4));
	expect_rows(e4, 2, 0, ROWS("e\xcc\x81" "e\xcc\x81",
	    "e\xcc\x81" "e\xcc\x81"));
	expect_rows(e4, 3, 0, ROWS("e\xcc\x81" "e\xcc\x81" "e\xcc\x81",
	    "e\xcc\x81"));
	/* Several marks on one base, and a mark after a wide character. */
	expect_rows("ab\xcc\x81\xcc\xa3" "c", 2, 0,
	    ROWS("ab\xcc\x81\xcc\xa3", "c"));
	expect_rows("\xe4\xb8\xad\xe3\x82\x99\xe6\x96\x87", 2, 0,
	    ROWS("\xe4\xb8\xad\xe3\x82\x99", "\xe6\x96\x87"));
}
END_TEST

START_TEST(test_indent)
{
	struct wrap	w;
	const char	*text = "[12:04] <alice> the quick brown fox jumps "
	    "over the lazy dog";
	size_t		i, n;

	expect_rows(text, 30, 16, ROWS("[12:04] <alice> the quick", "brown fox",
	    "jumps over the", "lazy dog"));
	wrap_init(&w);
	n = wrap_text(&w, text, strlen(text), 30, 16);
	ck_assert_int_eq(w.rows[0].indent, 0);
	for (i = 1; i < n; i++) {
		ck_assert_int_eq(w.rows[i].indent, 16);
		ck_assert_int_le(w.rows[i].cols, 30 - 16);
	}
	/* Too narrow for the indent: continuation rows start at column 0. */
	ck_assert_int_eq(wrap_indent(20, 16), 0);
	ck_assert_int_eq(wrap_indent(26, 16), 16);
	ck_assert_int_eq(wrap_indent(25, 16), 0);
	ck_assert_int_eq(wrap_indent(80, 0), 0);
	ck_assert_int_eq(wrap_indent(80, -3), 0);
	n = wrap_text(&w, text, strlen(text), 20, 16);
	for (i = 1; i < n; i++)
		ck_assert_int_eq(w.rows[i].indent, 0);
	expect_rows(text, 20, 16, ROWS("[12:04] <alice> the", "quick brown fox",
	    "jumps over the lazy", "dog"));
	wrap_free(&w);
}
END_TEST

START_TEST(test_controls_and_invalid)
{
	struct wrap	w;

	/* Robust against what should never reach it: ^A is 2 columns, an
	 * invalid byte one (U+FFFD). */
	wrap_init(&w);
	ck_assert_uint_eq(wrap_text(&w, "\x01\x01\x01", 3, 4, 0), 2);
	ck_assert_int_eq(w.rows[0].cols, 4);
	ck_assert_uint_eq(w.rows[0].end, 2);
	ck_assert_uint_eq(wrap_text(&w, "\xff\xfe\xe4\xb8", 4, 2, 0), 2);
	ck_assert_int_eq(w.rows[0].cols, 2);
	ck_assert_uint_eq(w.rows[0].end, 2);
	ck_assert_uint_eq(w.rows[1].end, 4);
	/* A NUL byte inside the length is a character like the others. */
	ck_assert_uint_eq(wrap_text(&w, "a\0b", 3, 80, 0), 1);
	ck_assert_uint_eq(w.rows[0].end, 3);
	wrap_free(&w);
}
END_TEST

/* Fail the test when cond is false; unlike ck_assert it costs nothing
 * when it holds, which matters in loops over thousands of cases. */
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

/* Append a random piece of text: ASCII, spaces, CJK, marks, junk. */
static size_t
random_piece(uint32_t *state, char *out)
{
	static const char *const pieces[] = {
		"a", "b", "word", " ", "  ", "\xe4\xb8\xad", "\xe6\x96\x87",
		"\xcc\x81", "\xe3\x80\x82", "\xe3\x80\x8c", "\xf0\x9f\x98\x80",
		"\x01", "\xff", "-", "\xe3\x80\x80", "\xc3\xa9",
	};
	const char	*p = pieces[next_random(state) %
	    (sizeof pieces / sizeof pieces[0])];

	memcpy(out, p, strlen(p));
	return strlen(p);
}

START_TEST(test_properties_random)
{
	struct wrap	w;
	char		text[400];
	uint32_t	state = 2463534242u, cp;
	size_t		len, i, off, r, prev_end, next;
	int		width, avail, ind, cw;
	int		round;

	wrap_init(&w);
	for (round = 0; round < 400; round++) {
		len = 0;
		while (len < sizeof text - 8 && next_random(&state) % 40 != 0)
			len += random_piece(&state, text + len);
		for (width = 1; width <= 30; width++) {
			r = wrap_text(&w, text, len, width, 6);
			REQUIRE(r >= 1);
			REQUIRE(wrap_count(text, len, width, 6) == r);
			ind = wrap_indent(width, 6);
			prev_end = 0;
			for (i = 0; i < r; i++) {
				const struct wrap_row *row = &w.rows[i];

				avail = i == 0 ? width : width - ind;
				REQUIRE(row->start >= prev_end);
				REQUIRE(row->start <= row->end);
				REQUIRE(row->end <= len);
				/* Whatever lies between rows is spaces. */
				for (off = prev_end; off < row->start; off = next) {
					next = cluster_next(text, len, off, NULL, &cp);
					REQUIRE(cluster_is_space(cp));
				}
				/* Rows start and end on cluster boundaries. */
				REQUIRE(cluster_prev(text, len,
				    cluster_next(text, len, row->start, NULL,
				    NULL)) == row->start);
				REQUIRE(row->end == len || row->end ==
				    cluster_prev(text, len, cluster_next(text, len,
				    row->end, NULL, NULL)));
				REQUIRE(row->cols == cluster_cols(text +
				    row->start, row->end - row->start));
				/* Only a single cluster may overflow. */
				if (row->cols > avail) {
					REQUIRE(cluster_next(text, len,
					    row->start, &cw, NULL) == row->end);
					REQUIRE(cw > avail);
				}
				REQUIRE(row->indent == (i == 0 ? 0 : ind));
				prev_end = row->end;
			}
			/* Only spaces are left out at the end. */
			for (off = prev_end; off < len; off = next) {
				next = cluster_next(text, len, off, NULL, &cp);
				REQUIRE(cluster_is_space(cp));
			}
		}
	}
	wrap_free(&w);
}
END_TEST

START_TEST(test_rewrap_on_resize)
{
	const char	*text = "alice: did you see the new build? "
	    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6 works now";
	struct wrap	w;
	size_t		r80, r20, r10;

	/* The same text gives fewer rows the wider the pane, and wrapping
	 * again for the first width gives the very same rows. */
	wrap_init(&w);
	r80 = wrap_text(&w, text, strlen(text), 80, 0);
	r20 = wrap_text(&w, text, strlen(text), 20, 0);
	r10 = wrap_text(&w, text, strlen(text), 10, 0);
	ck_assert_uint_eq(r80, 1);
	ck_assert_uint_eq(r20, 3);
	ck_assert_uint_gt(r10, r20);
	ck_assert_uint_eq(wrap_text(&w, text, strlen(text), 80, 0), 1);
	ck_assert_uint_eq(w.rows[0].end, strlen(text));
	wrap_free(&w);
	expect_rows(text, 20, 0, ROWS("alice: did you see",
	    "the new build? \xe4\xb8\xad\xe6\x96\x87",
	    "\xe5\xad\x97\xe7\xac\xa6 works now"));
}
END_TEST

START_TEST(test_clusters)
{
	/* a, é as e + U+0301 + U+0323, 中, \x01, an invalid byte. */
	const char	*s = "ae\xcc\x81\xcc\xa3\xe4\xb8\xad\x01\xff";
	size_t		 len = strlen(s);
	uint32_t	 cp;
	int		 cols;

	ck_assert_uint_eq(cluster_next(s, len, 0, &cols, &cp), 1);
	ck_assert_int_eq(cols, 1);
	ck_assert_uint_eq(cp, 'a');
	ck_assert_uint_eq(cluster_next(s, len, 1, &cols, &cp), 6);
	ck_assert_int_eq(cols, 1);
	ck_assert_uint_eq(cp, 'e');
	ck_assert_uint_eq(cluster_next(s, len, 6, &cols, &cp), 9);
	ck_assert_int_eq(cols, 2);
	ck_assert_uint_eq(cluster_next(s, len, 9, &cols, &cp), 10);
	ck_assert_int_eq(cols, UTF8_CONTROL_COLS);
	ck_assert_uint_eq(cluster_next(s, len, 10, &cols, &cp), 11);
	ck_assert_int_eq(cols, 1);
	ck_assert_uint_eq(cp, UTF8_REPLACEMENT);
	ck_assert_uint_eq(cluster_next(s, len, 11, &cols, &cp), 11);
	ck_assert_int_eq(cols, 0);

	ck_assert_uint_eq(cluster_prev(s, len, 11), 10);
	ck_assert_uint_eq(cluster_prev(s, len, 10), 9);
	ck_assert_uint_eq(cluster_prev(s, len, 9), 6);
	ck_assert_uint_eq(cluster_prev(s, len, 6), 1);
	ck_assert_uint_eq(cluster_prev(s, len, 1), 0);
	ck_assert_uint_eq(cluster_prev(s, len, 0), 0);
	/* Code point by code point, the marks are separate. */
	ck_assert_uint_eq(cluster_cp_prev(s, len, 6), 4);
	ck_assert_uint_eq(cluster_cp_prev(s, len, 4), 2);
	ck_assert_uint_eq(cluster_cp_prev(s, len, 9), 6);
	/* A truncated sequence is one byte per code point. */
	ck_assert_uint_eq(cluster_cp_prev("\xe4\xb8", 2, 2), 1);
	ck_assert_uint_eq(cluster_cols(s, len), 1 + 1 + 2 + 2 + 1);
	/* A mark with no base is a cluster of its own, zero wide. */
	ck_assert_uint_eq(cluster_next("\xcc\x81" "a", 3, 0, &cols, NULL), 2);
	ck_assert_int_eq(cols, 0);
}
END_TEST

START_TEST(test_character_classes)
{
	ck_assert(cluster_is_space(' '));
	ck_assert(cluster_is_space('\t'));
	ck_assert(cluster_is_space(0x3000));
	ck_assert(!cluster_is_space(0xA0));	/* no-break space */
	ck_assert(!cluster_is_space('a'));
	ck_assert(cluster_is_word('a'));
	ck_assert(cluster_is_word('Z'));
	ck_assert(cluster_is_word('7'));
	ck_assert(cluster_is_word(0xE9));	/* é */
	ck_assert(cluster_is_word(0x4E2D));	/* 中 */
	ck_assert(!cluster_is_word('_'));
	ck_assert(!cluster_is_word(','));
	ck_assert(!cluster_is_word(' '));
	ck_assert(!cluster_is_word(0x3002));	/* 。 */
	ck_assert(!cluster_is_word(0xFF0C));	/* ， */
	ck_assert(!cluster_is_word(0x85));
	ck_assert(cluster_no_break_before(0x3002));
	ck_assert(cluster_no_break_before(0xFF09));
	ck_assert(!cluster_no_break_before(0x4E2D));
	ck_assert(cluster_no_break_after(0x300C));
	ck_assert(!cluster_no_break_after(0x300D));
}
END_TEST

static Suite *
wrap_suite(void)
{
	Suite	*s = suite_create("wrap");
	TCase	*tc;

	tc = tcase_create("basic");
	tcase_add_test(tc, test_empty_and_short);
	tcase_add_test(tc, test_break_at_spaces);
	tcase_add_test(tc, test_leading_trailing_spaces);
	tcase_add_test(tc, test_long_words);
	tcase_add_test(tc, test_indent);
	tcase_add_test(tc, test_rewrap_on_resize);
	suite_add_tcase(s, tc);

	tc = tcase_create("unicode");
	tcase_add_test(tc, test_cjk);
	tcase_add_test(tc, test_cjk_punctuation);
	tcase_add_test(tc, test_wide_char_in_narrow_row);
	tcase_add_test(tc, test_combining_marks);
	tcase_add_test(tc, test_controls_and_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("cluster");
	tcase_add_test(tc, test_clusters);
	tcase_add_test(tc, test_character_classes);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_add_test(tc, test_properties_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(wrap_suite());
}
