/* Unit tests of client/command.c: input line parsing and message splitting. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/cluster.h"
#include "client/command.h"
#include "irc_message.h"
#include "utf8.h"
#include "wire.h"
#include "check_random.h"
#include "check_run.h"

/* Fail the test when cond is false; unlike ck_assert it costs nothing
 * when it holds, which matters in loops over thousands of cases. */
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

static Suite	*command_suite(void);

static struct command	cmd;
static char		line[1024];

/* Parse a copy of input. */
static enum command_status
parse(const char *input)
{
	snprintf(line, sizeof line, "%s", input);
	return command_parse(&cmd, line);
}

/* Compare a possibly NULL string. */
static void
expect_str(const char *got, const char *want, const char *what,
    const char *input)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: %s is \"%s\", want NULL", input,
		    what, got);
	else {
		ck_assert_msg(got != NULL, "%s: %s is NULL, want \"%s\"", input,
		    what, want);
		ck_assert_msg(strcmp(got, want) == 0,
		    "%s: %s is \"%s\", want \"%s\"", input, what, got, want);
	}
}

/* The table's entry for the command called name (exactly). */
static const struct command_def *
entry(const char *name)
{
	const struct command_def	*t;
	size_t				 n, i;

	t = command_table(&n);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	ck_abort_msg("no command %s in the table", name);
	return NULL;
}

/* Parse input and check it is the command called name (its table entry,
 * so its handler) with the given room and args. */
static void
expect_ok(const char *input, const char *name, const char *room,
    const char *arg0, const char *arg1)
{
	enum command_status	st = parse(input);

	ck_assert_msg(st == COMMAND_OK, "%s: status %d (%s)", input, st,
	    cmd.error);
	ck_assert_msg(cmd.def == entry(name), "%s: /%s, want /%s", input,
	    cmd.def != NULL ? cmd.def->name : "(message)", name);
	ck_assert_ptr_nonnull(cmd.def->run);
	expect_str(cmd.room, room, "room", input);
	expect_str(cmd.args[0], arg0, "args[0]", input);
	expect_str(cmd.args[1], arg1, "args[1]", input);
	ck_assert_int_eq(cmd.nargs, (arg0 != NULL) + (arg1 != NULL));
	ck_assert_str_eq(cmd.error, "");
}

/* Parse input and check it fails with status and error. */
static void
expect_error(const char *input, enum command_status status,
    const char *error)
{
	enum command_status	st = parse(input);

	ck_assert_msg(st == status, "%s: status %d, want %d", input, st,
	    status);
	ck_assert_msg(strcmp(cmd.error, error) == 0,
	    "%s: error \"%s\", want \"%s\"", input, cmd.error, error);
}

START_TEST(test_plain_messages)
{
	ck_assert_int_eq(parse("hello there"), COMMAND_OK);
	ck_assert_ptr_null(cmd.def);
	ck_assert_str_eq(cmd.text, "hello there");
	/* Sent as typed, spaces included. */
	ck_assert_int_eq(parse("  indented  "), COMMAND_OK);
	ck_assert_str_eq(cmd.text, "  indented  ");
	ck_assert_int_eq(parse("\xe4\xb8\xad\xe6\x96\x87"), COMMAND_OK);
	ck_assert_str_eq(cmd.text, "\xe4\xb8\xad\xe6\x96\x87");
	/* "//" escapes a leading slash. */
	ck_assert_int_eq(parse("//etc/passwd is a file"), COMMAND_OK);
	ck_assert_ptr_null(cmd.def);
	ck_assert_str_eq(cmd.text, "/etc/passwd is a file");
	ck_assert_int_eq(parse("//"), COMMAND_OK);
	ck_assert_str_eq(cmd.text, "/");
	ck_assert_int_eq(parse("a /join in the middle"), COMMAND_OK);
	ck_assert_ptr_null(cmd.def);
	/* Nothing to send. */
	ck_assert_int_eq(parse(""), COMMAND_EMPTY);
	ck_assert_ptr_null(cmd.text);
	ck_assert_int_eq(parse("    "), COMMAND_EMPTY);
}
END_TEST

