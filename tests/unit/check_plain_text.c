/*
 * Unit tests of the plain door's words (server/plain_text.c): what a person
 * at nc or telnet reads.  plain_sanitize (mIRC codes stripped, control
 * characters shown visibly, invalid UTF-8 replaced), plain_render_event for
 * every relayed command, plain_render_reply (numerics in words, errors,
 * suppressed replies, server notices, ERROR) and plain_clean_line (telnet
 * IAC sequences, backspace, DEL, NUL and CR).  Times are rendered in UTC:
 * main() sets TZ.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buffer.h"
#include "server/plain_text.h"
#include "utf8.h"
#include "check_random.h"
#include "check_run.h"

/* 2024-03-05 12:04:30 UTC, in milliseconds: renders as "[12:04] ". */
#define T_1204	((int64_t)1709640270 * 1000)

/* A copy of b's bytes as a C string (freed by the caller). */
static char *
buffer_string(const struct buffer *b)
{
	char *s = malloc(b->len + 1);

	ck_assert_ptr_nonnull(s);
	if (b->len > 0)
		memcpy(s, b->data, b->len);
	s[b->len] = '\0';
	return s;
}

/* Assert that plain_sanitize(in) is want. */
static void
assert_sanitized(const char *in, const char *want)
{
	struct buffer b;
	char *got;

	buffer_init(&b);
	plain_sanitize(&b, in);
	got = buffer_string(&b);
	ck_assert_msg(strlen(got) == b.len, "sanitized %s holds a NUL", in);
	ck_assert_str_eq(got, want);
	free(got);
	buffer_free(&b);
}

/* plain_render_event at T_1204 as a string (freed by the caller). */
static char *
event(const char *source, const char *command, size_t nparams,
    const char *p0, const char *p1, const char *p2)
{
	const char *params[3] = { p0, p1, p2 };
	struct buffer b;
	char *s;

	buffer_init(&b);
	plain_render_event(&b, T_1204, source, command, nparams, params);
	s = buffer_string(&b);
	buffer_free(&b);
	return s;
}

#define assert_event(want, source, command, n, p0, p1, p2) do {	\
	char *got_ = event(source, command, n, p0, p1, p2);		\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

/* plain_render_reply(line) as a string (freed by the caller). */
static char *
reply(const char *line)
{
	struct buffer b;
	char *s;

	buffer_init(&b);
	plain_render_reply(&b, line, strlen(line));
	s = buffer_string(&b);
	buffer_free(&b);
	return s;
}

#define assert_reply(want, line) do {					\
	char *got_ = reply(line);					\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

/* plain_clean_line on a copy of len bytes of in; checks the result. */
static void
assert_cleaned(const char *in, size_t len, const char *want)
{
	char line[256];
	size_t n;

	ck_assert_uint_lt(len, sizeof line);
	memcpy(line, in, len);
	line[len] = 'X';	/* must be replaced by the terminating NUL */
	n = plain_clean_line(line, len);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_int_eq(line[n], '\0');
	ck_assert_mem_eq(line, want, n);
}

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof (lit) - 1)

/* --- plain_sanitize ------------------------------------------------------ */

START_TEST(test_sanitize_plain_text_unchanged)
{
	assert_sanitized("", "");
	assert_sanitized("hello, world ~!@#$%^&*()", "hello, world ~!@#$%^&*()");
	assert_sanitized("caf\xc3\xa9 \xe2\x9c\x93", "caf\xc3\xa9 \xe2\x9c\x93");
	/* CJK (wide) characters are kept as they are. */
	assert_sanitized("\xe4\xbd\xa0\xe5\xa5\xbd \xe5\xb0\x8f\xe6\x98\x8e",
	    "\xe4\xbd\xa0\xe5\xa5\xbd \xe5\xb0\x8f\xe6\x98\x8e");
	assert_sanitized("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");	/* emoji */
}
END_TEST

