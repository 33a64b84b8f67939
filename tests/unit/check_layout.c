/* Unit tests of client/layout.c: how scrollback lines look in the pane. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/layout.h"
#include "client/render.h"
#include "client/scrollback.h"
#include "client/wrap.h"
#include "check_run.h"

static Suite	*layout_suite(void);

/* 12:04:00 UTC on the first day of 1970. */
#define T1204	((time_t)(12 * 3600 + 4 * 60))

static struct layout		lo;
static struct render_text	out;
static struct scrollback	sb;

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	layout_init(&lo);
	render_init(&out);
	scrollback_init(&sb, 0);
}

static void
teardown(void)
{
	scrollback_free(&sb);
	render_free(&out);
	layout_free(&lo);
}

/* Lay out a line and check its text and continuation indent. */
static void
expect_line(enum scrollback_kind kind, unsigned flags, const char *sender,
    const char *text, const char *want, int want_indent)
{
	const struct scrollback_line	*l;
	int				 indent;

	l = scrollback_push(&sb, T1204, kind, flags, sender, text);
	indent = layout_line(&lo, l, &out);
	ck_assert_msg(strcmp(out.text, want) == 0, "got \"%s\", want \"%s\"",
	    out.text, want);
	ck_assert_int_eq(indent, want_indent);
}

/* The style of the run holding byte off of out. */
static struct render_style
style_at(size_t off)
{
	size_t	i;

	for (i = 0; i < out.nruns; i++) {
		if (off >= out.runs[i].off &&
		    off < out.runs[i].off + out.runs[i].len)
			return out.runs[i].style;
	}
	ck_abort_msg("no run at %zu", off);
	return render_style_plain;
}

/* Byte offset of needle in out. */
static size_t
offset_of(const char *needle)
{
	const char	*p = strstr(out.text, needle);

	ck_assert_ptr_nonnull(p);
	return (size_t)(p - out.text);
}

START_TEST(test_kinds)
{
	expect_line(SCROLLBACK_MESSAGE, 0, "alice", "hello",
	    "[12:04] <alice> hello", 16);
	expect_line(SCROLLBACK_ACTION, 0, "alice", "waves",
	    "[12:04] * alice waves", 16);
	expect_line(SCROLLBACK_NOTICE, 0, "alice", "psst",
	    "[12:04] -alice- psst", 16);
	expect_line(SCROLLBACK_JOIN, 0, "bob", "#lobby",
	    "[12:04] -- bob joined #lobby", 11);
	expect_line(SCROLLBACK_PART, 0, "bob", "",
	    "[12:04] -- bob left", 11);
	expect_line(SCROLLBACK_PART, 0, "bob", "see you",
	    "[12:04] -- bob left (see you)", 11);
	expect_line(SCROLLBACK_QUIT, 0, "bob", "Ping timeout",
	    "[12:04] -- bob quit (Ping timeout)", 11);
	expect_line(SCROLLBACK_QUIT, 0, "bob", "",
	    "[12:04] -- bob quit", 11);
	expect_line(SCROLLBACK_NICK, 0, "bob", "rob",
	    "[12:04] -- bob is now known as rob", 11);
	expect_line(SCROLLBACK_TOPIC, 0, "bob", "lunch at noon",
	    "[12:04] -- bob set the topic: lunch at noon", 11);
	expect_line(SCROLLBACK_SERVER, 0, NULL, "Welcome to natter",
	    "[12:04] -- Welcome to natter", 11);
	expect_line(SCROLLBACK_ERROR, 0, NULL, "No such nick",
	    "[12:04] !! No such nick", 11);
	/* CJK nicks count two columns a character in the indent. */
	expect_line(SCROLLBACK_MESSAGE, 0, "\xe5\xb0\x8f\xe6\x98\x8e", "hi",
	    "[12:04] <\xe5\xb0\x8f\xe6\x98\x8e> hi", 15);
}
END_TEST

