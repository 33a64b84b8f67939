/* Unit tests of server/door.c: is a line IRC software's or a person's? */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "server/door.h"
#include "irc_message.h"
#include "check_run.h"

static Suite	*door_suite(void);

/* Parse a copy of line and ask fn about it. */
static bool
ask(bool (*fn)(const struct irc_message *), const char *line)
{
	char buf[1024];
	struct irc_message msg;

	snprintf(buf, sizeof buf, "%s", line);
	ck_assert_int_eq(irc_message_parse(&msg, buf), IRC_PARSE_OK);
	return fn(&msg);
}

START_TEST(test_registration)
{
	static const char *const yes[] = {
		"CAP LS", "CAP LS 302", "CAP LIST", "CAP REQ :server-time batch",
		"CAP END", "cap ls 302", "NICK alice", "NICK :alice",
		"USER alice 0 * :Alice Liddell", "user a 8 * :a",
		"PASS sekrit", "@time=x CAP LS 302",
	};
	static const char *const no[] = {
		"CAP", "cap", "CAP ME", "CAP LS please", "CAP END now",
		"CAP REQ", "NICK", "nick alice", "Nick alice", "NICK alice bob",
		"USER alice", "USER a b c d e", "PASS", "pass word",
		"PASS two words", "hello there", "PRIVMSG bob :hi",
	};
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert_msg(ask(door_registration, yes[i]), "%s", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(!ask(door_registration, no[i]), "%s", no[i]);
}
END_TEST

START_TEST(test_first_line)
{
	static const char *const irc[] = {
		"CAP LS 302", "NICK alice", "LIST", "LIST #a,#b", "WHO",
		"WHO #lobby", "WHO #lobby o", "WHO alice %nuhaf", "JOIN #lobby",
		"JOIN #a,#b key", "JOIN 0", "PART #lobby :bye", "NAMES #lobby",
		"PRIVMSG bob :hi there", "NOTICE #lobby :hi", "QUIT",
		"QUIT :gone", "PING :x", "MODE #lobby +k key", "TOPIC #lobby",
		"WHOIS alice", "ISON alice bob", "STARTTLS", "WEBIRC a b c d",
		"AWAY :lunch", "HI THERE", "NICK", "CAP FROB", "USER a",
		"PASS",
	};
	static const char *const person[] = {
		"who is here?", "list", "hello there", "hello", "join me",
		"WHO IS HERE?", "JOIN ME", "PART OF IT", "QUIT IT NOW",
		"PRIVMSG", "NOTICE THIS", "Nick here", "nick", "cap",
		"LIST ALL THE ROOMS PLEASE", "alice",
		"user a", "KICK HIM OUT",
	};
	size_t i;

	for (i = 0; i < sizeof irc / sizeof irc[0]; i++)
		ck_assert_msg(ask(door_looks_like_irc, irc[i]), "%s", irc[i]);
	for (i = 0; i < sizeof person / sizeof person[0]; i++)
		ck_assert_msg(!ask(door_looks_like_irc, person[i]), "%s",
		    person[i]);
}
END_TEST

START_TEST(test_raw_lines)
{
	char long_line[3000];

	memset(long_line, 'a', sizeof long_line);
	ck_assert(door_line_from_person("hello there", 11));
	ck_assert(door_line_from_person("who is here?", 12));
	ck_assert(!door_line_from_person("WHO #lobby", 10));
	ck_assert(!door_line_from_person("CAP LS 302", 10));
	ck_assert(!door_line_from_person("   ", 3));	/* nobody's */
	ck_assert(door_line_from_person("NICK a\0b", 8));
	ck_assert(door_line_from_person(long_line, sizeof long_line));
	ck_assert(door_line_registers("CAP LS 302", 10));
	ck_assert(door_line_registers("NICK alice", 10));
	ck_assert(door_line_registers("USER a 0 * :A B", 15));
	ck_assert(!door_line_registers("hello there", 11));
	ck_assert(!door_line_registers("CAP", 3));
	ck_assert(!door_line_registers("NICK a\0b", 8));
	/* A CR inside is a space, as when the line runs: no nickname. */
	ck_assert(!door_line_registers("NICK \r", 6));
	ck_assert(door_line_registers("NICK bob\r", 9));
	ck_assert(!door_line_registers(long_line, sizeof long_line));
}
END_TEST

static Suite *
door_suite(void)
{
	Suite	*s = suite_create("door");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_registration);
	tcase_add_test(tc, test_first_line);
	tcase_add_test(tc, test_raw_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(door_suite());
}
