/* Unit tests of the IRC message parser and formatter. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc_message.h"
#include "wire.h"
#include "check_run.h"

/* Big enough for the longest accepted line and then some. */
#define TEST_BUF_SIZE	(IRC_WIRE_LINE_MAX + 64)

static char		test_line[TEST_BUF_SIZE];
static char		test_out[TEST_BUF_SIZE];
static struct irc_message test_msg;

/* Parse a copy of s into test_msg, so string literals can be used. */
static enum irc_parse_result
test_parse(const char *s)
{
	ck_assert_uint_lt(strlen(s), sizeof test_line);
	strlcpy(test_line, s, sizeof test_line);
	return irc_message_parse(&test_msg, test_line);
}

/* Fill buf with n copies of c and a NUL; return buf. */
static char *
test_fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* Whether s (length len) holds only whole UTF-8 characters. */
static bool
test_utf8_whole(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n, k;

	while (i < len) {
		if (u[i] < 0x80)
			n = 1;
		else if ((u[i] & 0xe0) == 0xc0)
			n = 2;
		else if ((u[i] & 0xf0) == 0xe0)
			n = 3;
		else if ((u[i] & 0xf8) == 0xf0)
			n = 4;
		else
			return false;
		if (i + n > len)
			return false;
		for (k = 1; k < n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return false;
		}
		i += n;
	}
	return true;
}

/* Assert that two messages have the same tags, source, command and params. */
static void
test_msg_eq(const struct irc_message *a, const struct irc_message *b)
{
	size_t	i;

	ck_assert_uint_eq(a->ntags, b->ntags);
	for (i = 0; i < a->ntags; i++) {
		ck_assert_str_eq(a->tags[i].key, b->tags[i].key);
		ck_assert_pstr_eq(a->tags[i].value, b->tags[i].value);
	}
	ck_assert_pstr_eq(a->source, b->source);
	ck_assert_str_eq(a->command, b->command);
	ck_assert_uint_eq(a->nparams, b->nparams);
	for (i = 0; i < a->nparams; i++)
		ck_assert_str_eq(a->params[i], b->params[i]);
}

/* --- Parser -------------------------------------------------------------- */