START_TEST(test_sanitize_mirc_formatting)
{
	/* Bold, reset, monospace, reverse, italic, strike, underline. */
	assert_sanitized("\x02" "bold\x02 \x1dit\x1d \x1funder\x1f \x16rev\x16"
	    " \x1estrike\x1e \x11mono\x11\x0f.", "bold it under rev strike mono.");
	/* Colours: fg, fg,bg, two digits, and a bare \x03 (reset). */
	assert_sanitized("\x03" "4red\x03 \x03" "04,12both\x03 \x03" "9,1x",
	    "red both x");
	assert_sanitized("\x03" "12,05blue on brown\x03", "blue on brown");
	/* Three digits: only two belong to the code. */
	assert_sanitized("\x03" "123", "3");
	/* A comma not followed by a digit is text. */
	assert_sanitized("\x03" "4,text", ",text");
	assert_sanitized("\x03,5x", ",5x");
	/* Hex colours: \x04RRGGBB[,RRGGBB]. */
	assert_sanitized("\x04" "FF0000red\x04 \x04" "00ff00,0000FFgb\x04.",
	    "red gb.");
	/* Digits after a colour that are text need a code in between. */
	assert_sanitized("\x03" "04\x02\x02" "1st", "1st");
	/* A code at the very end. */
	assert_sanitized("end\x03", "end");
	assert_sanitized("end\x03" "1,", "end,");
	assert_sanitized("end\x04", "end");
	assert_sanitized("end\x04" "ABCDEF,12", "end,12");
}
END_TEST

START_TEST(test_sanitize_c0_and_del_visible)
{
	/* An escape sequence cannot reach the terminal: ESC shows as ^[. */
	assert_sanitized("\x1b[2J\x1b[H", "^[[2J^[[H");
	assert_sanitized("\x1b]0;owned\x07", "^[]0;owned^G");
	assert_sanitized("a\tb\rc\nd", "a^Ib^Mc^Jd");
	assert_sanitized("bell\x07", "bell^G");
	assert_sanitized("\x01" "ACTION x\x01", "^AACTION x^A");
	assert_sanitized("del\x7f", "del^?");
	assert_sanitized("\x08\x0b\x0c\x0e\x10\x1a\x1c", "^H^K^L^N^P^Z^\\");
}
END_TEST

START_TEST(test_sanitize_c1_visible)
{
	assert_sanitized("\xc2\x85", "<U+0085>");		/* NEL */
	assert_sanitized("x\xc2\x9b" "31m", "x<U+009B>31m");	/* CSI */
	assert_sanitized("\xc2\x80\xc2\x9f", "<U+0080><U+009F>");
	/* U+00A0 is the first printable after C1. */
	assert_sanitized("\xc2\xa0", "\xc2\xa0");
}
END_TEST

