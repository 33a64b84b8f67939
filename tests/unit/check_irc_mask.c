/* irc_mask: glob matching of names and prefixes, case-mapped. */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "irc_mask.h"

START_TEST(test_literal_and_case)
{
	ck_assert(irc_mask_match("pam", "pam"));
	ck_assert(irc_mask_match("PaM", "pAm"));
	ck_assert(irc_mask_match("[]\\^", "[]\\^"));	/* ascii: no {|}~ folding */
	ck_assert(!irc_mask_match("[]", "{}"));
	ck_assert(!irc_mask_match("pam", "pa"));
	ck_assert(!irc_mask_match("pa", "pam"));
	ck_assert(irc_mask_match("", ""));
	ck_assert(!irc_mask_match("", "x"));
	ck_assert(irc_mask_match("小明", "小明"));
}
END_TEST

START_TEST(test_star)
{
	ck_assert(irc_mask_match("*", ""));
	ck_assert(irc_mask_match("*", "anything at all"));
	ck_assert(irc_mask_match("coolni*", "coolNick"));
	ck_assert(irc_mask_match("*ck", "coolNick"));
	ck_assert(irc_mask_match("*!*@127.0.0.1", "pam!u@127.0.0.1"));
	ck_assert(!irc_mask_match("*!*@127.0.0.1", "pam!u@127.0.0.10"));
	ck_assert(irc_mask_match("a*b*c", "aXXbYYbZc"));
	ck_assert(!irc_mask_match("a*b*c", "aXXbYYbZ"));
	ck_assert(irc_mask_match("**a**", "xax"));
	ck_assert(irc_mask_match("*aab", "aaaab"));	/* needs backtracking */
}
END_TEST

START_TEST(test_question_mark)
{
	ck_assert(irc_mask_match("p?m", "pam"));
	ck_assert(!irc_mask_match("p?m", "pm"));
	ck_assert(irc_mask_match("?", "明"));		/* one character, 3 bytes */
	ck_assert(!irc_mask_match("??", "明"));
	ck_assert(irc_mask_match("?明?", "a明b"));
}
END_TEST

START_TEST(test_escapes)
{
	ck_assert(irc_mask_match("a\\*", "a*"));
	ck_assert(!irc_mask_match("a\\*", "ab"));
	ck_assert(irc_mask_match("a\\?", "a?"));
	ck_assert(!irc_mask_match("a\\?", "ab"));
	ck_assert(irc_mask_match("a\\\\", "a\\"));
	ck_assert(irc_mask_match("a\\b", "a\\b"));	/* not an escape */
	ck_assert(!irc_mask_is_wild("a\\*b\\?"));
	ck_assert(irc_mask_is_wild("a*"));
	ck_assert(irc_mask_is_wild("a?"));
	ck_assert(!irc_mask_is_wild("pam"));
}
END_TEST

START_TEST(test_bounded_time)
{
	char mask[201], s[4001];

	/* The classic exponential case for naive recursion. */
	memset(mask, 0, sizeof mask);
	for (size_t i = 0; i < 100; i++)
		mask[2 * i] = '*', mask[2 * i + 1] = 'a';
	mask[199] = 'b';
	memset(s, 'a', sizeof s - 1);
	s[sizeof s - 1] = '\0';
	ck_assert(!irc_mask_match(mask, s));
}
END_TEST

/* Canonicalize mask, asserting it is accepted, and return the result. */
static const char *
canon(const char *mask)
{
	static char out[64];

	ck_assert_msg(irc_mask_canon(mask, out, sizeof out), "%s refused", mask);
	return out;
}

START_TEST(test_canon)
{
	char small[8];

	ck_assert_str_eq(canon("bar"), "bar!*@*");
	ck_assert_str_eq(canon("Bar*"), "Bar*!*@*");
	ck_assert_str_eq(canon("u@h"), "*!u@h");
	ck_assert_str_eq(canon("@h"), "*!*@h");
	ck_assert_str_eq(canon("n!u"), "n!u@*");
	ck_assert_str_eq(canon("n!"), "n!*@*");
	ck_assert_str_eq(canon("!@"), "*!*@*");
	ck_assert_str_eq(canon("n!u@h"), "n!u@h");
	ck_assert_str_eq(canon("*!*@127.0.0.1"), "*!*@127.0.0.1");
	ck_assert_str_eq(canon("lanbox.local"), "*!*@lanbox.local");
	ck_assert_str_eq(canon("::1"), "*!*@::1");
	ck_assert_str_eq(canon("a!b!c@d"), "a!b!c@d");
	ck_assert_str_eq(canon("小明"), "小明!*@*");
	ck_assert(!irc_mask_canon("", small, sizeof small));
	ck_assert(!irc_mask_canon("a b", small, sizeof small));
	ck_assert(!irc_mask_canon("abcd", small, sizeof small));	/* 8 bytes */
	ck_assert(irc_mask_canon("abc", small, sizeof small));
	ck_assert_str_eq(small, "abc!*@*");
	/* A canonical mask matches what it was written for. */
	ck_assert(irc_mask_match(canon("BAR"), "bar!u@127.0.0.1"));
	ck_assert(!irc_mask_match(canon("bar"), "barn!u@127.0.0.1"));
}
END_TEST

static Suite *
irc_mask_suite(void)
{
	Suite *s = suite_create("irc_mask");
	TCase *tc = tcase_create("match");

	tcase_add_test(tc, test_literal_and_case);
	tcase_add_test(tc, test_star);
	tcase_add_test(tc, test_question_mark);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_bounded_time);
	tcase_add_test(tc, test_canon);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(irc_mask_suite());
}