START_TEST(test_styles)
{
	struct render_style	st;
	int			c = layout_nick_color("alice");

	expect_line(SCROLLBACK_MESSAGE, 0, "alice", "a \x02" "b",
	    "[12:04] <alice> a b", 16);
	ck_assert(style_at(0).attr & RENDER_DIM);		/* [12:04] */
	st = style_at(offset_of("alice"));
	ck_assert_int_eq(st.fg, c);
	ck_assert_uint_eq(st.attr, 0);
	ck_assert_uint_eq(style_at(offset_of("> a")).attr, 0);
	ck_assert(style_at(out.len - 1).attr & RENDER_BOLD);	/* \x02b */

	/* Lines that mention us highlight the nick; ours are bold. */
	expect_line(SCROLLBACK_MESSAGE, SCROLLBACK_HIGHLIGHT, "alice", "hey",
	    "[12:04] <alice> hey", 16);
	ck_assert(style_at(offset_of("alice")).attr & RENDER_HIGHLIGHT);
	expect_line(SCROLLBACK_ACTION, SCROLLBACK_SELF, "me", "waves",
	    "[12:04] * me waves", 13);
	ck_assert(style_at(offset_of("me")).attr & RENDER_BOLD);

	/* Events are dim, the nick in its colour. */
	expect_line(SCROLLBACK_JOIN, 0, "alice", "#lobby",
	    "[12:04] -- alice joined #lobby", 11);
	st = style_at(offset_of("alice"));
	ck_assert(st.attr & RENDER_DIM);
	ck_assert_int_eq(st.fg, c);
	ck_assert(style_at(offset_of("#lobby")).attr & RENDER_DIM);
	expect_line(SCROLLBACK_QUIT, 0, "alice", "\x02gone",
	    "[12:04] -- alice quit (gone)", 11);
	st = style_at(offset_of("gone"));
	ck_assert_uint_eq(st.attr, RENDER_DIM | RENDER_BOLD);
	expect_line(SCROLLBACK_ERROR, 0, NULL, "bad", "[12:04] !! bad", 11);
	ck_assert(style_at(offset_of("!!")).attr & RENDER_BOLD);
}
END_TEST

START_TEST(test_no_colors_no_time)
{
	size_t	i;

	lo.colors = false;
	expect_line(SCROLLBACK_MESSAGE, 0, "alice", "\x03" "4,2red\x03 \x02" "b",
	    "[12:04] <alice> red b", 16);
	for (i = 0; i < out.nruns; i++) {
		ck_assert_int_eq(out.runs[i].style.fg, RENDER_COLOR_DEFAULT);
		ck_assert_int_eq(out.runs[i].style.bg, RENDER_COLOR_DEFAULT);
	}
	/* Formatting other than colour stays. */
	ck_assert(style_at(out.len - 1).attr & RENDER_BOLD);

	lo.time_format = "";
	expect_line(SCROLLBACK_MESSAGE, 0, "alice", "hi", "<alice> hi", 8);
	lo.time_format = "%H:%M:%S";
	expect_line(SCROLLBACK_MESSAGE, 0, "al", "hi", "[12:04:00] <al> hi",
	    16);
}
END_TEST

START_TEST(test_controls_made_visible)
{
	size_t	i;

	expect_line(SCROLLBACK_MESSAGE, 0, "ev\x1bil", "x\x1b[2Jy\x07",
	    "[12:04] <ev^[il> x^[[2Jy^G", 17);
	expect_line(SCROLLBACK_NICK, 0, "a", "b\x01",
	    "[12:04] -- a is now known as b^A", 11);
	expect_line(SCROLLBACK_JOIN, 0, "a", "#r\xc2\x85",
	    "[12:04] -- a joined #r<U+0085>", 11);
	for (i = 0; i < out.len; i++)
		ck_assert_uint_ge((unsigned char)out.text[i], 0x20);
}
END_TEST