START_TEST(test_sanitize_layout_controls_visible)
{
	/* Bidi embeddings, overrides, isolates and marks. */
	assert_sanitized("a\xe2\x80\xae" "evil", "a<U+202E>evil");	/* RLO */
	assert_sanitized("\xe2\x80\xaa\xe2\x80\xac",
	    "<U+202A><U+202C>");
	assert_sanitized("\xe2\x81\xa6x\xe2\x81\xa9",
	    "<U+2066>x<U+2069>");
	assert_sanitized("\xe2\x80\x8f\xd8\x9c", "<U+200F><U+061C>");
	/* Line and paragraph separators, BOM, ZWSP, word joiner. */
	assert_sanitized("a\xe2\x80\xa8" "b\xe2\x80\xa9",
	    "a<U+2028>b<U+2029>");
	assert_sanitized("\xef\xbb\xbfhi\xe2\x80\x8b\xe2\x81\xa0",
	    "<U+FEFF>hi<U+200B><U+2060>");
	/* ZWJ (emoji, Indic scripts), ZWNJ (Persian) and variation selectors
	 * are text: kept. */
	assert_sanitized("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
	    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
	assert_sanitized("\xe2\x80\x8c\xe2\x9d\xa4\xef\xb8\x8f",
	    "\xe2\x80\x8c\xe2\x9d\xa4\xef\xb8\x8f");
}
END_TEST

START_TEST(test_sanitize_invalid_utf8)
{
	/* A lone 8-bit byte (a raw C1 byte in Latin-1 text) is not sent. */
	assert_sanitized("\x9b" "2J", "\xef\xbf\xbd" "2J");
	assert_sanitized("caf\xe9", "caf\xef\xbf\xbd");
	assert_sanitized("\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd");
	/* Overlong forms of ESC and '/' are not decoded as such. */
	{
		struct buffer b;
		char *got;

		buffer_init(&b);
		plain_sanitize(&b, "\xc0\x9b" "x\xe0\x80\xaf");
		got = buffer_string(&b);
		ck_assert(utf8_valid(got, strlen(got)));
		ck_assert_ptr_null(strchr(got, 0x1b));
		ck_assert_ptr_null(strchr(got, '/'));
		ck_assert_ptr_nonnull(strstr(got, "\xef\xbf\xbd"));
		ck_assert_ptr_nonnull(strchr(got, 'x'));
		free(got);
		buffer_free(&b);
	}
	/* A surrogate and a character cut short. */
	assert_sanitized("\xed\xa0\x80", "\xef\xbf\xbd" "\xef\xbf\xbd"
	    "\xef\xbf\xbd");
	{
		struct buffer b;
		char *got;

		buffer_init(&b);
		plain_sanitize(&b, "ab\xe5\xb0");
		got = buffer_string(&b);
		ck_assert(utf8_valid(got, strlen(got)));
		ck_assert(strncmp(got, "ab\xef\xbf\xbd", 5) == 0);
		free(got);
		buffer_free(&b);
	}
}
END_TEST

START_TEST(test_sanitize_random_bytes)
{
	uint32_t state = 20240305u, cp;
	char in[96];
	struct buffer b;
	size_t len, i, off, n;
	bool valid;
	int round;

	buffer_init(&b);
	for (round = 0; round < 20000; round++) {
		len = next_random(&state) % (sizeof in - 1);
		for (i = 0; i < len; i++) {
			/* Mostly bytes that matter here: controls, high bytes. */
			uint32_t r = next_random(&state);

			switch (r % 4) {
			case 0:
				in[i] = (char)(1 + r / 4 % 0x20);
				break;
			case 1:
				in[i] = (char)(0x80 + r / 4 % 0x80);
				break;
			case 2:
				in[i] = "\xc2\xe2\xf0\x9b\x85\x7f\x1b\x03\x04"
				    "\x80\x81\xa8\xae"[r / 4 % 13];
				break;
			default:
				in[i] = (char)(1 + r / 4 % 0xff);
				break;
			}
		}
		in[len] = '\0';
		b.len = 0;
		plain_sanitize(&b, in);
		/*
		 * Plain checks, and ck_abort_msg only on a failure: every
		 * ck_assert is a write to Check's parent process, too slow for
		 * a million bytes.
		 */
		for (i = 0; i < b.len; i++) {
			unsigned char ch = (unsigned char)b.data[i];

			if (ch < 0x20 || ch == 0x7f)
				ck_abort_msg("round %d: byte 0x%02x survived",
				    round, ch);
		}
		if (!utf8_valid(b.data != NULL ? b.data : "", b.len))
			ck_abort_msg("round %d: output is not valid UTF-8",
			    round);
		for (off = 0; off < b.len; off += n) {
			n = utf8_decode(b.data + off, b.len - off, &cp, &valid);
			if (!valid || n == 0)
				ck_abort_msg("round %d: undecodable output",
				    round);
			if ((cp >= 0x80 && cp <= 0x9f) ||
			    utf8_cp_is_layout(cp))
				ck_abort_msg("round %d: U+%04X survived",
				    round, (unsigned)cp);
		}
	}
	buffer_free(&b);
}
END_TEST

START_TEST(test_sanitize_appends)
{
	struct buffer b;
	char *got;

	buffer_init(&b);
	buffer_append(&b, "keep:", 5);
	plain_sanitize(&b, "\x1b" "x");
	got = buffer_string(&b);
	ck_assert_str_eq(got, "keep:^[x");
	free(got);
	buffer_free(&b);
}
END_TEST

/* --- plain_render_time ----------------------------------------------------- */

START_TEST(test_render_time)
{
	struct buffer b;
	char *got;

	buffer_init(&b);
	plain_render_time(&b, T_1204);
	plain_render_time(&b, 0);
	plain_render_time(&b, (int64_t)1709683199 * 1000 + 999);
	got = buffer_string(&b);
	ck_assert_str_eq(got, "[12:04] [00:00] [23:59] ");
	free(got);
	buffer_free(&b);
}
END_TEST

/* --- plain_render_event ---------------------------------------------------- */

#define ALICE	"alice!al@10.0.0.2"

START_TEST(test_event_privmsg)
{
	assert_event("[12:04] <alice> hi\r\n", ALICE, "PRIVMSG", 2, "#lobby",
	    "hi", NULL);
	/* Private: marked as such. */
	assert_event("[12:04] *alice* psst\r\n", ALICE, "PRIVMSG", 2, "bob",
	    "psst", NULL);
	/* The text is sanitized. */
	assert_event("[12:04] <alice> ^[[2Jred\r\n", ALICE, "PRIVMSG", 2,
	    "#lobby", "\x1b[2J\x03" "4red\x03", NULL);
	/* A source without user@host (a server). */
	assert_event("[12:04] <irc.lan> x\r\n", "irc.lan", "PRIVMSG", 2, "#r",
	    "x", NULL);
	/* UTF-8 nick and text. */
	assert_event("[12:04] <\xe5\xb0\x8f\xe6\x98\x8e> \xe4\xbd\xa0\xe5\xa5\xbd"
	    "\r\n", "\xe5\xb0\x8f\xe6\x98\x8e!plain@h", "PRIVMSG", 2, "#r",
	    "\xe4\xbd\xa0\xe5\xa5\xbd", NULL);
	/* Too few parameters: nothing. */
	assert_event("", ALICE, "PRIVMSG", 1, "#r", NULL, NULL);
}
END_TEST

START_TEST(test_event_action)
{
	assert_event("[12:04] * alice waves\r\n", ALICE, "PRIVMSG", 2,
	    "#lobby", "\x01" "ACTION waves\x01", NULL);
	/* Without the closing \x01, as some clients send it. */
	assert_event("[12:04] * alice waves\r\n", ALICE, "PRIVMSG", 2,
	    "#lobby", "\x01" "ACTION waves", NULL);
	assert_event("[12:04] *private* * alice hugs you\r\n", ALICE, "PRIVMSG",
	    2, "bob", "\x01" "ACTION hugs you\x01", NULL);
	/* An action's text is sanitized too. */
	assert_event("[12:04] * alice ^[]0;t^G\r\n", ALICE, "PRIVMSG", 2, "#r",
	    "\x01" "ACTION \x1b]0;t\x07\x01", NULL);
	/* Another CTCP is shown, visibly. */
	assert_event("[12:04] *alice* ^AVERSION^A\r\n", ALICE, "PRIVMSG", 2,
	    "bob", "\x01VERSION\x01", NULL);
}
END_TEST

START_TEST(test_event_dcc)
{
	/* An offer, in words, to a person who cannot take it here. */
	assert_event("[12:04] *private* alice offers you a file: photo.jpg "
	    "(2.0 MiB). Files come by DCC, which takes an IRC client such as "
	    "natter, irssi or WeeChat; it cannot be received here.\r\n", ALICE,
	    "PRIVMSG", 2, "bob", "\x01" "DCC SEND photo.jpg 2130706433 5000 "
	    "2097152\x01", NULL);
	/* A hostile name stays harmless; a quoted one keeps its spaces. */
	assert_event("[12:04] *private* alice offers you a file: a b^[[2J. "
	    "Files come by DCC, which takes an IRC client such as natter, "
	    "irssi or WeeChat; it cannot be received here.\r\n", ALICE,
	    "PRIVMSG", 2, "bob", "\x01" "DCC SEND \"a b\x1b[2J\" ::1 5000\x01",
	    NULL);
	/* What follows an offer says nothing. */
	assert_event("", ALICE, "PRIVMSG", 2, "bob", "\x01" "DCC SHA256 f "
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	    "\x01", NULL);
	assert_event("", ALICE, "PRIVMSG", 2, "bob", "\x01" "DCC RESUME f 5000 "
	    "10\x01", NULL);
	/* Another kind is named. */
	assert_event("[12:04] *private* alice sent a DCC CHAT request, which "
	    "takes an IRC client such as natter, irssi or WeeChat.\r\n", ALICE,
	    "PRIVMSG", 2, "bob", "\x01" "DCC CHAT chat 2130706433 5000\x01",
	    NULL);
	assert_event("[12:04] *private* alice sent a DCC ^[x request, which "
	    "takes an IRC client such as natter, irssi or WeeChat.\r\n", ALICE,
	    "PRIVMSG", 2, "bob", "\x01" "DCC \x1bx\x01", NULL);
}
END_TEST

START_TEST(test_event_notice)
{
	assert_event("[12:04] -alice- note\r\n", ALICE, "NOTICE", 2, "#lobby",
	    "note", NULL);
	assert_event("[12:04] -alice- just you\r\n", ALICE, "NOTICE", 2, "bob",
	    "just you", NULL);
	/* A NOTICE is never an action. */
	assert_event("[12:04] -alice- ^AACTION x^A\r\n", ALICE, "NOTICE", 2,
	    "#r", "\x01" "ACTION x\x01", NULL);
}
END_TEST

START_TEST(test_event_join_part_quit)
{
	assert_event("[12:04] -- alice joined #lobby\r\n", ALICE, "JOIN", 1,
	    "#lobby", NULL, NULL);
	assert_event("[12:04] -- alice left #lobby\r\n", ALICE, "PART", 1,
	    "#lobby", NULL, NULL);
	assert_event("[12:04] -- alice left #lobby (bye now)\r\n", ALICE,
	    "PART", 2, "#lobby", "bye now", NULL);
	/* An empty reason is no reason. */
	assert_event("[12:04] -- alice left #lobby\r\n", ALICE, "PART", 2,
	    "#lobby", "", NULL);
	assert_event("[12:04] -- alice quit (Quit: gone)\r\n", ALICE, "QUIT",
	    1, "Quit: gone", NULL, NULL);
	assert_event("[12:04] -- alice quit\r\n", ALICE, "QUIT", 0, NULL,
	    NULL, NULL);
	assert_event("[12:04] -- alice quit (^[[31m)\r\n", ALICE, "QUIT", 1,
	    "\x1b[31m", NULL, NULL);
}
END_TEST

START_TEST(test_event_nick_topic_kick_mode)
{
	assert_event("[12:04] -- alice is now known as alicia\r\n", ALICE,
	    "NICK", 1, "alicia", NULL, NULL);
	assert_event("[12:04] -- alice set the topic of #lobby: news ^G\r\n",
	    ALICE, "TOPIC", 2, "#lobby", "\x02news\x02 \x07", NULL);
	assert_event("[12:04] -- bob was put out of #lobby by alice\r\n", ALICE,
	    "KICK", 2, "#lobby", "bob", NULL);
	assert_event("[12:04] -- bob was put out of #lobby by alice (spam)\r\n",
	    ALICE, "KICK", 3, "#lobby", "bob", "spam");
	assert_event("[12:04] -- alice set mode +o bob on #lobby\r\n", ALICE,
	    "MODE", 3, "#lobby", "+o", "bob");
	assert_event("[12:04] -- alice set mode -t on #lobby\r\n", ALICE,
	    "MODE", 2, "#lobby", "-t", NULL);
	assert_event("[12:04] -- alice invites you to #r: /join #r\r\n", ALICE,
	    "INVITE", 2, "bob", "#r", NULL);
	/* To a room's operators (STATUSMSG): a room message, so marked. */
	assert_event("[12:04] <alice> (to @#r) ops only\r\n", ALICE, "PRIVMSG",
	    2, "@#r", "ops only", NULL);
	assert_event("[12:04] *alice* @x\r\n", ALICE, "PRIVMSG", 2, "@bob",
	    "@x", NULL);
}
END_TEST

START_TEST(test_event_invisible)
{
	struct buffer b;
	const char *params[] = { "#lobby", "x" };
	char *got;

	/* TAGMSG and AWAY show nothing, and leave what was there. */
	buffer_init(&b);
	buffer_append(&b, "before", 6);
	plain_render_event(&b, T_1204, ALICE, "TAGMSG", 1, params);
	plain_render_event(&b, T_1204, ALICE, "AWAY", 1, params + 1);
	plain_render_event(&b, T_1204, ALICE, "AWAY", 0, params);
	/* Commands lacking their parameters, too. */
	plain_render_event(&b, T_1204, ALICE, "INVITE", 1, params);
	plain_render_event(&b, T_1204, ALICE, "JOIN", 0, params);
	plain_render_event(&b, T_1204, ALICE, "TOPIC", 1, params);
	plain_render_event(&b, T_1204, ALICE, "KICK", 1, params);
	plain_render_event(&b, T_1204, ALICE, "MODE", 1, params);
	got = buffer_string(&b);
	ck_assert_str_eq(got, "before");
	free(got);
	buffer_free(&b);
}
END_TEST

START_TEST(test_event_hostile_nick)
{
	/* A source is what a server built, but sanitize it anyway. */
	assert_event("[12:04] <a^[b> x\r\n", "a\x1b" "b!u@h", "PRIVMSG", 2,
	    "#r", "x", NULL);
}
END_TEST

/* --- plain_render_reply ---------------------------------------------------- */

START_TEST(test_reply_numerics_in_words)
{
	assert_reply("-- bob is away: lunch\r\n",
	    ":irc.lan 301 me bob :lunch\r\n");
	assert_reply("-- You are back.\r\n",
	    ":irc.lan 305 me :You are no longer marked as being away\r\n");
	assert_reply("-- You are marked as away.\r\n",
	    ":irc.lan 306 me :You have been marked as being away\r\n");
	assert_reply("-- #lobby (3 here): the topic\r\n",
	    ":irc.lan 322 me #lobby 3 :the topic\r\n");
	assert_reply("-- #lobby has no topic.\r\n",
	    ":irc.lan 331 me #lobby :No topic is set\r\n");
	assert_reply("-- The topic of #lobby is: hello\r\n",
	    ":irc.lan 332 me #lobby :hello\r\n");
	assert_reply("-- bob is invited to #lobby.\r\n",
	    ":irc.lan 341 me bob #lobby\r\n");
	assert_reply("-- bob was invited to #lobby by alice.\r\n",
	    ":irc.lan 345 me #lobby bob alice :bob has been invited by alice\r\n");
	assert_reply("-- In #lobby: @alice bob\r\n",
	    ":irc.lan 353 me = #lobby :@alice bob\r\n");
	assert_reply("   welcome to the LAN\r\n",
	    ":irc.lan 372 me :- welcome to the LAN\r\n");
	assert_reply("-- You are now an IRC operator.\r\n",
	    ":irc.lan 381 me :You are now an IRC operator\r\n");
	/* Without CR LF, or with LF only. */
	assert_reply("-- The topic of #r is: t\r\n", ":irc.lan 332 me #r :t");
	assert_reply("-- The topic of #r is: t\r\n", ":irc.lan 332 me #r :t\n");
	/* Other people's words in a numeric are sanitized. */
	assert_reply("-- The topic of #r is: ^[[5mblink\r\n",
	    ":irc.lan 332 me #r :\x1b[5m\x02" "blink\r\n");
	assert_reply("-- bob is away: ^[]2;x^G\r\n",
	    ":irc.lan 301 me bob :\x1b]2;x\x07\r\n");
}
END_TEST

START_TEST(test_reply_errors)
{
	assert_reply("-- nobody: No such nick/channel\r\n",
	    ":irc.lan 401 me nobody :No such nick/channel\r\n");
	assert_reply("-- #lobby: You're not channel operator\r\n",
	    ":irc.lan 482 me #lobby :You're not channel operator\r\n");
	assert_reply("-- PRIVMSG: Not enough parameters\r\n",
	    ":irc.lan 461 me PRIVMSG :Not enough parameters\r\n");
	assert_reply("-- No text to send\r\n",
	    ":irc.lan 412 me :No text to send\r\n");
	assert_reply("-- bob #r: They aren't on that channel\r\n",
	    ":irc.lan 441 me bob #r :They aren't on that channel\r\n");
	assert_reply("-- Input line was too long\r\n",
	    ":irc.lan 417 me :Input line was too long\r\n");
	assert_reply("-- ^[[2J: No such nick/channel\r\n",
	    ":irc.lan 401 me \x1b[2J :No such nick/channel\r\n");
	assert_reply("-- #x: Cannot join channel (+k)\r\n",
	    ":irc.lan 475 * #x :Cannot join channel (+k)\r\n");
}
END_TEST

START_TEST(test_reply_suppressed)
{
	static const char *const lines[] = {
		":irc.lan 001 me :Welcome to the natter IRC Network me!u@h\r\n",
		":irc.lan 002 me :Your host is irc.lan\r\n",
		":irc.lan 005 me NICKLEN=30 :are supported by this server\r\n",
		":irc.lan 251 me :There are 2 users\r\n",
		":irc.lan 315 me #r :End of /WHO list\r\n",
		":irc.lan 329 me #r 1709640270\r\n",
		":irc.lan 333 me #r alice 1709640270\r\n",
		":irc.lan 352 me #r u h irc.lan bob H :0 Bob\r\n",
		":irc.lan 366 me #r :End of /NAMES list\r\n",
		":irc.lan 375 me :- irc.lan Message of the day -\r\n",
		":irc.lan 376 me :End of /MOTD command\r\n",
		":irc.lan PONG irc.lan :tok\r\n",
		"PING :irc.lan\r\n",
		":irc.lan CAP * LS :server-time\r\n",
		":irc.lan BATCH +1 chathistory #r\r\n",
		/* A NOTICE from a person is an event, not a reply. */
		":alice!a@h NOTICE me :hi\r\n",
		"",
		"\r\n",
		":irc.lan",
	};
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char *got = reply(lines[i]);

		ck_assert_msg(got[0] == '\0', "%s shown as %s", lines[i], got);
		free(got);
	}
}
END_TEST

