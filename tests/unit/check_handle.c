/* Unit tests of client/handle*.c, session.c and status.c: what the client
 * does with each line the server sends, and the status line it shows. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/conn.h"
#include "client/gapless.h"
#include "client/handle.h"
#include "client/handle_private.h"
#include "client/options.h"
#include "client/render.h"
#include "client/scrollback.h"
#include "client/session.h"
#include "client/status.h"
#include "check_run.h"

static Suite	*handle_suite(void);

static struct options	opt;
static struct conn	conn;
static struct session	s;
static char		sent[65536];

/* A session for nick tester in #lobby, its sends captured. */
static void
setup(void)
{
	options_init(&opt, "tester", false);
	conn_init(&conn);
	conn.capture = true;
	session_init(&s, &opt, &conn);
	session_resize(&s, 80, 20);
}

static void
teardown(void)
{
	session_free(&s);
	conn_free(&conn);
	options_free(&opt);
}

/* What was sent since the last call, CR LF and all. */
static const char *
take_sent(void)
{
	snprintf(sent, sizeof sent, "%.*s", (int)conn.sendq.len,
	    conn.sendq.data != NULL ? conn.sendq.data : "");
	conn.sendq.len = 0;
	return sent;
}

/* Handle a copy of a line. */
static void
feed(const char *line)
{
	char	buf[8192];

	snprintf(buf, sizeof buf, "%s", line);
	handle_line(&s, buf);
}

/* The newest line of a window. */
static const struct scrollback_line *
last(struct window *w)
{
	size_t	n = scrollback_count(&w->sb);

	return n > 0 ? scrollback_line(&w->sb, n - 1) : NULL;
}

/* Register: connected, caps offered (list may be NULL: no CAP), 001. */
static void
online(const char *caps)
{
	char	line[512];

	session_connected(&s);
	if (caps != NULL) {
		snprintf(line, sizeof line, ":srv CAP * LS :%s", caps);
		feed(line);
		snprintf(line, sizeof line, ":srv CAP tester ACK :%s", caps);
		feed(line);
	}
	feed(":srv 001 tester :Welcome to the natter network, "
	    "tester!tester@127.0.0.1");
	take_sent();
}

/* Online and in #lobby with alice and bob. */
static void
in_lobby(const char *caps)
{
	online(caps);
	feed(":tester!tester@127.0.0.1 JOIN #lobby");
	feed(":srv 353 tester = #lobby :@tester alice +bob");
	feed(":srv 366 tester #lobby :End of /NAMES list");
}

/* The dispatch table is sorted, or bsearch misses commands: the numerics
 * are there by name, so their order is not plain to see. */
START_TEST(test_table_sorted)
{
	ck_assert(handle_table_sorted());
}
END_TEST

START_TEST(test_registration)
{
	ck_assert_int_eq(s.nwindows, 2);
	ck_assert_str_eq(s.windows[1]->name, "#lobby");
	ck_assert_int_eq(s.current, 1);
	session_connected(&s);
	ck_assert_int_eq(s.state, SESSION_REGISTERING);
	ck_assert_str_eq(take_sent(), "CAP LS 302\r\nNICK tester\r\n"
	    "USER tester 0 * :natter user\r\n");
	/* Continued LS: one REQ after the last line, only what we know. */
	feed(":srv CAP * LS * :server-time sasl=PLAIN");
	ck_assert_str_eq(take_sent(), "");
	feed(":srv CAP * LS :echo-message batch message-tags multi-prefix "
	    "away-notify chghost");
	ck_assert_str_eq(take_sent(), "CAP REQ :away-notify batch "
	    "echo-message message-tags multi-prefix server-time\r\n");
	feed(":srv CAP tester ACK :away-notify batch echo-message "
	    "message-tags multi-prefix server-time");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
	ck_assert_uint_eq(s.caps, SESSION_CAP_AWAY_NOTIFY | SESSION_CAP_BATCH |
	    SESSION_CAP_ECHO_MESSAGE | SESSION_CAP_MESSAGE_TAGS |
	    SESSION_CAP_MULTI_PREFIX | SESSION_CAP_SERVER_TIME);
	feed(":srv 001 tester :Welcome to the natter network, "
	    "tester!tu@10.0.0.7");
	ck_assert_int_eq(s.state, SESSION_ONLINE);
	ck_assert_str_eq(s.user, "tu");
	ck_assert_str_eq(s.host, "10.0.0.7");
	ck_assert_str_eq(s.server, "srv");
	ck_assert_str_eq(take_sent(), "JOIN #lobby\r\n");
}
END_TEST

START_TEST(test_registration_without_caps)
{
	session_connected(&s);
	take_sent();
	/* A server offering nothing we want: END at once. */
	feed(":srv CAP * LS :sasl");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
	ck_assert_uint_eq(s.caps, 0);
	/* NAK: END too. */
	session_connected(&s);
	take_sent();
	feed(":srv CAP * LS :server-time");
	ck_assert_str_eq(take_sent(), "CAP REQ server-time\r\n");
	feed(":srv CAP * NAK :server-time");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
	ck_assert_uint_eq(s.caps, 0);
	/* A server without CAP at all: it registers anyway. */
	session_connected(&s);
	take_sent();
	feed(":srv 421 tester CAP :Unknown command");
	feed(":srv 001 tester :Welcome");
	ck_assert_int_eq(s.state, SESSION_ONLINE);
	ck_assert_int_eq(s.cap_negotiating, false);
}
END_TEST

