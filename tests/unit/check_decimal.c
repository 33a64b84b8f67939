/* Unit tests of common/decimal.c: numbers at their bounds. */
#include <check.h>
#include <limits.h>
#include <stdbool.h>

#include "decimal.h"
#include "check_run.h"

static Suite	*decimal_suite(void);

/* decimal_parse(s, min, max): whether it takes s, and as what. */
static void
expect(bool digits_only, const char *s, long long min, long long max,
    bool ok, long long want)
{
	long long	n = -42;
	bool		got;

	got = digits_only ? decimal_parse_digits(s, min, max, &n) :
	    decimal_parse(s, min, max, &n);
	ck_assert_msg(got == ok, "\"%s\" in %lld..%lld: %s", s, min, max,
	    got ? "taken" : "refused");
	ck_assert_msg(n == (ok ? want : -42), "\"%s\": %lld", s, n);
}

START_TEST(test_bounds)
{
	int	d;

	for (d = 0; d < 2; d++) {
		expect(d, "1", 1, 65535, true, 1);
		expect(d, "65535", 1, 65535, true, 65535);
		expect(d, "0", 0, 10, true, 0);
		expect(d, "007", 1, 10, true, 7);
		expect(d, "0", 1, 65535, false, 0);
		expect(d, "65536", 1, 65535, false, 0);
		expect(d, "99999999999999999999999", 1, LLONG_MAX, false, 0);
		expect(d, "9223372036854775807", 1, LLONG_MAX, true,
		    LLONG_MAX);
		expect(d, "", 0, 10, false, 0);
		expect(d, "x", 0, 10, false, 0);
		expect(d, "3x", 0, 10, false, 0);
		expect(d, "3 ", 0, 10, false, 0);
		expect(d, "0x10", 0, 100, false, 0);
		expect(d, "-1", 0, 10, false, 0);
	}
	/* A sign or blanks first: strtonum takes them, digits only not. */
	expect(false, "+5", 1, 10, true, 5);
	expect(false, " 5", 1, 10, true, 5);
	expect(false, "-5", -10, 10, true, -5);
	expect(true, "+5", 1, 10, false, 0);
	expect(true, " 5", 1, 10, false, 0);
	expect(true, "-5", -10, 10, false, 0);
}
END_TEST

static Suite *
decimal_suite(void)
{
	Suite	*s = suite_create("decimal");
	TCase	*tc = tcase_create("bounds");

	tcase_add_test(tc, test_bounds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(decimal_suite());
}