START_TEST(test_rooms_and_messages)
{
	expect_ok("/join #a", "join", NULL, "#a", NULL);
	expect_ok("/join #a,#b key", "join", NULL, "#a,#b", "key");
	expect_ok("/join   #a   ", "join", NULL, "#a", NULL);
	expect_error("/join", COMMAND_USAGE,
	    "usage: /join #ROOM[,#ROOM...] [KEY]");
	expect_error("/join #a key extra", COMMAND_USAGE,
	    "usage: /join #ROOM[,#ROOM...] [KEY]");

	expect_ok("/part", "part", NULL, NULL, NULL);
	expect_ok("/part #a", "part", "#a", NULL, NULL);
	expect_ok("/part #a see you later", "part", "#a",
	    "see you later", NULL);
	expect_ok("/part see you later", "part", NULL, "see you later",
	    NULL);

	expect_ok("/msg bob hi there", "msg", NULL, "bob", "hi there");
	expect_ok("/msg   bob    hi  there  ", "msg", NULL, "bob",
	    "hi  there  ");
	expect_ok("/msg #room /not a command", "msg", NULL, "#room",
	    "/not a command");
	expect_error("/msg bob", COMMAND_USAGE, "usage: /msg NICK|#ROOM TEXT");
	expect_error("/msg", COMMAND_USAGE, "usage: /msg NICK|#ROOM TEXT");
	expect_error("/msg bob   ", COMMAND_USAGE,
	    "usage: /msg NICK|#ROOM TEXT");
	expect_ok("/notice bob psst", "notice", NULL, "bob", "psst");
	expect_error("/notice", COMMAND_USAGE,
	    "usage: /notice NICK|#ROOM TEXT");

	expect_ok("/query bob", "query", NULL, "bob", NULL);
	expect_ok("/query bob hello you", "query", NULL, "bob",
	    "hello you");
	expect_error("/query", COMMAND_USAGE, "usage: /query NICK [TEXT]");

	expect_ok("/me waves at everyone", "me", NULL,
	    "waves at everyone", NULL);
	expect_error("/me", COMMAND_USAGE, "usage: /me ACTION");

	expect_ok("/topic", "topic", NULL, NULL, NULL);
	expect_ok("/topic #a", "topic", "#a", NULL, NULL);
	expect_ok("/topic #a lunch at noon", "topic", "#a",
	    "lunch at noon", NULL);
	expect_ok("/topic lunch at noon", "topic", NULL,
	    "lunch at noon", NULL);
	expect_ok("/quote PRIVMSG #a :raw text", "quote", NULL,
	    "PRIVMSG #a :raw text", NULL);
	expect_error("/quote", COMMAND_USAGE, "usage: /quote RAW LINE");
}
END_TEST

START_TEST(test_other_commands)
{
	expect_ok("/nick new", "nick", NULL, "new", NULL);
	expect_ok("/nick \xe5\xb0\x8f\xe6\x98\x8e", "nick", NULL,
	    "\xe5\xb0\x8f\xe6\x98\x8e", NULL);
	expect_error("/nick a b", COMMAND_USAGE, "usage: /nick NICK");
	expect_error("/nick", COMMAND_USAGE, "usage: /nick NICK");
	expect_ok("/names", "names", NULL, NULL, NULL);
	expect_ok("/names #a", "names", NULL, "#a", NULL);
	expect_ok("/who", "who", NULL, NULL, NULL);
	expect_ok("/who *.lan", "who", NULL, "*.lan", NULL);
	expect_ok("/whois bob", "whois", NULL, "bob", NULL);
	expect_error("/whois", COMMAND_USAGE, "usage: /whois NICK");
	expect_ok("/away", "away", NULL, NULL, NULL);
	expect_ok("/away gone for lunch", "away", NULL, "gone for lunch",
	    NULL);
	expect_ok("/list", "list", NULL, NULL, NULL);
	expect_ok("/log off", "log", NULL, "off", NULL);
	expect_ok("/list #a,#b", "list", NULL, "#a,#b", NULL);
	expect_ok("/clear", "clear", NULL, NULL, NULL);
	expect_error("/clear all", COMMAND_USAGE, "usage: /clear");
	expect_ok("/close", "close", NULL, NULL, NULL);
	expect_ok("/close bye now", "close", NULL, "bye now", NULL);
	expect_ok("/help", "help", NULL, NULL, NULL);
	expect_ok("/help join", "help", NULL, "join", NULL);
	expect_ok("/quit", "quit", NULL, NULL, NULL);
	expect_ok("/quit bye all", "quit", NULL, "bye all", NULL);
}
END_TEST

