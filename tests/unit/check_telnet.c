/* Unit tests of the plain door's telnet filter: commands out, answers owed. */
#include <check.h>
#include <string.h>

#include "server/telnet.h"
#include "check_run.h"

/* Filter input (len bytes) in one go; out gets the data, ans the answers. */
static size_t
filter(struct telnet *t, const char *input, size_t len, char *out,
    struct buffer *ans)
{
	memcpy(out, input, len);
	return telnet_filter(t, out, len, ans);
}

START_TEST(test_plain_text_passes)
{
	struct telnet t;
	struct buffer ans;
	char out[64];
	size_t n;

	telnet_init(&t);
	buffer_init(&ans);
	n = filter(&t, "hello 小明\r\n", strlen("hello 小明\r\n"), out, &ans);
	ck_assert_uint_eq(n, strlen("hello 小明\r\n"));
	ck_assert_int_eq(memcmp(out, "hello 小明\r\n", n), 0);
	ck_assert_uint_eq(ans.len, 0);
	ck_assert(!t.seen);
	buffer_free(&ans);
}
END_TEST

START_TEST(test_options_refused_timing_mark_confirmed)
{
	static const char in[] = "\xff\xfd\x03" "a\xff\xfb\x18" "b\xff\xfd\x06"
	    "c\xff\xfe\x01\xff\xfc\x18";
	static const char want[] = "\xff\xfc\x03\xff\xfe\x18\xff\xfb\x06";
	struct telnet t;
	struct buffer ans;
	char out[64];
	size_t n;

	telnet_init(&t);
	buffer_init(&ans);
	n = filter(&t, in, sizeof in - 1, out, &ans);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(memcmp(out, "abc", 3), 0);
	/* DO SGA: WONT; WILL TTYPE: DONT; DO TM: WILL; DONT/WONT: nothing. */
	ck_assert_uint_eq(ans.len, sizeof want - 1);
	ck_assert_int_eq(memcmp(ans.data, want, ans.len), 0);
	ck_assert(t.seen);
	buffer_free(&ans);
}
END_TEST

START_TEST(test_subnegotiation_and_commands_dropped)
{
	/* SB NAWS 80x24 SE (with an IAC IAC inside), NOP, IP, AYT, IAC IAC. */
	static const char in[] = "x\xff\xfa\x1f\x00\x50\xff\xff\x18\xff\xf0"
	    "y\xff\xf1z\xff\xf4!\xff\xf6?\xff\xff.";
	struct telnet t;
	struct buffer ans;
	char out[64];
	size_t n;

	telnet_init(&t);
	buffer_init(&ans);
	n = filter(&t, in, sizeof in - 1, out, &ans);
	/* IAC IAC would be a 0xff byte, which is never UTF-8: dropped too. */
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(memcmp(out, "xyz!?.", 6), 0);
	ck_assert_uint_eq(ans.len, 0);
	buffer_free(&ans);
}
END_TEST

START_TEST(test_split_across_reads)
{
	static const char in[] = "ab\xff\xfd\x06" "cd\xff\xfa\x18\x00xterm\xff\xf0" "ef";
	struct telnet t;
	struct buffer ans;
	char out[64], got[64];
	size_t i, n, total = 0;

	telnet_init(&t);
	buffer_init(&ans);
	/* One byte per read: the state carries over. */
	for (i = 0; i < sizeof in - 1; i++) {
		n = filter(&t, in + i, 1, out, &ans);
		memcpy(got + total, out, n);
		total += n;
	}
	ck_assert_uint_eq(total, 6);
	ck_assert_int_eq(memcmp(got, "abcdef", 6), 0);
	ck_assert_uint_eq(ans.len, 3);
	ck_assert_int_eq(memcmp(ans.data, "\xff\xfb\x06", 3), 0);
	buffer_free(&ans);
}
END_TEST

static Suite *
telnet_suite(void)
{
	Suite *s = suite_create("telnet");
	TCase *tc = tcase_create("filter");

	tcase_add_test(tc, test_plain_text_passes);
	tcase_add_test(tc, test_options_refused_timing_mark_confirmed);
	tcase_add_test(tc, test_subnegotiation_and_commands_dropped);
	tcase_add_test(tc, test_split_across_reads);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(telnet_suite());
}
