/* The main() of every Check suite: run it, exit non-zero when a test failed. */
#ifndef NATTER_CHECK_RUN_H
#define NATTER_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

/* Run suite s and turn the result into an exit status for automake. */
static inline int
check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