START_TEST(test_window_number)
{
	expect_ok("/window 3", "window", NULL, "3", NULL);
	ck_assert_int_eq(cmd.number, 3);
	expect_ok("/window 999", "window", NULL, "999", NULL);
	ck_assert_int_eq(cmd.number, 999);
	expect_ok("/window 010", "window", NULL, "010", NULL);
	ck_assert_int_eq(cmd.number, 10);
	expect_error("/window", COMMAND_USAGE, "usage: /window N");
	expect_error("/window x", COMMAND_USAGE, "usage: /window N");
	expect_error("/window 0", COMMAND_USAGE, "usage: /window N");
	expect_error("/window -1", COMMAND_USAGE, "usage: /window N");
	expect_error("/window 1000", COMMAND_USAGE, "usage: /window N");
	expect_error("/window 99999999999999999999", COMMAND_USAGE,
	    "usage: /window N");
	expect_error("/window 3 4", COMMAND_USAGE, "usage: /window N");
	expect_error("/window 3x", COMMAND_USAGE, "usage: /window N");
	expect_error("/window +3", COMMAND_USAGE, "usage: /window N");
}
END_TEST

START_TEST(test_names_case_and_prefix)
{
	expect_ok("/JOIN #a", "join", NULL, "#a", NULL);
	expect_ok("/Msg bob hi", "msg", NULL, "bob", "hi");
	/* A unique prefix works; an exact name always wins. */
	expect_ok("/j #a", "join", NULL, "#a", NULL);
	expect_ok("/wi 2", "window", NULL, "2", NULL);
	expect_ok("/who", "who", NULL, NULL, NULL);
	expect_ok("/whoi bob", "whois", NULL, "bob", NULL);
	expect_ok("/qui", "quit", NULL, NULL, NULL);
	expect_ok("/cle", "clear", NULL, NULL, NULL);
	expect_ok("/ME waves", "me", NULL, "waves", NULL);
	expect_error("/w x", COMMAND_AMBIGUOUS,
	    "ambiguous command /w: /who /whois /window");
	expect_error("/Q", COMMAND_AMBIGUOUS,
	    "ambiguous command /q: /query /quit /quote");
	expect_error("/c", COMMAND_AMBIGUOUS,
	    "ambiguous command /c: /clear /close /copy /ctcp");
	expect_error("/n", COMMAND_AMBIGUOUS,
	    "ambiguous command /n: /names /nick /nicklist /notice");
}
END_TEST

START_TEST(test_unknown)
{
	expect_error("/foo bar", COMMAND_UNKNOWN,
	    "unknown command /foo (type /help for a list)");
	expect_error("/joinx #a", COMMAND_UNKNOWN,
	    "unknown command /joinx (type /help for a list)");
	expect_error("/x", COMMAND_UNKNOWN,
	    "unknown command /x (type /help for a list)");
	expect_error("/", COMMAND_UNKNOWN,
	    "no command after /; type // to send a line starting with /");
	expect_error("/ text", COMMAND_UNKNOWN,
	    "no command after /; type // to send a line starting with /");
	expect_error("/\xe4\xb8\xad", COMMAND_UNKNOWN,
	    "unknown command /\xe4\xb8\xad (type /help for a list)");
	/* A very long name is shown cut, on a character boundary. */
	ck_assert_int_eq(parse("/\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"),
	    COMMAND_UNKNOWN);
	ck_assert(utf8_valid(cmd.error, strlen(cmd.error)));
	ck_assert_ptr_nonnull(strstr(cmd.error, "..."));
	ck_assert_uint_lt(strlen(cmd.error), sizeof cmd.error);
}
END_TEST