START_TEST(parse_simple)
{
	ck_assert_int_eq(test_parse("PING"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "PING");
	ck_assert_ptr_null(test_msg.source);
	ck_assert_uint_eq(test_msg.ntags, 0);
	ck_assert_uint_eq(test_msg.nparams, 0);

	ck_assert_int_eq(test_parse("NICK alice"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "NICK");
	ck_assert_uint_eq(test_msg.nparams, 1);
	ck_assert_str_eq(test_msg.params[0], "alice");

	/* The command is kept as sent, not upper-cased. */
	ck_assert_int_eq(test_parse("privmsg #a b"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "privmsg");
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], "b");
}
END_TEST

START_TEST(parse_source)
{
	ck_assert_int_eq(test_parse(":alice!al@host.lan PRIVMSG #room :hi"),
	    IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.source, "alice!al@host.lan");
	ck_assert_str_eq(test_msg.command, "PRIVMSG");
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[0], "#room");
	ck_assert_str_eq(test_msg.params[1], "hi");

	/* Spaces after the source and before the command are tolerated. */
	ck_assert_int_eq(test_parse(":srv    QUIT"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.source, "srv");
	ck_assert_str_eq(test_msg.command, "QUIT");
	ck_assert_uint_eq(test_msg.nparams, 0);
}
END_TEST

START_TEST(parse_trailing)
{
	ck_assert_int_eq(test_parse("PRIVMSG #r :  hello   world  "),
	    IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], "  hello   world  ");

	/* A ':' inside the trailing param is just text. */
	ck_assert_int_eq(test_parse("TOPIC #r ::) a:b :c"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], ":) a:b :c");

	/* A ':' inside a middle param does not start the trailing one. */
	ck_assert_int_eq(test_parse("CMD a:b c"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[0], "a:b");
}
END_TEST

START_TEST(parse_empty_trailing)
{
	ck_assert_int_eq(test_parse("PRIVMSG #r :"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], "");

	ck_assert_int_eq(test_parse("AWAY :"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 1);
	ck_assert_str_eq(test_msg.params[0], "");
}
END_TEST

START_TEST(parse_spaces)
{
	ck_assert_int_eq(test_parse("   MODE    #r   +o    bob   "),
	    IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "MODE");
	ck_assert_uint_eq(test_msg.nparams, 3);
	ck_assert_str_eq(test_msg.params[0], "#r");
	ck_assert_str_eq(test_msg.params[1], "+o");
	ck_assert_str_eq(test_msg.params[2], "bob");

	/* Trailing spaces after the command make no param either. */
	ck_assert_int_eq(test_parse("PING  "), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 0);

	ck_assert_int_eq(test_parse("PRIVMSG #r    :x y"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], "x y");
}
END_TEST

START_TEST(parse_fifteen_params)
{
	/* After 14 middles the rest is the 15th, even without ':'. */
	ck_assert_int_eq(test_parse(
	    "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16  17"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, IRC_PARAMS_MAX);
	ck_assert_str_eq(test_msg.params[13], "14");
	ck_assert_str_eq(test_msg.params[14], "15 16  17");

	/* With ':' the colon is not part of the 15th. */
	ck_assert_int_eq(test_parse(
	    "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :a b"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, IRC_PARAMS_MAX);
	ck_assert_str_eq(test_msg.params[14], "a b");

	/* Exactly 15 middles: the last is an ordinary word. */
	ck_assert_int_eq(test_parse(
	    "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, IRC_PARAMS_MAX);
	ck_assert_str_eq(test_msg.params[14], "15");

	/* 14 middles and trailing spaces: no empty 15th. */
	ck_assert_int_eq(test_parse(
	    "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14   "), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 14);
	ck_assert_str_eq(test_msg.params[13], "14");
}
END_TEST

START_TEST(parse_numeric)
{
	ck_assert_int_eq(test_parse(":srv 001 alice :Welcome"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "001");
	ck_assert_uint_eq(test_msg.nparams, 2);

	ck_assert_int_eq(test_parse("433 * bob :in use"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "433");

	ck_assert_int_eq(test_parse("01 x"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("0012 x"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("1A1"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("PRIV1MSG"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("PRIVMSG:#a"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("\xc3\xa9T\xc3\xa9 x"),
	    IRC_PARSE_NO_COMMAND);
}
END_TEST

START_TEST(parse_no_command)
{
	ck_assert_int_eq(test_parse(":alice"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse(":alice    "), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("@a=b"), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("@a=b   "), IRC_PARSE_NO_COMMAND);
	ck_assert_int_eq(test_parse("@a=b :src"), IRC_PARSE_NO_COMMAND);
	/* Tags are only at the start of a line. */
	ck_assert_int_eq(test_parse(" @a=b PING"), IRC_PARSE_NO_COMMAND);

	ck_assert_int_eq(test_parse(":"), IRC_PARSE_BAD_SOURCE);
	ck_assert_int_eq(test_parse(": PRIVMSG #a :x"), IRC_PARSE_BAD_SOURCE);
	ck_assert_int_eq(test_parse("@a :  PING"), IRC_PARSE_BAD_SOURCE);

	ck_assert_int_eq(test_parse(""), IRC_PARSE_EMPTY);
	ck_assert_int_eq(test_parse("     "), IRC_PARSE_EMPTY);
}
END_TEST

START_TEST(parse_tags)
{
	const struct irc_tag	*t;

	ck_assert_int_eq(test_parse("@time=2024-05-01T10:00:00.000Z;msgid=Ab1 "
	    ":bob PRIVMSG #r :yo"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, 2);
	ck_assert_str_eq(test_msg.tags[0].key, "time");
	ck_assert_str_eq(test_msg.tags[0].value, "2024-05-01T10:00:00.000Z");
	ck_assert_str_eq(test_msg.tags[1].key, "msgid");
	ck_assert_str_eq(test_msg.tags[1].value, "Ab1");
	ck_assert_str_eq(test_msg.source, "bob");
	ck_assert_str_eq(test_msg.params[1], "yo");

	t = irc_message_tag(&test_msg, "msgid");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->value, "Ab1");
	ck_assert_ptr_null(irc_message_tag(&test_msg, "label"));
	ck_assert_ptr_null(irc_message_tag(&test_msg, "MSGID"));

	/* Several spaces after the tags are tolerated. */
	ck_assert_int_eq(test_parse("@a=1   PING"), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.command, "PING");
}
END_TEST

START_TEST(parse_tag_escapes)
{
	ck_assert_int_eq(test_parse(
	    "@a=x\\:y\\sz\\\\w\\r\\n;b=\\q\\;c=end\\ PING"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, 3);
	ck_assert_str_eq(test_msg.tags[0].value, "x;y z\\w\r\n");
	/* An unknown escape gives the character, a lone '\' at the end goes. */
	ck_assert_str_eq(test_msg.tags[1].key, "b");
	ck_assert_str_eq(test_msg.tags[1].value, "q");
	ck_assert_str_eq(test_msg.tags[2].key, "c");
	ck_assert_str_eq(test_msg.tags[2].value, "end");
	ck_assert_str_eq(test_msg.command, "PING");
}
END_TEST

START_TEST(parse_tag_novalue)
{
	ck_assert_int_eq(test_parse("@a;b=;c=1;d=\\ PING"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, 4);
	ck_assert_str_eq(test_msg.tags[0].key, "a");
	ck_assert_ptr_null(test_msg.tags[0].value);
	ck_assert_str_eq(test_msg.tags[1].key, "b");
	ck_assert_ptr_null(test_msg.tags[1].value);
	ck_assert_str_eq(test_msg.tags[2].value, "1");
	/* Empty once unescaped is the same as no value. */
	ck_assert_ptr_null(test_msg.tags[3].value);
	ck_assert_ptr_nonnull(irc_message_tag(&test_msg, "a"));

	/* A repeated key keeps its last value. */
	ck_assert_int_eq(test_parse("@k=1;j;k=2 PING"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, 2);
	ck_assert_str_eq(irc_message_tag(&test_msg, "k")->value, "2");
	ck_assert_int_eq(test_parse("@k=1;k PING"), IRC_PARSE_OK);
	ck_assert_ptr_null(irc_message_tag(&test_msg, "k")->value);
}
END_TEST

START_TEST(parse_client_tags)
{
	ck_assert_int_eq(test_parse("@+typing=active;+example.com/x-y=1;"
	    "draft/reply=abc TAGMSG #r"), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, 3);
	ck_assert_str_eq(test_msg.tags[0].key, "+typing");
	ck_assert_str_eq(test_msg.tags[0].value, "active");
	ck_assert_str_eq(test_msg.tags[1].key, "+example.com/x-y");
	ck_assert_str_eq(test_msg.tags[2].key, "draft/reply");
	ck_assert_str_eq(irc_message_tag(&test_msg, "draft/reply")->value,
	    "abc");
	/* "+a" and "a" are different tags. */
	ck_assert_ptr_null(irc_message_tag(&test_msg, "typing"));
}
END_TEST

START_TEST(parse_bad_tags)
{
	char	buf[1024];
	size_t	i, len;

	ck_assert_int_eq(test_parse("@"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@ PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@=x PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@a;;b PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@;a PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@a; PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@+ PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@/x PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@vendor/ PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@a_b=1 PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@a.b=1 PING"), IRC_PARSE_BAD_TAGS);
	ck_assert_int_eq(test_parse("@++a PING"), IRC_PARSE_BAD_TAGS);

	/* IRC_TAGS_COUNT_MAX distinct tags are fine, one more is not. */
	len = strlcpy(buf, "@", sizeof buf);
	for (i = 0; i < IRC_TAGS_COUNT_MAX; i++)
		len += snprintf(buf + len, sizeof buf - len, "%st%zu=%zu",
		    i > 0 ? ";" : "", i, i);
	strlcat(buf, " PING", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.ntags, IRC_TAGS_COUNT_MAX);
	ck_assert_str_eq(test_msg.tags[IRC_TAGS_COUNT_MAX - 1].value, "63");

	len = strlcpy(buf, "@x;", sizeof buf);
	for (i = 0; i < IRC_TAGS_COUNT_MAX; i++)
		len += snprintf(buf + len, sizeof buf - len, "%st%zu",
		    i > 0 ? ";" : "", i);
	strlcat(buf, " PING", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_BAD_TAGS);
}
END_TEST

START_TEST(parse_too_long)
{
	static char	buf[TEST_BUF_SIZE];
	size_t		len;

	/* A message part of exactly IRC_LINE_MAX - 2 bytes is fine. */
	strlcpy(buf, "PRIVMSG #r :", sizeof buf);
	len = strlen(buf);
	test_fill(buf + len, 'x', IRC_LINE_MAX - 2 - len);
	ck_assert_uint_eq(strlen(buf), 510);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_OK);
	ck_assert_uint_eq(strlen(test_msg.params[1]), 510 - len);

	strlcat(buf, "x", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_TOO_LONG);

	/* Tags do not count against the message part. */
	strlcpy(buf, "@label=abc PRIVMSG #r :", sizeof buf);
	len = strlen(buf);
	test_fill(buf + len, 'y', 510 - strlen("PRIVMSG #r :"));
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_OK);
	strlcat(buf, "y", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_TOO_LONG);

	/* An overlong line is too long even if it is also malformed. */
	test_fill(buf, '!', 600);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_TOO_LONG);
}
END_TEST

START_TEST(parse_tags_too_long)
{
	static char	buf[TEST_BUF_SIZE];
	size_t		len;

	/* '@' included, the space not: IRC_TAGS_MAX - 1 bytes is fine. */
	strlcpy(buf, "@a=", sizeof buf);
	len = strlen(buf);
	test_fill(buf + len, 'v', IRC_TAGS_MAX - 1 - len);
	ck_assert_uint_eq(strlen(buf), 8190);
	strlcat(buf, " PING", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_OK);
	ck_assert_uint_eq(strlen(test_msg.tags[0].value), 8190 - 3);

	strlcpy(buf, "@a=", sizeof buf);
	test_fill(buf + len, 'v', IRC_TAGS_MAX - len);
	strlcat(buf, " PING", sizeof buf);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_TOO_LONG);

	/* No space at all: the whole line is tags. */
	test_fill(buf + len, 'v', IRC_TAGS_MAX + 10);
	ck_assert_int_eq(test_parse(buf), IRC_PARSE_TOO_LONG);
}
END_TEST

START_TEST(parse_bytes_through)
{
	/* Invalid UTF-8 and control bytes are not the parser's business. */
	ck_assert_int_eq(test_parse("PRIVMSG #\xff :\xfe\x01\xc3 x"),
	    IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.params[0], "#\xff");
	ck_assert_str_eq(test_msg.params[1], "\xfe\x01\xc3 x");
}
END_TEST

START_TEST(parse_result_str)
{
	enum irc_parse_result	r, s;

	for (r = IRC_PARSE_OK; r <= IRC_PARSE_BAD_SOURCE; r++) {
		ck_assert_ptr_nonnull(irc_parse_result_str(r));
		ck_assert_uint_gt(strlen(irc_parse_result_str(r)), 0);
		for (s = IRC_PARSE_OK; s < r; s++)
			ck_assert_str_ne(irc_parse_result_str(r),
			    irc_parse_result_str(s));
	}
}
END_TEST

/* --- Formatter ----------------------------------------------------------- */

START_TEST(format_colon_rules)
{
	const char	*p1[] = { "#r", "hi" };
	const char	*p2[] = { "#r", "hello world" };
	const char	*p3[] = { "#r", "" };
	const char	*p4[] = { "#r", ":)" };
	const char	*p5[] = { "a:b" };
	size_t		 n;

	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2, p1, NULL);
	ck_assert_str_eq(test_out, "PRIVMSG #r hi\r\n");
	ck_assert_uint_eq(n, strlen(test_out));
	irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2, p2, NULL);
	ck_assert_str_eq(test_out, "PRIVMSG #r :hello world\r\n");
	irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2, p3, NULL);
	ck_assert_str_eq(test_out, "PRIVMSG #r :\r\n");
	irc_format(test_out, sizeof test_out, NULL, "TOPIC", 2, p4, NULL);
	ck_assert_str_eq(test_out, "TOPIC #r ::)\r\n");
	irc_format(test_out, sizeof test_out, NULL, "X", 1, p5, NULL);
	ck_assert_str_eq(test_out, "X a:b\r\n");

	n = irc_format(test_out, sizeof test_out, NULL, "PING", 0, NULL, NULL);
	ck_assert_str_eq(test_out, "PING\r\n");
	ck_assert_uint_eq(n, 6);

	irc_format(test_out, sizeof test_out, "srv.lan", "001", 2,
	    (const char *[]){ "alice", "Welcome home" }, NULL);
	ck_assert_str_eq(test_out, ":srv.lan 001 alice :Welcome home\r\n");

	/* An empty source is left out. */
	irc_format(test_out, sizeof test_out, "", "PING", 0, NULL, NULL);
	ck_assert_str_eq(test_out, "PING\r\n");
}
END_TEST

START_TEST(format_invalid)
{
	const char	*ok[] = { "a", "b" };
	const char	*p16[16] = { "1", "2", "3", "4", "5", "6", "7", "8",
			    "9",
			    "10", "11", "12", "13", "14", "15", "16" };

	strlcpy(test_out, "junk", sizeof test_out);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ "", "x" }, NULL), 0);
	ck_assert_str_eq(test_out, "");
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ "a b", "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ ":a", "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ "a\rb", "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ "a\n", "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ NULL, "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 1,
	    (const char *[]){ NULL }, NULL), 0);

	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, NULL, 2,
	    ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "", 2,
	    ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL,
	    "PRIV MSG", 2, ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "12", 2,
	    ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "1234", 2,
	    ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "A1", 2,
	    ok, NULL), 0);

	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 16,
	    p16, NULL), 0);
	ck_assert_uint_gt(irc_format(test_out, sizeof test_out, NULL, "CMD", 15,
	    p16, NULL), 0);

	/* A source that would split the line. */
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, "a b", "CMD", 2,
	    ok, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, "a\r\n", "CMD",
	    2, ok, NULL), 0);

	/* "PING\r\n" needs 7 bytes with the NUL. */
	ck_assert_uint_eq(irc_format(test_out, 6, NULL, "PING", 0, NULL, NULL),
	    0);
	ck_assert_uint_eq(irc_format(test_out, 7, NULL, "PING", 0, NULL, NULL),
	    6);
	ck_assert_uint_eq(irc_format(test_out, 0, NULL, "PING", 0, NULL, NULL),
	    0);
	ck_assert_uint_eq(irc_message_format(test_out, sizeof test_out, NULL,
	    NULL), 0);
}
END_TEST

START_TEST(format_crlf)
{
	bool	trunc = true;
	size_t	n;

	irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", "a\r\nQUIT :bye" }, &trunc);
	ck_assert_str_eq(test_out, "PRIVMSG #r :a  QUIT :bye\r\n");
	ck_assert(!trunc);
	n = strlen(test_out);
	ck_assert_ptr_eq(strchr(test_out, '\r'), test_out + n - 2);
	ck_assert_ptr_eq(strchr(test_out, '\n'), test_out + n - 1);

	/* A newline alone needs the ':' it becomes a space that needs. */
	irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", "x\n" }, NULL);
	ck_assert_str_eq(test_out, "PRIVMSG #r :x \r\n");
	ck_assert_int_eq(test_parse("PRIVMSG #r :x "), IRC_PARSE_OK);
	ck_assert_str_eq(test_msg.params[1], "x ");
}
END_TEST

START_TEST(format_limit_exact)
{
	char	text[IRC_LINE_MAX];
	bool	trunc = true;
	size_t	n, fixed = strlen("PRIVMSG #r ");

	/*
	 * No space in the text, so no ':'.  510 bytes of message part fit
	 * exactly: 512 with CRLF.
	 */
	test_fill(text, 'a', IRC_LINE_MAX - 2 - fixed);
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);
	ck_assert(!trunc);
	ck_assert_str_eq(test_out + n - 2, "\r\n");

	/* One byte more is cut back to 512. */
	test_fill(text, 'a', IRC_LINE_MAX - 1 - fixed);
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);
	ck_assert(trunc);
	ck_assert_str_eq(test_out + n - 2, "\r\n");
	test_out[n - 2] = '\0';
	ck_assert_int_eq(irc_message_parse(&test_msg, test_out), IRC_PARSE_OK);
	ck_assert_uint_eq(strlen(test_msg.params[1]), strlen(text) - 1);
}
END_TEST

