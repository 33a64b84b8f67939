/* mode_parse: room modestrings split into changes with their parameters. */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "server/mode_parse.h"

/* Parse modes with params (NULL-terminated); at most 4 parameters used. */
static size_t
parse(const char *modes, char **params, struct mode_change *out, size_t max)
{
	size_t n = 0;

	while (params[n] != NULL)
		n++;
	return mode_parse(modes, params, n, 4, out, max);
}

START_TEST(test_kinds)
{
	ck_assert_int_eq(mode_kind('b'), MODE_LIST);
	ck_assert_int_eq(mode_kind('e'), MODE_LIST);
	ck_assert_int_eq(mode_kind('I'), MODE_LIST);
	ck_assert_int_eq(mode_kind('k'), MODE_PARAM);
	ck_assert_int_eq(mode_kind('l'), MODE_PARAM_SET);
	ck_assert_int_eq(mode_kind('o'), MODE_PREFIX);
	ck_assert_int_eq(mode_kind('v'), MODE_PREFIX);
	for (const char *p = "imnst"; *p != '\0'; p++)
		ck_assert_int_eq(mode_kind(*p), MODE_FLAG);
	ck_assert_int_eq(mode_kind('z'), MODE_UNKNOWN);
	ck_assert_int_eq(mode_kind('B'), MODE_UNKNOWN);
}
END_TEST

START_TEST(test_parameters_in_order)
{
	char *params[] = { "alice", "*!*@10.0.0.9", "5", NULL };
	struct mode_change c[8];
	size_t n = parse("+o-b+lt", params, c, 8);

	ck_assert_uint_eq(n, 4);
	ck_assert(c[0].dir == '+' && c[0].letter == 'o');
	ck_assert_str_eq(c[0].arg, "alice");
	ck_assert(c[1].dir == '-' && c[1].letter == 'b');
	ck_assert_str_eq(c[1].arg, "*!*@10.0.0.9");
	ck_assert(c[2].dir == '+' && c[2].letter == 'l');
	ck_assert_str_eq(c[2].arg, "5");
	ck_assert(c[3].letter == 't' && c[3].arg == NULL);
}
END_TEST

START_TEST(test_limit_removed_takes_none)
{
	char *params[] = { "k1", NULL };
	struct mode_change c[8];
	size_t n = parse("-lk", params, c, 8);

	ck_assert_uint_eq(n, 2);
	ck_assert(c[0].letter == 'l' && c[0].arg == NULL);
	ck_assert(c[1].letter == 'k' && c[1].dir == '-');
	ck_assert_str_eq(c[1].arg, "k1");
}
END_TEST

START_TEST(test_list_query_and_unknown)
{
	char *none[] = { NULL };
	struct mode_change c[8];
	size_t n = parse("b+eIz", none, c, 8);

	ck_assert_uint_eq(n, 4);
	ck_assert(c[0].kind == MODE_LIST && c[0].arg == NULL && c[0].dir == '+');
	ck_assert(c[1].kind == MODE_LIST && c[2].kind == MODE_LIST);
	ck_assert(c[3].kind == MODE_UNKNOWN && c[3].letter == 'z');
}
END_TEST

START_TEST(test_parameter_budget)
{
	char *params[] = { "a", "b", "c", "d", "e", NULL };
	struct mode_change c[8];
	/* The fifth parameter mode ends the modestring (MODES=4). */
	size_t n = parse("+vvvvvt", params, c, 8);

	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(c[3].arg, "d");
	/* Out of parameters: later ones get none, flags go on. */
	n = parse("+vvt", (char *[]){ "a", NULL }, c, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert(c[1].arg == NULL && c[2].letter == 't');
	/* At most max changes. */
	n = parse("+tntntntn", (char *[]){ NULL }, c, 3);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(parse("", (char *[]){ NULL }, c, 3), 0);
	ck_assert_uint_eq(parse("+-+", (char *[]){ NULL }, c, 3), 0);
}
END_TEST

static Suite *
mode_parse_suite(void)
{
	Suite *s = suite_create("mode_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_parameters_in_order);
	tcase_add_test(tc, test_limit_removed_takes_none);
	tcase_add_test(tc, test_list_query_and_unknown);
	tcase_add_test(tc, test_parameter_budget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(mode_parse_suite());
}