START_TEST(test_nick_in_use)
{
	session_connected(&s);
	take_sent();
	feed(":srv 433 * tester :Nickname is already in use");
	ck_assert_str_eq(take_sent(), "NICK tester_\r\n");
	feed(":srv 433 * tester_ :Nickname is already in use");
	ck_assert_str_eq(take_sent(), "NICK tester__\r\n");
	feed(":srv 001 tester__ :Welcome");
	ck_assert_str_eq(s.nick, "tester__");
	take_sent();
	/* Once registered, a taken nick is only an error. */
	feed(":srv 433 tester__ bob :Nickname is already in use");
	ck_assert_str_eq(take_sent(), "");
	ck_assert_int_eq(last(session_current(&s))->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(s.nick, "tester__");
}
END_TEST

START_TEST(test_ping)
{
	online(NULL);
	feed("PING :abc def");
	ck_assert_str_eq(take_sent(), "PONG :abc def\r\n");
	feed(":srv PING tok");
	ck_assert_str_eq(take_sent(), "PONG tok\r\n");
}
END_TEST

START_TEST(test_members)
{
	struct window	*w;

	in_lobby(NULL);
	w = s.windows[1];
	ck_assert(w->joined);
	ck_assert_uint_eq(w->nmembers, 3);
	ck_assert_int_eq(session_member(w, "tester")->prefix, '@');
	ck_assert_int_eq(session_member(w, "BOB")->prefix, '+');
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_SERVER);
	ck_assert_ptr_nonnull(strstr(last(w)->text, "3 people in #lobby"));

	feed(":carol!c@h JOIN #lobby");
	ck_assert_uint_eq(w->nmembers, 4);
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_JOIN);
	ck_assert_str_eq(last(w)->sender, "carol");
	feed(":carol!c@h NICK caroline");
	ck_assert_ptr_nonnull(session_member(w, "caroline"));
	ck_assert_ptr_null(session_member(w, "carol"));
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_NICK);
	feed(":caroline!c@h PART #lobby :bye");
	ck_assert_uint_eq(w->nmembers, 3);
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_PART);
	ck_assert_str_eq(last(w)->text, "bye");
	feed(":bob!b@h QUIT :gone");
	ck_assert_uint_eq(w->nmembers, 2);
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_QUIT);
	feed(":tester!t@h MODE #lobby +o alice");
	ck_assert_int_eq(session_member(w, "alice")->prefix, '@');
	/* A new NAMES reply replaces the list. */
	feed(":srv 353 tester = #lobby :@tester dave");
	feed(":srv 366 tester #lobby :End");
	ck_assert_uint_eq(w->nmembers, 2);
	ck_assert_ptr_nonnull(session_member(w, "dave"));
	/* Kicked: out of the room, said in the window. */
	feed(":dave!d@h KICK #lobby tester :out");
	ck_assert(!w->joined);
	ck_assert_uint_eq(w->nmembers, 0);
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_ERROR);
	ck_assert_ptr_nonnull(strstr(last(w)->text, "dave kicked you (out)"));
}
END_TEST

START_TEST(test_own_nick_change)
{
	in_lobby(NULL);
	feed(":tester!t@h NICK tess");
	ck_assert_str_eq(s.nick, "tess");
	ck_assert_ptr_nonnull(session_member(s.windows[1], "tess"));
}
END_TEST

START_TEST(test_messages)
{
	struct window			*w;
	const struct scrollback_line	*l;

	in_lobby(NULL);
	w = s.windows[1];
	feed("@time=2024-05-01T12:04:05.000Z :alice!a@h PRIVMSG #lobby "
	    ":hi there");
	l = last(w);
	ck_assert_int_eq(l->kind, SCROLLBACK_MESSAGE);
	ck_assert_str_eq(l->sender, "alice");
	ck_assert_str_eq(l->text, "hi there");
	ck_assert_int_eq((long long)l->time, 1714565045LL);
	ck_assert_uint_eq(l->flags, 0);
	ck_assert(!s.bell);
	/* A mention: highlighted, and the bell rings. */
	feed(":alice!a@h PRIVMSG #lobby :Tester: lunch?");
	ck_assert_uint_eq(last(w)->flags, SCROLLBACK_HIGHLIGHT);
	ck_assert(s.bell);
	s.bell = false;
	feed(":alice!a@h PRIVMSG #lobby :testers are not us");
	ck_assert_uint_eq(last(w)->flags, 0);
	/* Actions. */
	feed(":alice!a@h PRIVMSG #lobby :\001ACTION waves\001");
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_ACTION);
	ck_assert_str_eq(last(w)->text, "waves");
	/* Notices. */
	feed(":alice!a@h NOTICE #lobby :psst");
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_NOTICE);
	/* Who spoke last comes first in completion. */
	{
		const char	*nicks[8];
		size_t		 n = session_completions(&s, w, nicks, 8);

		ck_assert_uint_eq(n, 2);
		ck_assert_str_eq(nicks[0], "alice");
		ck_assert_str_eq(nicks[1], "bob");
		feed(":bob!b@h PRIVMSG #lobby :me too");
		n = session_completions(&s, w, nicks, 8);
		ck_assert_str_eq(nicks[0], "bob");
	}
}
END_TEST

START_TEST(test_echo_message)
{
	struct window	*w;
	size_t		 n;

	in_lobby("echo-message server-time");
	w = s.windows[1];
	n = scrollback_count(&w->sb);
	feed(":tester!t@h PRIVMSG #lobby :my own words, tester");
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 1);
	ck_assert_uint_eq(last(w)->flags, SCROLLBACK_SELF);
	ck_assert(!s.bell);
	/* Our private message, echoed, goes to the peer's window. */
	feed(":tester!t@h PRIVMSG bob :psst");
	w = session_find(&s, "bob", NULL);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(w->kind, WINDOW_QUERY);
	ck_assert_uint_eq(last(w)->flags, SCROLLBACK_SELF);
	ck_assert_int_eq(scrollback_activity(&w->sb),
	    SCROLLBACK_ACTIVITY_NONE);
}
END_TEST

