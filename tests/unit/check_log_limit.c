/* Unit tests of common/log_limit.c: log lines of one kind, bounded. */
#include <check.h>
#include <stdbool.h>

#include "log_limit.h"
#include "check_run.h"

static Suite	*log_limit_suite(void);

/* Offer n lines at now; how many may be logged. */
static unsigned
offer(struct log_limit *l, unsigned n, time_t now)
{
	unsigned allowed = 0;

	while (n-- > 0)
		if (log_limit_allow(l, now))
			allowed++;
	return allowed;
}

START_TEST(test_a_few_lines_all_logged)
{
	struct log_limit l;

	log_limit_init(&l);
	ck_assert_uint_eq(offer(&l, 3, 1000), 3);
	ck_assert_uint_eq(log_limit_due(&l), 0);
	ck_assert_uint_eq(log_limit_over(&l, 2000), 0);
	/* Quiet for a while, then a few more: all logged again. */
	ck_assert_uint_eq(offer(&l, LOG_LIMIT_BURST, 3000), LOG_LIMIT_BURST);
}
END_TEST

START_TEST(test_flood_is_bounded_and_counted)
{
	struct log_limit l;
	time_t t0 = 1000;

	log_limit_init(&l);
	ck_assert_uint_eq(offer(&l, 10000, t0), LOG_LIMIT_BURST);
	ck_assert_uint_eq(log_limit_due(&l), t0 + LOG_LIMIT_SECONDS);
	/* Nothing to say until the window is over ... */
	ck_assert_uint_eq(log_limit_over(&l, t0 + LOG_LIMIT_SECONDS - 1), 0);
	/* ... and what was held back stays held, even past its window. */
	ck_assert_uint_eq(offer(&l, 5, t0 + LOG_LIMIT_SECONDS + 1), 0);
	ck_assert_uint_eq(log_limit_over(&l, t0 + LOG_LIMIT_SECONDS + 1),
	    10000 - LOG_LIMIT_BURST + 5);
	ck_assert_uint_eq(log_limit_due(&l), 0);
	/* Said once: a new window logs a burst again. */
	ck_assert_uint_eq(log_limit_over(&l, t0 + 100), 0);
	ck_assert_uint_eq(offer(&l, LOG_LIMIT_BURST + 1, t0 + 12),
	    LOG_LIMIT_BURST);
}
END_TEST

START_TEST(test_sustained_flood_costs_a_burst_and_a_line_per_window)
{
	struct log_limit l;
	unsigned logged = 0, summaries = 0, held = 0, n;
	time_t t;

	log_limit_init(&l);
	/* 100 lines a second for 100 s, the summary asked for every second. */
	for (t = 0; t < 100; t++) {
		if ((n = log_limit_over(&l, t)) > 0) {
			summaries++;
			held += n;
		}
		logged += offer(&l, 100, t);
	}
	held += log_limit_over(&l, log_limit_due(&l));
	ck_assert_uint_eq(logged + held, 100 * 100);
	ck_assert_uint_le(logged, (100 / LOG_LIMIT_SECONDS + 1) *
	    LOG_LIMIT_BURST);
	ck_assert_uint_le(summaries, 100 / LOG_LIMIT_SECONDS + 1);
}
END_TEST

START_TEST(test_clock_going_back_starts_a_window)
{
	struct log_limit l;

	log_limit_init(&l);
	ck_assert_uint_eq(offer(&l, LOG_LIMIT_BURST, 5000), LOG_LIMIT_BURST);
	/* Set back an hour: not a window that never ends. */
	ck_assert_uint_eq(offer(&l, 1, 5000 - 3600), 1);
}
END_TEST

static Suite *
log_limit_suite(void)
{
	Suite	*s = suite_create("log_limit");
	TCase	*tc = tcase_create("basic");

	tcase_add_test(tc, test_a_few_lines_all_logged);
	tcase_add_test(tc, test_flood_is_bounded_and_counted);
	tcase_add_test(tc, test_sustained_flood_costs_a_burst_and_a_line_per_window);
	tcase_add_test(tc, test_clock_going_back_starts_a_window);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(log_limit_suite());
}
