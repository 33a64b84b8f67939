/*
 * Unit tests of LIST's search terms (ELIST): which terms make a search,
 * masks and not-masks, member counts, creation and topic ages.
 */
#include <check.h>
#include <limits.h>
#include <string.h>

#include "server/list_filter.h"
#include "check_run.h"

/* Parse terms (a copy) into f; returns list_filter_parse's answer. */
static bool
parse(struct list_filter *f, char *buf, size_t size, const char *terms)
{
	strlcpy(buf, terms, size);
	return list_filter_parse(f, buf);
}

START_TEST(test_what_is_a_search)
{
	struct list_filter f;
	char buf[128];

	ck_assert(!parse(&f, buf, sizeof buf, "#a,#b"));
	ck_assert(!parse(&f, buf, sizeof buf, ""));
	ck_assert(parse(&f, buf, sizeof buf, "#a*"));
	ck_assert(parse(&f, buf, sizeof buf, "!#a"));
	ck_assert(parse(&f, buf, sizeof buf, ">3"));
	ck_assert(parse(&f, buf, sizeof buf, "C<10"));
	ck_assert(parse(&f, buf, sizeof buf, "t>0"));
	ck_assert(!parse(&f, buf, sizeof buf, ">x"));
	ck_assert(!parse(&f, buf, sizeof buf, "<-1"));
}
END_TEST

START_TEST(test_masks_and_counts)
{
	struct list_filter f;
	char buf[128];

	ck_assert(parse(&f, buf, sizeof buf, "#ch*,#x?,!*2"));
	ck_assert(list_filter_match(&f, "#chan1", 1, 0, 0, 0));
	ck_assert(list_filter_match(&f, "#CHAN1", 1, 0, 0, 0));
	ck_assert(list_filter_match(&f, "#xy", 1, 0, 0, 0));
	ck_assert(!list_filter_match(&f, "#chan2", 1, 0, 0, 0));
	ck_assert(!list_filter_match(&f, "#other", 1, 0, 0, 0));
	ck_assert(parse(&f, buf, sizeof buf, ">1,<4"));
	ck_assert(!list_filter_match(&f, "#a", 1, 0, 0, 0));
	ck_assert(list_filter_match(&f, "#a", 2, 0, 0, 0));
	ck_assert(list_filter_match(&f, "#a", 3, 0, 0, 0));
	ck_assert(!list_filter_match(&f, "#a", 4, 0, 0, 0));
}
END_TEST

START_TEST(test_ages_in_minutes)
{
	struct list_filter f;
	char buf[128];
	time_t now = 100000;

	ck_assert(parse(&f, buf, sizeof buf, "C>2"));
	ck_assert(list_filter_match(&f, "#a", 1, now - 181, 0, now));
	ck_assert(!list_filter_match(&f, "#a", 1, now - 60, 0, now));
	ck_assert(parse(&f, buf, sizeof buf, "C<2"));
	ck_assert(!list_filter_match(&f, "#a", 1, now - 181, 0, now));
	ck_assert(list_filter_match(&f, "#a", 1, now - 60, 0, now));
	ck_assert(parse(&f, buf, sizeof buf, "C<0"));
	ck_assert(!list_filter_match(&f, "#a", 1, now, 0, now));
	/* No topic: no topic time to compare. */
	ck_assert(parse(&f, buf, sizeof buf, "T>0"));
	ck_assert(!list_filter_match(&f, "#a", 1, now - 500, 0, now));
	ck_assert(list_filter_match(&f, "#a", 1, now - 500, now - 90, now));
	ck_assert(parse(&f, buf, sizeof buf, "T<1"));
	ck_assert(!list_filter_match(&f, "#a", 1, now - 500, now - 90, now));
}
END_TEST

/* A bound is 0 to LONG_MAX in decimal digits only, as strtonum(3) reads it. */
START_TEST(test_number_bounds)
{
	static const char *const good[] = { "<0", ">0", "<007",
	    ">9223372036854775807", "C<9223372036854775807", "T>1" };
	static const char *const bad[] = { "<-1", ">-0", ">+1", "> 1", ">",
	    ">1x", ">0x10", ">9223372036854775808",
	    ">99999999999999999999999", "C>", "C>-5", "T< 2" };
	struct list_filter f;
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(parse(&f, buf, sizeof buf, good[i]), "%s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!parse(&f, buf, sizeof buf, bad[i]), "%s", bad[i]);
	ck_assert(parse(&f, buf, sizeof buf, "<9223372036854775807"));
	ck_assert_int_eq(f.users_max, LONG_MAX);
	ck_assert_int_eq(f.users_min, -1);
	ck_assert(list_filter_match(&f, "#a", 1000000, 0, 0, 0));
	ck_assert(parse(&f, buf, sizeof buf, ">9223372036854775807"));
	ck_assert(!list_filter_match(&f, "#a", 1000000, 0, 0, 0));
}
END_TEST

/* Minutes past what a time_t holds in seconds: no age is that old. */
START_TEST(test_huge_ages)
{
	struct list_filter f;
	char buf[128];
	time_t now = 2000000000;

	ck_assert(parse(&f, buf, sizeof buf, "C>9223372036854775807"));
	ck_assert(!list_filter_match(&f, "#a", 1, 0, 0, now));
	ck_assert(parse(&f, buf, sizeof buf, "C<9223372036854775807"));
	ck_assert(list_filter_match(&f, "#a", 1, 0, 0, now));
	ck_assert(parse(&f, buf, sizeof buf, "T>153722867280912930"));
	ck_assert(!list_filter_match(&f, "#a", 1, 0, 1, now));
	ck_assert(parse(&f, buf, sizeof buf, "T<153722867280912930"));
	ck_assert(list_filter_match(&f, "#a", 1, 0, 1, now));
}
END_TEST

static Suite *
list_filter_suite(void)
{
	Suite *s = suite_create("list_filter");
	TCase *tc = tcase_create("terms");

	tcase_add_test(tc, test_what_is_a_search);
	tcase_add_test(tc, test_masks_and_counts);
	tcase_add_test(tc, test_ages_in_minutes);
	tcase_add_test(tc, test_number_bounds);
	tcase_add_test(tc, test_huge_ages);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(list_filter_suite());
}