START_TEST(test_private)
{
	struct window	*w;
	struct render_text r;

	in_lobby(NULL);
	opt.bell = OPTIONS_BELL_PRIVATE;
	feed(":alice!a@h PRIVMSG tester :a secret");
	w = session_find(&s, "alice", NULL);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(w->kind, WINDOW_QUERY);
	ck_assert_str_eq(last(w)->text, "a secret");
	ck_assert_int_eq(scrollback_activity(&w->sb),
	    SCROLLBACK_ACTIVITY_MESSAGE);
	ck_assert(s.bell);
	ck_assert_int_eq(s.current, 1);
	/* The status line shows it as needing attention. */
	render_init(&r);
	status_format(&s, &r);
	ck_assert_ptr_nonnull(strstr(r.text, "act: 3!"));
	/* A CTCP VERSION is answered, not shown as a message. */
	feed(":alice!a@h PRIVMSG tester :\001VERSION\001");
	ck_assert_ptr_nonnull(strstr(take_sent(), "NOTICE alice :\001VERSION "
	    "natter "));
	/* A notice from the server goes to the server window. */
	feed(":irc.example.org NOTICE tester :*** server says");
	ck_assert_str_eq(last(s.windows[0])->text, "*** server says");
	render_free(&r);
}
END_TEST

