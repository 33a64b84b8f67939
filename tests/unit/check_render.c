/* Unit tests of client/render.c: mIRC formatting, visible controls, safety. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/render.h"
#include "utf8.h"
#include "check_random.h"
#include "check_run.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof (lit) - 1)

static Suite	*render_suite(void);

/*
 * Write the runs of r as "[attrs fN bN]text..." into out: attrs are the
 * letters B I U S M R C, fN and bN the colours when not the default.
 */
static const char *
dump(const struct render_text *r)
{
	static char	out[4096];
	size_t		i, n = 0;
	unsigned	a;

	out[0] = '\0';
	for (i = 0; i < r->nruns; i++) {
		a = r->runs[i].style.attr;
		n += (size_t)snprintf(out + n, sizeof out - n, "[%s%s%s%s%s%s%s",
		    a & RENDER_BOLD ? "B" : "", a & RENDER_ITALIC ? "I" : "",
		    a & RENDER_UNDERLINE ? "U" : "", a & RENDER_STRIKE ? "S" : "",
		    a & RENDER_MONO ? "M" : "", a & RENDER_REVERSE ? "R" : "",
		    a & RENDER_CONTROL ? "C" : "");
		if (r->runs[i].style.fg != RENDER_COLOR_DEFAULT)
			n += (size_t)snprintf(out + n, sizeof out - n, "f%d",
			    r->runs[i].style.fg);
		if (r->runs[i].style.bg != RENDER_COLOR_DEFAULT)
			n += (size_t)snprintf(out + n, sizeof out - n, "b%d",
			    r->runs[i].style.bg);
		n += (size_t)snprintf(out + n, sizeof out - n, "]%.*s",
		    (int)r->runs[i].len, r->text + r->runs[i].off);
		ck_assert_uint_lt(n, sizeof out);
	}
	return out;
}

/* Render s (len bytes) on the plain style and compare the dump. */
static void
expect_irc(const char *s, size_t len, const char *want)
{
	struct render_text	r;

	render_init(&r);
	render_irc(&r, s, len, render_style_plain);
	ck_assert_msg(strcmp(dump(&r), want) == 0, "got %s, want %s",
	    dump(&r), want);
	ck_assert_uint_eq(strlen(r.text), r.len);
	render_free(&r);
}

