/* Unit tests of client/scrollback.c: line store, view model, activity. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/scrollback.h"
#include "check_random.h"
#include "check_run.h"

/* Fail the test when cond is false; unlike ck_assert it costs nothing
 * when it holds, which matters in loops over thousands of cases. */
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

static Suite	*scrollback_suite(void);

static struct scrollback	sb;

/* A measure that is easy to reason about: one row per width bytes. */
static int
measure_bytes(const struct scrollback_line *line, int width, void *arg)
{
	size_t	len = strlen(line->text);

	(void)arg;
	return len == 0 ? 1 : (int)((len + (size_t)width - 1) / (size_t)width);
}

static void
setup(void)
{
	scrollback_init(&sb, 0);
	scrollback_set_measure(&sb, measure_bytes, NULL);
	scrollback_resize(&sb, 10, 4);
	scrollback_set_visible(&sb, true);
}

static void
teardown(void)
{
	scrollback_free(&sb);
}

/* Push n lines of len bytes each, numbered from first. */
static void
push_lines(int first, int n, size_t len)
{
	char	text[256];
	int	i;

	for (i = first; i < first + n; i++) {
		memset(text, 'x', sizeof text);
		snprintf(text, sizeof text, "%d", i);
		text[strlen(text)] = 'x';
		text[len] = '\0';
		scrollback_push(&sb, (time_t)i, SCROLLBACK_MESSAGE, 0, "nick",
		    text);
	}
}

/* The view's first line, row and rows. */
static void
expect_view(size_t line, int row, int rows, bool at_bottom)
{
	struct scrollback_view	v;

	scrollback_view(&sb, &v);
	ck_assert_uint_eq(v.line, line);
	ck_assert_int_eq(v.row, row);
	ck_assert_int_eq(v.rows, rows);
	ck_assert(v.at_bottom == at_bottom);
	ck_assert(scrollback_at_bottom(&sb) == at_bottom);
	ck_assert_uint_eq(v.unread, scrollback_unread(&sb));
}

START_TEST(test_push_and_read)
{
	const struct scrollback_line	*l;

	ck_assert_uint_eq(scrollback_count(&sb), 0);
	ck_assert_ptr_null(scrollback_line(&sb, 0));
	l = scrollback_push(&sb, 1234, SCROLLBACK_ACTION,
	    SCROLLBACK_HIGHLIGHT, "alice", "waves at \x02you");
	ck_assert_ptr_eq(l, scrollback_line(&sb, 0));
	ck_assert_int_eq(l->time, 1234);
	ck_assert_int_eq(l->kind, SCROLLBACK_ACTION);
	ck_assert_uint_eq(l->flags, SCROLLBACK_HIGHLIGHT);
	ck_assert_str_eq(l->sender, "alice");
	ck_assert_str_eq(l->text, "waves at \x02you");
	ck_assert_uint_eq(l->seq, 0);
	ck_assert_int_eq(l->rows, 2);
	l = scrollback_push(&sb, 1235, SCROLLBACK_SERVER, 0, NULL, "motd");
	ck_assert_str_eq(l->sender, "");
	ck_assert_uint_eq(l->seq, 1);
	ck_assert_uint_eq(scrollback_count(&sb), 2);
	ck_assert_str_eq(scrollback_line(&sb, 1)->text, "motd");
	ck_assert_ptr_null(scrollback_line(&sb, 2));
}
END_TEST

START_TEST(test_bounded)
{
	struct scrollback	small;
	char			text[16];
	int			i;

	scrollback_init(&small, 5);
	for (i = 0; i < 12; i++) {
		snprintf(text, sizeof text, "%d", i);
		scrollback_push(&small, 0, SCROLLBACK_MESSAGE, 0, "n", text);
	}
	ck_assert_uint_eq(scrollback_count(&small), 5);
	ck_assert_str_eq(scrollback_line(&small, 0)->text, "7");
	ck_assert_str_eq(scrollback_line(&small, 4)->text, "11");
	ck_assert_uint_eq(scrollback_line(&small, 0)->seq, 7);
	scrollback_free(&small);

	/* The default bound. */
	for (i = 0; i < 6000; i++) {
		snprintf(text, sizeof text, "%d", i);
		scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "n", text);
	}
	ck_assert_uint_eq(scrollback_count(&sb), SCROLLBACK_DEFAULT_LINES);
	ck_assert_str_eq(scrollback_line(&sb, 0)->text, "1000");
	ck_assert_str_eq(scrollback_line(&sb, 4999)->text, "5999");
	ck_assert_ptr_null(scrollback_line(&sb, 5000));
}
END_TEST