START_TEST(test_table)
{
	const struct command_def	*t, *d;
	const char			*names[64];
	enum command_status		 st;
	size_t				 n, i, j;
	char				 usage[32];

	t = command_table(&n);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		/* Sorted, so bsearch finds each; no name twice. */
		if (i > 0)
			ck_assert_msg(strcmp(t[i - 1].name, t[i].name) < 0,
			    "%s before %s", t[i - 1].name, t[i].name);
		d = command_find(t[i].name, strlen(t[i].name), &st);
		ck_assert_ptr_eq(d, &t[i]);
		ck_assert_int_eq(st, COMMAND_OK);
		ck_assert_int_le(t[i].min, t[i].max);
		ck_assert_int_le(t[i].max, COMMAND_ARGS_MAX);
		snprintf(usage, sizeof usage, "/%s", t[i].name);
		ck_assert(strncmp(t[i].usage, usage, strlen(usage)) == 0);
		ck_assert_uint_gt(strlen(t[i].help), 10);
		/* Every command runs its own handler. */
		ck_assert_ptr_nonnull(t[i].run);
		for (j = 0; j < i; j++)
			ck_assert_msg(t[j].run != t[i].run,
			    "/%s and /%s share a handler", t[j].name,
			    t[i].name);
		/* A window number is the one argument; the rest of the
		 * line is an argument that can be there. */
		if (t[i].flags & COMMAND_F_NUMBER)
			ck_assert(t[i].min == 1 && t[i].max == 1);
		if (t[i].flags & COMMAND_F_REST)
			ck_assert_int_ge(t[i].max, 1);
		/* Registration implies a connection: one flag says it. */
		ck_assert(!((t[i].flags & COMMAND_F_ONLINE) &&
		    (t[i].flags & COMMAND_F_CONNECTED)));
	}
	ck_assert_uint_eq(command_names(names, 64), n);
	ck_assert_str_eq(names[0], "away");
	ck_assert_str_eq(names[n - 1], "window");
	ck_assert_uint_eq(command_names(names, 3), 3);
	ck_assert_ptr_null(command_find("", 0, &st));
	ck_assert_int_eq(st, COMMAND_UNKNOWN);
	ck_assert_ptr_null(command_find("averyveryverylongname", 21, &st));
	ck_assert_int_eq(st, COMMAND_UNKNOWN);
	ck_assert_ptr_null(command_find("wh", 2, &st));
	ck_assert_int_eq(st, COMMAND_AMBIGUOUS);
	ck_assert_ptr_eq(command_find("JOIN", 4, &st), entry("join"));
	ck_assert_ptr_eq(command_find("jo", 2, &st), entry("join"));
	ck_assert_ptr_eq(command_find("window", 6, &st), entry("window"));
	ck_assert_ptr_null(command_find("windows", 7, &st));
	ck_assert_int_eq(st, COMMAND_UNKNOWN);
}
END_TEST

/*
 * natter(1)'s COMMANDS section and the table name the same commands: each
 * entry has an ".It Ic /name" item, and each item is an entry (so neither
 * can gain or lose a command alone).
 */
