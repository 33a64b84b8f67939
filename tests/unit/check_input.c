/* Unit tests of client/input.c: the user's messages and /commands, as
 * the lines they send and what the windows show. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conn.h"
#include "client/dcc.h"
#include "client/handle.h"
#include "client/input.h"
#include "client/options.h"
#include "client/scrollback.h"
#include "client/session.h"
#include "wire.h"
#include "check_run.h"

static Suite	*input_suite(void);

static struct options	opt;
static struct conn	conn;
static struct session	s;
static char		sent[65536];

/* Online as tester, in #lobby with alice. */
static void
setup(void)
{
	char	line[256];

	options_init(&opt, "tester", false);
	conn_init(&conn);
	conn.capture = true;
	session_init(&s, &opt, &conn);
	session_resize(&s, 80, 20);
	session_connected(&s);
	snprintf(line, sizeof line, ":srv 001 tester :Welcome to the natter "
	    "network, tester!tester@127.0.0.1");
	handle_line(&s, line);
	snprintf(line, sizeof line, ":tester!tester@127.0.0.1 JOIN #lobby");
	handle_line(&s, line);
	snprintf(line, sizeof line, ":srv 353 tester = #lobby :@tester alice");
	handle_line(&s, line);
	snprintf(line, sizeof line, ":srv 366 tester #lobby :End");
	handle_line(&s, line);
	conn.sendq.len = 0;
}

static void
teardown(void)
{
	session_free(&s);
	conn_free(&conn);
	options_free(&opt);
}

/* What was sent since the last call. */
static const char *
take_sent(void)
{
	snprintf(sent, sizeof sent, "%.*s", (int)conn.sendq.len,
	    conn.sendq.data != NULL ? conn.sendq.data : "");
	conn.sendq.len = 0;
	return sent;
}

/* The newest line of the current window. */
static const struct scrollback_line *
last(void)
{
	struct window	*w = session_current(&s);
	size_t		 n = scrollback_count(&w->sb);

	return n > 0 ? scrollback_line(&w->sb, n - 1) : NULL;
}

START_TEST(test_message)
{
	input_submit(&s, "hello there");
	ck_assert_str_eq(take_sent(), "PRIVMSG #lobby :hello there\r\n");
	ck_assert_int_eq(last()->kind, SCROLLBACK_MESSAGE);
	ck_assert_str_eq(last()->sender, "tester");
	ck_assert_str_eq(last()->text, "hello there");
	ck_assert_uint_eq(last()->flags, SCROLLBACK_SELF);
	/* "//" sends a line starting with a slash. */
	input_submit(&s, "//usr/bin is a folder");
	ck_assert_str_eq(take_sent(), "PRIVMSG #lobby :/usr/bin is a folder\r\n");
	/* Empty lines send nothing. */
	input_submit(&s, "   ");
	ck_assert_str_eq(take_sent(), "");
}
END_TEST

START_TEST(test_echo_message)
{
	size_t	n = scrollback_count(&session_current(&s)->sb);

	s.caps |= SESSION_CAP_ECHO_MESSAGE;
	input_submit(&s, "hello");
	ck_assert_str_eq(take_sent(), "PRIVMSG #lobby hello\r\n");
	/* The server's echo will show it: nothing shown now. */
	ck_assert_uint_eq(scrollback_count(&session_current(&s)->sb), n);
}
END_TEST