/* How many CTCP replies were sent since the last take_sent(). */
static int
ctcp_replies(void)
{
	const char	*p = take_sent();
	int		 n = 0;

	while ((p = strstr(p, "NOTICE ")) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Send n CTCP VERSION requests from nick to target. */
static void
ctcp_from(const char *nick, const char *target, int n)
{
	char	line[256];

	snprintf(line, sizeof line, ":%s!u@h PRIVMSG %s :\001VERSION\001",
	    nick, target);
	while (n-- > 0)
		feed(line);
}

START_TEST(test_ctcp_limits)
{
	int64_t	t;
	int	i, answered;
	size_t	notes;

	in_lobby(NULL);
	/* Right after registering: the JOIN counts (2 s of a strict server's
	 * 10), the registration lines do not; one answer fits, a second
	 * would take the user's room. */
	take_sent();
	ctcp_from("alice", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 1);
	ctcp_from("erin", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 0);
	t = s.now = 100000;
	/* Per sender: two at once, then one each 30 s. */
	ctcp_from("alice", "tester", 4);
	ck_assert_int_eq(ctcp_replies(), 2);
	/* Two lines just sent leave the rest of a strict server's burst to
	 * the user: nobody is answered now. */
	ctcp_from("bob", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 0);
	s.now = t + 4000;
	ctcp_from("bob", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 1);
	/* In all: three, then one each 10 s. */
	ctcp_from("carol", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 0);
	s.now = t + 30000;
	ctcp_from("alice", "tester", 2);
	ck_assert_int_eq(ctcp_replies(), 1);
	/* The user's own lines come first: three of them take a strict
	 * server's counter 6 s ahead; no answer until it is back to 2 s. */
	s.now = t + 60000;
	for (i = 0; i < 3; i++)
		session_send(&s, "PRIVMSG", 2,
		    (const char *const[]){ "#lobby", "typing fast" });
	take_sent();
	ctcp_from("dave", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 0);
	s.now = t + 63999;
	ctcp_from("dave", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 0);
	s.now = t + 64000;
	ctcp_from("dave", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 1);
	/* A flood from 1000 nicks over 100 s: about one answer each 10 s,
	 * and the server window gets a note each 10 s, not a line each. */
	t = s.now = t + 200000;
	notes = scrollback_count(&s.windows[0]->sb);
	answered = 0;
	for (i = 0; i < 1000; i++) {
		char nick[16];

		s.now = t + i * 100;
		snprintf(nick, sizeof nick, "f%d", i);
		ctcp_from(nick, "tester,tester", 4);
		answered += ctcp_replies();
	}
	ck_assert_int_ge(answered, 10);
	ck_assert_int_le(answered, 3 + 10);
	ck_assert_uint_le(scrollback_count(&s.windows[0]->sb) - notes,
	    (size_t)answered + 11);
}
END_TEST

/* Numbers from the server (strtonum): what each accepts, at its bounds. */
START_TEST(test_number_bounds)
{
	/* ISUPPORT tokens in turn, and what the session keeps after each:
	 * LINELEN 512 to 8192, else the last one stays; CHATHISTORY 0 up,
	 * anything else is 0 (no limit said). */
	static const struct {
		const char	*token;
		bool		 linelen;	/* else history_max */
		size_t		 want;
	} tokens[] = {
		{ "LINELEN=8192", true, 8192 },
		{ "LINELEN=8193", true, 8192 },
		{ "LINELEN=512", true, 512 },
		{ "LINELEN=8000", true, 8000 },
		{ "LINELEN=511", true, 8000 },
		{ "LINELEN=600x", true, 8000 },
		{ "LINELEN=", true, 8000 },
		{ "CHATHISTORY=0", false, 0 },
		{ "CHATHISTORY=9223372036854775807", false,
		    9223372036854775807ULL },
		{ "CHATHISTORY=9223372036854775808", false, 0 },
		{ "CHATHISTORY=7", false, 7 },
		{ "CHATHISTORY=-1", false, 0 },
		{ "CHATHISTORY=7", false, 7 },
		{ "CHATHISTORY=3x", false, 0 },
	};
	/* Lines in turn, and the line each shows: a topic's time and WHOIS's
	 * signon count from 1 (a second after 1970 began); a CTCP PING answer
	 * is ours if sent within the last hour (now is 10000000 ms). */
	static const struct {
		const char	*line;
		const char	*shown;
		bool		 prefix;	/* shown starts so */
	} lines[] = {
		{ ":srv 333 tester #lobby alice!a@h 0", "Topic set by alice",
		    false },
		{ ":srv 333 tester #lobby alice!a@h -1", "Topic set by alice",
		    false },
		{ ":srv 333 tester #lobby alice!a@h 1700000000x",
		    "Topic set by alice", false },
		{ ":srv 333 tester #lobby alice!a@h 9223372036854775808",
		    "Topic set by alice", false },
		{ ":srv 333 tester #lobby alice!a@h 1",
		    "Topic set by alice on ", true },
		{ ":srv 317 tester bob 5 0 :seconds idle, signon time",
		    "bob has been idle 5s", false },
		{ ":srv 317 tester bob 5 1700000000 :seconds idle, signon time",
		    "bob has been idle 5s, signed on 20", true },
		{ ":bob!b@h NOTICE tester :\001PING 10000000\001",
		    "PING reply from bob: 0.000 s", false },
		{ ":bob!b@h NOTICE tester :\001PING 6400001\001",
		    "PING reply from bob: 3599.999 s", false },
		{ ":bob!b@h NOTICE tester :\001PING 6400000\001",
		    "CTCP PING reply from bob: 6400000", false },
		{ ":bob!b@h NOTICE tester :\001PING 10000001\001",
		    "CTCP PING reply from bob: 10000001", false },
		{ ":bob!b@h NOTICE tester :\001PING 9999999x\001",
		    "CTCP PING reply from bob: 9999999x", false },
	};
	struct window	*w;
	char		 line[128];
	size_t		 i;

	in_lobby(NULL);
	w = session_current(&s);
	for (i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
		snprintf(line, sizeof line, ":srv 005 tester %s :are supported",
		    tokens[i].token);
		feed(line);
		ck_assert_uint_eq(tokens[i].linelen ? s.linelen :
		    s.history_max, tokens[i].want);
	}
	s.now = 10000000;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		feed(lines[i].line);
		if (lines[i].prefix)
			ck_assert_ptr_eq(strstr(last(w)->text, lines[i].shown),
			    last(w)->text);
		else
			ck_assert_str_eq(last(w)->text, lines[i].shown);
	}
}
END_TEST

START_TEST(test_ctcp_to_room)
{
	in_lobby(NULL);
	s.now = 100000;
	take_sent();
	/* A request to a room is never answered (every member would). */
	ctcp_from("alice", "#lobby", 1);
	ctcp_from("alice", "@#lobby", 1);
	ck_assert_str_eq(take_sent(), "");
	ck_assert_ptr_nonnull(strstr(last(s.windows[0])->text,
	    "not answered: sent to a room"));
	/* An ACTION to the room is shown. */
	feed(":alice!u@h PRIVMSG #lobby :\001ACTION waves\001");
	ck_assert_int_eq(last(s.windows[1])->kind, SCROLLBACK_ACTION);
	ck_assert_str_eq(last(s.windows[1])->text, "waves");
	/* The same request to us is. */
	ctcp_from("alice", "tester", 1);
	ck_assert_int_eq(ctcp_replies(), 1);
}
END_TEST

START_TEST(test_activity)
{
	struct render_text r;

	in_lobby(NULL);
	feed(":tester!t@h JOIN #other");
	ck_assert_uint_eq(s.nwindows, 3);
	ck_assert_int_eq(s.current, 1);
	render_init(&r);
	feed(":x!x@h JOIN #other");
	status_format(&s, &r);
	/* A join is news of the lowest level: dim. */
	ck_assert_ptr_nonnull(strstr(r.text, "act: 3"));
	ck_assert(r.runs[r.nruns - 1].style.attr & RENDER_DIM);
	ck_assert_int_eq(session_next_active(&s), -1);
	feed(":x!x@h PRIVMSG #other :hello");
	status_format(&s, &r);
	ck_assert_ptr_nonnull(strstr(r.text, "act: 3"));
	ck_assert_ptr_null(strstr(r.text, "3!"));
	feed(":x!x@h PRIVMSG #other :hello tester");
	status_format(&s, &r);
	ck_assert_ptr_nonnull(strstr(r.text, "act: 3!"));
	ck_assert_int_eq(r.runs[r.nruns - 1].style.fg, 4);
	/* A click on "3!" picks window 3 (index 2). */
	ck_assert_int_eq(session_status_hit(&s, (int)(strstr(r.text,
	    "3!") - r.text)), 2);
	ck_assert_int_eq(session_status_hit(&s, 0), -1);
	ck_assert_int_eq(session_next_active(&s), 2);
	session_switch(&s, 2);
	status_format(&s, &r);
	ck_assert_ptr_null(strstr(r.text, "act:"));
	ck_assert_ptr_nonnull(strstr(r.text, "3:#other, 2 people"));
	render_free(&r);
}
END_TEST

/* Alt-A: highlights and private messages first, then messages; the
 * highlight setting's words highlight like our nick. */
START_TEST(test_next_active_and_words)
{
	in_lobby(NULL);
	free(opt.highlights);
	opt.highlights = strdup("pizza, natter dev");
	feed(":tester!t@h JOIN #a");
	feed(":tester!t@h JOIN #b");
	feed(":tester!t@h JOIN #c");
	session_switch(&s, 1);
	feed(":x!x@h PRIVMSG #a :plain");
	feed(":x!x@h PRIVMSG #c :who wants PIZZA?");
	ck_assert_uint_eq(last(s.windows[4])->flags & SCROLLBACK_HIGHLIGHT,
	    SCROLLBACK_HIGHLIGHT);
	ck_assert_int_eq(session_next_active(&s), 4);
	session_switch(&s, 4);
	ck_assert_int_eq(session_next_active(&s), 2);
	feed(":x!x@h PRIVMSG #b :the natter dev team");
	ck_assert_int_eq(session_next_active(&s), 3);
	feed(":x!x@h PRIVMSG #b :pizzas are not pizza's");
	ck_assert(session_highlights(&s, "a pizza!"));
	ck_assert(!session_highlights(&s, "pizzas"));
	ck_assert(!session_highlights(&s, "natter"));
}
END_TEST

START_TEST(test_chathistory_batch)
{
	struct window	*w;
	size_t		 n;

	in_lobby("batch server-time message-tags");
	feed(":tester!t@h JOIN #other");
	w = session_find(&s, "#other", NULL);
	n = scrollback_count(&w->sb);
	feed(":srv BATCH +h1 chathistory #other");
	feed("@batch=h1;time=2024-05-01T10:00:00.000Z :x!x@h PRIVMSG #other "
	    ":tester, remember this?");
	feed("@batch=h1;time=2024-05-01T10:01:00.000Z :x!x@h PRIVMSG #other "
	    ":\001ACTION nods\001");
	feed(":srv BATCH -h1");
	/* A day-change line above them: they are not from today. */
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 3);
	ck_assert_int_eq(scrollback_line(&w->sb, n)->kind, SCROLLBACK_DAY);
	ck_assert_uint_eq(last(w)->flags & SCROLLBACK_DATED, SCROLLBACK_DATED);
	ck_assert_uint_eq(last(w)->flags & SCROLLBACK_PAST, SCROLLBACK_PAST);
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_ACTION);
	ck_assert_int_eq((long long)last(w)->time, 1714557660LL);
	/* Past lines ring no bell and bring no activity. */
	ck_assert(!s.bell);
	ck_assert_int_eq(scrollback_activity(&w->sb),
	    SCROLLBACK_ACTIVITY_NONE);
	/* After the batch, lines are live again. */
	feed(":x!x@h PRIVMSG #other :now");
	ck_assert_uint_eq(last(w)->flags & SCROLLBACK_PAST, 0);
	ck_assert_int_eq(scrollback_activity(&w->sb),
	    SCROLLBACK_ACTIVITY_MESSAGE);
}
END_TEST

