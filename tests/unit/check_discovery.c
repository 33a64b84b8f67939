/* Unit tests of common/discovery.c: the LAN discovery probe and answer. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "discovery.h"
#include "check_run.h"

/* Parse the C string s as an answer. */
static bool
answer(const char *s, struct discovery_answer *a)
{
	return discovery_parse_answer(s, strlen(s), a);
}

/* Whether the C string s is a valid probe. */
static bool
probe(const char *s)
{
	return discovery_parse_probe(s, strlen(s), NULL);
}

START_TEST(probe_ours)
{
	char buf[DISCOVERY_PROBE_SIZE + 1];
	unsigned version = 0;
	size_t len = discovery_format_probe(buf, sizeof buf);

	ck_assert_uint_eq(len, DISCOVERY_PROBE_SIZE);
	ck_assert(strncmp(buf, "NATTER? 1 pad=", 14) == 0);
	ck_assert_int_eq(buf[len - 1], '\n');
	ck_assert(discovery_parse_probe(buf, len, &version));
	ck_assert_uint_eq(version, 1);
	/* Too small a buffer: nothing. */
	ck_assert_uint_eq(discovery_format_probe(buf, 10), 0);
}
END_TEST

START_TEST(probe_forms)
{
	unsigned version = 0;

	ck_assert(probe("NATTER? 1\n"));
	ck_assert(probe("NATTER? 1\r\n"));
	ck_assert(probe("NATTER? 1"));
	ck_assert(probe("NATTER? 1 future=key x="));
	ck_assert(discovery_parse_probe("NATTER? 7\n", 10, &version));
	ck_assert_uint_eq(version, 7);
}
END_TEST

START_TEST(probe_garbage)
{
	static const char *const bad[] = {
		"", "\n", "NATTER?", "NATTER?\n", "NATTER? \n", "NATTER?  1\n",
		"natter? 1\n", "NATTER 1\n", "NATTER? 0\n", "NATTER? 01\n",
		"NATTER? x\n", "NATTER? 1 \n", "NATTER? 1 nokey\n",
		"NATTER? 1 =v\n", "NATTER? 1 K=v\n", "NATTER? 1\n\n",
		"NATTER? 1\tx=1\n", "NATTER? 1 x=\xc3\xa9\n", "NATTER? 99999\n",
		"NATTER? 1 keyistoolongforarule=1\n", "GET / HTTP/1.0\r\n",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!probe(bad[i]), "accepted \"%s\"", bad[i]);
	/* A NUL inside. */
	ck_assert(!discovery_parse_probe("NATTER? 1\0x\n", 12, NULL));
}
END_TEST

START_TEST(probe_size)
{
	char buf[DISCOVERY_PROBE_MAX + 2];
	size_t len;

	/* Exactly the maximum, "\n" included: valid; one byte more: not. */
	len = (size_t)snprintf(buf, sizeof buf, "NATTER? 1");
	while (len < DISCOVERY_PROBE_MAX - 4) {
		memcpy(buf + len, " a=b", 4);
		len += 4;
	}
	while (len < DISCOVERY_PROBE_MAX - 1)
		buf[len++] = 'x';
	buf[len++] = '\n';
	ck_assert(discovery_parse_probe(buf, len, NULL));
	buf[len - 1] = 'x';
	buf[len++] = '\n';
	ck_assert(!discovery_parse_probe(buf, len, NULL));
}
END_TEST

START_TEST(answer_full)
{
	struct discovery_answer a;

	ck_assert(answer("NATTER 1 name=lanbox port=6667 users=12 rooms=3 "
	    "tls=0 id=ab12\n", &a));
	ck_assert_uint_eq(a.version, 1);
	ck_assert_str_eq(a.name, "lanbox");
	ck_assert_str_eq(a.id, "ab12");
	ck_assert_uint_eq(a.port, 6667);
	ck_assert_int_eq(a.users, 12);
	ck_assert_int_eq(a.rooms, 3);
	ck_assert_uint_eq(a.tls_port, 0);
	ck_assert_str_eq(a.fp, "");
}
END_TEST

START_TEST(answer_minimal_and_future)
{
	struct discovery_answer a;

	ck_assert(answer("NATTER 1 port=1", &a));
	ck_assert_str_eq(a.name, "");
	ck_assert_int_eq(a.users, -1);
	ck_assert_int_eq(a.rooms, -1);
	/* A later version with keys we do not know: read what we know. */
	ck_assert(answer("NATTER 2 port=7000 motto=hi tls=6697 x-y_z=\n", &a));
	ck_assert_uint_eq(a.version, 2);
	ck_assert_uint_eq(a.port, 7000);
	ck_assert_uint_eq(a.tls_port, 6697);
	/* A name with odd bytes is sanitized, not taken raw. */
	ck_assert(answer("NATTER 1 port=6667 name=a/b;c\n", &a));
	ck_assert_str_eq(a.name, "a-b-c");
}
END_TEST