START_TEST(test_long_message_split)
{
	char		 text[2001], *p, *end;
	size_t		 i, lines = 0, total = 0;
	const char	*out;

	for (i = 0; i < 2000; i++)
		text[i] = (char)('a' + i % 26);
	memcpy(text + 500, "\xe4\xbd\xa0\xe5\xa5\xbd", 6);	/* 你好 */
	text[2000] = '\0';
	input_submit(&s, text);
	out = take_sent();
	for (p = (char *)out; (end = strstr(p, "\r\n")) != NULL; p = end + 2) {
		ck_assert_uint_le((size_t)(end - p) + 2 + 1 + 40 + 1,
		    IRC_LINE_MAX + 40);
		ck_assert(strncmp(p, "PRIVMSG #lobby ", 15) == 0);
		total += (size_t)(end - p) - 15 - (p[15] == ':');
		lines++;
	}
	ck_assert_uint_ge(lines, 5);
	ck_assert_uint_eq(total, 2000);
	/* Each piece is shown. */
	ck_assert_uint_eq(strlen(last()->text) > 0, 1);
}
END_TEST

START_TEST(test_me_msg_query)
{
	struct window	*w;

	input_submit(&s, "/me waves");
	ck_assert_str_eq(take_sent(), "PRIVMSG #lobby :\001ACTION waves\001\r\n");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ACTION);
	ck_assert_str_eq(last()->text, "waves");

	input_submit(&s, "/msg alice a secret");
	ck_assert_str_eq(take_sent(), "PRIVMSG alice :a secret\r\n");
	w = session_find(&s, "alice", NULL);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(s.current, 1);		/* no switch */
	/* The room where it was typed says what went where. */
	ck_assert_int_eq(last()->kind, SCROLLBACK_SERVER);
	ck_assert_str_eq(last()->text, "msg(alice) a secret");

	input_submit(&s, "/query bob hi bob");
	ck_assert_str_eq(take_sent(), "PRIVMSG bob :hi bob\r\n");
	ck_assert_str_eq(session_current(&s)->name, "bob");
	input_submit(&s, "plain text goes to bob");
	ck_assert_str_eq(take_sent(), "PRIVMSG bob :plain text goes to bob\r\n");
	input_submit(&s, "/notice #lobby fyi");
	ck_assert_str_eq(take_sent(), "NOTICE #lobby fyi\r\n");
	input_submit(&s, "/query #lobby");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
}
END_TEST

START_TEST(test_rooms)
{
	char	line[128];

	input_submit(&s, "/join other");
	ck_assert_str_eq(take_sent(), "JOIN #other\r\n");
	snprintf(line, sizeof line, ":tester!t@h JOIN #other");
	handle_line(&s, line);
	ck_assert_str_eq(session_current(&s)->name, "#other");
	input_submit(&s, "/join #a,#b key");
	ck_assert_str_eq(take_sent(), "JOIN #a,#b key\r\n");
	/* Joining a room we are in shows it. */
	input_submit(&s, "/join #lobby");
	ck_assert_str_eq(take_sent(), "");
	ck_assert_str_eq(session_current(&s)->name, "#lobby");

	input_submit(&s, "/part");
	ck_assert_str_eq(take_sent(), "PART #lobby :\r\n");
	input_submit(&s, "/part #other see you");
	ck_assert_str_eq(take_sent(), "PART #other :see you\r\n");
	input_submit(&s, "/topic");
	ck_assert_str_eq(take_sent(), "TOPIC #lobby\r\n");
	input_submit(&s, "/topic Lunch at noon");
	ck_assert_str_eq(take_sent(), "TOPIC #lobby :Lunch at noon\r\n");
	input_submit(&s, "/topic #other New one");
	ck_assert_str_eq(take_sent(), "TOPIC #other :New one\r\n");
	input_submit(&s, "/names");
	ck_assert_str_eq(take_sent(), "NAMES #lobby\r\n");
	ck_assert(session_current(&s)->names_show);
	input_submit(&s, "/who");
	ck_assert_str_eq(take_sent(), "WHO #lobby\r\n");
	input_submit(&s, "/list");
	ck_assert_str_eq(take_sent(), "LIST\r\n");
	input_submit(&s, "/list #a,#b");
	ck_assert_str_eq(take_sent(), "LIST #a,#b\r\n");
}
END_TEST