START_TEST(test_reply_server_notice_and_error)
{
	assert_reply("-- Line dropped: it held a NUL byte\r\n",
	    ":irc.lan NOTICE me :Line dropped: it held a NUL byte\r\n");
	assert_reply("-- hi\r\n", "NOTICE * :hi\r\n");
	assert_reply("-- Closing link: 127.0.0.1 (Quit: bye)\r\n",
	    "ERROR :Closing link: 127.0.0.1 (Quit: bye)\r\n");
	assert_reply("-- Server shutting down\r\n",
	    "ERROR :Server shutting down");
	assert_reply("-- SendQ exceeded ^G\r\n", "ERROR :SendQ exceeded \x07");
}
END_TEST

START_TEST(test_reply_appends)
{
	struct buffer b;
	char *got;

	buffer_init(&b);
	plain_render_reply(&b, S(":s 305 me :back\r\n"));
	plain_render_reply(&b, S(":s 001 me :Welcome\r\n"));
	plain_render_reply(&b, S(":s 306 me :away\r\n"));
	got = buffer_string(&b);
	ck_assert_str_eq(got, "-- You are back.\r\n-- You are marked as "
	    "away.\r\n");
	free(got);
	buffer_free(&b);
}
END_TEST

START_TEST(test_reply_len_is_honoured)
{
	struct buffer b;
	char *got;

	/* Only len bytes of the line count. */
	buffer_init(&b);
	plain_render_reply(&b, ":s 332 me #r :topicXXXX", 19);
	got = buffer_string(&b);
	ck_assert_str_eq(got, "-- The topic of #r is: topic\r\n");
	free(got);
	buffer_free(&b);
}
END_TEST