START_TEST(answer_garbage)
{
	static const char *const bad[] = {
		"", "NATTER 1\n", "NATTER 1 name=x\n", "NATTER 1 port=0\n",
		"NATTER 1 port=65536\n", "NATTER 1 port=-1\n",
		"NATTER 1 port=66x\n", "NATTER? 1 port=6667\n",
		"NATTER 1 port=6667 users=many\n", "NATTER 1 port=6667 tls=65536\n",
		"NATTER 1 port=6667 tls=yes\n", "NATTER 1 port=6667 fp=x\n",
		"NATTER 1 port=6667 fp=MD5:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"NATTER 1 port=6667 fp=SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\n",
		"NATTER 1 port=6667 fp=SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		"NATTER 1 port=6667 rooms=99999999999\n",
		"NATTER 1 port=6667  users=1\n", "NATTER 1 port=6667 \x1b[2J\n",
		"NATTER 1 port=6667 id=0123456789abcdefX\n",
		"NATTER 1 port=6667 id=a/b\n", "NATTER 0 port=6667\n",
	};
	struct discovery_answer a;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!answer(bad[i], &a), "accepted \"%s\"", bad[i]);
}
END_TEST

START_TEST(answer_size)
{
	char buf[DISCOVERY_ANSWER_MAX + 2];
	struct discovery_answer a;
	size_t len;

	len = (size_t)snprintf(buf, sizeof buf, "NATTER 1 port=1");
	while (len < DISCOVERY_ANSWER_MAX - 4) {
		memcpy(buf + len, " a=b", 4);
		len += 4;
	}
	while (len < DISCOVERY_ANSWER_MAX - 1)
		buf[len++] = 'x';
	buf[len++] = '\n';
	ck_assert(discovery_parse_answer(buf, len, &a));
	buf[len - 1] = 'x';
	buf[len++] = '\n';
	ck_assert(!discovery_parse_answer(buf, len, &a));
	/* A value longer than DISCOVERY_VALUE_MAX. */
	len = (size_t)snprintf(buf, sizeof buf, "NATTER 1 port=1 k=");
	while (len < 18 + DISCOVERY_VALUE_MAX + 1)
		buf[len++] = 'v';
	ck_assert(!discovery_parse_answer(buf, len, &a));
}
END_TEST

START_TEST(round_trip)
{
	struct discovery_answer in = {
		.name = "lan box\x1b", .id = "c0ffee", .port = 6667,
		.users = 12, .rooms = 3, .tls_port = 6697,
		.fp = "SHA256:q83vEjRWeJsSNFZ4mrze8P7L3RI0VniawRKrze8Sq80",
	}, out;
	char buf[DISCOVERY_ANSWER_MAX + 1];
	size_t len;

	len = discovery_format_answer(buf, sizeof buf, sizeof buf, &in);
	ck_assert_uint_gt(len, 0);
	ck_assert(memchr(buf, '\x1b', len) == NULL);
	ck_assert(discovery_parse_answer(buf, len, &out));
	ck_assert_str_eq(out.name, "lan-box-");
	ck_assert_str_eq(out.id, "c0ffee");
	ck_assert_uint_eq(out.port, 6667);
	ck_assert_int_eq(out.users, 12);
	ck_assert_int_eq(out.rooms, 3);
	ck_assert_uint_eq(out.tls_port, 6697);
	ck_assert_str_eq(out.fp, in.fp);

	/* A longest name still fits in an answer to our padded probe. */
	memset(in.name, 'n', DISCOVERY_NAME_MAX);
	in.name[DISCOVERY_NAME_MAX] = '\0';
	in.users = in.rooms = 999999999;
	len = discovery_format_answer(buf, sizeof buf,
	    DISCOVERY_AMPLIFY * DISCOVERY_PROBE_SIZE, &in);
	ck_assert_uint_gt(len, 0);
	ck_assert(discovery_parse_answer(buf, len, &out));
	ck_assert_str_eq(out.name, in.name);
}
END_TEST

START_TEST(answer_limits)
{
	struct discovery_answer in = {
		.name = "lanbox", .port = 6667, .users = 1, .rooms = 1,
	};
	char buf[DISCOVERY_ANSWER_MAX + 1];

	/* The amplification limit: a 10-byte probe allows 30 bytes. */
	ck_assert_uint_eq(discovery_format_answer(buf, sizeof buf,
	    DISCOVERY_AMPLIFY * 10, &in), 0);
	/* A buffer too small. */
	ck_assert_uint_eq(discovery_format_answer(buf, 20, sizeof buf, &in),
	    0);
	/* No port. */
	in.port = 0;
	ck_assert_uint_eq(discovery_format_answer(buf, sizeof buf, sizeof buf,
	    &in), 0);
}
END_TEST

static Suite *
discovery_suite(void)
{
	Suite *s = suite_create("discovery");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, probe_ours);
	tcase_add_test(tc, probe_forms);
	tcase_add_test(tc, probe_garbage);
	tcase_add_test(tc, probe_size);
	tcase_add_test(tc, answer_full);
	tcase_add_test(tc, answer_minimal_and_future);
	tcase_add_test(tc, answer_garbage);
	tcase_add_test(tc, answer_size);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, answer_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(discovery_suite());
}