START_TEST(format_truncate_utf8)
{
	char	text[IRC_LINE_MAX + 8];
	bool	trunc = false;
	size_t	n, fixed = strlen("PRIVMSG #r "), len;

	/*
	 * 498 'a' take the message part to 509 bytes; a 2-byte "é" would
	 * end at 511.  It must go whole: 509 + CRLF = 511 bytes.
	 */
	len = IRC_LINE_MAX - 3 - fixed;
	test_fill(text, 'a', len);
	strlcat(text, "\xc3\xa9" "bbb", sizeof text);
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert(trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX - 1);
	ck_assert_str_eq(test_out + n - 2, "\r\n");
	ck_assert(test_utf8_whole(test_out, n));
	ck_assert_int_eq(memcmp(test_out + fixed, text, len), 0);

	/* A 4-byte emoji starting 2 bytes before the limit. */
	len = IRC_LINE_MAX - 4 - fixed;
	test_fill(text, 'a', len);
	strlcat(text, "\xf0\x9f\x98\x80", sizeof text);
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert(trunc);
	ck_assert_uint_eq(n, fixed + len + 2);
	ck_assert(test_utf8_whole(test_out, n));

	/* A 3-byte "€" ending exactly at the limit stays. */
	len = IRC_LINE_MAX - 5 - fixed;
	test_fill(text, 'a', len);
	strlcat(text, "\xe2\x82\xac", sizeof text);
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert(!trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);

	/* Not UTF-8 (a long run of continuation bytes): cut at the limit. */
	len = IRC_LINE_MAX - 2 - fixed;
	test_fill(text, 'a', 4);
	memset(text + 4, 0x80, len);
	text[len + 4] = '\0';
	n = irc_format(test_out, sizeof test_out, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert(trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);

	/* Multi-byte text throughout: always whole characters, never over. */
	text[0] = '\0';
	while (strlen(text) + 3 < sizeof text)
		strlcat(text, "\xe2\x82\xac", sizeof text);
	n = irc_format(test_out, sizeof test_out, "nick!u@h", "PRIVMSG", 2,
	    (const char *[]){ "#room", text }, &trunc);
	ck_assert(trunc);
	ck_assert_uint_le(n, IRC_LINE_MAX);
	ck_assert_uint_ge(n, IRC_LINE_MAX - 2);
	ck_assert(test_utf8_whole(test_out, n));
}
END_TEST

START_TEST(format_truncate_edges)
{
	char	mid[IRC_LINE_MAX + 1], text[64];
	bool	trunc;
	size_t	n, fixed;

	/*
	 * "CMD " + a middle: with the last param's space, 509 bytes leave
	 * no room for even one byte of it, so the line cannot be made.
	 */
	fixed = strlen("CMD ");
	test_fill(mid, 'm', IRC_LINE_MAX - 2 - fixed - 1);
	n = irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ mid, "abc" }, &trunc);
	ck_assert_uint_eq(n, 0);

	/* One byte of room: the last param is cut to "a". */
	test_fill(mid, 'm', IRC_LINE_MAX - 2 - fixed - 2);
	n = irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ mid, "abc" }, &trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);
	ck_assert(trunc);
	ck_assert_str_eq(test_out + n - 4, " a\r\n");

	/* One byte of room and a 2-byte first character: ":" and nothing. */
	n = irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ mid, "\xc3\xa9t\xc3\xa9" }, &trunc);
	ck_assert_uint_eq(n, IRC_LINE_MAX);
	ck_assert(trunc);
	ck_assert_str_eq(test_out + n - 4, " :\r\n");
	test_out[n - 2] = '\0';
	ck_assert_int_eq(irc_message_parse(&test_msg, test_out), IRC_PARSE_OK);
	ck_assert_uint_eq(test_msg.nparams, 2);
	ck_assert_str_eq(test_msg.params[1], "");

	/* Middles alone over the limit: never cut a middle. */
	test_fill(mid, 'm', IRC_LINE_MAX);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, NULL, "CMD", 2,
	    (const char *[]){ mid, "x" }, NULL), 0);
	ck_assert_uint_eq(irc_format(test_out, sizeof test_out, mid, "CMD", 0,
	    NULL, NULL), 0);

	/* A small out buffer cuts the last param to what fits. */
	test_fill(text, 'z', 40);
	n = irc_format(test_out, 20, NULL, "PRIVMSG", 2,
	    (const char *[]){ "#r", text }, &trunc);
	ck_assert_uint_eq(n, 19);
	ck_assert(trunc);
	ck_assert_str_eq(test_out, "PRIVMSG #r zzzzzz\r\n");
}
END_TEST