START_TEST(test_view_at_bottom)
{
	expect_view(0, 0, 0, true);
	push_lines(0, 2, 5);
	expect_view(0, 0, 2, true);
	push_lines(2, 8, 5);
	expect_view(6, 0, 4, true);
	/* A three-row line at the end: one more line fills the pane. */
	push_lines(10, 1, 25);
	expect_view(9, 0, 4, true);
	/* A five-row line: only its last four rows show. */
	push_lines(11, 1, 45);
	expect_view(11, 1, 4, true);
}
END_TEST

START_TEST(test_scroll_rows)
{
	ck_assert(!scrollback_scroll_up(&sb, 1));
	push_lines(0, 3, 5);
	/* Everything fits: nothing to scroll. */
	ck_assert(!scrollback_scroll_up(&sb, 1));
	ck_assert(!scrollback_scroll_top(&sb));
	expect_view(0, 0, 3, true);
	push_lines(3, 7, 5);
	ck_assert(scrollback_scroll_up(&sb, 1));
	expect_view(5, 0, 4, false);
	ck_assert(scrollback_scroll_down(&sb, 1));
	expect_view(6, 0, 4, true);
	ck_assert(!scrollback_scroll_down(&sb, 1));
	ck_assert(scrollback_scroll_up(&sb, 100));
	expect_view(0, 0, 4, false);
	ck_assert(!scrollback_scroll_up(&sb, 1));
	ck_assert(!scrollback_scroll_up(&sb, 0));
	ck_assert(scrollback_scroll_down(&sb, 2));
	expect_view(2, 0, 4, false);
	ck_assert(scrollback_scroll_down(&sb, 100));
	expect_view(6, 0, 4, true);
	ck_assert(scrollback_scroll_top(&sb));
	expect_view(0, 0, 4, false);
	ck_assert(!scrollback_scroll_top(&sb));
	ck_assert(scrollback_scroll_bottom(&sb));
	ck_assert(!scrollback_scroll_bottom(&sb));
	expect_view(6, 0, 4, true);
}
END_TEST

START_TEST(test_scroll_inside_lines)
{
	/* Three lines of three rows: nine rows in a pane of four. */
	push_lines(0, 3, 30);
	expect_view(1, 2, 4, true);
	ck_assert(scrollback_scroll_up(&sb, 1));
	expect_view(1, 1, 4, false);
	ck_assert(scrollback_scroll_up(&sb, 2));
	expect_view(0, 2, 4, false);
	ck_assert(scrollback_scroll_up(&sb, 1));
	expect_view(0, 1, 4, false);
	ck_assert(scrollback_scroll_down(&sb, 4));
	expect_view(1, 2, 4, true);
}
END_TEST

START_TEST(test_pages)
{
	scrollback_resize(&sb, 10, 5);
	push_lines(0, 20, 5);
	expect_view(15, 0, 5, true);
	/* A page is the pane's height less one row of context. */
	ck_assert(scrollback_page_up(&sb));
	expect_view(11, 0, 5, false);
	ck_assert(scrollback_page_up(&sb));
	expect_view(7, 0, 5, false);
	ck_assert(scrollback_page_down(&sb));
	expect_view(11, 0, 5, false);
	ck_assert(scrollback_page_down(&sb));
	expect_view(15, 0, 5, true);
	ck_assert(!scrollback_page_down(&sb));
	/* A one-row pane still moves a row at a time. */
	scrollback_resize(&sb, 10, 1);
	ck_assert(scrollback_page_up(&sb));
	expect_view(18, 0, 1, false);
}
END_TEST