START_TEST(test_table_documented)
{
	const struct command_def	*t, *d;
	const char			*srcdir = getenv("srcdir");
	char				 path[4096], buf[256], name[32];
	bool				 in = false, *seen;
	size_t				 n, i, items = 0;
	enum command_status		 st;
	FILE				*f;

	t = command_table(&n);
	seen = calloc(n, sizeof *seen);
	ck_assert_ptr_nonnull(seen);
	snprintf(path, sizeof path, "%s/man/natter.1",
	    srcdir != NULL ? srcdir : ".");
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (strncmp(buf, ".Sh ", 4) == 0)
			in = strcmp(buf, ".Sh COMMANDS\n") == 0;
		if (!in || sscanf(buf, ".It Ic /%31[a-z]", name) != 1)
			continue;
		items++;
		d = command_find(name, strlen(name), &st);
		ck_assert_msg(d != NULL && strcmp(d->name, name) == 0,
		    "natter(1) has /%s, the table does not", name);
		seen[d - t] = true;
	}
	fclose(f);
	ck_assert_uint_ge(items, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(seen[i], "/%s is not in natter(1)'s COMMANDS",
		    t[i].name);
	free(seen);
}
END_TEST

START_TEST(test_budget)
{
	char	 wire[IRC_LINE_MAX + 64], text[IRC_LINE_MAX];
	size_t	 budget, src;
	const char *params[2];
	bool	 truncated;

	src = command_source_len("alice", "al", "host.lan");
	ck_assert_uint_eq(src, strlen("alice!al@host.lan"));
	ck_assert_uint_eq(command_source_len("alice", NULL, NULL),
	    5 + 1 + IRC_USERLEN + 1 + 1 + COMMAND_HOST_MAX);
	budget = command_text_budget("PRIVMSG", "#lobby", src);
	ck_assert_uint_eq(budget, IRC_LINE_MAX - strlen(
	    ":alice!al@host.lan PRIVMSG #lobby :\r\n"));
	/* A line of exactly that much text is what others receive whole
	 * (with a space in it, so that the server writes the ':'), and one
	 * more byte is cut. */
	memset(text, 'x', budget);
	text[10] = ' ';
	text[budget] = '\0';
	params[0] = "#lobby";
	params[1] = text;
	ck_assert_uint_eq(irc_format(wire, sizeof wire, "alice!al@host.lan",
	    "PRIVMSG", 2, params, &truncated), IRC_LINE_MAX);
	ck_assert(!truncated);
	text[budget] = 'x';
	text[budget + 1] = '\0';
	ck_assert_uint_eq(irc_format(wire, sizeof wire, "alice!al@host.lan",
	    "PRIVMSG", 2, params, &truncated), IRC_LINE_MAX);
	ck_assert(truncated);
	/* Nothing fits after an absurd target. */
	memset(text, 'y', IRC_LINE_MAX - 1);
	text[IRC_LINE_MAX - 1] = '\0';
	ck_assert_uint_eq(command_text_budget("PRIVMSG", text, 10), 0);
	ck_assert_uint_lt(command_text_budget("NOTICE", "bob", src),
	    IRC_LINE_MAX);
}
END_TEST

/* Split text with max and compare the pieces (NULL-terminated). */
static void
expect_pieces(const char *text, size_t max, const char *const want[])
{
	size_t	len = strlen(text), off = 0, n, next, i = 0;

	while (off < len) {
		ck_assert_msg(want[i] != NULL, "more pieces than expected");
		n = command_split(text + off, len - off, max, &next);
		ck_assert_msg(n == strlen(want[i]) &&
		    memcmp(text + off, want[i], n) == 0,
		    "piece %zu: got \"%.*s\", want \"%s\"", i, (int)n,
		    text + off, want[i]);
		ck_assert_uint_gt(next, 0);
		off += next;
		i++;
	}
	ck_assert_msg(want[i] == NULL, "fewer pieces than expected");
}