/* A replay after a rejoin shows only what the window does not have. */
START_TEST(test_history_replayed_once)
{
	struct window	*w;
	size_t		 n;
	char		 day[32], line[512];
	time_t		 t = time(NULL) - 120;
	struct tm	 tm;

	/* Today's date, so that no day-change line comes between. */
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%dT%H:%M", &tm);
	in_lobby("batch server-time message-tags");
	w = s.windows[1];
#define AT(sec, batch, rest) do {					\
	snprintf(line, sizeof line, "@%stime=%s:%s.000Z %s", batch, day,	\
	    sec, rest);							\
	feed(line);							\
} while (0)
	AT("00", "", ":alice!a@h PRIVMSG #lobby :one");
	AT("05", "", ":bob!b@h PRIVMSG #lobby :two");
	n = scrollback_count(&w->sb);
	feed(":tester!tester@127.0.0.1 PART #lobby");
	feed(":tester!tester@127.0.0.1 JOIN #lobby");
	feed(":srv BATCH +r chathistory #lobby");
	AT("00", "batch=r;", ":alice!a@h PRIVMSG #lobby :one");
	AT("05", "batch=r;", ":bob!b@h PRIVMSG #lobby :two");
	AT("09", "batch=r;", ":carol!c@h PRIVMSG #lobby :three, said while "
	    "we were out");
	feed(":srv BATCH -r");
	/* The part, the join, and only the line we had not seen. */
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 3);
	ck_assert_str_eq(last(w)->text, "three, said while we were out");
	/* Not the same line: another second, another sender. */
	feed(":srv BATCH +q chathistory #lobby");
	AT("30", "batch=q;", ":alice!a@h PRIVMSG #lobby :one");
	AT("00", "batch=q;", ":bob!b@h PRIVMSG #lobby :one");
	feed(":srv BATCH -q");
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 5);
#undef AT
}
END_TEST

/* Text that is not UTF-8 reads as CP1252; our own CTCP answers, echoed,
 * are not shown as somebody's reply. */
START_TEST(test_cp1252_and_own_ctcp_reply)
{
	struct window	*w;
	size_t		 n;

	in_lobby("echo-message");
	w = s.windows[1];
	feed(":alice!a@h PRIVMSG #lobby :caf\xe9 \x93ok\x94");
	ck_assert_str_eq(last(w)->text, "caf\xc3\xa9 \xe2\x80\x9cok"
	    "\xe2\x80\x9d");
	ck_assert_str_eq(last(w)->sender, "alice");
	n = scrollback_count(&w->sb);
	feed(":tester!tester@h NOTICE alice :\001VERSION natter 1\001");
	ck_assert_uint_eq(scrollback_count(&w->sb), n);
	ck_assert_ptr_null(session_find(&s, "alice", NULL));
	/* Somebody else's reply is shown. */
	feed(":alice!a@h NOTICE tester :\001VERSION irssi\001");
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 1);
	ck_assert_str_eq(last(w)->text, "CTCP VERSION reply from alice: irssi");
}
END_TEST

/* Gapless reconnect: after a reconnect natter asks for what it missed
 * after the last msgid it saw, drops the server's own replay before the
 * fence, shows the answer's new lines once, marked, and pages. */