START_TEST(test_new_lines_keep_view)
{
	push_lines(0, 10, 5);
	ck_assert(scrollback_scroll_up(&sb, 3));
	expect_view(3, 0, 4, false);
	ck_assert_uint_eq(scrollback_unread(&sb), 0);
	push_lines(10, 5, 5);
	/* The view has not moved; the new lines are unread. */
	expect_view(3, 0, 4, false);
	ck_assert_uint_eq(scrollback_unread(&sb), 5);
	ck_assert(scrollback_scroll_down(&sb, 1));
	ck_assert_uint_eq(scrollback_unread(&sb), 5);
	ck_assert(scrollback_scroll_bottom(&sb));
	ck_assert_uint_eq(scrollback_unread(&sb), 0);
	expect_view(11, 0, 4, true);
	/* At the bottom, new lines are followed and not unread. */
	push_lines(15, 1, 5);
	expect_view(12, 0, 4, true);
	ck_assert_uint_eq(scrollback_unread(&sb), 0);
	/* Scrolling down to the bottom clears the unread count too. */
	scrollback_scroll_up(&sb, 1);
	push_lines(16, 2, 5);
	ck_assert_uint_eq(scrollback_unread(&sb), 2);
	ck_assert(scrollback_scroll_down(&sb, 10));
	ck_assert_uint_eq(scrollback_unread(&sb), 0);
	ck_assert(scrollback_at_bottom(&sb));
}
END_TEST

START_TEST(test_scrolled_while_oldest_dropped)
{
	struct scrollback	small;
	struct scrollback_view	v;
	char			text[16];
	int			i;

	scrollback_init(&small, 10);
	scrollback_resize(&small, 80, 3);
	for (i = 0; i < 10; i++) {
		snprintf(text, sizeof text, "%d", i);
		scrollback_push(&small, 0, SCROLLBACK_MESSAGE, 0, "n", text);
	}
	ck_assert(scrollback_scroll_up(&small, 4));
	scrollback_view(&small, &v);
	ck_assert_uint_eq(v.line, 3);
	/* Two lines drop off the top: the same line stays on top. */
	for (i = 10; i < 12; i++) {
		snprintf(text, sizeof text, "%d", i);
		scrollback_push(&small, 0, SCROLLBACK_MESSAGE, 0, "n", text);
	}
	scrollback_view(&small, &v);
	ck_assert_uint_eq(v.line, 1);
	ck_assert_str_eq(scrollback_line(&small, v.line)->text, "3");
	/* When the top line itself is dropped, the oldest kept takes over. */
	for (i = 12; i < 16; i++) {
		snprintf(text, sizeof text, "%d", i);
		scrollback_push(&small, 0, SCROLLBACK_MESSAGE, 0, "n", text);
	}
	scrollback_view(&small, &v);
	ck_assert_uint_eq(v.line, 0);
	ck_assert_int_eq(v.row, 0);
	ck_assert_str_eq(scrollback_line(&small, 0)->text, "6");
	ck_assert(!v.at_bottom);
	ck_assert_uint_eq(v.unread, 6);
	scrollback_free(&small);
}
END_TEST

START_TEST(test_resize_keeps_top_line)
{
	/* Ten lines of 20 bytes: two rows each at width 10. */
	push_lines(0, 10, 20);
	ck_assert(scrollback_scroll_up(&sb, 5));
	expect_view(5, 1, 4, false);
	/* Narrower: four rows a line; the same line, the same half of it. */
	scrollback_resize(&sb, 5, 4);
	ck_assert_int_eq(scrollback_line(&sb, 0)->rows, 4);
	expect_view(5, 2, 4, false);
	/* Wider: one row a line. */
	scrollback_resize(&sb, 20, 4);
	expect_view(5, 0, 4, false);
	/* Taller, so that the rest fits: back at the bottom. */
	scrollback_resize(&sb, 20, 6);
	expect_view(4, 0, 6, true);
	/* At the bottom, a resize stays at the bottom. */
	scrollback_resize(&sb, 5, 6);
	expect_view(8, 2, 6, true);
	scrollback_resize(&sb, 7, 3);
	expect_view(9, 0, 3, true);
}
END_TEST

