/* Unit tests of client/ignore.c (/ignore masks and kinds, the config
 * file's ignore lines, the smart filter) and of how handle.c applies
 * them. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/conn.h"
#include "client/handle.h"
#include "client/ignore.h"
#include "client/options.h"
#include "client/scrollback.h"
#include "client/session.h"
#include "check_run.h"

static Suite	*ignore_suite(void);

START_TEST(test_masks_and_kinds)
{
	struct ignore_list	l;
	char			err[256], d[256];

	ignore_init(&l);
	ck_assert(ignore_add(&l, "bob", err, sizeof err));
	ck_assert_str_eq(l.entries[0].mask, "bob!*@*");
	ck_assert(ignore_add(&l, "*!*@10.0.0.7 ctcp,joins", err, sizeof err));
	ck_assert(ignore_add(&l, "eve@evil.host notice", err, sizeof err));
	ck_assert_str_eq(l.entries[2].mask, "*!eve@evil.host");
	ck_assert(!ignore_add(&l, "#room", err, sizeof err));
	ck_assert(!ignore_add(&l, "x sneezes", err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "unknown kind"));
	ck_assert_uint_eq(l.count, 3);

	ck_assert(ignore_match(&l, "BOB!u@h", IGNORE_MESSAGES));
	ck_assert(ignore_match(&l, "bob", IGNORE_PRIVATE));
	ck_assert(!ignore_match(&l, "bobby!u@h", IGNORE_MESSAGES));
	ck_assert(ignore_match(&l, "x!y@10.0.0.7", IGNORE_CTCP));
	ck_assert(ignore_match(&l, "x!y@10.0.0.7", IGNORE_JOINS));
	ck_assert(!ignore_match(&l, "x!y@10.0.0.7", IGNORE_MESSAGES));
	ck_assert(ignore_match(&l, "any!eve@evil.host", IGNORE_NOTICES));
	ck_assert(!ignore_match(&l, "any!eve@evil.host", IGNORE_PRIVATE));

	ignore_describe(&l.entries[1], d, sizeof d);
	ck_assert_str_eq(d, "*!*@10.0.0.7 ctcp,joins");
	ignore_describe(&l.entries[0], d, sizeof d);
	ck_assert_str_eq(d, "bob!*@*");
	/* The same mask again changes its kinds. */
	ck_assert(ignore_add(&l, "bob private", err, sizeof err));
	ck_assert_uint_eq(l.count, 3);
	ck_assert(!ignore_match(&l, "bob!u@h", IGNORE_MESSAGES));

	/* By number: 1..count, else it is a mask (none here). */
	ck_assert(!ignore_remove(&l, "0"));
	ck_assert(!ignore_remove(&l, "4"));
	ck_assert(!ignore_remove(&l, "-1"));
	ck_assert(!ignore_remove(&l, "1x"));
	ck_assert(!ignore_remove(&l, "99999999999999999999999"));
	ck_assert_uint_eq(l.count, 3);
	ck_assert(ignore_remove(&l, "BOB"));
	ck_assert(!ignore_remove(&l, "bob"));
	ck_assert(ignore_remove(&l, "2"));
	ck_assert_uint_eq(l.count, 1);
	ck_assert_str_eq(l.entries[0].mask, "*!*@10.0.0.7");
	ignore_free(&l);
}
END_TEST