START_TEST(format_tags)
{
	struct irc_message	m;
	size_t			n;

	memset(&m, 0, sizeof m);
	m.command = "TAGMSG";
	m.params[0] = "#r";
	m.nparams = 1;
	m.tags[0].key = "+typing";
	m.tags[0].value = "active";
	m.tags[1].key = "label";
	m.tags[1].value = NULL;
	m.tags[2].key = "x";
	m.tags[2].value = "a;b c\\d\r\n";
	m.tags[3].key = "e";
	m.tags[3].value = "";
	m.ntags = 4;
	n = irc_message_format(test_out, sizeof test_out, &m, NULL);
	ck_assert_str_eq(test_out,
	    "@+typing=active;label;x=a\\:b\\sc\\\\d\\r\\n;e TAGMSG #r\r\n");
	ck_assert_uint_eq(n, strlen(test_out));

	/* Invalid keys are left out; none left means no '@' at all. */
	m.tags[0].key = "bad key";
	m.tags[1].key = NULL;
	m.tags[2].key = "";
	m.tags[3].key = "a=b";
	irc_message_format(test_out, sizeof test_out, &m, NULL);
	ck_assert_str_eq(test_out, "TAGMSG #r\r\n");

	m.ntags = 0;
	m.tags[0].key = "a";
	irc_message_format(test_out, sizeof test_out, &m, NULL);
	ck_assert_str_eq(test_out, "TAGMSG #r\r\n");

	m.ntags = IRC_TAGS_COUNT_MAX + 1;
	ck_assert_uint_eq(irc_message_format(test_out, sizeof test_out, &m,
	    NULL), 0);
}
END_TEST

