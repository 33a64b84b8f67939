/* Unit tests of client/search.c (/lastlog's matching and marking) and
 * client/isearch.c (Ctrl-R, Ctrl-S), with the scrollback's view. */
#include <check.h>
#include <stdbool.h>
#include <string.h>
#include <sys/types.h>

#include "client/isearch.h"
#include "client/scrollback.h"
#include "client/search.h"
#include "check_run.h"

static Suite	*search_suite(void);

static struct scrollback	sb;

/* 100 lines; every tenth mentions pizza, line 55 too, from Pizzaiolo. */
static void
setup(void)
{
	char	text[64];
	int	i;

	scrollback_init(&sb, 0);
	scrollback_resize(&sb, 80, 10);
	for (i = 0; i < 100; i++) {
		snprintf(text, sizeof text, "line %d%s", i,
		    i % 10 == 0 ? " wants PIZZA" : "");
		scrollback_push(&sb, 1000 + i, SCROLLBACK_MESSAGE, 0,
		    i == 55 ? "Pizzaiolo" : "alice", text);
	}
}

static void
teardown(void)
{
	scrollback_free(&sb);
}

START_TEST(test_matching)
{
	size_t	found[20], n;
	char	out[128];

	ck_assert(search_matches(scrollback_line(&sb, 10), "pizza"));
	ck_assert(search_matches(scrollback_line(&sb, 55), "pizza"));
	ck_assert(!search_matches(scrollback_line(&sb, 11), "pizza"));
	ck_assert(!search_matches(scrollback_line(&sb, 10), ""));
	ck_assert_int_eq(search_next(&sb, "pizza", 99, -1), 90);
	ck_assert_int_eq(search_next(&sb, "pizza", 89, -1), 80);
	ck_assert_int_eq(search_next(&sb, "pizza", 56, 1), 60);
	ck_assert_int_eq(search_next(&sb, "pizza", 51, 1), 55);
	ck_assert_int_eq(search_next(&sb, "nothing", 99, -1), -1);
	ck_assert_int_eq(search_next(&sb, "line 1", 1000, -1), 19);
	n = search_last(&sb, "pizza", 3, found);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(found[0], 70);
	ck_assert_uint_eq(found[2], 90);
	ck_assert_uint_eq(search_last(&sb, "pizza", 20, found), 11);
	ck_assert_uint_eq(found[0], 0);
	/* Marked for render.c, case kept. */
	search_mark("a Pizza and a pizza", "PIZZA", out, sizeof out);
	ck_assert_str_eq(out, "a \x16Pizza\x16 and a \x16pizza\x16");
	search_mark("no match", "x y", out, sizeof out);
	ck_assert_str_eq(out, "no match");
	/* /lastlog's own lines are not found again. */
	scrollback_push(&sb, 2000, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH,
	    NULL, "line 90 wants PIZZA");
	ck_assert_int_eq(search_next(&sb, "pizza", 1000, -1), 90);
}
END_TEST

START_TEST(test_incremental)
{
	struct isearch	is;
	char		prompt[256];
	struct scrollback_view v;

	ck_assert(scrollback_at_bottom(&sb));
	isearch_start(&is, &sb, -1);
	isearch_type(&is, &sb, "piz", 3);
	ck_assert_int_eq(is.at, 90);
	ck_assert(!scrollback_at_bottom(&sb));
	ck_assert(scrollback_marked(&sb, 90));
	/* The match shows, a third of the pane under the top. */
	scrollback_view(&sb, &v);
	ck_assert_uint_eq(v.line, 87);
	isearch_again(&is, &sb, -1);
	ck_assert_int_eq(is.at, 80);
	isearch_type(&is, &sb, "zaiolo", 6);
	ck_assert_int_eq(is.at, 55);
	isearch_again(&is, &sb, -1);
	ck_assert(is.failed);
	ck_assert_int_eq(is.at, 55);
	isearch_prompt(&is, prompt, sizeof prompt);
	ck_assert_str_eq(prompt, "failing search back (C-r): pizzaiolo");
	isearch_backspace(&is, &sb);
	ck_assert_str_eq(is.query, "pizzaiol");
	ck_assert(!is.failed);
	/* Forward from the match. */
	isearch_again(&is, &sb, 1);
	ck_assert(is.failed);
	isearch_prompt(&is, prompt, sizeof prompt);
	ck_assert_str_eq(prompt, "failing search forward (C-s): pizzaiol");
	/* Esc: back to the bottom, nothing marked. */
	isearch_end(&is, &sb, false);
	ck_assert(!is.active);
	ck_assert(scrollback_at_bottom(&sb));
	ck_assert(!scrollback_marked(&sb, 55));
	/* Enter keeps the view at the match. */
	isearch_start(&is, &sb, -1);
	isearch_type(&is, &sb, "line 3", 6);
	ck_assert_int_eq(is.at, 39);
	isearch_end(&is, &sb, true);
	ck_assert(!scrollback_at_bottom(&sb));
	scrollback_view(&sb, &v);
	ck_assert_uint_eq(v.line, 36);
}
END_TEST

static Suite *
search_suite(void)
{
	Suite	*s = suite_create("search");
	TCase	*tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_matching);
	tcase_add_test(tc, test_incremental);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(search_suite());
}
