/* Unit tests of common/dcc_ctcp.c and client/dcc_name.c: DCC requests as
 * irssi, WeeChat, mIRC and natter send them, what a stranger may send
 * instead, and the file names made of them. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "dcc_ctcp.h"
#include "client/dcc_name.h"
#include "check_run.h"

static Suite	*dcc_ctcp_suite(void);

/* Parse a C string. */
static bool
parse(const char *text, struct dcc_ctcp *d)
{
	return dcc_ctcp_parse(text, strlen(text), d);
}

START_TEST(test_send)
{
	struct dcc_ctcp	d;

	/* irssi's form: IPv4 as a number. */
	ck_assert(parse("DCC SEND photo.jpg 2130706433 5000 1234567", &d));
	ck_assert_int_eq(d.type, DCC_CTCP_SEND);
	ck_assert_str_eq(d.name, "photo.jpg");
	ck_assert_str_eq(d.addr, "127.0.0.1");
	ck_assert_uint_eq(d.port, 5000);
	ck_assert(d.size_known);
	ck_assert_uint_eq(d.size, 1234567);
	ck_assert_str_eq(d.token, "");
	/* The closing \001 may come with it. */
	ck_assert(parse("DCC SEND a 3232235777 1024 0\001", &d));
	ck_assert_str_eq(d.addr, "192.168.1.1");
	ck_assert_uint_eq(d.size, 0);
	/* IPv6 in text, normalised; a dotted IPv4 too. */
	ck_assert(parse("DCC SEND x 0:0:0:0:0:0:0:1 6000 10", &d));
	ck_assert_str_eq(d.addr, "::1");
	ck_assert(parse("DCC SEND x 10.0.0.7 6000 10", &d));
	ck_assert_str_eq(d.addr, "10.0.0.7");
	/* A quoted name keeps its spaces. */
	ck_assert(parse("DCC SEND \"my holiday photo.jpg\" 2130706433 7000 9",
	    &d));
	ck_assert_str_eq(d.name, "my holiday photo.jpg");
	ck_assert_str_eq(d.addr, "127.0.0.1");
	/* Passive: port 0 and a token. */
	ck_assert(parse("DCC SEND f 2130706433 0 100 42", &d));
	ck_assert_uint_eq(d.port, 0);
	ck_assert_str_eq(d.token, "42");
	/* Old clients say no size. */
	ck_assert(parse("DCC SEND f 2130706433 5000", &d));
	ck_assert(!d.size_known);
	/* The type is not case sensitive, spaces may be doubled. */
	ck_assert(parse("dcc send  f  2130706433  5000  1", &d));
	/* The largest size off_t holds. */
	ck_assert(parse("DCC SEND f 1 5000 9223372036854775807", &d));
	ck_assert_uint_eq(d.size, INT64_MAX);
}
END_TEST

START_TEST(test_send_bad)
{
	static const char *const bad[] = {
		"DCC SEND",
		"DCC SEND f",
		"DCC SEND f 2130706433",
		"DCC SEND f 2130706433 65536 1",	/* port */
		"DCC SEND f 2130706433 -1 1",
		"DCC SEND f 4294967296 5000 1",		/* address */
		"DCC SEND f 1.2.3 5000 1",
		"DCC SEND f ::g 5000 1",
		"DCC SEND f 2130706433 5000 9223372036854775808", /* size */
		"DCC SEND f 2130706433 5000 12x",
		"DCC SEND f 2130706433 0 100",		/* passive, no token */
		"DCC SEND f 2130706433 0 100 to-ken",	/* token characters */
		"DCC SEND f 2130706433 5000 1 2 3",	/* too much */
		"DCC SEND \"unterminated 2130706433 5000 1",
		"DCC SEND \"\" 2130706433 5000 1",	/* empty name */
		"DCC SEND \"a\"b 2130706433 5000 1",
		"DCC CHAT chat 2130706433 5000",	/* not ours */
		"DCC",
		"DCCX SEND f 1 5000 1",
		"PING 123",
		"",
	};
	struct dcc_ctcp	d;
	char		long_name[400];
	size_t		i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!parse(bad[i], &d), "accepted: %s", bad[i]);
	/* A name longer than DCC_CTCP_NAME_MAX. */
	memset(long_name, 0, sizeof long_name);
	memcpy(long_name, "DCC SEND ", 9);
	memset(long_name + 9, 'n', DCC_CTCP_NAME_MAX + 1);
	strlcat(long_name, " 1 5000 1", sizeof long_name);
	ck_assert(!parse(long_name, &d));
	/* A NUL inside the given length. */
	ck_assert(!dcc_ctcp_parse("DCC SEND a\0b 1 5000 1", 21, &d));
}
END_TEST