START_TEST(test_save)
{
	struct ignore_list	l;
	char			dir[] = "/tmp/check_ignore.XXXXXX", path[128];
	char			err[256], buf[1024], cmd[160];
	FILE			*f;
	size_t			n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/natter/config", dir);
	ignore_init(&l);
	ck_assert(ignore_add(&l, "bob", err, sizeof err));
	/* No file yet: made, with its folder. */
	ck_assert(ignore_save(&l, path, err, sizeof err));
	f = fopen(path, "w");
	fputs("nick = al\nignore = old!*@*\n  ignore=x ctcp\nrooms = #a\n", f);
	fclose(f);
	ck_assert(ignore_add(&l, "*!*@h joins", err, sizeof err));
	ck_assert(ignore_save(&l, path, err, sizeof err));
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, "nick = al\nrooms = #a\nignore = bob!*@*\n"
	    "ignore = *!*@h joins\n");
	ignore_free(&l);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_smart_filter)
{
	ck_assert(!ignore_smart_hide(50, 0, 1000, 5));
	ck_assert(ignore_smart_hide(51, 0, 1000, 5));
	ck_assert(ignore_smart_hide(51, 1000 - 301, 1000, 5));
	ck_assert(!ignore_smart_hide(51, 1000 - 299, 1000, 5));
	ck_assert(!ignore_smart_hide(500, 0, 1000, 0));
}
END_TEST

/* handle.c: what /ignore and the smart filter do to received lines. */
START_TEST(test_handle)
{
	struct options	 opt;
	struct conn	 conn;
	struct session	 s;
	struct window	*w;
	char		 line[512], err[128];
	size_t		 n, i;
	int		 k;

	options_init(&opt, "tester", false);
	ck_assert(ignore_add(&opt.ignores, "bob", err, sizeof err));
	conn_init(&conn);
	conn.capture = true;
	session_init(&s, &opt, &conn);
	session_connected(&s);
#define FEED(...) do {							\
	snprintf(line, sizeof line, __VA_ARGS__);			\
	handle_line(&s, line);						\
} while (0)
	FEED(":srv 001 tester :Welcome");
	FEED(":tester!t@h JOIN #lobby");
	w = s.windows[1];
	n = scrollback_count(&w->sb);
	FEED(":bob!b@h PRIVMSG #lobby :spam");
	FEED(":bob!b@h PRIVMSG tester :private spam");
	FEED(":bob!b@h PRIVMSG tester :\001VERSION\001");
	FEED(":bob!b@h JOIN #lobby");
	ck_assert_uint_eq(scrollback_count(&w->sb), n);
	/* No window opened, no CTCP answered; bob is a member all the same. */
	ck_assert_ptr_null(session_find(&s, "bob", NULL));
	/* The send queue is bytes, not a string: no NUL to stop at. */
	ck_assert_ptr_null(conn.sendq.data == NULL ? NULL :
	    memmem(conn.sendq.data, conn.sendq.len, "NOTICE bob", 10));
	ck_assert_ptr_nonnull(session_member(w, "bob"));
	FEED(":alice!a@h PRIVMSG #lobby :hi");
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 1);

	/* The smart filter: 60 people; a silent one's part is hidden, the
	 * part of one who just spoke is not. */
	for (k = 0; k < 60; k++)
		FEED(":p%d!p@h JOIN #lobby", k);
	n = scrollback_count(&w->sb);
	FEED(":p1!p@h PRIVMSG #lobby :I am here");
	FEED(":p2!p@h PART #lobby :bye");
	FEED(":p1!p@h PART #lobby :bye");
	ck_assert_uint_eq(scrollback_count(&w->sb), n + 2);
	ck_assert_int_eq(scrollback_line(&w->sb, n + 1)->kind,
	    SCROLLBACK_PART);
	ck_assert_str_eq(scrollback_line(&w->sb, n + 1)->sender, "p1");
	for (i = 0; i < w->nmembers; i++)
		ck_assert_str_ne(w->members[i].nick, "p2");
#undef FEED
	session_free(&s);
	conn_free(&conn);
	options_free(&opt);
}
END_TEST

static Suite *
ignore_suite(void)
{
	Suite	*s = suite_create("ignore");
	TCase	*tc = tcase_create("ignore");

	tcase_add_test(tc, test_masks_and_kinds);
	tcase_add_test(tc, test_save);
	tcase_add_test(tc, test_smart_filter);
	tcase_add_test(tc, test_handle);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(ignore_suite());
}