START_TEST(test_gapless)
{
	struct window	*w;
	char		 line[512], want[256];
	const char	*caps = "batch server-time message-tags "
	    "draft/chathistory";
	size_t		 n, i;

	in_lobby(caps);
	w = s.windows[1];
	feed(":srv 005 tester CHATHISTORY=3 :are supported");
	feed("@msgid=m1;time=2026-12-05T10:00:00.000Z :alice!a@h PRIVMSG "
	    "#lobby :one");
	feed("@msgid=m2;time=2026-12-05T10:00:01.000Z :bob!b@h PRIVMSG "
	    "#lobby :two");
	ck_assert_str_eq(w->last_msgid, "m2");
	session_disconnected(&s, "lost");
	session_connected(&s);
	snprintf(line, sizeof line, ":srv CAP * LS :%s", caps);
	feed(line);
	snprintf(line, sizeof line, ":srv CAP tester ACK :%s", caps);
	feed(line);
	take_sent();
	feed(":srv 001 tester :Welcome");
	ck_assert_str_eq(take_sent(), "JOIN #lobby\r\nPING "
	    "natter-chathistory\r\nCHATHISTORY AFTER #lobby msgid=m2 3\r\n");
	feed(":srv 005 tester CHATHISTORY=3 :are supported");
	feed(":tester!t@h JOIN #lobby");
	n = scrollback_count(&w->sb);
	/* The server's own replay, before the fence: left out. */
	feed(":srv BATCH +r chathistory #lobby");
	feed("@batch=r;msgid=m4;time=2026-12-05T10:00:03.000Z :carol!c@h "
	    "PRIVMSG #lobby :four");
	feed(":srv BATCH -r");
	ck_assert_uint_eq(scrollback_count(&w->sb), n);
	feed(":srv PONG srv :natter-chathistory");
	/* The answer: a full page of 3 (m2 again is shown already). */
	feed(":srv BATCH +a chathistory #lobby");
	feed("@batch=a;msgid=m2;time=2026-12-05T10:00:01.000Z :bob!b@h "
	    "PRIVMSG #lobby :two");
	feed("@batch=a;msgid=m3;time=2026-12-05T10:00:02.000Z :alice!a@h "
	    "PRIVMSG #lobby :three");
	feed("@batch=a;msgid=m4;time=2026-12-05T10:00:03.000Z :carol!c@h "
	    "PRIVMSG #lobby :four");
	take_sent();
	feed(":srv BATCH -a");
	/* A full page: the next one is asked for. */
	ck_assert_str_eq(take_sent(), "CHATHISTORY AFTER #lobby msgid=m4 3\r\n");
	feed(":srv BATCH +b chathistory #lobby");
	feed("@batch=b;msgid=m5;time=2026-12-05T10:00:04.000Z :bob!b@h "
	    "PRIVMSG #lobby :five");
	feed(":srv BATCH -b");
	ck_assert_str_eq(take_sent(), "");
	/* The header, three, four, five, the footer. */
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 5);
	ck_assert_str_eq(scrollback_line(&w->sb, n)->text,
	    "Missed while you were away:");
	for (i = 1; i <= 3; i++)
		ck_assert_uint_eq(scrollback_line(&w->sb, n + i)->flags &
		    SCROLLBACK_MISSED, SCROLLBACK_MISSED);
	ck_assert_str_eq(scrollback_line(&w->sb, n + 1)->text, "three");
	ck_assert_str_eq(scrollback_line(&w->sb, n + 3)->text, "five");
	snprintf(want, sizeof want, "End of 3 missed lines");
	ck_assert_str_eq(last(w)->text, want);
	ck_assert_str_eq(w->last_msgid, "m5");
	/* Later batches are ordinary again. */
	feed(":srv BATCH +c chathistory #lobby");
	feed("@batch=c;msgid=m6;time=2026-12-05T10:00:05.000Z :bob!b@h "
	    "PRIVMSG #lobby :six");
	feed(":srv BATCH -c");
	ck_assert_uint_eq(last(w)->flags & SCROLLBACK_MISSED, 0);
}
END_TEST

/* Joining with draft/chathistory: the room's latest lines are asked for
 * (natterd replays nothing by itself then), shown as a plain replay. */
START_TEST(test_chathistory_latest)
{
	struct window	*w;
	size_t		 n;

	online("batch server-time message-tags draft/chathistory");
	feed(":tester!t@h JOIN #lobby");
	ck_assert_str_eq(take_sent(), "PING natter-chathistory\r\n"
	    "CHATHISTORY LATEST #lobby * 100\r\n");
	w = s.windows[1];
	n = scrollback_count(&w->sb);
	/* A replay of the server's own before the fence: left out. */
	feed(":srv BATCH +r chathistory #lobby");
	feed("@batch=r;time=2026-12-05T10:00:00.000Z :a!a@h PRIVMSG #lobby :x");
	feed(":srv BATCH -r");
	ck_assert_uint_eq(scrollback_count(&w->sb), n);
	feed(":srv PONG srv natter-chathistory");
	feed(":srv BATCH +l chathistory #lobby");
	feed("@batch=l;time=2026-12-05T10:00:00.000Z :a!a@h PRIVMSG #lobby :x");
	feed("@batch=l;time=2026-12-05T10:00:01.000Z :b!b@h PRIVMSG #lobby :y");
	feed(":srv BATCH -l");
	ck_assert_uint_eq(last(w)->flags & (SCROLLBACK_PAST |
	    SCROLLBACK_MISSED), SCROLLBACK_PAST);
	ck_assert_str_eq(last(w)->text, "y");
	ck_assert_str_eq(scrollback_line(&w->sb, scrollback_count(&w->sb) -
	    2)->text, "x");
	ck_assert_int_eq(w->fetch, 0);
	/* Two rooms joined at once share one fence. */
	feed(":tester!t@h JOIN #a");
	feed(":tester!t@h JOIN #b");
	ck_assert_str_eq(take_sent(), "PING natter-chathistory\r\n"
	    "CHATHISTORY LATEST #a * 100\r\nCHATHISTORY LATEST #b * 100\r\n");
	feed(":srv PONG srv natter-chathistory");
	ck_assert_int_eq(session_find(&s, "#b", NULL)->fetch, GAPLESS_ANSWER);
	/* Without the capability nothing is asked. */
	feed(":tester!t@h PART #lobby");
	s.caps &= ~SESSION_CAP_CHATHISTORY;
	take_sent();
	feed(":tester!t@h JOIN #lobby");
	ck_assert_str_eq(take_sent(), "");
}
END_TEST

