/* Unit tests of client/paste.c: a paste of several lines is asked for,
 * then paced (a burst, then a steady rate), and stopping it says what was
 * not sent. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "client/paste.h"
#include "check_run.h"

static Suite	*paste_suite(void);

/* Lines due at time now, counted. */
static size_t
due(struct paste *p, int64_t now)
{
	size_t	n = 0;

	while (paste_next(p, now) != NULL)
		n++;
	return n;
}

START_TEST(test_offer)
{
	struct paste	p;
	const char	*one = "just one line\n";
	const char	*many = "first\r\n\n  \n/quit not a command\nlast";

	paste_init(&p, 0, 0);
	ck_assert_int_eq(p.burst, PASTE_BURST);
	ck_assert_int_eq(p.rate, PASTE_RATE);
	/* One line, even with a newline after it, is the caller's. */
	ck_assert(!paste_offer(&p, one, strlen(one), "#a"));
	ck_assert(!paste_offer(&p, "no newline", 10, "#a"));
	ck_assert_int_eq(p.state, PASTE_IDLE);
	/* Blank lines are left out; CR before LF dropped. */
	ck_assert(paste_offer(&p, many, strlen(many), "#a"));
	ck_assert_int_eq(p.state, PASTE_ASKING);
	ck_assert_uint_eq(p.count, 3);
	ck_assert_str_eq(p.lines[0], "first");
	ck_assert_str_eq(p.lines[1], "/quit not a command");
	ck_assert_str_eq(p.lines[2], "last");
	ck_assert_str_eq(p.target, "#a");
	/* Nothing goes before the answer. */
	ck_assert_ptr_null(paste_next(&p, 0));
	ck_assert_int_eq(paste_due(&p), -1);
	/* Esc: all three are not sent. */
	ck_assert_uint_eq(paste_cancel(&p), 3);
	ck_assert_int_eq(p.state, PASTE_IDLE);
	paste_free(&p);
}
END_TEST

START_TEST(test_pace)
{
	struct paste	p;
	char		text[4096];
	size_t		i, len = 0;

	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "line %zu\n", i);
	paste_init(&p, 5, 2);
	ck_assert(paste_offer(&p, text, len, "#a"));
	paste_confirm(&p, 10000);
	/* A burst of five at once, then one each 500 ms. */
	ck_assert_uint_eq(due(&p, 10000), 5);
	ck_assert_int_eq(paste_due(&p), 10500);
	ck_assert_uint_eq(due(&p, 10499), 0);
	ck_assert_uint_eq(due(&p, 10500), 1);
	ck_assert_uint_eq(due(&p, 11500), 2);
	ck_assert_uint_eq(p.sent, 8);
	ck_assert_uint_eq(paste_left(&p), 12);
	/* A long wait refills the burst, no more. */
	ck_assert_uint_eq(due(&p, 60000), 5);
	ck_assert_uint_eq(paste_left(&p), 7);
	/* Esc stops the rest and says how many. */
	ck_assert_uint_eq(paste_cancel(&p), 7);
	ck_assert_ptr_null(paste_next(&p, 100000));
	paste_free(&p);
}
END_TEST

START_TEST(test_end_and_cap)
{
	struct paste	p;
	static char	text[PASTE_LINES_MAX * 3 + 64];
	size_t		i, len = 0;

	paste_init(&p, 1000, 1000);
	for (i = 0; i < PASTE_LINES_MAX + 7; i++) {
		text[len++] = 'x';
		text[len++] = '\n';
	}
	ck_assert(paste_offer(&p, text, len, "bob"));
	ck_assert_uint_eq(p.count, PASTE_LINES_MAX);
	ck_assert_uint_eq(p.dropped, 7);
	paste_confirm(&p, 0);
	ck_assert_uint_eq(due(&p, 0), 1000);
	/* Every line out: the lines past the cap are still counted. */
	ck_assert_uint_eq(paste_left(&p), 7);
	ck_assert_uint_eq(paste_cancel(&p), 7);
	paste_free(&p);
}
END_TEST

static Suite *
paste_suite(void)
{
	Suite	*s = suite_create("paste");
	TCase	*tc = tcase_create("paste");

	tcase_add_test(tc, test_offer);
	tcase_add_test(tc, test_pace);
	tcase_add_test(tc, test_end_and_cap);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(paste_suite());
}
