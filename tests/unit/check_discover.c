/* Unit tests of client/discover.c that need no network: the port it
 * probes, and the refusal of one that is not a port. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "client/discover.h"
#include "check_run.h"

static Suite	*discover_suite(void);

START_TEST(test_port)
{
	ck_assert_uint_eq(discover_port("1"), 1);
	ck_assert_uint_eq(discover_port("6667"), 6667);
	ck_assert_uint_eq(discover_port("65535"), 65535);
	/* strtonum(3), as strtol was: a sign before the digits is taken. */
	ck_assert_uint_eq(discover_port("+6667"), 6667);
	ck_assert_uint_eq(discover_port("0"), 0);
	ck_assert_uint_eq(discover_port("65536"), 0);
	ck_assert_uint_eq(discover_port("-1"), 0);
	ck_assert_uint_eq(discover_port("99999999999999999999999"), 0);
	ck_assert_uint_eq(discover_port("66x"), 0);
	ck_assert_uint_eq(discover_port("http"), 0);
	ck_assert_uint_eq(discover_port(""), 0);
}
END_TEST

/* A bad port is refused before anything is sent, in words. */
START_TEST(test_bad_port_refused)
{
	static const char *const bad[] = { "0", "65536", "x", "", "6667 " };
	struct discover_result	 res;
	char			 want[64];
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(discover_run(bad[i], 0, &res), -1);
		snprintf(want, sizeof want, "bad port %s", bad[i]);
		ck_assert_str_eq(res.tried, want);
		ck_assert_uint_eq(res.count, 0);
	}
}
END_TEST

static Suite *
discover_suite(void)
{
	Suite	*s = suite_create("discover");
	TCase	*tc = tcase_create("port");

	tcase_add_test(tc, test_port);
	tcase_add_test(tc, test_bad_port_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(discover_suite());
}