START_TEST(test_other_commands)
{
	input_submit(&s, "/nick tess");
	ck_assert_str_eq(take_sent(), "NICK tess\r\n");
	input_submit(&s, "/whois alice");
	ck_assert_str_eq(take_sent(), "WHOIS alice\r\n");
	input_submit(&s, "/away at lunch");
	ck_assert_str_eq(take_sent(), "AWAY :at lunch\r\n");
	input_submit(&s, "/away");
	ck_assert_str_eq(take_sent(), "AWAY\r\n");
	input_submit(&s, "/quote PRIVMSG alice :raw");
	ck_assert_str_eq(take_sent(), "PRIVMSG alice :raw\r\n");
	input_submit(&s, "/clear");
	ck_assert_uint_eq(scrollback_count(&session_current(&s)->sb), 0);
	input_submit(&s, "/help");
	ck_assert_uint_ge(scrollback_count(&session_current(&s)->sb), 20);
	input_submit(&s, "/help join");
	ck_assert_str_eq(last()->text, "  Join rooms, opening a window for "
	    "each.");
	input_submit(&s, "/help nosuch");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	input_submit(&s, "/frobnicate now");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	ck_assert_ptr_nonnull(strstr(last()->text, "frobnicate"));
	input_submit(&s, "/msg alice");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(take_sent(), "");
}
END_TEST

START_TEST(test_windows)
{
	input_submit(&s, "/window 1");
	ck_assert_uint_eq(s.current, 0);
	/* No messages in the server window. */
	input_submit(&s, "hello?");
	ck_assert_str_eq(take_sent(), "");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	input_submit(&s, "/close");
	ck_assert_uint_eq(s.nwindows, 2);
	input_submit(&s, "/window 7");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	input_submit(&s, "/window 2");
	ck_assert_uint_eq(s.current, 1);
	input_submit(&s, "/close bye all");
	ck_assert_str_eq(take_sent(), "PART #lobby :bye all\r\n");
	ck_assert_uint_eq(s.nwindows, 1);
	ck_assert_uint_eq(s.current, 0);
}
END_TEST

START_TEST(test_offline)
{
	session_disconnected(&s, "gone");
	s.retry_in = 3;
	input_submit(&s, "hello");
	ck_assert_str_eq(take_sent(), "");
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	ck_assert_ptr_nonnull(strstr(last()->text, "retrying in 3s"));
	input_submit(&s, "/whois alice");
	ck_assert_str_eq(take_sent(), "");
	/* /nick while offline is used when connecting again. */
	input_submit(&s, "/nick later");
	ck_assert_str_eq(s.nick, "later");
	input_submit(&s, "/quit");
	ck_assert(s.quit);
	ck_assert_str_eq(take_sent(), "");
}
END_TEST

START_TEST(test_quit)
{
	input_submit(&s, "/quit see you");
	ck_assert_str_eq(take_sent(), "QUIT :see you\r\n");
	ck_assert(s.quit);
}
END_TEST

/* A line from the server (handle_line cuts it up in place). */
static void
server(const char *line)
{
	char	buf[512];

	snprintf(buf, sizeof buf, "%s", line);
	handle_line(&s, buf);
}

/* A room's key goes with the JOIN again after a reconnect: the one given
 * with /join, or the one the room was set to while we were in. */