START_TEST(test_topic)
{
	struct window	*w;
	struct render_text r;

	in_lobby(NULL);
	w = s.windows[1];
	feed(":srv 332 tester #lobby :Lunch at noon");
	ck_assert_str_eq(w->topic, "Lunch at noon");
	feed(":alice!a@h TOPIC #lobby :Dinner");
	ck_assert_str_eq(w->topic, "Dinner");
	ck_assert_int_eq(last(w)->kind, SCROLLBACK_TOPIC);
	render_init(&r);
	status_format(&s, &r);
	ck_assert_ptr_nonnull(strstr(r.text, " tester on localhost | "
	    "2:#lobby, 3 people | Dinner"));
	render_free(&r);
}
END_TEST

START_TEST(test_disconnect_and_rejoin)
{
	struct render_text r;

	in_lobby(NULL);
	feed(":tester!t@h JOIN #b");
	session_disconnected(&s, "connection closed by the server");
	ck_assert_int_eq(s.state, SESSION_OFFLINE);
	ck_assert(!s.windows[1]->joined);
	ck_assert_uint_eq(s.windows[1]->nmembers, 0);
	ck_assert_int_eq(last(s.windows[1])->kind, SCROLLBACK_ERROR);
	s.retry_in = 4;
	render_init(&r);
	status_format(&s, &r);
	ck_assert_ptr_nonnull(strstr(r.text, "disconnected, retrying in 4s"));
	render_free(&r);
	/* Back: both rooms are joined again in one line. */
	session_connected(&s);
	take_sent();
	feed(":srv 001 tester :Welcome");
	ck_assert_str_eq(take_sent(), "JOIN #lobby,#b\r\n");
	/* A room we left, or were kicked from, is not joined again. */
	feed(":tester!t@h JOIN #lobby");
	feed(":tester!t@h JOIN #b");
	feed(":tester!t@h PART #lobby");
	feed(":op!o@h KICK #b tester :no");
	feed(":tester!t@h JOIN #c");
	session_disconnected(&s, "gone");
	session_connected(&s);
	take_sent();
	feed(":srv 001 tester :Welcome");
	ck_assert_str_eq(take_sent(), "JOIN #c\r\n");
}
END_TEST