START_TEST(format_tags_limit)
{
	static char		big[IRC_TAGS_MAX], semis[IRC_TAGS_MAX];
	struct irc_message	m;
	size_t			n, tagslen;
	char			*sp;

	memset(&m, 0, sizeof m);
	m.command = "PING";
	/* "@a=" + value + " " is exactly IRC_TAGS_MAX: fits. */
	test_fill(big, 'v', IRC_TAGS_MAX - 4);
	m.tags[0].key = "a";
	m.tags[0].value = big;
	m.tags[1].key = "b";
	m.tags[1].value = "1";
	m.ntags = 2;
	n = irc_message_format(test_out, sizeof test_out, &m, NULL);
	sp = strchr(test_out, ' ');
	ck_assert_ptr_nonnull(sp);
	tagslen = sp - test_out + 1;
	ck_assert_uint_eq(tagslen, IRC_TAGS_MAX);
	ck_assert_str_eq(sp, " PING\r\n");
	ck_assert_uint_eq(n, IRC_TAGS_MAX + strlen("PING\r\n"));

	/* One byte more and "a" is dropped whole; "b" still goes. */
	test_fill(big, 'v', IRC_TAGS_MAX - 3);
	irc_message_format(test_out, sizeof test_out, &m, NULL);
	ck_assert_str_eq(test_out, "@b=1 PING\r\n");

	/* Escaping doubles the length: counted escaped. */
	test_fill(semis, ';', IRC_TAGS_MAX / 2);
	m.tags[0].value = semis;
	irc_message_format(test_out, sizeof test_out, &m, NULL);
	ck_assert_str_eq(test_out, "@b=1 PING\r\n");

	/* A small buffer keeps the message part and drops the tags. */
	m.tags[0].value = "xyz";
	n = irc_message_format(test_out, 12, &m, NULL);
	ck_assert_str_eq(test_out, "@b=1 PING\r\n");
	ck_assert_uint_eq(n, 11);
	n = irc_message_format(test_out, 11, &m, NULL);
	ck_assert_str_eq(test_out, "PING\r\n");
}
END_TEST