START_TEST(test_rejoin_keys)
{
	input_submit(&s, "/join #secret,#open,#vault hunter2,,k3");
	ck_assert_str_eq(take_sent(),
	    "JOIN #secret,#open,#vault hunter2,,k3\r\n");
	server(":tester!tester@127.0.0.1 JOIN #secret");
	server(":tester!tester@127.0.0.1 JOIN #open");
	/* #vault's JOIN never came back (wrong key): it has no window. */
	ck_assert_ptr_nonnull(session_find(&s, "#secret", NULL));
	ck_assert_str_eq(session_find(&s, "#secret", NULL)->key, "hunter2");
	ck_assert_ptr_null(session_find(&s, "#open", NULL)->key);
	ck_assert_ptr_null(session_find(&s, "#vault", NULL));
	/* #open gets a key while we are in; #lobby gets one and loses it. */
	server(":alice!a@h MODE #open +k opensesame");
	server(":alice!a@h MODE #lobby +nk tmp");
	server(":alice!a@h MODE #lobby -k *");
	ck_assert_str_eq(session_find(&s, "#open", NULL)->key, "opensesame");
	ck_assert_ptr_null(session_find(&s, "#lobby", NULL)->key);

	session_disconnected(&s, "test");
	conn.sendq.len = 0;
	session_connected(&s);
	take_sent();
	server(":srv 001 tester :Welcome back");
	/* Keyed rooms one by one, then the rest in one line. */
	ck_assert_str_eq(take_sent(), "JOIN #secret hunter2\r\n"
	    "JOIN #open opensesame\r\n"
	    "JOIN #lobby\r\n");
}
END_TEST

/* /away is set again after a reconnect; /away alone forgets it. */
START_TEST(test_away_kept)
{
	char	line[256];

	input_submit(&s, "/away at lunch");
	ck_assert_str_eq(take_sent(), "AWAY :at lunch\r\n");
	session_disconnected(&s, "lost");
	session_connected(&s);
	take_sent();
	snprintf(line, sizeof line, ":srv 001 tester :Welcome");
	handle_line(&s, line);
	ck_assert_str_eq(take_sent(), "AWAY :at lunch\r\nJOIN #lobby\r\n");
	input_submit(&s, "/away");
	ck_assert_str_eq(take_sent(), "AWAY\r\n");
	session_disconnected(&s, "lost");
	session_connected(&s);
	take_sent();
	snprintf(line, sizeof line, ":srv 001 tester :Welcome");
	handle_line(&s, line);
	ck_assert_str_eq(take_sent(), "JOIN #lobby\r\n");
}
END_TEST