START_TEST(test_plain_text)
{
	struct render_text	r;

	expect_irc(S("hello world"), "[]hello world");
	render_init(&r);
	render_irc(&r, "", 0, render_style_plain);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_uint_eq(r.nruns, 0);
	render_free(&r);
	/* UTF-8 and CJK pass through untouched. */
	expect_irc(S("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"),
	    "[]caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
	expect_irc(S("e\xcc\x81"), "[]e\xcc\x81");
}
END_TEST

START_TEST(test_attributes)
{
	expect_irc(S("a\x02" "b\x02" "c"), "[]a[B]b[]c");
	expect_irc(S("\x1di\x1d"), "[I]i");
	expect_irc(S("\x1fu"), "[U]u");
	expect_irc(S("\x1es"), "[S]s");
	expect_irc(S("\x11m"), "[M]m");
	expect_irc(S("\x16r"), "[R]r");
	expect_irc(S("\x02\x1d\x1f" "all\x0f" "none"), "[BIU]all[]none");
	/* Codes with no text between them make no empty run. */
	expect_irc(S("\x02\x02\x02" "b"), "[B]b");
	expect_irc(S("a\x02\x02" "b"), "[]ab");
}
END_TEST

START_TEST(test_reset_to_base)
{
	struct render_text	r;
	struct render_style	base = { RENDER_BOLD, 4, RENDER_COLOR_DEFAULT };

	render_init(&r);
	render_irc(&r, S("a\x1d" "b\x0f" "c\x03" "3d\x03" "e\x03" "99f"), base);
	ck_assert_str_eq(dump(&r), "[Bf4]a[BIf4]b[Bf4]c[Bf3]d[Bf4]ef");
	render_free(&r);
}
END_TEST

START_TEST(test_colors)
{
	expect_irc(S("\x03" "4red"), "[f4]red");
	expect_irc(S("\x03" "04,12x"), "[f4b12]x");
	expect_irc(S("\x03" "4,5a\x03" "6b"), "[f4b5]a[f6b5]b");
	expect_irc(S("\x03" "4,5a\x03" "b"), "[f4b5]a[]b");
	/* Two digits at most: the third is text. */
	expect_irc(S("\x03" "123"), "[f12]3");
	expect_irc(S("\x03" "98x"), "[f98]x");
	expect_irc(S("\x03" "99x"), "[]x");
	expect_irc(S("\x03" "5,99x"), "[f5]x");
	/* A comma with no digit after it is text. */
	expect_irc(S("\x03" "4,x"), "[f4],x");
	expect_irc(S("\x03" ",5x"), "[],5x");
	expect_irc(S("\x03" "4,"), "[f4],");
	/* Digits right after a colour need the two-digit form. */
	expect_irc(S("\x03" "041st"), "[f4]1st");
	expect_irc(S("\x03"), "");
}
END_TEST

START_TEST(test_hex_colors)
{
	expect_irc(S("\x04" "FF0000x"), "[f4]x");
	expect_irc(S("\x04" "ff0000,0000fcx"), "[f4b12]x");
	expect_irc(S("\x03" "3a\x04" "b"), "[f3]a[]b");
	expect_irc(S("\x04" "zz"), "[]zz");
	expect_irc(S("\x04" "ff00"), "[]ff00");
	expect_irc(S("\x04" "00FC00,zz"), "[f9],zz");
	ck_assert_int_eq(render_hex_color(0xFFFFFF), 0);
	ck_assert_int_eq(render_hex_color(0x000000), 1);
	ck_assert_int_eq(render_hex_color(0xFE0101), 4);
	ck_assert_int_eq(render_hex_color(0x808080), 14);
	ck_assert_int_eq(render_hex_color(0x0000F0), 12);
	ck_assert_int_eq(render_hex_color(0xD0D0D0), 15);
}
END_TEST

START_TEST(test_controls_visible)
{
	expect_irc(S("a\x01" "b"), "[]a[C]^A[]b");
	expect_irc(S("\x1b[31mred"), "[C]^[[][31mred");
	expect_irc(S("\x1b]0;title\x07"), "[C]^[[]]0;title[C]^G");
	expect_irc(S("x\x7fy"), "[]x[C]^?[]y");
	expect_irc(S("\0"), "[C]^@");
	expect_irc(S("a\r\nb"), "[]a[C]^M^J[]b");
	expect_irc(S("\x1a\x1c"), "[C]^Z^\\");
	/* C1 controls, encoded as UTF-8: NEL and CSI. */
	expect_irc(S("\xc2\x85\xc2\x9b" "2J"), "[C]<U+0085><U+009B>[]2J");
	expect_irc(S("\xc2\x80\xc2\x9f"), "[C]<U+0080><U+009F>");
	/* A tab is one space in the current style. */
	expect_irc(S("\x02" "a\tb"), "[B]a b");
	/* The control style does not inherit the formatting around it. */
	expect_irc(S("\x02\x03" "4a\x07" "b"), "[Bf4]a[C]^G[Bf4]b");
	/* Separators and bidi overrides are shown, not obeyed. */
	expect_irc(S("a\xe2\x80\xae" "b\xe2\x80\xa8\xe2\x81\xa6"),
	    "[]a[C]<U+202E>[]b[C]<U+2028><U+2066>");
	/* So are marks, ZWSP and BOM; ZWJ (emoji) is text. */
	expect_irc(S("\xe2\x80\x8f" "a\xe2\x80\x8b\xef\xbb\xbf"),
	    "[C]<U+200F>[]a[C]<U+200B><U+FEFF>");
	expect_irc(S("a\xe2\x80\x8d" "b"), "[]a\xe2\x80\x8d" "b");
}
END_TEST

START_TEST(test_invalid_utf8)
{
	expect_irc(S("a\xff" "b"), "[]a\xef\xbf\xbd" "b");
	expect_irc(S("\xe4\xb8"), "[]\xef\xbf\xbd\xef\xbf\xbd");
	expect_irc(S("\xc0\xaf"), "[]\xef\xbf\xbd\xef\xbf\xbd");
	expect_irc(S("\xed\xa0\x80"),
	    "[]\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_irc(S("\xf4\x90\x80\x80"), "[]\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	/* A sequence cut by a formatting code. */
	expect_irc(S("\xe4\xb8\x02\xad"),
	    "[]\xef\xbf\xbd\xef\xbf\xbd[B]\xef\xbf\xbd");
}
END_TEST

START_TEST(test_plain_shows_codes)
{
	struct render_text	r;
	struct render_style	st = { RENDER_BOLD, 3, RENDER_COLOR_DEFAULT };

	render_init(&r);
	render_plain(&r, S("[12:04] "), render_style_plain);
	render_plain(&r, S("<al\x02ice>"), st);
	render_irc(&r, S(" hi \x02there"), render_style_plain);
	ck_assert_str_eq(dump(&r), "[][12:04] [Bf3]<al[C]^B[Bf3]ice>[] hi "
	    "[B]there");
	ck_assert_str_eq(r.text, "[12:04] <al^Bice> hi there");
	render_clear(&r);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_uint_eq(r.nruns, 0);
	ck_assert_str_eq(r.text, "");
	render_plain(&r, S("x"), render_style_plain);
	ck_assert_str_eq(dump(&r), "[]x");
	render_free(&r);
}
END_TEST

/* Fail the test when cond is false; unlike ck_assert it costs nothing
 * when it holds, which matters in loops over thousands of cases. */
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

/* Assert r is safe to print and its runs cover its text in order. */
static void
assert_safe(const struct render_text *r)
{
	size_t		i, off, n;
	uint32_t	cp;
	bool		ok;

	REQUIRE(utf8_valid(r->text, r->len));
	REQUIRE(strlen(r->text) == r->len);
	for (off = 0; off < r->len; off += n) {
		REQUIRE((unsigned char)r->text[off] >= 0x20);
		REQUIRE((unsigned char)r->text[off] != 0x7f);
		n = utf8_decode(r->text + off, r->len - off, &cp, &ok);
		REQUIRE(ok);
		REQUIRE(!utf8_cp_is_control(cp));
		REQUIRE(!utf8_cp_is_layout(cp));
	}
	off = 0;
	for (i = 0; i < r->nruns; i++) {
		REQUIRE(r->runs[i].off == off);
		REQUIRE(r->runs[i].len > 0);
		if (i > 0)
			REQUIRE(!render_style_eq(r->runs[i - 1].style,
			    r->runs[i].style));
		off += r->runs[i].len;
	}
	REQUIRE(off == r->len);
}

START_TEST(test_random_bytes_are_safe)
{
	struct render_text	r;
	struct render_style	base = { RENDER_ITALIC, 7, 1 };
	uint32_t		state = 88172645u, x;
	unsigned char		buf[300];
	size_t			len, i;
	int			round;

	render_init(&r);
	for (round = 0; round < 3000; round++) {
		len = next_random(&state) % sizeof buf;
		for (i = 0; i < len; i++) {
			x = next_random(&state);
			/* Favour the interesting bytes. */
			switch (x % 4) {
			case 0:
				buf[i] = (unsigned char)(x >> 8) % 0x20;
				break;
			case 1:
				buf[i] = (unsigned char)(0x7f + (x >> 8) % 0x81);
				break;
			default:
				buf[i] = (unsigned char)(x >> 8);
				break;
			}
		}
		render_clear(&r);
		render_irc(&r, (const char *)buf, len,
		    round % 2 ? base : render_style_plain);
		assert_safe(&r);
		render_clear(&r);
		render_plain(&r, (const char *)buf, len, base);
		assert_safe(&r);
	}
	/* Every single byte and every C1 code point on its own. */
	for (i = 0; i < 256; i++) {
		buf[0] = (unsigned char)i;
		render_clear(&r);
		render_irc(&r, (const char *)buf, 1, render_style_plain);
		assert_safe(&r);
		if (i >= 0x80 && i < 0xA0) {
			buf[0] = 0xC2;
			buf[1] = (unsigned char)i;
			render_clear(&r);
			render_irc(&r, (const char *)buf, 2, render_style_plain);
			assert_safe(&r);
			REQUIRE(r.len == 8);	/* <U+00XX> */
		}
	}
	render_free(&r);
}
END_TEST

START_TEST(test_nick_color)
{
	char	nick[32];
	int	seen[8] = { 0 };
	int	i, c, n;

	c = render_nick_color("alice", 16);
	ck_assert_int_ge(c, 0);
	ck_assert_int_lt(c, 16);
	ck_assert_int_eq(render_nick_color("alice", 16), c);
	ck_assert_int_eq(render_nick_color("Alice", 16), c);
	ck_assert_int_eq(render_nick_color("ALICE", 16), c);
	ck_assert_int_eq(render_nick_color("\xe5\xb0\x8f\xe6\x98\x8e", 16),
	    render_nick_color("\xe5\xb0\x8f\xe6\x98\x8e", 16));
	ck_assert_int_eq(render_nick_color("bob", 1), 0);
	ck_assert_int_eq(render_nick_color("bob", 0), 0);
	ck_assert_int_eq(render_nick_color("", 5), render_nick_color("", 5));
	/* Nicks spread over every colour. */
	for (i = 0; i < 200; i++) {
		snprintf(nick, sizeof nick, "user%d", i);
		n = render_nick_color(nick, 8);
		ck_assert_int_ge(n, 0);
		ck_assert_int_lt(n, 8);
		seen[n]++;
	}
	for (i = 0; i < 8; i++)
		ck_assert_int_gt(seen[i], 5);
	ck_assert_int_ne(render_nick_color("alice", 1000),
	    render_nick_color("bob", 1000));
}
END_TEST

START_TEST(test_ctcp)
{
	const char	*body, *cmd;
	size_t		 len, cmdlen;

	ck_assert(render_ctcp_action(S("\x01" "ACTION waves\x01"), &body, &len));
	ck_assert_uint_eq(len, 5);
	ck_assert_mem_eq(body, "waves", 5);
	/* The closing \x01 is optional. */
	ck_assert(render_ctcp_action(S("\x01" "ACTION waves hi"), &body, &len));
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(body, "waves hi", 8);
	ck_assert(render_ctcp_action(S("\x01" "ACTION\x01"), &body, &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(!render_ctcp_action(S("\x01" "ACTIONS x\x01"), &body, &len));
	ck_assert(!render_ctcp_action(S("\x01" "action x\x01"), &body, &len));
	ck_assert(!render_ctcp_action(S("ACTION waves"), &body, &len));
	ck_assert(!render_ctcp_action(S("hello"), &body, &len));
	ck_assert(!render_ctcp_action(S(""), &body, &len));
	ck_assert(!render_ctcp_action(S("\x01\x01"), &body, &len));
	ck_assert(!render_ctcp_action(S("\x01"), &body, &len));

	ck_assert(render_ctcp(S("\x01VERSION\x01"), &cmd, &cmdlen, &body, &len));
	ck_assert_uint_eq(cmdlen, 7);
	ck_assert_mem_eq(cmd, "VERSION", 7);
	ck_assert_uint_eq(len, 0);
	ck_assert(!render_ctcp_action(S("\x01VERSION\x01"), &body, &len));
	ck_assert(render_ctcp(S("\x01PING 123\x01"), &cmd, &cmdlen, &body,
	    &len));
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(body, "123", 3);
	ck_assert(!render_ctcp(S("\x01 x\x01"), &cmd, &cmdlen, &body, &len));
}
END_TEST

static Suite *
render_suite(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc;

	tc = tcase_create("format");
	tcase_add_test(tc, test_plain_text);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_reset_to_base);
	tcase_add_test(tc, test_colors);
	tcase_add_test(tc, test_hex_colors);
	tcase_add_test(tc, test_plain_shows_codes);
	suite_add_tcase(s, tc);

	tc = tcase_create("safety");
	tcase_add_test(tc, test_controls_visible);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_random_bytes_are_safe);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_test(tc, test_nick_color);
	tcase_add_test(tc, test_ctcp);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(render_suite());
}