/* --- plain_clean_line ------------------------------------------------------ */

START_TEST(test_clean_plain)
{
	assert_cleaned(S("hello"), "hello");
	assert_cleaned(S(""), "");
	assert_cleaned(S("\xe5\xb0\x8f\xe6\x98\x8e"), "\xe5\xb0\x8f\xe6\x98\x8e");
}
END_TEST

START_TEST(test_clean_telnet_iac)
{
	/* IAC WILL ECHO, IAC DO SGA, IAC WONT x, IAC DONT x. */
	assert_cleaned(S("\xff\xfb\x01hi"), "hi");
	assert_cleaned(S("\xff\xfd\x03hi\xff\xfc\x22!\xff\xfe\x18"), "hi!");
	/* IAC SB TERMINAL-TYPE IS "xterm" IAC SE. */
	assert_cleaned(S("\xff\xfa\x18\x00xterm\xff\xf0ok"), "ok");
	/* IAC SB NAWS with a 0xff data byte doubled. */
	assert_cleaned(S("a\xff\xfa\x1f\x00\xff\xff\x00\x18\xff\xf0" "b"), "ab");
	/* IAC IP (Ctrl-C), IAC AYT, IAC NOP, IAC IAC. */
	assert_cleaned(S("abc\xff\xf4"), "abc");
	assert_cleaned(S("a\xff\xf6" "b\xff\xf1" "c"), "abc");
	assert_cleaned(S("a\xff\xff" "b"), "ab");
	/* Cut short at the end of the line. */
	assert_cleaned(S("abc\xff"), "abc");
	assert_cleaned(S("abc\xff\xfb"), "abc");
	assert_cleaned(S("abc\xff\xfa\x18\x00xt"), "abc");
	/* Several in a row, then the text. */
	assert_cleaned(S("\xff\xfb\x18\xff\xfb\x1f\xff\xfd\x01\xff\xfd\x03"
	    "alice"), "alice");
}
END_TEST