START_TEST(test_clear)
{
	push_lines(0, 10, 5);
	scrollback_scroll_up(&sb, 2);
	push_lines(10, 1, 5);
	scrollback_clear(&sb);
	ck_assert_uint_eq(scrollback_count(&sb), 0);
	expect_view(0, 0, 0, true);
	ck_assert_uint_eq(scrollback_unread(&sb), 0);
	ck_assert(!scrollback_scroll_up(&sb, 1));
	ck_assert(!scrollback_scroll_down(&sb, 1));
	push_lines(11, 1, 5);
	ck_assert_uint_eq(scrollback_line(&sb, 0)->seq, 11);
	expect_view(0, 0, 1, true);
}
END_TEST

START_TEST(test_default_measure_wraps_text)
{
	struct scrollback	s2;

	scrollback_init(&s2, 0);
	/* Before the first resize every line is one row. */
	scrollback_push(&s2, 0, SCROLLBACK_MESSAGE, 0, "a", "hello world foo");
	ck_assert_int_eq(scrollback_line(&s2, 0)->rows, 1);
	scrollback_resize(&s2, 5, 10);
	ck_assert_int_eq(scrollback_line(&s2, 0)->rows, 3);
	scrollback_push(&s2, 0, SCROLLBACK_MESSAGE, 0, "a",
	    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97");	/* 6 columns */
	ck_assert_int_eq(scrollback_line(&s2, 1)->rows, 2);
	/* Changing the measure measures again. */
	scrollback_set_measure(&s2, measure_bytes, NULL);
	ck_assert_int_eq(scrollback_line(&s2, 0)->rows, 3);
	ck_assert_int_eq(scrollback_line(&s2, 1)->rows, 2);
	scrollback_resize(&s2, 9, 10);
	ck_assert_int_eq(scrollback_line(&s2, 0)->rows, 2);
	ck_assert_int_eq(scrollback_line(&s2, 1)->rows, 1);
	scrollback_set_measure(&s2, NULL, NULL);
	ck_assert_int_eq(scrollback_line(&s2, 0)->rows, 2);
	ck_assert_int_eq(scrollback_line(&s2, 1)->rows, 1);
	scrollback_free(&s2);
}
END_TEST

START_TEST(test_activity)
{
	scrollback_set_visible(&sb, false);
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	scrollback_push(&sb, 0, SCROLLBACK_JOIN, 0, "bob", "");
	scrollback_push(&sb, 0, SCROLLBACK_PART, 0, "bob", "");
	scrollback_push(&sb, 0, SCROLLBACK_QUIT, 0, "bob", "");
	scrollback_push(&sb, 0, SCROLLBACK_NICK, 0, "bob", "rob");
	scrollback_push(&sb, 0, SCROLLBACK_TOPIC, 0, "bob", "hi");
	scrollback_push(&sb, 0, SCROLLBACK_SERVER, 0, NULL, "motd");
	/* Joins and the like are the lowest level of news. */
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_EVENT);
	scrollback_set_visible(&sb, true);
	scrollback_set_visible(&sb, false);
	scrollback_push(&sb, 0, SCROLLBACK_SERVER, 0, NULL, "motd");
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	/* Our own lines are no news. */
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, SCROLLBACK_SELF, "me", "x");
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	/* Nor is replayed history, even a mention. */
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, SCROLLBACK_PAST, "bob",
	    "old");
	scrollback_push(&sb, 0, SCROLLBACK_ACTION, SCROLLBACK_PAST |
	    SCROLLBACK_HIGHLIGHT, "bob", "old");
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "bob", "hi");
	ck_assert_int_eq(scrollback_activity(&sb),
	    SCROLLBACK_ACTIVITY_MESSAGE);
	scrollback_push(&sb, 0, SCROLLBACK_ACTION, SCROLLBACK_HIGHLIGHT, "bob",
	    "pokes me");
	ck_assert_int_eq(scrollback_activity(&sb),
	    SCROLLBACK_ACTIVITY_HIGHLIGHT);
	/* A highlight is not lowered by a plain message. */
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "bob", "hi");
	ck_assert_int_eq(scrollback_activity(&sb),
	    SCROLLBACK_ACTIVITY_HIGHLIGHT);
	/* Looking at the window clears it; while visible nothing is news. */
	scrollback_set_visible(&sb, true);
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, SCROLLBACK_HIGHLIGHT,
	    "bob", "me!");
	ck_assert_int_eq(scrollback_activity(&sb), SCROLLBACK_ACTIVITY_NONE);
	scrollback_set_visible(&sb, false);
	scrollback_push(&sb, 0, SCROLLBACK_NOTICE, 0, "srv", "note");
	ck_assert_int_eq(scrollback_activity(&sb),
	    SCROLLBACK_ACTIVITY_MESSAGE);
	scrollback_set_visible(&sb, true);
	scrollback_set_visible(&sb, false);
	scrollback_push(&sb, 0, SCROLLBACK_ERROR, 0, NULL, "No such nick");
	ck_assert_int_eq(scrollback_activity(&sb),
	    SCROLLBACK_ACTIVITY_MESSAGE);
}
END_TEST

