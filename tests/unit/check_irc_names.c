/* Unit tests of common/irc_names.c: case mapping, nick and room names. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "irc_names.h"
#include "wire.h"
#include "check_run.h"

/* 小, 明, 的, 房, 间: three bytes each. */
#define XIAO	"\xe5\xb0\x8f"
#define MING	"\xe6\x98\x8e"
#define DE	"\xe7\x9a\x84"
#define FANG	"\xe6\x88\xbf"
#define JIAN	"\xe9\x97\xb4"
/* ë and Ë. */
#define E_UML	"\xc3\xab"
#define E_UMLC	"\xc3\x8b"
/* U+0301 COMBINING ACUTE ACCENT. */
#define ACUTE	"\xcc\x81"

static Suite	*irc_names_suite(void);

/* Fill buf with n copies of c, then terminate it. */
static char *
repeat(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* ASCII letters fold; brackets, UTF-8 and everything else stay. */
START_TEST(test_casefold)
{
	char	buf[64];

	irc_casefold(buf, "ABC[]", sizeof buf);
	ck_assert_str_eq(buf, "abc[]");
	irc_casefold(buf, "Alice\\^~", sizeof buf);
	ck_assert_str_eq(buf, "alice\\^~");
	irc_casefold(buf, "Zo" E_UMLC "X", sizeof buf);
	ck_assert_str_eq(buf, "zo" E_UMLC "x");
	irc_casefold(buf, XIAO MING "AB", sizeof buf);
	ck_assert_str_eq(buf, XIAO MING "ab");
	irc_casefold(buf, "", sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* Of all 255 byte values only A-Z change. */
START_TEST(test_casefold_bytes)
{
	char	src[2], dst[2];
	int	c, want;

	for (c = 1; c < 256; c++) {
		src[0] = (char)c;
		src[1] = '\0';
		irc_casefold(dst, src, sizeof dst);
		want = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
		ck_assert_msg((unsigned char)dst[0] == want,
		    "byte 0x%02x folded to 0x%02x", c, (unsigned char)dst[0]);
		ck_assert(dst[1] == '\0');
	}
}
END_TEST

/* A short dst gets a terminated prefix and nothing past size is written. */
START_TEST(test_casefold_truncate)
{
	char	buf[16];

	memset(buf, '!', sizeof buf);
	irc_casefold(buf, "ABCDEF", 4);
	ck_assert_str_eq(buf, "abc");
	ck_assert(buf[4] == '!');

	memset(buf, '!', sizeof buf);
	irc_casefold(buf, "ABCDE", 6);
	ck_assert_str_eq(buf, "abcde");
	ck_assert(buf[6] == '!');

	memset(buf, '!', sizeof buf);
	irc_casefold(buf, "ABCDEF", 6);
	ck_assert_str_eq(buf, "abcde");
	ck_assert(buf[6] == '!');

	memset(buf, '!', sizeof buf);
	irc_casefold(buf, "ABC", 1);
	ck_assert(buf[0] == '\0');
	ck_assert(buf[1] == '!');

	memset(buf, '!', sizeof buf);
	irc_casefold(buf, "ABC", 0);
	ck_assert(buf[0] == '!');
}
END_TEST

/* Equal ignoring ASCII case only. */
START_TEST(test_casecmp_equal)
{
	ck_assert_int_eq(irc_casecmp("", ""), 0);
	ck_assert_int_eq(irc_casecmp("alice", "alice"), 0);
	ck_assert_int_eq(irc_casecmp("Alice", "aLICE"), 0);
	ck_assert_int_eq(irc_casecmp("#Lobby", "#lobby"), 0);
	ck_assert_int_eq(irc_casecmp(XIAO MING "A", XIAO MING "a"), 0);
	/* CASEMAPPING=ascii: no rfc1459 bracket folding, no Unicode folding. */
	ck_assert_int_ne(irc_casecmp("[x]", "{x}"), 0);
	ck_assert_int_ne(irc_casecmp("a\\b", "a|b"), 0);
	ck_assert_int_ne(irc_casecmp("a^", "a~"), 0);
	ck_assert_int_ne(irc_casecmp("Zo" E_UML, "Zo" E_UMLC), 0);
	ck_assert_int_ne(irc_casecmp("alice", "alic"), 0);
	ck_assert_int_ne(irc_casecmp("alice", "alicf"), 0);
}
END_TEST

/* The sign orders names as their folded bytes, unsigned. */
START_TEST(test_casecmp_order)
{
	ck_assert_int_lt(irc_casecmp("abc", "ABD"), 0);
	ck_assert_int_gt(irc_casecmp("ABD", "abc"), 0);
	ck_assert_int_lt(irc_casecmp("a", "AB"), 0);
	ck_assert_int_gt(irc_casecmp("Ab", "a"), 0);
	ck_assert_int_lt(irc_casecmp("", "a"), 0);
	ck_assert_int_gt(irc_casecmp("a", ""), 0);
	/* 'Z' folds to 'z' (0x7a), which sorts after '_' (0x5f). */
	ck_assert_int_gt(irc_casecmp("Z", "_"), 0);
	ck_assert_int_lt(irc_casecmp("_", "Z"), 0);
	/* Bytes above 0x7f compare as unsigned. */
	ck_assert_int_lt(irc_casecmp("a", E_UML), 0);
	ck_assert_int_gt(irc_casecmp(XIAO, "z"), 0);
}
END_TEST

/* Nicks the rules allow. */
START_TEST(test_nick_valid)
{
	char	buf[64];

	ck_assert(irc_nick_valid("alice"));
	ck_assert(irc_nick_valid("Alice"));
	ck_assert(irc_nick_valid("a-b"));
	ck_assert(irc_nick_valid("a1"));
	ck_assert(irc_nick_valid("[x]"));
	ck_assert(irc_nick_valid("_x_"));
	ck_assert(irc_nick_valid("^`|{}\\"));
	ck_assert(irc_nick_valid(XIAO MING));
	ck_assert(irc_nick_valid("Zo" E_UML));
	ck_assert(irc_nick_valid("e" ACUTE));
	ck_assert(irc_nick_valid(XIAO ACUTE));
	ck_assert(irc_nick_valid(repeat(buf, 'a', IRC_NICKLEN)));
	/* Ten CJK characters: 30 bytes. */
	ck_assert_uint_eq(strlen(XIAO MING XIAO MING XIAO MING XIAO MING
	    XIAO MING), IRC_NICKLEN);
	ck_assert(irc_nick_valid(XIAO MING XIAO MING XIAO MING XIAO MING
	    XIAO MING));
}
END_TEST

/* Nicks the rules refuse. */
START_TEST(test_nick_invalid)
{
	char	buf[64];

	ck_assert(!irc_nick_valid(""));
	ck_assert(!irc_nick_valid("1abc"));
	ck_assert(!irc_nick_valid("9"));
	ck_assert(!irc_nick_valid("-x"));
	ck_assert(!irc_nick_valid("a b"));
	ck_assert(!irc_nick_valid("a,b"));
	ck_assert(!irc_nick_valid("a!b"));
	ck_assert(!irc_nick_valid("a@b"));
	ck_assert(!irc_nick_valid("#chan"));
	ck_assert(!irc_nick_valid("a:b"));
	ck_assert(!irc_nick_valid(":ab"));
	ck_assert(!irc_nick_valid("a*b"));
	ck_assert(!irc_nick_valid("a?b"));
	ck_assert(!irc_nick_valid("a.b"));
	ck_assert(!irc_nick_valid("a\x01"));
	ck_assert(!irc_nick_valid("a\x7f"));
	ck_assert(!irc_nick_valid(repeat(buf, 'a', IRC_NICKLEN + 1)));
	/* Ill-formed UTF-8: a stray byte, an overlong '/', a truncation. */
	ck_assert(!irc_nick_valid("\xff"));
	ck_assert(!irc_nick_valid("a\xff"));
	ck_assert(!irc_nick_valid("\xc0\xaf"));
	ck_assert(!irc_nick_valid("a\xc0\xaf"));
	ck_assert(!irc_nick_valid("a\xe5\xb0"));
	/* U+0085, a C1 control, first and later. */
	ck_assert(!irc_nick_valid("\xc2\x85"));
	ck_assert(!irc_nick_valid("a\xc2\x85"));
	/* Nothing invisible: alice U+200B looks like alice (ZWSP, ZWJ,
	 * ZWNJ, word joiner, BOM, Hangul filler, variation selector, soft
	 * hyphen, tag), nor a bidi control or separator. */
	ck_assert(!irc_nick_valid("alice\xe2\x80\x8b"));
	ck_assert(!irc_nick_valid("al\xe2\x80\x8dice"));
	ck_assert(!irc_nick_valid("al\xe2\x80\x8cice"));
	ck_assert(!irc_nick_valid("al\xe2\x81\xa0ice"));
	ck_assert(!irc_nick_valid("alice\xef\xbb\xbf"));
	ck_assert(!irc_nick_valid("\xe3\x85\xa4"));
	ck_assert(!irc_nick_valid("a\xe3\x85\xa4"));
	ck_assert(!irc_nick_valid("a\xef\xb8\x8f"));
	ck_assert(!irc_nick_valid("a\xc2\xad" "b"));
	ck_assert(!irc_nick_valid("a\xf3\xa0\x80\x81"));
	ck_assert(!irc_nick_valid("bob\xe2\x80\xae" "cilA"));
	ck_assert(!irc_nick_valid("bob\xe2\x81\xa6"));
	ck_assert(!irc_nick_valid("bob\xe2\x80\x8f"));
	ck_assert(!irc_nick_valid("bob\xe2\x80\xa8"));
	/* A combining mark cannot start a nick. */
	ck_assert(!irc_nick_valid(ACUTE));
	ck_assert(!irc_nick_valid(ACUTE "a"));
	/* Eleven CJK characters: 33 bytes. */
	ck_assert(!irc_nick_valid(XIAO MING XIAO MING XIAO MING XIAO MING
	    XIAO MING XIAO));
	/* 29 ASCII bytes and one CJK character: 32 bytes. */
	memset(buf, 'a', 29);
	memcpy(buf + 29, XIAO, sizeof XIAO);
	ck_assert(!irc_nick_valid(buf));
}
END_TEST

/* Each ASCII byte after a letter is allowed exactly when the rules say. */
START_TEST(test_nick_ascii_table)
{
	char	nick[3];
	int	c;
	bool	want;

	for (c = 1; c < 128; c++) {
		want = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("[]\\`_^{|}-", c) != NULL;
		nick[0] = 'a';
		nick[1] = (char)c;
		nick[2] = '\0';
		ck_assert_msg(irc_nick_valid(nick) == want,
		    "'a' then 0x%02x: want %d", c, want);
		/* First: the same, except digits and '-'. */
		if ((c >= '0' && c <= '9') || c == '-')
			want = false;
		nick[0] = (char)c;
		nick[1] = '\0';
		ck_assert_msg(irc_nick_valid(nick) == want,
		    "0x%02x alone: want %d", c, want);
	}
}
END_TEST

/* Room names the rules allow. */
START_TEST(test_channel_valid)
{
	char	buf[64];

	ck_assert(irc_channel_valid("#lobby"));
	ck_assert(irc_channel_valid("#a"));
	ck_assert(irc_channel_valid("#Lobby-2[x]!@*"));
	ck_assert(irc_channel_valid("#" XIAO MING DE FANG JIAN));
	ck_assert(irc_channel_valid("##"));
	buf[0] = '#';
	repeat(buf + 1, 'a', IRC_CHANNELLEN - 1);
	ck_assert_uint_eq(strlen(buf), IRC_CHANNELLEN);
	ck_assert(irc_channel_valid(buf));
}
END_TEST

/* Room names the rules refuse. */
START_TEST(test_channel_invalid)
{
	char	buf[64];

	ck_assert(!irc_channel_valid(""));
	ck_assert(!irc_channel_valid("lobby"));
	/* #lobby U+200B would pass for #lobby; RLO turns a name round. */
	ck_assert(!irc_channel_valid("#lobby\xe2\x80\x8b"));
	ck_assert(!irc_channel_valid("#\xe2\x80\xae" "ybbol"));
	ck_assert(!irc_channel_valid("#a\xef\xbb\xbf"));
	ck_assert(!irc_channel_valid("&lobby"));
	ck_assert(!irc_channel_valid("#"));
	ck_assert(!irc_channel_valid("# a"));
	ck_assert(!irc_channel_valid("#a b"));
	ck_assert(!irc_channel_valid("#a,b"));
	ck_assert(!irc_channel_valid("#a:b"));
	ck_assert(!irc_channel_valid("#a\x07"));
	ck_assert(!irc_channel_valid("#a\tb"));
	ck_assert(!irc_channel_valid("#a\r"));
	ck_assert(!irc_channel_valid("#a\x7f"));
	ck_assert(!irc_channel_valid("#\xff"));
	ck_assert(!irc_channel_valid("#a\xc0\xaf"));
	ck_assert(!irc_channel_valid("#a\xe5\xb0"));
	buf[0] = '#';
	repeat(buf + 1, 'a', IRC_CHANNELLEN);
	ck_assert_uint_eq(strlen(buf), IRC_CHANNELLEN + 1);
	ck_assert(!irc_channel_valid(buf));
}
END_TEST

/* A C1 control (U+0085) is a control character, refused like C0 ones. */
START_TEST(test_channel_c1_control)
{
	ck_assert(!irc_channel_valid("#\xc2\x85"));
	ck_assert(!irc_channel_valid("#a\xc2\x85" "b"));
	ck_assert(!irc_channel_valid("#a\xc2\x9b"));
}
END_TEST

/* Only '#' makes a room (CHANTYPES=#). */
START_TEST(test_is_channel)
{
	ck_assert(irc_is_channel("#lobby"));
	ck_assert(irc_is_channel("#"));
	ck_assert(irc_is_channel("#" XIAO));
	ck_assert(!irc_is_channel(""));
	ck_assert(!irc_is_channel("lobby"));
	ck_assert(!irc_is_channel("&lobby"));
	ck_assert(!irc_is_channel(" #lobby"));
	ck_assert(!irc_is_channel("a#"));
}
END_TEST

/* Gather the tests. */
static Suite *
irc_names_suite(void)
{
	Suite	*s = suite_create("irc_names");
	TCase	*tc;

	tc = tcase_create("case");
	tcase_add_test(tc, test_casefold);
	tcase_add_test(tc, test_casefold_bytes);
	tcase_add_test(tc, test_casefold_truncate);
	tcase_add_test(tc, test_casecmp_equal);
	tcase_add_test(tc, test_casecmp_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("nick");
	tcase_add_test(tc, test_nick_valid);
	tcase_add_test(tc, test_nick_invalid);
	tcase_add_test(tc, test_nick_ascii_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("channel");
	tcase_add_test(tc, test_channel_valid);
	tcase_add_test(tc, test_channel_invalid);
	tcase_add_test(tc, test_channel_c1_control);
	tcase_add_test(tc, test_is_channel);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(irc_names_suite());
}
