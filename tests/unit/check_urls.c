/* Unit tests of client/urls.c (links in text, a window's recent links,
 * OSC 52, opening one) and of /urls, /open, /copy, /ctcp and /ping as
 * input.c runs them. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/conn.h"
#include "client/handle.h"
#include "client/input.h"
#include "client/options.h"
#include "client/scrollback.h"
#include "client/session.h"
#include "client/urls.h"
#include "check_run.h"

static Suite	*urls_suite(void);

/* The links of text, joined by spaces. */
static const char *
links(const char *text)
{
	static char		out[1024];
	struct urls_span	sp[8];
	size_t			n, i;

	n = urls_find(text, strlen(text), sp, 8);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s",
		    i > 0 ? " " : "", (int)sp[i].len, text + sp[i].off);
	return out;
}

START_TEST(test_find)
{
	ck_assert_str_eq(links("see https://example.com/a?b=c#d."),
	    "https://example.com/a?b=c#d");
	ck_assert_str_eq(links("(http://en.wikipedia.org/wiki/C_(language))"),
	    "http://en.wikipedia.org/wiki/C_(language)");
	ck_assert_str_eq(links("two: www.a.org, ftp://b.org/x!"),
	    "www.a.org ftp://b.org/x");
	ck_assert_str_eq(links("<https://x.y/z>"), "https://x.y/z");
	ck_assert_str_eq(links("nohttp://x.y and http:// alone"), "");
	ck_assert_str_eq(links("HTTPS://UP.CASE/\x1b[2J"), "HTTPS://UP.CASE/");
	ck_assert_str_eq(links("\x02http://bold.org\x02 done"),
	    "http://bold.org");
}
END_TEST

START_TEST(test_recent_and_osc52)
{
	struct scrollback	 sb;
	char			*u[URLS_MAX], *seq;
	size_t			 n, i;

	scrollback_init(&sb, 0);
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "a",
	    "old http://one.org and http://two.org");
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "b", "no links");
	scrollback_push(&sb, 0, SCROLLBACK_MESSAGE, 0, "c",
	    "again http://one.org then www.three.org");
	n = urls_recent(&sb, u, URLS_MAX);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(u[0], "www.three.org");
	ck_assert_str_eq(u[1], "http://one.org");
	ck_assert_str_eq(u[2], "http://two.org");
	for (i = 0; i < n; i++)
		free(u[i]);
	ck_assert_uint_eq(urls_recent(&sb, u, 1), 1);
	free(u[0]);
	scrollback_free(&sb);
	seq = urls_osc52("http://a.b/");
	ck_assert_str_eq(seq, "\033]52;c;aHR0cDovL2EuYi8=\a");
	free(seq);
}
END_TEST

START_TEST(test_open)
{
	char	dir[] = "/tmp/check_urls.XXXXXX", script[128], out[128];
	char	buf[256], err[128];
	FILE	*f;
	int	i;
	size_t	n = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(script, sizeof script, "%s/browser", dir);
	snprintf(out, sizeof out, "%s/opened", dir);
	f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' "
	    "'%s'\n", out, out, out);
	fclose(f);
	ck_assert_int_eq(chmod(script, 0700), 0);
	ck_assert(urls_open("http://x.y/a b;$(c)", script, err, sizeof err));
	ck_assert(!urls_open("-rf", script, err, sizeof err));
	/* The browser runs on its own: wait for it, bounded. */
	for (i = 0; i < 100 && (f = fopen(out, "r")) == NULL; i++)
		usleep(50000);
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	/* One argument, as it was: no shell saw it. */
	ck_assert_str_eq(buf, "http://x.y/a b;$(c)");
	unlink(out);
	unlink(script);
	rmdir(dir);
}
END_TEST

/* The commands, on a session. */
START_TEST(test_commands)
{
	struct options	 opt;
	struct conn	 conn;
	struct session	 s;
	struct window	*w;
	char		 line[512];
	const struct scrollback_line *l;

	options_init(&opt, "tester", false);
	conn_init(&conn);
	conn.capture = true;
	session_init(&s, &opt, &conn);
	session_connected(&s);
#define FEED(...) do {							\
	snprintf(line, sizeof line, __VA_ARGS__);			\
	handle_line(&s, line);						\
} while (0)
#define LAST() scrollback_line(&w->sb, scrollback_count(&w->sb) - 1)
	FEED(":srv 001 tester :Welcome");
	FEED(":tester!t@h JOIN #lobby");
	w = s.windows[1];
	FEED(":a!a@h PRIVMSG #lobby :look https://a.org/1 and www.b.org");
	conn.sendq.len = 0;
	input_submit(&s, "/urls");
	ck_assert_uint_eq(w->nurls, 2);
	ck_assert_str_eq(LAST()->text, " 2. https://a.org/1");
	ck_assert(LAST()->flags & SCROLLBACK_NOSEARCH);
	input_submit(&s, "/copy 2");
	ck_assert_str_eq(s.term_out, "\033]52;c;aHR0cHM6Ly9hLm9yZy8x\a");
	input_submit(&s, "/copy 3");
	ck_assert_int_eq(LAST()->kind, SCROLLBACK_ERROR);
	/* /ping: our clock out, the round trip back. */
	s.now = 5000;
	input_submit(&s, "/ping alice");
	ck_assert_uint_eq(conn.sendq.len, 28);
	ck_assert_int_eq(strncmp(conn.sendq.data,
	    "PRIVMSG alice :\001PING 5000\001\r\n", conn.sendq.len), 0);
	conn.sendq.len = 0;
	s.now = 5250;
	FEED(":alice!a@h NOTICE tester :\001PING 5000\001");
	l = LAST();
	ck_assert_str_eq(l->text, "PING reply from alice: 0.250 s");
	conn.sendq.len = 0;
	input_submit(&s, "/ctcp alice version");
	ck_assert_uint_eq(conn.sendq.len, 25);
	ck_assert_int_eq(strncmp(conn.sendq.data,
	    "PRIVMSG alice \001VERSION\001\r\n", conn.sendq.len), 0);
	FEED(":alice!a@h NOTICE tester :\001VERSION irssi 1.4\001");
	ck_assert_str_eq(LAST()->text, "CTCP VERSION reply from alice: "
	    "irssi 1.4");
#undef FEED
#undef LAST
	session_free(&s);
	conn_free(&conn);
	options_free(&opt);
}
END_TEST

static Suite *
urls_suite(void)
{
	Suite	*s = suite_create("urls");
	TCase	*tc = tcase_create("urls");

	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_recent_and_osc52);
	tcase_add_test(tc, test_open);
	tcase_add_test(tc, test_commands);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(urls_suite());
}