START_TEST(test_random_operations)
{
	struct scrollback	s2;
	struct scrollback_view	v;
	uint32_t		state = 362436069u;
	char			text[64];
	size_t			i, len;
	int			op, width = 10, height = 4, rows, total;

	scrollback_init(&s2, 50);
	scrollback_set_measure(&s2, measure_bytes, NULL);
	scrollback_resize(&s2, width, height);
	for (op = 0; op < 20000; op++) {
		switch (next_random(&state) % 10) {
		case 0: case 1: case 2:
			len = next_random(&state) % sizeof text;
			memset(text, 'y', len);
			text[len] = '\0';
			scrollback_push(&s2, 0, SCROLLBACK_MESSAGE, 0, "n",
			    text);
			break;
		case 3:
			scrollback_scroll_up(&s2,
			    1 + (int)(next_random(&state) % 5));
			break;
		case 4:
			scrollback_scroll_down(&s2,
			    1 + (int)(next_random(&state) % 5));
			break;
		case 5:
			scrollback_page_up(&s2);
			break;
		case 6:
			scrollback_page_down(&s2);
			break;
		case 7:
			width = 1 + (int)(next_random(&state) % 30);
			height = 1 + (int)(next_random(&state) % 10);
			scrollback_resize(&s2, width, height);
			break;
		case 8:
			if (next_random(&state) % 20 == 0)
				scrollback_clear(&s2);
			else
				scrollback_scroll_top(&s2);
			break;
		default:
			scrollback_scroll_bottom(&s2);
			break;
		}
		REQUIRE(scrollback_count(&s2) <= 50);
		scrollback_view(&s2, &v);
		REQUIRE(v.rows >= 0 && v.rows <= height);
		if (scrollback_count(&s2) == 0) {
			REQUIRE(v.rows == 0 && v.at_bottom);
			continue;
		}
		REQUIRE(v.line < scrollback_count(&s2));
		REQUIRE(v.row >= 0);
		REQUIRE(v.row < scrollback_line(&s2, v.line)->rows);
		/* Rows from the top of the pane to the newest row. */
		rows = 0;
		total = 0;
		for (i = 0; i < scrollback_count(&s2); i++) {
			REQUIRE(scrollback_line(&s2, i)->rows ==
			    measure_bytes(scrollback_line(&s2, i), width, NULL));
			total += scrollback_line(&s2, i)->rows;
			if (i >= v.line)
				rows += scrollback_line(&s2, i)->rows;
		}
		rows -= v.row;
		if (v.at_bottom) {
			REQUIRE(v.unread == 0);
			REQUIRE(rows == (total < height ? total : height));
		} else
			/* Scrolled up means something is below the pane. */
			REQUIRE(rows > height);
		REQUIRE(v.rows == (rows < height ? rows : height));
	}
	scrollback_free(&s2);
}
END_TEST

static Suite *
scrollback_suite(void)
{
	Suite	*s = suite_create("scrollback");
	TCase	*tc;

	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_push_and_read);
	tcase_add_test(tc, test_bounded);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_default_measure_wraps_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("view");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_view_at_bottom);
	tcase_add_test(tc, test_scroll_rows);
	tcase_add_test(tc, test_scroll_inside_lines);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_new_lines_keep_view);
	tcase_add_test(tc, test_scrolled_while_oldest_dropped);
	tcase_add_test(tc, test_resize_keeps_top_line);
	tcase_add_test(tc, test_random_operations);
	suite_add_tcase(s, tc);

	tc = tcase_create("activity");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_activity);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(scrollback_suite());
}