START_TEST(test_measure_and_indent)
{
	const struct scrollback_line	*l;
	struct wrap			 w;
	size_t				 i, n;
	int				 indent;

	scrollback_set_measure(&sb, layout_measure, &lo);
	scrollback_resize(&sb, 30, 10);
	l = scrollback_push(&sb, T1204, SCROLLBACK_MESSAGE, 0, "alice",
	    "the quick brown fox jumps over the lazy dog");
	/* [12:04] <alice> the quick / brown fox / jumps over the / lazy dog */
	ck_assert_int_eq(l->rows, 4);
	ck_assert_int_eq(layout_measure(l, 30, &lo), 4);
	ck_assert_int_eq(layout_measure(l, 80, &lo), 1);
	indent = layout_line(&lo, l, &out);
	wrap_init(&w);
	n = wrap_text(&w, out.text, out.len, 30, indent);
	ck_assert_uint_eq(n, 4);
	for (i = 1; i < n; i++) {
		ck_assert_int_eq(w.rows[i].indent, 16);
		ck_assert_int_le(w.rows[i].cols, 14);
	}
	wrap_free(&w);
	/* A resize measures again with the layout. */
	scrollback_resize(&sb, 80, 10);
	ck_assert_int_eq(scrollback_line(&sb, 0)->rows, 1);
	l = scrollback_push(&sb, T1204, SCROLLBACK_JOIN, 0, "bob", "#lobby");
	ck_assert_int_eq(l->rows, 1);
}
END_TEST

START_TEST(test_nick_colors)
{
	char	nick[16];
	int	i, c;

	ck_assert_int_eq(layout_nick_color("alice"),
	    layout_nick_color("ALICE"));
	for (i = 0; i < 300; i++) {
		snprintf(nick, sizeof nick, "n%d", i);
		c = layout_nick_color(nick);
		/* Never white, black, yellow or grey. */
		ck_assert(c >= 2 && c <= 13 && c != 8);
	}
}
END_TEST

/* A format that ends (or starts) with a space, as a locale's %X with an
 * empty %p does, leaves no space inside the brackets. */
START_TEST(test_stamp_trimmed)
{
	lo.time_format = "%H:%M:%S ";
	expect_line(SCROLLBACK_MESSAGE, 0, "al", "hi", "[12:04:00] <al> hi",
	    16);
	lo.time_format = " %H:%M";
	expect_line(SCROLLBACK_MESSAGE, 0, "al", "hi", "[12:04] <al> hi", 13);
	/* Nothing but spaces: no stamp at all. */
	lo.time_format = " ";
	expect_line(SCROLLBACK_MESSAGE, 0, "al", "hi", "<al> hi", 5);
}
END_TEST

/* A replayed line of another day shows its date; a day-change line says
 * the day in words, with no time. */
START_TEST(test_dates)
{
	const struct scrollback_line	*l;

	expect_line(SCROLLBACK_MESSAGE, SCROLLBACK_PAST | SCROLLBACK_DATED,
	    "al", "old", "[1970-01-01 12:04] <al> old", 24);
	lo.date_format = "%d/%m";
	expect_line(SCROLLBACK_ACTION, SCROLLBACK_DATED, "al", "waves",
	    "[01/01 12:04] * al waves", 19);
	/* A missed line's time stands out; others' is dim. */
	expect_line(SCROLLBACK_MESSAGE, SCROLLBACK_PAST | SCROLLBACK_MISSED,
	    "al", "new to me", "[12:04] <al> new to me", 13);
	ck_assert_uint_eq(style_at(1).attr, RENDER_BOLD);
	expect_line(SCROLLBACK_MESSAGE, 0, "al", "seen", "[12:04] <al> seen",
	    13);
	ck_assert_uint_eq(style_at(1).attr, RENDER_DIM);
	l = scrollback_push(&sb, T1204 + 86400 * 337, SCROLLBACK_DAY, 0, NULL,
	    "");
	layout_line(&lo, l, &out);
	ck_assert_str_eq(out.text, "-- Friday 4 December 1970");
	lo.day_format = "%Y-%m-%d";
	layout_line(&lo, l, &out);
	ck_assert_str_eq(out.text, "-- 1970-12-04");
}
END_TEST

static Suite *
layout_suite(void)
{
	Suite	*s = suite_create("layout");
	TCase	*tc;

	tc = tcase_create("layout");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_styles);
	tcase_add_test(tc, test_no_colors_no_time);
	tcase_add_test(tc, test_stamp_trimmed);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_controls_made_visible);
	tcase_add_test(tc, test_measure_and_indent);
	tcase_add_test(tc, test_nick_colors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(layout_suite());
}