/* --- Round trips --------------------------------------------------------- */

START_TEST(roundtrip_lines)
{
	static const char *const lines[] = {
		"PING",
		"PING srv.lan",
		"PRIVMSG #room :hello there",
		"PRIVMSG #room hello",
		"PRIVMSG #room :",
		"TOPIC #room ::-)",
		":alice!al@10.0.0.2 JOIN #room",
		":srv.lan 353 alice = #room :alice @bob carol",
		":srv.lan 005 alice CHANTYPES=# NICKLEN=30 :are supported",
		"@time=2024-01-01T00:00:00.000Z :bob PRIVMSG #r :hi all",
		"@+draft/react=\\:D\\s!;label=1 TAGMSG #room",
		"@a;+b;vendor.example/c=x\\\\y "
		    "PRIVMSG alice \xe2\x82\xac\xc3\xa9",
		"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15 and more",
		"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
		"QUIT :a:b c",
		"USER al 0 * :Al Ice",
	};
	char	expect[TEST_BUF_SIZE];
	size_t	i, n;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		ck_assert_int_eq(test_parse(lines[i]), IRC_PARSE_OK);
		n = irc_message_format(test_out, sizeof test_out, &test_msg,
		    NULL);
		snprintf(expect, sizeof expect, "%s\r\n", lines[i]);
		ck_assert_str_eq(test_out, expect);
		ck_assert_uint_eq(n, strlen(expect));
	}
}
END_TEST