/* Enter line and check it is refused with words, nothing sent. */
static void
expect_refused(const char *line, const char *words)
{
	input_submit(&s, line);
	ck_assert_msg(strcmp(last()->text, words) == 0,
	    "%s: \"%s\", want \"%s\"", line, last()->text, words);
	ck_assert_int_eq(last()->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(take_sent(), "");
}

/* The checks a command's table flags ask for, before it runs: each with
 * the words the user sees, and nothing sent. */
START_TEST(test_command_checks)
{
	static const char *const need_room[] = {
		"/part", "/topic", "/names", "/who",
	};
	static const char *const need_online[] = {
		"/join #elsewhere", "/part #lobby", "/whois alice", "/tls",
		"/list", "/away", "/msg alice hi", "/topic #lobby",
	};
	size_t	i;

	/* Online, in the server window: commands that need a room. */
	input_submit(&s, "/window 1");
	for (i = 0; i < sizeof need_room / sizeof need_room[0]; i++)
		expect_refused(need_room[i],
		    "Not in a room window: name the room (#room)");
	expect_refused("/me waves", "/me needs a room or private window");
	/* A typed room or mask is used as it is. */
	input_submit(&s, "/names #lobby");
	ck_assert_str_eq(take_sent(), "NAMES #lobby\r\n");
	input_submit(&s, "/who *.lan");
	ck_assert_str_eq(take_sent(), "WHO *.lan\r\n");
	input_submit(&s, "/part #lobby bye");
	ck_assert_str_eq(take_sent(), "PART #lobby bye\r\n");
	/* No file transfers without their state. */
	ck_assert_ptr_null(s.dcc);
	expect_refused("/dcc", "File transfers are not available");
	expect_refused("/send bob file", "File transfers are not available");

	/* Connected, not yet registered: raw lines go, the rest wait. */
	session_disconnected(&s, "gone");
	session_connected(&s);
	take_sent();
	input_submit(&s, "/quote CAP LS 302");
	ck_assert_str_eq(take_sent(), "CAP LS 302\r\n");
	for (i = 0; i < sizeof need_online / sizeof need_online[0]; i++)
		expect_refused(need_online[i], "Not connected yet");
	expect_refused("/ping alice", "Not connected");

	/* Offline: the same words, with the retry's time when known. */
	session_disconnected(&s, "gone");
	s.retry_in = 5;
	expect_refused("/quote PING x", "Not connected (retrying in 5s)");
	for (i = 0; i < sizeof need_online / sizeof need_online[0]; i++)
		expect_refused(need_online[i],
		    "Not connected (retrying in 5s)");
	s.retry_in = -1;
	expect_refused("/list", "Not connected yet");
	/* What needs no connection still runs. */
	input_submit(&s, "/help join");
	ck_assert_str_eq(last()->text, "  Join rooms, opening a window for "
	    "each.");
	expect_refused("/window 9", "No window 9 (there are 2)");
}
END_TEST

/* The DCC commands pick a transfer by its number, digits only. */
START_TEST(test_dcc_numbers)
{
	static const char offer[] = "DCC SEND notes.txt 2130706433 5000 10";

	s.dcc = dcc_new(&s, &opt.dcc, "/nonexistent", NULL);
	expect_refused("/get", "No DCC offer waiting (/dcc lists the "
	    "transfers)");
	dcc_ctcp_in(s.dcc, "bob", offer, strlen(offer));
	expect_refused("/get 0", "No DCC 0 (/dcc lists them)");
	expect_refused("/get 2", "No DCC 2 (/dcc lists them)");
	expect_refused("/get +1", "No DCC +1 (/dcc lists them)");
	expect_refused("/get 1x", "No DCC 1x (/dcc lists them)");
	expect_refused("/reject 4294967297", "No DCC 4294967297 (/dcc lists "
	    "them)");
	expect_refused("/dcc close 99999999999999999999999",
	    "No DCC 99999999999999999999999 (/dcc lists them)");
	/* Leading zeros are still the number. */
	input_submit(&s, "/reject 01");
	ck_assert_ptr_nonnull(strstr(last()->text, "Refused notes.txt from "
	    "bob"));
	ck_assert_str_eq(take_sent(), "NOTICE bob :\001DCC REJECT SEND "
	    "notes.txt\001\r\n");
	expect_refused("/get 1", "No DCC 1 (/dcc lists them)");
	dcc_free(s.dcc);
	s.dcc = NULL;
}
END_TEST

START_TEST(test_paste)
{
	ck_assert(input_paste(&s, session_current(&s),
	    "/quit is what I typed"));
	ck_assert_str_eq(take_sent(), "PRIVMSG #lobby :/quit is what I typed\r\n");
	ck_assert(!s.quit);
	ck_assert(input_paste(&s, session_current(&s), ""));
	ck_assert(!input_paste(&s, s.windows[0], "to the server window"));
	ck_assert_int_eq(scrollback_line(&s.windows[0]->sb,
	    scrollback_count(&s.windows[0]->sb) - 1)->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(take_sent(), "");
}
END_TEST

static Suite *
input_suite(void)
{
	Suite	*su = suite_create("input");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_message);
	tcase_add_test(tc, test_away_kept);
	tcase_add_test(tc, test_echo_message);
	tcase_add_test(tc, test_long_message_split);
	tcase_add_test(tc, test_me_msg_query);
	tcase_add_test(tc, test_rooms);
	tcase_add_test(tc, test_other_commands);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_offline);
	tcase_add_test(tc, test_quit);
	tcase_add_test(tc, test_paste);
	tcase_add_test(tc, test_command_checks);
	tcase_add_test(tc, test_dcc_numbers);
	tcase_add_test(tc, test_rejoin_keys);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(input_suite());
}