#define PIECES(...)	((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_split)
{
	size_t	next;

	ck_assert_uint_eq(command_split("hello", 5, 10, &next), 5);
	ck_assert_uint_eq(next, 5);
	expect_pieces("hello", 5, PIECES("hello"));
	expect_pieces("aaa bbb ccc", 8, PIECES("aaa bbb", "ccc"));
	expect_pieces("aaaa bbbb", 4, PIECES("aaaa", "bbbb"));
	expect_pieces("aa   bb", 4, PIECES("aa", "bb"));
	expect_pieces("abcdefghij", 4, PIECES("abcd", "efgh", "ij"));
	expect_pieces("one two three four five six", 10,
	    PIECES("one two", "three four", "five six"));
	/* Never inside a character... */
	expect_pieces("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6", 7,
	    PIECES("\xe4\xb8\xad\xe6\x96\x87", "\xe5\xad\x97\xe7\xac\xa6"));
	expect_pieces("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5,
	    PIECES("\xe4\xb8\xad", "\xe6\x96\x87", "\xe5\xad\x97"));
	/* ...nor between a base and its mark. */
	expect_pieces("abe\xcc\x81", 4, PIECES("ab", "e\xcc\x81"));
	/* Below four bytes, four: any character fits. */
	expect_pieces("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 1,
	    PIECES("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"));
	/* Leading spaces are not a break. */
	expect_pieces("    abcdefgh", 6, PIECES("    ab", "cdefgh"));
	/* A long message at a real budget. */
	{
		char	big[1200];
		size_t	i, off = 0, n, count = 0;

		for (i = 0; i + 1 < sizeof big; i++)
			big[i] = i % 7 == 6 ? ' ' : 'w';
		big[sizeof big - 1] = '\0';
		while (off < strlen(big)) {
			n = command_split(big + off, strlen(big) - off, 475,
			    &next);
			ck_assert_uint_le(n, 475);
			ck_assert_int_ne(big[off + n - 1], ' ');
			off += next;
			count++;
		}
		ck_assert_uint_eq(count, 3);
	}
}
END_TEST

START_TEST(test_split_random)
{
	static const char *const pieces[] = {
		"a", "word", " ", "   ", "\xe4\xb8\xad", "\xcc\x81",
		"\xf0\x9f\x98\x80", "\xc3\xa9", "e\xcc\x81\xcc\xa3",
	};
	uint32_t	state = 521288629u;
	char		text[600];
	size_t		len, off, n, next, max, k, end;
	int		round;

	for (round = 0; round < 3000; round++) {
		len = 0;
		while (len < sizeof text - 16 && next_random(&state) % 60 != 0) {
			const char *p = pieces[next_random(&state) %
			    (sizeof pieces / sizeof pieces[0])];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		max = 1 + next_random(&state) % 60;
		for (off = 0; off < len; off += next) {
			n = command_split(text + off, len - off, max, &next);
			REQUIRE(n > 0);
			REQUIRE(n <= (max < 4 ? 4 : max));
			REQUIRE(next >= n && off + next <= len);
			REQUIRE(utf8_valid(text + off, n));
			/* What is skipped is spaces. */
			for (k = off + n; k < off + next; k++)
				REQUIRE(text[k] == ' ');
			/* A piece ends on a cluster boundary unless one
			 * cluster alone is longer than max. */
			end = off + n;
			if (end < len && cluster_prev(text, len,
			    cluster_next(text, len, end, NULL, NULL)) != end)
				REQUIRE(cluster_next(text, len, cluster_prev(text,
				    len, end), NULL, NULL) - cluster_prev(text,
				    len, end) > max || cluster_prev(text, len,
				    end) == off);
		}
	}
}
END_TEST

static Suite *
command_suite(void)
{
	Suite	*s = suite_create("command");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_plain_messages);
	tcase_add_test(tc, test_rooms_and_messages);
	tcase_add_test(tc, test_other_commands);
	tcase_add_test(tc, test_window_number);
	tcase_add_test(tc, test_names_case_and_prefix);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_table_documented);
	suite_add_tcase(s, tc);

	tc = tcase_create("split");
	tcase_add_test(tc, test_budget);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_split_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(command_suite());
}