START_TEST(test_resume_accept_sha256)
{
	struct dcc_ctcp	d;

	ck_assert(parse("DCC RESUME photo.jpg 5000 65536", &d));
	ck_assert_int_eq(d.type, DCC_CTCP_RESUME);
	ck_assert_uint_eq(d.port, 5000);
	ck_assert_uint_eq(d.position, 65536);
	ck_assert(parse("DCC ACCEPT \"a b\" 0 10 77", &d));
	ck_assert_int_eq(d.type, DCC_CTCP_ACCEPT);
	ck_assert_str_eq(d.name, "a b");
	ck_assert_str_eq(d.token, "77");
	ck_assert(!parse("DCC RESUME photo.jpg 5000", &d));
	ck_assert(!parse("DCC ACCEPT photo.jpg x 1", &d));
	ck_assert(parse("DCC SHA256 f E3B0C44298FC1C149AFBF4C8996FB92427AE41E4"
	    "649B934CA495991B7852B855", &d));
	ck_assert_int_eq(d.type, DCC_CTCP_SHA256);
	ck_assert_str_eq(d.hash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	    "649b934ca495991b7852b855");
	ck_assert(!parse("DCC SHA256 f e3b0", &d));
	ck_assert(!parse("DCC SHA256 f e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	    "649b934ca495991b7852b85g", &d));
}
END_TEST

START_TEST(test_format)
{
	struct dcc_ctcp	d, back;
	char		buf[600];
	size_t		n;

	memset(&d, 0, sizeof d);
	d.type = DCC_CTCP_SEND;
	strlcpy(d.name, "photo.jpg", sizeof d.name);
	strlcpy(d.addr, "127.0.0.1", sizeof d.addr);
	d.port = 5000;
	d.size = 1234;
	n = dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "\001DCC SEND photo.jpg 2130706433 5000 1234\001");
	ck_assert_uint_eq(n, strlen(buf));
	/* Spaces: quoted; IPv6: text; passive: the token. */
	strlcpy(d.name, "a b.txt", sizeof d.name);
	strlcpy(d.addr, "::1", sizeof d.addr);
	d.port = 0;
	strlcpy(d.token, "7", sizeof d.token);
	dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "\001DCC SEND \"a b.txt\" ::1 0 1234 7\001");
	/* And it parses back to the same. */
	ck_assert(dcc_ctcp_parse(buf + 1, strlen(buf) - 1, &back));
	ck_assert_str_eq(back.name, "a b.txt");
	ck_assert_str_eq(back.addr, "::1");
	ck_assert_str_eq(back.token, "7");
	ck_assert_uint_eq(back.size, 1234);
	/* What cannot be said. */
	strlcpy(d.name, "a\"b", sizeof d.name);
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, sizeof buf), 0);
	strlcpy(d.name, "a\tb", sizeof d.name);
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, sizeof buf), 0);
	strlcpy(d.name, "ok", sizeof d.name);
	strlcpy(d.addr, "lanbox", sizeof d.addr);
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, sizeof buf), 0);
	strlcpy(d.addr, "10.1.2.3", sizeof d.addr);
	d.token[0] = '\0';
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, sizeof buf), 0); /* port 0 */
	d.port = 1;
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, 10), 0);	/* no room */
	/* RESUME, ACCEPT, SHA256. */
	d.type = DCC_CTCP_RESUME;
	d.port = 5000;
	d.position = 4096;
	dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "\001DCC RESUME ok 5000 4096\001");
	d.type = DCC_CTCP_ACCEPT;
	strlcpy(d.token, "9", sizeof d.token);
	dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "\001DCC ACCEPT ok 5000 4096 9\001");
	d.type = DCC_CTCP_SHA256;
	memset(d.hash, 'a', 64);
	d.hash[64] = '\0';
	dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert(dcc_ctcp_parse(buf + 1, strlen(buf) - 1, &back));
	ck_assert_str_eq(back.hash, d.hash);
	d.hash[10] = '\0';
	ck_assert_uint_eq(dcc_ctcp_format(&d, buf, sizeof buf), 0);
	/* REJECT, as irssi sends it in a NOTICE. */
	d.type = DCC_CTCP_REJECT;
	strlcpy(d.name, "a b", sizeof d.name);
	dcc_ctcp_format(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "\001DCC REJECT SEND \"a b\"\001");
	ck_assert(dcc_ctcp_parse(buf + 1, strlen(buf) - 1, &back));
	ck_assert_int_eq(back.type, DCC_CTCP_REJECT);
	ck_assert_str_eq(back.name, "a b");
	ck_assert(!parse("DCC REJECT CHAT chat", &back));
	ck_assert(!parse("DCC REJECT SEND", &back));
}
END_TEST

