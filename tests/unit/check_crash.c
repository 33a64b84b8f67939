/* crash_fatal: the terminal is given back before natter says why and exits 1. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_run.h"
#include "client/crash.h"

/* Read all of fd into buf (size bytes, NUL-terminated). */
static void
read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
}

START_TEST(test_fatal_restores_then_says_why)
{
	int out[2], err[2], status;
	char got_out[256], got_err[256];
	pid_t pid;

	ck_assert_int_eq(pipe(out), 0);
	ck_assert_int_eq(pipe(err), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		crash_guard_init();
		fputs("frame", stdout);		/* curses' buffered output */
		crash_fatal("cannot make a curses window of %dx%d", 0, 80);
	}
	close(out[1]);
	close(err[1]);
	read_all(out[0], got_out, sizeof got_out);
	read_all(err[0], got_err, sizeof got_err);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	/* The buffered frame first, then the alternate screen is left. */
	ck_assert_ptr_nonnull(strstr(got_out, "frame"));
	ck_assert_ptr_nonnull(strstr(got_out, "\033[?1049l"));
	ck_assert_ptr_nonnull(strstr(got_out, "\033[?25h"));
	ck_assert(strstr(got_out, "frame") < strstr(got_out, "\033[?1049l"));
	ck_assert_str_eq(got_err,
	    "natter: cannot make a curses window of 0x80\n");
}
END_TEST

static Suite *
crash_suite(void)
{
	Suite *s = suite_create("crash");
	TCase *tc = tcase_create("fatal");

	tcase_add_test(tc, test_fatal_restores_then_says_why);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(crash_suite());
}
