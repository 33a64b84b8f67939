/* write_all: a whole buffer out, or false with errno. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write_all.h"
#include "check_run.h"

START_TEST(test_whole_buffer_to_a_file)
{
	char path[] = "/tmp/check_write_all.XXXXXX";
	static char out[1 << 20], back[1 << 20];
	size_t i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	for (i = 0; i < sizeof out; i++)
		out[i] = (char)(i * 7);
	ck_assert(write_all(fd, out, sizeof out));
	ck_assert(write_all(fd, out, 0));
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(read(fd, back, sizeof back), (int)sizeof back);
	ck_assert(memcmp(out, back, sizeof out) == 0);
	close(fd);
}
END_TEST

START_TEST(test_failure_says_why)
{
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	errno = 0;
	ck_assert(!write_all(p[1], "x", 1));
	ck_assert_int_eq(errno, EPIPE);
	close(p[1]);
	ck_assert(!write_all(p[1], "x", 1));
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

static Suite *
write_all_suite(void)
{
	Suite *s = suite_create("write_all");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_whole_buffer_to_a_file);
	tcase_add_test(tc, test_failure_says_why);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(write_all_suite());
}