START_TEST(test_sanitize)
{
	static const char *const cases[][2] = {
		{ "photo.jpg",		"photo.jpg" },
		{ "../../.bashrc",	"_bashrc" },
		{ "/etc/passwd",	"passwd" },
		{ "..\\..\\win.ini",	"win.ini" },
		{ "..",			"__" },
		{ "dir/",		"file" },
		{ "-rf",		"_rf" },
		{ "a\x1b[2Jb",		"a_[2Jb" },
		{ "bell\x07.txt",	"bell_.txt" },
		{ "c1\xc2\x85x",	"c1_x" },		/* U+0085 */
		{ "bad\xff.txt",	"bad_.txt" },		/* invalid */
		{ "evil\xe2\x80\xaetxt.exe", "evil_txt.exe" },	/* U+202E */
		{ "照片 1.jpg",		"照片 1.jpg" },
		{ "trailing  ",		"trailing" },
		{ "a.b.c",		"a.b.c" },
	};
	char	out[DCC_NAME_MAX + 1], big[600];
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dcc_name_sanitize(cases[i][0], out, sizeof out);
		ck_assert_msg(strcmp(out, cases[i][1]) == 0, "%s gave %s",
		    cases[i][0], out);
	}
	/* Long: cut to DCC_NAME_MAX, the extension kept. */
	memset(big, 'x', 300);
	strlcpy(big + 300, ".tar.gz", sizeof big - 300);
	dcc_name_sanitize(big, out, sizeof out);
	ck_assert_uint_eq(strlen(out), DCC_NAME_MAX);
	ck_assert_str_eq(out + DCC_NAME_MAX - 3, ".gz");
	/* Cut on a character boundary. */
	for (i = 0; i < 100; i++)
		memcpy(big + 3 * i, "照", 3);
	big[300] = '\0';
	dcc_name_sanitize(big, out, sizeof out);
	ck_assert_uint_eq(strlen(out) % 3, 0);
	ck_assert_uint_le(strlen(out), DCC_NAME_MAX);
}
END_TEST

START_TEST(test_offer_numbered_size)
{
	char	out[DCC_NAME_MAX + 16];

	dcc_name_offer("/home/u/My \"best\" file.txt", out, sizeof out);
	ck_assert_str_eq(out, "My _best_ file.txt");
	dcc_name_offer("plain", out, sizeof out);
	ck_assert_str_eq(out, "plain");
	ck_assert(dcc_name_numbered("photo.jpg", 1, out, sizeof out));
	ck_assert_str_eq(out, "photo.1.jpg");
	ck_assert(dcc_name_numbered("notes", 2, out, sizeof out));
	ck_assert_str_eq(out, "notes.2");
	ck_assert(dcc_name_numbered("_bashrc", 3, out, sizeof out));
	ck_assert_str_eq(out, "_bashrc.3");
	ck_assert(!dcc_name_numbered("photo.jpg", 1, out, 6));
	dcc_ctcp_size(0, out, sizeof out);
	ck_assert_str_eq(out, "0 B");
	dcc_ctcp_size(1023, out, sizeof out);
	ck_assert_str_eq(out, "1023 B");
	dcc_ctcp_size(1536, out, sizeof out);
	ck_assert_str_eq(out, "1.5 KiB");
	dcc_ctcp_size((uint64_t)3 << 30, out, sizeof out);
	ck_assert_str_eq(out, "3.0 GiB");
}
END_TEST

static Suite *
dcc_ctcp_suite(void)
{
	Suite	*su = suite_create("dcc_ctcp");
	TCase	*tc = tcase_create("dcc_ctcp");

	tcase_add_test(tc, test_send);
	tcase_add_test(tc, test_send_bad);
	tcase_add_test(tc, test_resume_accept_sha256);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_offer_numbered_size);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(dcc_ctcp_suite());
}