START_TEST(roundtrip_messages)
{
	struct irc_message	 m, back;
	char			 line[TEST_BUF_SIZE];
	size_t			 n;
	int			 k;

	for (k = 0; k < 6; k++) {
		memset(&m, 0, sizeof m);
		m.command = "PRIVMSG";
		m.params[0] = "#r";
		m.nparams = 2;
		switch (k) {
		case 0:
			m.params[1] = "  spaces  everywhere ";
			break;
		case 1:
			m.params[1] = ":starts with colon";
			break;
		case 2:
			m.params[1] = "";
			m.source = "srv";
			break;
		case 3:
			m.params[1] = "\\back;semi=eq@at";
			m.tags[0].key = "k";
			m.tags[0].value = "; \\\r\n=@:";
			m.tags[1].key = "+vendor.example/k-2";
			m.tags[1].value = NULL;
			m.ntags = 2;
			break;
		case 4:
			m.command = "005";
			m.params[1] = "A=1";
			m.params[2] = "B";
			m.params[3] = "are supported";
			m.nparams = 4;
			break;
		case 5:
			m.command = "MODE";
			m.params[1] = "+o";
			m.params[2] = "x";
			m.nparams = 3;
			break;
		}
		n = irc_message_format(line, sizeof line, &m, NULL);
		ck_assert_uint_gt(n, 2);
		ck_assert_str_eq(line + n - 2, "\r\n");
		line[n - 2] = '\0';
		ck_assert_int_eq(irc_message_parse(&back, line), IRC_PARSE_OK);
		test_msg_eq(&m, &back);
	}
}
END_TEST

/* --- Tag escaping -------------------------------------------------------- */

START_TEST(tag_escape_roundtrip)
{
	static const char *const values[] = {
		"", "plain", "a;b", "a b", "back\\slash", "\r\n", ";;  \\\\",
		"trailing\\", "\xc3\xa9t\xc3\xa9 ;\xe2\x82\xac",
		"\\s not a space",
	};
	char	esc[256], copy[256];
	size_t	i, n;

	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		n = irc_tag_escape(esc, sizeof esc, values[i]);
		ck_assert_uint_eq(n, strlen(esc));
		ck_assert_uint_eq(n, irc_tag_escaped_len(values[i]));
		ck_assert_uint_eq(strcspn(esc, "; \r\n"), n);
		strlcpy(copy, esc, sizeof copy);
		irc_tag_unescape(copy);
		ck_assert_str_eq(copy, values[i]);
	}
	n = irc_tag_escape(esc, sizeof esc, "a; b\\");
	ck_assert_str_eq(esc, "a\\:\\sb\\\\");
	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(irc_tag_escape(esc, sizeof esc, NULL), 0);
	ck_assert_str_eq(esc, "");
}
END_TEST

START_TEST(tag_escape_truncate)
{
	char	esc[8];

	/* Never half an escape pair. */
	ck_assert_uint_eq(irc_tag_escape(esc, 5, "abc;d"), 3);
	ck_assert_str_eq(esc, "abc");
	ck_assert_uint_eq(irc_tag_escape(esc, 6, "abc;d"), 5);
	ck_assert_str_eq(esc, "abc\\:");
	/* Never half a UTF-8 character. */
	ck_assert_uint_eq(irc_tag_escape(esc, 5, "ab\xe2\x82\xac"), 2);
	ck_assert_str_eq(esc, "ab");
	ck_assert_uint_eq(irc_tag_escape(esc, 6, "ab\xe2\x82\xac"), 5);
	/* Nothing at all to write into. */
	esc[0] = 'q';
	ck_assert_uint_eq(irc_tag_escape(esc, 0, "abc"), 0);
	ck_assert_int_eq(esc[0], 'q');
	ck_assert_uint_eq(irc_tag_escape(esc, 1, "abc"), 0);
	ck_assert_str_eq(esc, "");
}
END_TEST