START_TEST(test_clean_backspace)
{
	assert_cleaned(S("hellp\bo"), "hello");
	assert_cleaned(S("hepo\b\bllo"), "hello");
	assert_cleaned(S("ab\b\b\bc"), "c");		/* past the start */
	assert_cleaned(S("\b\bx"), "x");
	/* DEL (what many terminals send for Backspace) too. */
	assert_cleaned(S("typi\x7fo"), "typo");
	assert_cleaned(S("x\x7f"), "");
	/* A CJK character (3 bytes) goes whole. */
	assert_cleaned(S("\xe5\xb0\x8f\xe6\x98\x8e\b"), "\xe5\xb0\x8f");
	assert_cleaned(S("a\xe5\xb0\x8f\x7f" "b"), "ab");
	/* A 2-byte and a 4-byte character. */
	assert_cleaned(S("caf\xc3\xa9\be"), "cafe");
	assert_cleaned(S("x\xf0\x9f\x98\x80\b"), "x");
}
END_TEST

START_TEST(test_clean_nul_cr)
{
	assert_cleaned(S("a\0b\r"), "ab");
	assert_cleaned(S("\r\r\0"), "");
	assert_cleaned(S("one\r two"), "one two");
}
END_TEST

static Suite *
plain_text_suite(void)
{
	Suite *s = suite_create("plain_text");
	TCase *tc;

	tc = tcase_create("sanitize");
	tcase_add_test(tc, test_sanitize_plain_text_unchanged);
	tcase_add_test(tc, test_sanitize_mirc_formatting);
	tcase_add_test(tc, test_sanitize_c0_and_del_visible);
	tcase_add_test(tc, test_sanitize_c1_visible);
	tcase_add_test(tc, test_sanitize_layout_controls_visible);
	tcase_add_test(tc, test_sanitize_invalid_utf8);
	tcase_add_test(tc, test_sanitize_random_bytes);
	tcase_add_test(tc, test_sanitize_appends);
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_test(tc, test_render_time);
	tcase_add_test(tc, test_event_privmsg);
	tcase_add_test(tc, test_event_action);
	tcase_add_test(tc, test_event_dcc);
	tcase_add_test(tc, test_event_notice);
	tcase_add_test(tc, test_event_join_part_quit);
	tcase_add_test(tc, test_event_nick_topic_kick_mode);
	tcase_add_test(tc, test_event_invisible);
	tcase_add_test(tc, test_event_hostile_nick);
	suite_add_tcase(s, tc);

	tc = tcase_create("replies");
	tcase_add_test(tc, test_reply_numerics_in_words);
	tcase_add_test(tc, test_reply_errors);
	tcase_add_test(tc, test_reply_suppressed);
	tcase_add_test(tc, test_reply_server_notice_and_error);
	tcase_add_test(tc, test_reply_appends);
	tcase_add_test(tc, test_reply_len_is_honoured);
	suite_add_tcase(s, tc);

	tc = tcase_create("clean_line");
	tcase_add_test(tc, test_clean_plain);
	tcase_add_test(tc, test_clean_telnet_iac);
	tcase_add_test(tc, test_clean_backspace);
	tcase_add_test(tc, test_clean_nul_cr);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	/* Times are rendered in local time: make that UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	return check_run(plain_text_suite());
}