START_TEST(test_errors_and_replies)
{
	in_lobby(NULL);
	feed(":srv 401 tester nobody :No such nick/channel");
	ck_assert_int_eq(last(session_current(&s))->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(last(session_current(&s))->text,
	    "nobody No such nick/channel");
	/* Errors are 4xx and 5xx, in the window they concern. */
	feed(":srv 502 tester :Can't change mode for other users");
	ck_assert_int_eq(last(session_current(&s))->kind, SCROLLBACK_ERROR);
	ck_assert_str_eq(last(session_current(&s))->text,
	    "Can't change mode for other users");
	/* Other numerics are news from the server, in its window: 265 and
	 * 266 by their words alone. */
	feed(":srv 265 tester 3 5 :Current local users 3, max 5");
	ck_assert_int_eq(last(s.windows[0])->kind, SCROLLBACK_SERVER);
	ck_assert_str_eq(last(s.windows[0])->text,
	    "Current local users 3, max 5");
	feed(":srv 251 tester :There are 3 users and 0 invisible on 1 servers");
	ck_assert_int_eq(last(s.windows[0])->kind, SCROLLBACK_SERVER);
	ck_assert_str_eq(last(s.windows[0])->text,
	    "There are 3 users and 0 invisible on 1 servers");
	feed(":srv 252 tester 1 :operator(s) online");
	ck_assert_str_eq(last(s.windows[0])->text, "1 operator(s) online");
	feed(":srv 311 tester bob b host * :Bob B");
	ck_assert_str_eq(last(session_current(&s))->text,
	    "bob is b@host (Bob B)");
	feed(":srv 306 tester :You have been marked as being away");
	ck_assert(s.away);
	feed(":srv 305 tester :You are no longer marked as being away");
	ck_assert(!s.away);
	/* Garbage does no harm. */
	feed("");
	feed(":");
	feed("@@@ :x");
	feed(":srv 353");
	feed(":a!b@c PRIVMSG");
	feed(":a!b@c JOIN");
}
END_TEST

START_TEST(test_helpers)
{
	ck_assert(session_mentions("hi tester", "tester"));
	ck_assert(session_mentions("TESTER: hi", "tester"));
	ck_assert(session_mentions("(tester)", "tester"));
	ck_assert(!session_mentions("testers", "tester"));
	ck_assert(!session_mentions("atester", "tester"));
	ck_assert(!session_mentions("", "tester"));
	ck_assert(session_mentions("你好 小明!", "小明"));
	ck_assert_int_eq((long long)handle_parse_time("1970-01-01T00:01:00Z"),
	    60);
	ck_assert_int_eq((long long)handle_parse_time("2024-13-01T00:00:00Z"),
	    0);
	ck_assert_int_eq((long long)handle_parse_time("yesterday"), 0);
	ck_assert_int_eq((long long)handle_parse_time(NULL), 0);
}
END_TEST

START_TEST(test_windows)
{
	size_t	i;

	/* Opening is bounded; closing keeps the current one sensible. */
	for (i = 0; i < SESSION_WINDOWS_MAX + 5; i++) {
		char	name[32];

		snprintf(name, sizeof name, "nick%zu", i);
		session_open(&s, WINDOW_QUERY, name);
	}
	ck_assert_uint_eq(s.nwindows, SESSION_WINDOWS_MAX);
	ck_assert(session_switch(&s, SESSION_WINDOWS_MAX - 1));
	session_close(&s, SESSION_WINDOWS_MAX - 1);
	ck_assert_uint_eq(s.current, SESSION_WINDOWS_MAX - 2);
	session_close(&s, 0);
	ck_assert_uint_eq(s.nwindows, SESSION_WINDOWS_MAX - 1);
	ck_assert(!session_switch(&s, SESSION_WINDOWS_MAX));
	/* A private message with every window taken goes to the server
	 * window. */
	session_open(&s, WINDOW_QUERY, "last");
	feed(":zed!z@h PRIVMSG tester :hello?");
	ck_assert_str_eq(last(s.windows[0])->text, "hello?");
}
END_TEST

/* SASL PLAIN: sasl is asked for, AUTHENTICATE in its order, CAP END only
 * after 903. */
START_TEST(test_sasl_plain)
{
	opt.sasl = OPTIONS_SASL_PLAIN;
	opt.sasl_user = strdup("bob");
	opt.sasl_pass = strdup("secret");
	session_connected(&s);
	take_sent();
	feed(":srv CAP * LS :server-time sasl=EXTERNAL,PLAIN");
	ck_assert_str_eq(take_sent(), "CAP REQ :sasl server-time\r\n");
	feed(":srv CAP tester ACK :sasl server-time");
	ck_assert_str_eq(take_sent(), "AUTHENTICATE PLAIN\r\n");
	feed("AUTHENTICATE +");
	/* base64 of "\0bob\0secret" */
	ck_assert_str_eq(take_sent(), "AUTHENTICATE AGJvYgBzZWNyZXQ=\r\n");
	/* Not over TLS: said. */
	ck_assert_ptr_nonnull(strstr(last(s.windows[0])->text,
	    "SASL PLAIN without TLS"));
	ck_assert_int_eq(last(s.windows[0])->kind, SCROLLBACK_ERROR);
	feed(":srv 900 tester tester!u@h bob :You are now logged in as bob");
	ck_assert_str_eq(take_sent(), "");
	feed(":srv 903 tester :SASL authentication successful");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
	ck_assert(!s.stop);
	/* Without SASL configured, an offered sasl is not asked for. */
	opt.sasl = OPTIONS_SASL_NONE;
	session_connected(&s);
	take_sent();
	feed(":srv CAP * LS :sasl");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
}
END_TEST

/* SASL EXTERNAL sends "+" for its empty payload. */
START_TEST(test_sasl_external)
{
	opt.sasl = OPTIONS_SASL_EXTERNAL;
	session_connected(&s);
	take_sent();
	feed(":srv CAP * LS :sasl");
	ck_assert_str_eq(take_sent(), "CAP REQ sasl\r\n");
	feed(":srv CAP tester ACK :sasl");
	ck_assert_str_eq(take_sent(), "AUTHENTICATE EXTERNAL\r\n");
	feed("AUTHENTICATE +");
	ck_assert_str_eq(take_sent(), "AUTHENTICATE +\r\n");
	feed(":srv 903 tester :SASL authentication successful");
	ck_assert_str_eq(take_sent(), "CAP END\r\n");
}
END_TEST

/* What ends the attempt for good: 904, 905, no sasl, a NAK, a mechanism
 * not offered, a wrong PASS. */
START_TEST(test_sasl_and_pass_failures)
{
	static const char *const fail[] = {
		":srv 904 tester :SASL authentication failed",
		":srv 905 tester :SASL message too long",
		":srv 902 tester :You must use a nick assigned to you",
	};
	size_t	i;

	opt.sasl = OPTIONS_SASL_PLAIN;
	opt.sasl_user = strdup("bob");
	opt.sasl_pass = strdup("secret");
	for (i = 0; i < sizeof fail / sizeof fail[0]; i++) {
		session_connected(&s);
		feed(":srv CAP * LS :sasl");
		feed(":srv CAP tester ACK :sasl");
		feed("AUTHENTICATE +");
		ck_assert(!s.stop);
		take_sent();
		feed(fail[i]);
		ck_assert_msg(s.stop, "%s", fail[i]);
		ck_assert(strstr(s.status_note, "SASL login as bob failed") !=
		    NULL);
		ck_assert_str_eq(take_sent(), "");
	}
	session_connected(&s);
	feed(":srv CAP * LS :server-time");
	ck_assert(s.stop);
	ck_assert(strstr(s.status_note, "does not offer") != NULL);
	session_connected(&s);
	feed(":srv CAP * LS :sasl=EXTERNAL");
	ck_assert(s.stop);
	ck_assert(strstr(s.status_note, "offers EXTERNAL, not PLAIN") != NULL);
	session_connected(&s);
	feed(":srv CAP * LS :sasl");
	feed(":srv CAP tester NAK :sasl");
	ck_assert(s.stop);

	opt.sasl = OPTIONS_SASL_NONE;
	session_connected(&s);
	ck_assert(!s.stop);
	feed(":srv 464 * :Password incorrect");
	ck_assert(s.stop);
	ck_assert(strstr(s.status_note, "refused the password") != NULL);
	/* The server window tells it, and is shown. */
	ck_assert_uint_eq(s.current, 0);
}
END_TEST

static Suite *
handle_suite(void)
{
	Suite	*su = suite_create("handle");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_table_sorted);
	tcase_add_test(tc, test_registration);
	tcase_add_test(tc, test_registration_without_caps);
	tcase_add_test(tc, test_nick_in_use);
	tcase_add_test(tc, test_ping);
	tcase_add_test(tc, test_number_bounds);
	tcase_add_test(tc, test_members);
	tcase_add_test(tc, test_own_nick_change);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_ctcp_limits);
	tcase_add_test(tc, test_ctcp_to_room);
	tcase_add_test(tc, test_echo_message);
	tcase_add_test(tc, test_private);
	tcase_add_test(tc, test_activity);
	tcase_add_test(tc, test_next_active_and_words);
	tcase_add_test(tc, test_chathistory_batch);
	tcase_add_test(tc, test_topic);
	tcase_add_test(tc, test_gapless);
	tcase_add_test(tc, test_chathistory_latest);
	tcase_add_test(tc, test_history_replayed_once);
	tcase_add_test(tc, test_cp1252_and_own_ctcp_reply);
	tcase_add_test(tc, test_disconnect_and_rejoin);
	tcase_add_test(tc, test_errors_and_replies);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_sasl_plain);
	tcase_add_test(tc, test_sasl_external);
	tcase_add_test(tc, test_sasl_and_pass_failures);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(handle_suite());
}