START_TEST(tag_unescape)
{
	char	buf[64];

	strlcpy(buf, "a\\:b\\sc\\\\d\\re\\nf", sizeof buf);
	irc_tag_unescape(buf);
	ck_assert_str_eq(buf, "a;b c\\d\re\nf");

	strlcpy(buf, "\\b\\0\\x", sizeof buf);
	irc_tag_unescape(buf);
	ck_assert_str_eq(buf, "b0x");

	strlcpy(buf, "end\\", sizeof buf);
	irc_tag_unescape(buf);
	ck_assert_str_eq(buf, "end");

	strlcpy(buf, "\\\\\\", sizeof buf);
	irc_tag_unescape(buf);
	ck_assert_str_eq(buf, "\\");

	strlcpy(buf, "\\", sizeof buf);
	irc_tag_unescape(buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(key_and_command_valid)
{
	ck_assert(irc_tag_key_valid("time"));
	ck_assert(irc_tag_key_valid("+typing"));
	ck_assert(irc_tag_key_valid("draft/reply"));
	ck_assert(irc_tag_key_valid("+example.com/x-1"));
	ck_assert(!irc_tag_key_valid(""));
	ck_assert(!irc_tag_key_valid("+"));
	ck_assert(!irc_tag_key_valid("a/b/c"));
	ck_assert(!irc_tag_key_valid("ke y"));
	ck_assert(!irc_tag_key_valid(NULL));

	ck_assert(irc_command_valid("PRIVMSG"));
	ck_assert(irc_command_valid("cap"));
	ck_assert(irc_command_valid("001"));
	ck_assert(!irc_command_valid("1"));
	ck_assert(!irc_command_valid("-"));
	ck_assert(!irc_command_valid(NULL));
}
END_TEST

/* One line: CR, LF and NUL inside become spaces, nothing else changes. */
START_TEST(one_line)
{
	char buf[] = "a\rb\nc\0d\r\ne \t\x01\xc3\xa9";
	size_t len = sizeof buf - 1;

	irc_one_line(buf, len);
	ck_assert_mem_eq(buf, "a b c d  e \t\x01\xc3\xa9", len);
	/* Only the len bytes given. */
	memcpy(buf, "x\ry\r", 4);
	irc_one_line(buf, 2);
	ck_assert_mem_eq(buf, "x y\r", 4);
	irc_one_line(buf, 0);
	ck_assert_mem_eq(buf, "x y\r", 4);
}
END_TEST

/* The line break at the end goes, however written; a CR inside stays. */
START_TEST(trim_crlf)
{
	ck_assert_uint_eq(irc_trim_crlf("abc\r\n", 5), 3);
	ck_assert_uint_eq(irc_trim_crlf("abc\n", 4), 3);
	ck_assert_uint_eq(irc_trim_crlf("abc\r", 4), 3);
	ck_assert_uint_eq(irc_trim_crlf("abc\n\r\n\r", 7), 3);
	ck_assert_uint_eq(irc_trim_crlf("a\rbc", 5), 5);
	ck_assert_uint_eq(irc_trim_crlf("abc \n", 5), 4);
	ck_assert_uint_eq(irc_trim_crlf("\r\n", 2), 0);
	ck_assert_uint_eq(irc_trim_crlf("", 0), 0);
	/* Only the len bytes given: what lies beyond is not looked at. */
	ck_assert_uint_eq(irc_trim_crlf("ab\r\n", 2), 2);
}
END_TEST

/* Build the suite: one test case per area. */
static Suite *
irc_message_suite(void)
{
	Suite	*s = suite_create("irc_message");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, parse_simple);
	tcase_add_test(tc, parse_source);
	tcase_add_test(tc, parse_trailing);
	tcase_add_test(tc, parse_empty_trailing);
	tcase_add_test(tc, parse_spaces);
	tcase_add_test(tc, parse_fifteen_params);
	tcase_add_test(tc, parse_numeric);
	tcase_add_test(tc, parse_no_command);
	tcase_add_test(tc, parse_tags);
	tcase_add_test(tc, parse_tag_escapes);
	tcase_add_test(tc, parse_tag_novalue);
	tcase_add_test(tc, parse_client_tags);
	tcase_add_test(tc, parse_bad_tags);
	tcase_add_test(tc, parse_too_long);
	tcase_add_test(tc, parse_tags_too_long);
	tcase_add_test(tc, parse_bytes_through);
	tcase_add_test(tc, parse_result_str);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_test(tc, format_colon_rules);
	tcase_add_test(tc, format_invalid);
	tcase_add_test(tc, format_crlf);
	tcase_add_test(tc, format_limit_exact);
	tcase_add_test(tc, format_truncate_utf8);
	tcase_add_test(tc, format_truncate_edges);
	tcase_add_test(tc, format_tags);
	tcase_add_test(tc, format_tags_limit);
	tcase_add_test(tc, one_line);
	tcase_add_test(tc, trim_crlf);
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_test(tc, roundtrip_lines);
	tcase_add_test(tc, roundtrip_messages);
	suite_add_tcase(s, tc);

	tc = tcase_create("tags");
	tcase_add_test(tc, tag_escape_roundtrip);
	tcase_add_test(tc, tag_escape_truncate);
	tcase_add_test(tc, tag_unescape);
	tcase_add_test(tc, key_and_command_valid);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(irc_message_suite());
}
