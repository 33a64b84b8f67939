/* Unit tests of the small curses-free models natter's daily use rests
 * on: client/cp1252.c (lines that are not UTF-8), client/dedupe.c (a
 * replayed line already shown), client/daymark.c (days in a window) and
 * client/locale_utf8.c (UTF-8 whatever LANG says). */
#include <check.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/cp1252.h"
#include "client/daymark.h"
#include "client/dedupe.h"
#include "client/locale_utf8.h"
#include "client/nicklist.h"
#include "client/scrollback.h"
#include "client/session.h"
#include "check_run.h"

static Suite	*daily_model_suite(void);

START_TEST(test_cp1252)
{
	char	out[64];

	/* UTF-8 stays as it is. */
	ck_assert(!cp1252_fallback("caf\xc3\xa9", 5, out, sizeof out));
	ck_assert(!cp1252_fallback("plain", 5, out, sizeof out));
	/* Latin-1 é, CP1252 quotes, the euro and an undefined byte. */
	ck_assert(cp1252_fallback("caf\xe9 \x93q\x94 \x80 \x81", 12, out,
	    sizeof out));
	ck_assert_str_eq(out, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d "
	    "\xe2\x82\xac \xef\xbf\xbd");
	/* Cut at a character when out is short. */
	ck_assert(cp1252_fallback("\xe9\xe9\xe9", 3, out, 6));
	ck_assert_str_eq(out, "\xc3\xa9\xc3\xa9");
}
END_TEST

START_TEST(test_dedupe)
{
	struct scrollback	sb;

	scrollback_init(&sb, 0);
	scrollback_push(&sb, 1000, SCROLLBACK_MESSAGE, 0, "alice", "hi");
	scrollback_push(&sb, 1010, SCROLLBACK_ACTION, 0, "bob", "waves");
	ck_assert(dedupe_seen(&sb, 1000, SCROLLBACK_MESSAGE, "alice",
	    "hi"));
	/* Our clock against the server's: a second or two apart. */
	ck_assert(dedupe_seen(&sb, 1002, SCROLLBACK_MESSAGE, "alice",
	    "hi"));
	ck_assert(!dedupe_seen(&sb, 1003, SCROLLBACK_MESSAGE, "alice",
	    "hi"));
	ck_assert(!dedupe_seen(&sb, 1000, SCROLLBACK_MESSAGE, "bob",
	    "hi"));
	ck_assert(!dedupe_seen(&sb, 1000, SCROLLBACK_NOTICE, "alice",
	    "hi"));
	ck_assert(!dedupe_seen(&sb, 1000, SCROLLBACK_MESSAGE, "alice",
	    "hi!"));
	ck_assert(dedupe_seen(&sb, 1010, SCROLLBACK_ACTION, "bob",
	    "waves"));
	scrollback_free(&sb);
}
END_TEST

START_TEST(test_daymark)
{
	struct daymark	d = { 0, 0 };
	time_t		day = 86400 * 100;

	setenv("TZ", "UTC", 1);
	tzset();
	/* The first line is no change of day. */
	ck_assert(!daymark_next(&d, day + 5));
	ck_assert_int_eq(d.start, day);
	ck_assert_int_eq(d.end, day + 86400);
	ck_assert(!daymark_next(&d, day + 86399));
	ck_assert(daymark_next(&d, day + 86400));
	ck_assert(!daymark_next(&d, day + 86400 + 3600));
	/* Back to an older day is a change too (a replay). */
	ck_assert(daymark_next(&d, day - 1));
	ck_assert(daymark_holds(&d, day - 86400));
	ck_assert(!daymark_holds(&d, day));
	/* A zone with an offset: days start at its midnight. */
	setenv("TZ", "UTC-2", 1);
	tzset();
	daymark_set(&d, day);
	ck_assert_int_eq(d.start, day - 7200);
	ck_assert_int_eq(d.end, day + 86400 - 7200);
	setenv("TZ", "UTC", 1);
	tzset();
}
END_TEST

START_TEST(test_locale)
{
	char	note[512];

	/* Under C: a UTF-8 LC_CTYPE, and a note naming the old one. */
	setlocale(LC_ALL, "C");
	ck_assert(locale_utf8_ensure(note, sizeof note));
	ck_assert_str_eq(nl_langinfo(CODESET), "UTF-8");
	ck_assert_ptr_nonnull(strstr(note, "(C) is not UTF-8"));
	/* Already UTF-8: nothing to say. */
	ck_assert(!locale_utf8_ensure(note, sizeof note));
	ck_assert_str_eq(note, "");
	setlocale(LC_ALL, "C");
}
END_TEST

/* irssi's order: by rank, then by nick, case ignored. */
START_TEST(test_nicklist)
{
	struct member		 m[6] = {
		{ "zed", '\0', 0, 0 }, { "Bob", '+', 0, 0 },
		{ "alice", '@', 0, 0 }, { "amy", '\0', 0, 0 },
		{ "carl", '@', 0, 0 }, { "owner", '~', 0, 0 },
	};
	const struct member	*out[6];
	const char		*want[] = { "owner", "alice", "carl", "Bob",
	    "amy", "zed" };
	size_t			 i;

	nicklist_sort(m, 6, "~&@%+", out);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(out[i]->nick, want[i]);
	ck_assert(nicklist_fits(true, NICKLIST_MIN_COLS));
	ck_assert(!nicklist_fits(true, NICKLIST_MIN_COLS - 1));
	ck_assert(!nicklist_fits(false, 200));
}
END_TEST

static Suite *
daily_model_suite(void)
{
	Suite	*s = suite_create("daily_model");
	TCase	*tc;

	tc = tcase_create("daily_model");
	tcase_add_test(tc, test_cp1252);
	tcase_add_test(tc, test_dedupe);
	tcase_add_test(tc, test_daymark);
	tcase_add_test(tc, test_locale);
	tcase_add_test(tc, test_nicklist);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(daily_model_suite());
}
