/* Unit tests of client/editor.c: the input line editor. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/cluster.h"
#include "client/editor.h"
#include "utf8.h"
#include "check_random.h"
#include "check_run.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof (lit) - 1)
/* Fail the test when cond is false; unlike ck_assert it costs nothing
 * when it holds, which matters in loops over thousands of cases. */
#define REQUIRE(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);	\
} while (0)

/* 中 文 小 明 世 界 你 好, and e with a combining acute accent. */
#define ZH	"\xe4\xb8\xad"
#define WEN	"\xe6\x96\x87"
#define XIAO	"\xe5\xb0\x8f"
#define MING	"\xe6\x98\x8e"
#define SHI	"\xe4\xb8\x96"
#define JIE	"\xe7\x95\x8c"
#define NI	"\xe4\xbd\xa0"
#define HAO	"\xe5\xa5\xbd"
#define E_ACUTE	"e\xcc\x81"

static Suite	*editor_suite(void);

static struct editor	ed;

static void
setup(void)
{
	editor_init(&ed, 0);
}

static void
teardown(void)
{
	editor_free(&ed);
}

/* Type a NUL-terminated string at the cursor. */
static void
type(const char *s)
{
	ck_assert(editor_insert(&ed, s, strlen(s)));
}

/* Accept the line and check what it was. */
static void
accept(const char *want)
{
	char	*line = editor_accept(&ed);

	ck_assert_str_eq(line, want);
	free(line);
	ck_assert_str_eq(editor_text(&ed), "");
	ck_assert_uint_eq(editor_cursor(&ed), 0);
}

#define TEXT_IS(want)	ck_assert_str_eq(editor_text(&ed), (want))
#define CURSOR_IS(n)	ck_assert_uint_eq(editor_cursor(&ed), (n))

START_TEST(test_insert)
{
	TEXT_IS("");
	CURSOR_IS(0);
	ck_assert(!editor_insert(&ed, "", 0));
	type("hello");
	TEXT_IS("hello");
	CURSOR_IS(5);
	ck_assert_uint_eq(editor_len(&ed), 5);
	editor_left(&ed);
	editor_left(&ed);
	type("XY");
	TEXT_IS("helXYlo");
	CURSOR_IS(5);
	editor_home(&ed);
	type(ZH WEN);
	TEXT_IS(ZH WEN "helXYlo");
	CURSOR_IS(6);
	editor_set_text(&ed, "replaced");
	TEXT_IS("replaced");
	CURSOR_IS(8);
}
END_TEST

START_TEST(test_insert_sanitizes)
{
	ck_assert(editor_insert(&ed, S("a\tb\nc\rd")));
	TEXT_IS("a b c d");
	editor_set_text(&ed, "");
	ck_assert(editor_insert(&ed, S("\x1b[31mred\x07\x7f\x02")));
	TEXT_IS("[31mred");
	editor_set_text(&ed, "");
	ck_assert(editor_insert(&ed, S("x\xffy\xc2\x85z\0w")));
	TEXT_IS("x\xef\xbf\xbdyzw");
	/* Nothing printable: nothing inserted, and false. */
	ck_assert(!editor_insert(&ed, S("\x01\x02\xc2\x9b")));
	TEXT_IS("x\xef\xbf\xbdyzw");
	editor_set_text(&ed, "bad\xe4\xb8 \x03" "4");
	TEXT_IS("bad\xef\xbf\xbd\xef\xbf\xbd 4");
}
END_TEST

START_TEST(test_insert_limit)
{
	char	*big = malloc(EDITOR_LEN_MAX + 1);

	memset(big, 'a', EDITOR_LEN_MAX);
	big[EDITOR_LEN_MAX] = '\0';
	ck_assert(editor_insert(&ed, big, EDITOR_LEN_MAX - 1));
	ck_assert_uint_eq(editor_len(&ed), EDITOR_LEN_MAX - 1);
	/* A three-byte character does not fit in one byte: not inserted. */
	ck_assert(!editor_insert(&ed, S(ZH)));
	ck_assert_uint_eq(editor_len(&ed), EDITOR_LEN_MAX - 1);
	ck_assert(utf8_valid(editor_text(&ed), editor_len(&ed)));
	/* "bc" is cut to "b". */
	ck_assert(!editor_insert(&ed, S("bc")));
	ck_assert_uint_eq(editor_len(&ed), EDITOR_LEN_MAX);
	ck_assert_int_eq(editor_text(&ed)[EDITOR_LEN_MAX - 1], 'b');
	ck_assert(!editor_insert(&ed, S("c")));
	ck_assert_uint_eq(editor_len(&ed), EDITOR_LEN_MAX);
	/* Yanking cannot pass the limit either. */
	editor_home(&ed);
	ck_assert(editor_kill_end(&ed));
	ck_assert(editor_yank(&ed));
	ck_assert(!editor_yank(&ed));
	ck_assert_uint_eq(editor_len(&ed), EDITOR_LEN_MAX);
	free(big);
}
END_TEST

START_TEST(test_move_by_character)
{
	/* a 中 é b: 1 + 3 + 3 (e and its mark move as one) + 1 bytes. */
	type("a" ZH E_ACUTE "b");
	CURSOR_IS(8);
	ck_assert(!editor_right(&ed));
	ck_assert(editor_left(&ed));
	CURSOR_IS(7);
	ck_assert(editor_left(&ed));
	CURSOR_IS(4);
	ck_assert(editor_left(&ed));
	CURSOR_IS(1);
	ck_assert(editor_left(&ed));
	CURSOR_IS(0);
	ck_assert(!editor_left(&ed));
	CURSOR_IS(0);
	ck_assert(editor_right(&ed));
	CURSOR_IS(1);
	ck_assert(editor_right(&ed));
	CURSOR_IS(4);
	ck_assert(editor_right(&ed));
	CURSOR_IS(7);
	/* Several marks and a 4-byte emoji. */
	editor_set_text(&ed, "a\xcc\x81\xcc\xa3\xf0\x9f\x98\x80");
	ck_assert(editor_left(&ed));
	CURSOR_IS(5);
	ck_assert(editor_left(&ed));
	CURSOR_IS(0);
}
END_TEST

START_TEST(test_home_end)
{
	ck_assert(!editor_home(&ed));
	ck_assert(!editor_end(&ed));
	type("some text");
	ck_assert(editor_home(&ed));
	CURSOR_IS(0);
	ck_assert(!editor_home(&ed));
	ck_assert(editor_end(&ed));
	CURSOR_IS(9);
	ck_assert(!editor_end(&ed));
}
END_TEST

START_TEST(test_move_by_word)
{
	type("hello, wide world");
	ck_assert(editor_word_left(&ed));
	CURSOR_IS(12);
	ck_assert(editor_word_left(&ed));
	CURSOR_IS(7);
	ck_assert(editor_word_left(&ed));
	CURSOR_IS(0);
	ck_assert(!editor_word_left(&ed));
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(5);
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(11);
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(17);
	ck_assert(!editor_word_right(&ed));

	/* A run of CJK is a word; CJK punctuation is not part of it. */
	editor_set_text(&ed, ZH WEN " abc");
	ck_assert(editor_word_left(&ed));
	CURSOR_IS(7);
	ck_assert(editor_word_left(&ed));
	CURSOR_IS(0);
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(6);
	editor_set_text(&ed, ZH WEN "\xef\xbc\x8c" NI HAO);	/* 中文，你好 */
	editor_home(&ed);
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(6);
	ck_assert(editor_word_right(&ed));
	CURSOR_IS(15);
	/* Combining marks belong to their word. */
	editor_set_text(&ed, "caf" E_ACUTE " ok");
	editor_word_left(&ed);
	editor_word_left(&ed);
	CURSOR_IS(0);
	editor_word_right(&ed);
	CURSOR_IS(6);
}
END_TEST

START_TEST(test_delete_chars)
{
	ck_assert(!editor_backspace(&ed));
	ck_assert(!editor_delete(&ed));
	type("x" E_ACUTE ZH);
	ck_assert(editor_backspace(&ed));
	TEXT_IS("x" E_ACUTE);
	/* The mark goes with its base. */
	ck_assert(editor_backspace(&ed));
	TEXT_IS("x");
	CURSOR_IS(1);
	editor_set_text(&ed, ZH "b" E_ACUTE);
	editor_home(&ed);
	ck_assert(!editor_backspace(&ed));
	ck_assert(editor_delete(&ed));
	TEXT_IS("b" E_ACUTE);
	CURSOR_IS(0);
	editor_right(&ed);
	ck_assert(editor_delete(&ed));
	TEXT_IS("b");
	ck_assert(!editor_delete(&ed));
}
END_TEST

START_TEST(test_kill_word_back)
{
	type("hello big  world");
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS("hello big  ");
	/* Spaces first, then the word before them. */
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS("hello ");
	/* Successive kills add up: one yank gives both back. */
	ck_assert(editor_yank(&ed));
	TEXT_IS("hello big  world");
	CURSOR_IS(16);

	editor_set_text(&ed, "foo bar baz");
	editor_word_left(&ed);
	editor_left(&ed);
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS("foo  baz");
	CURSOR_IS(4);
	/* C-w stops at whitespace only: punctuation is part of the word. */
	editor_set_text(&ed, "see http://x.org/a");
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS("see ");
	editor_set_text(&ed, NI HAO " " SHI JIE);
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS(NI HAO " ");
	ck_assert(editor_kill_word_back(&ed));
	TEXT_IS("");
	ck_assert(!editor_kill_word_back(&ed));
}
END_TEST

START_TEST(test_kill_word_forward)
{
	type("hello big world");
	editor_home(&ed);
	ck_assert(editor_kill_word_forward(&ed));
	TEXT_IS(" big world");
	ck_assert(editor_kill_word_forward(&ed));
	TEXT_IS(" world");
	CURSOR_IS(0);
	ck_assert(editor_yank(&ed));
	TEXT_IS("hello big world");
	editor_end(&ed);
	ck_assert(!editor_kill_word_forward(&ed));
	editor_set_text(&ed, ZH WEN "\xe3\x80\x82ok");
	editor_home(&ed);
	ck_assert(editor_kill_word_forward(&ed));
	TEXT_IS("\xe3\x80\x82ok");
}
END_TEST

START_TEST(test_kill_home_end)
{
	type("abc def");
	editor_left(&ed);
	editor_left(&ed);
	editor_left(&ed);
	editor_left(&ed);
	ck_assert(editor_kill_end(&ed));
	TEXT_IS("abc");
	ck_assert(!editor_kill_end(&ed));
	/* A forward kill then a backward one add up in text order. */
	ck_assert(editor_kill_home(&ed));
	TEXT_IS("");
	ck_assert(!editor_kill_home(&ed));
	ck_assert(editor_yank(&ed));
	TEXT_IS("abc def");

	/* Anything between two kills starts a new kill. */
	editor_left(&ed);
	ck_assert(editor_kill_end(&ed));
	editor_left(&ed);
	ck_assert(editor_kill_home(&ed));
	TEXT_IS("e");
	editor_end(&ed);
	ck_assert(editor_yank(&ed));
	TEXT_IS("eabc d");
}
END_TEST

START_TEST(test_yank)
{
	ck_assert(!editor_yank(&ed));
	type("one two");
	ck_assert(editor_kill_word_back(&ed));
	ck_assert(editor_yank(&ed));
	ck_assert(editor_yank(&ed));
	TEXT_IS("one twotwo");
	/* A yank ends the run of kills: the next kill replaces the buffer. */
	editor_set_text(&ed, "a b");
	ck_assert(editor_kill_word_back(&ed));
	ck_assert(editor_yank(&ed));
	ck_assert(editor_kill_word_back(&ed));
	ck_assert(editor_yank(&ed));
	TEXT_IS("a b");
	/* Typing also ends it. */
	editor_set_text(&ed, "x y");
	ck_assert(editor_kill_word_back(&ed));
	type("z");
	editor_backspace(&ed);
	ck_assert(editor_kill_word_back(&ed));
	ck_assert(editor_yank(&ed));
	TEXT_IS("x ");
}
END_TEST

START_TEST(test_transpose)
{
	ck_assert(!editor_transpose(&ed));
	type("a");
	ck_assert(!editor_transpose(&ed));
	editor_set_text(&ed, "abc");
	editor_home(&ed);
	ck_assert(!editor_transpose(&ed));
	editor_right(&ed);
	ck_assert(editor_transpose(&ed));
	TEXT_IS("bac");
	CURSOR_IS(2);
	editor_end(&ed);
	ck_assert(editor_transpose(&ed));
	TEXT_IS("bca");
	CURSOR_IS(3);
	editor_set_text(&ed, ZH "a");
	ck_assert(editor_transpose(&ed));
	TEXT_IS("a" ZH);
	editor_set_text(&ed, E_ACUTE "a");
	editor_home(&ed);
	editor_right(&ed);
	ck_assert(editor_transpose(&ed));
	TEXT_IS("a" E_ACUTE);
	CURSOR_IS(4);
}
END_TEST

START_TEST(test_history)
{
	ck_assert(!editor_history_up(&ed));
	ck_assert(!editor_history_down(&ed));
	type("one");
	accept("one");
	type("two");
	accept("two");
	/* No duplicate consecutive entries, no empty ones. */
	type("two");
	accept("two");
	accept("");
	type("draft");
	editor_left(&ed);
	ck_assert(editor_history_up(&ed));
	TEXT_IS("two");
	CURSOR_IS(3);
	ck_assert(editor_history_up(&ed));
	TEXT_IS("one");
	ck_assert(!editor_history_up(&ed));
	TEXT_IS("one");
	ck_assert(editor_history_down(&ed));
	TEXT_IS("two");
	/* Back down: the half-typed line is still there. */
	ck_assert(editor_history_down(&ed));
	TEXT_IS("draft");
	CURSOR_IS(5);
	ck_assert(!editor_history_down(&ed));
	TEXT_IS("draft");

	/* Edits to a recalled line are not kept in history... */
	ck_assert(editor_history_up(&ed));
	type("X");
	TEXT_IS("twoX");
	ck_assert(editor_history_up(&ed));
	ck_assert(editor_history_down(&ed));
	TEXT_IS("two");
	/* ...but sending it adds the edited line. */
	type("Y");
	accept("twoY");
	ck_assert(editor_history_up(&ed));
	TEXT_IS("twoY");
	ck_assert(editor_history_down(&ed));
	TEXT_IS("");
	/* The same line again, but not in a row, is kept. */
	type("one");
	accept("one");
	ck_assert_uint_eq(ed.nhist, 4);
}
END_TEST

START_TEST(test_history_bounded)
{
	struct editor	e;
	char		line[8];
	char		*got;
	int		i;

	editor_init(&e, 3);
	for (i = 1; i <= 5; i++) {
		line[0] = (char)('0' + i);
		line[1] = '\0';
		editor_insert(&e, line, 1);
		got = editor_accept(&e);
		free(got);
	}
	ck_assert_uint_eq(e.nhist, 3);
	ck_assert(editor_history_up(&e));
	ck_assert_str_eq(editor_text(&e), "5");
	ck_assert(editor_history_up(&e));
	ck_assert(editor_history_up(&e));
	ck_assert_str_eq(editor_text(&e), "3");
	ck_assert(!editor_history_up(&e));
	editor_free(&e);

	/* Many lines, default bound. */
	editor_init(&e, 0);
	for (i = 0; i < 1000; i++) {
		editor_insert(&e, i % 2 ? "a" : "b", 1);
		free(editor_accept(&e));
	}
	ck_assert_uint_eq(e.nhist, EDITOR_HISTORY_DEFAULT);
	editor_free(&e);
}
END_TEST

static const char *const nicks[] = {
	"alice", "Alan", "bob", "Bob", XIAO MING, "al_bot",
};
static const char *const commands[] = {
	"join", "quit", "query", "msg",
};
#define NNICKS	(sizeof nicks / sizeof nicks[0])
#define NCMDS	(sizeof commands / sizeof commands[0])

START_TEST(test_complete_nick)
{
	type("al");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("alice: ");
	CURSOR_IS(7);
	/* Tab again cycles, in the caller's order, and wraps. */
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("Alan: ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("al_bot: ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("alice: ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, false));
	TEXT_IS("al_bot: ");
	CURSOR_IS(8);
	/* Typing ends the cycle; "x" matches nothing. */
	type("x");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
	TEXT_IS("al_bot: x");

	/* Mid-line: a space, not ": "; case is ignored. */
	editor_set_text(&ed, "hi AL");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("hi alice ");
	/* Shift-Tab first goes to the last candidate. */
	editor_set_text(&ed, "hi al");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    false));
	TEXT_IS("hi al_bot ");
	/* Nicks equal but for case are offered once. */
	editor_set_text(&ed, "b");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("bob: ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("bob: ");
	/* UTF-8 nicks. */
	editor_set_text(&ed, XIAO);
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS(XIAO MING ": ");
}
END_TEST

START_TEST(test_complete_edge_cases)
{
	/* No word, no match, no candidates. */
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	type("hi ");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
	type("zed");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
	TEXT_IS("hi zed");
	ck_assert(!editor_complete(&ed, NULL, 0, NULL, 0, true));
	/* Text after the cursor stays; no second space before it. */
	editor_set_text(&ed, "al world");
	editor_home(&ed);
	editor_right(&ed);
	editor_right(&ed);
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("alice: world");
	CURSOR_IS(6);
	editor_set_text(&ed, "hey bo there");
	editor_word_left(&ed);
	editor_left(&ed);
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("hey bob there");
	/* A slash word that is not at the line start is not a command. */
	editor_set_text(&ed, "see /jo");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
	/* An empty line completes nothing. */
	editor_set_text(&ed, "");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
}
END_TEST

START_TEST(test_complete_command)
{
	type("/jo");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/join ");
	editor_set_text(&ed, "/Q");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/quit ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/query ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/quit ");
	/* "/" alone offers every command. */
	editor_set_text(&ed, "/");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/join ");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/msg ");
	editor_set_text(&ed, "/zz");
	ck_assert(!editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
	    true));
	/* After the command, the next word completes nicks. */
	editor_set_text(&ed, "/msg B");
	ck_assert(editor_complete(&ed, nicks, NNICKS, commands, NCMDS, true));
	TEXT_IS("/msg bob ");
}
END_TEST

START_TEST(test_cursor_cols)
{
	ck_assert_int_eq(editor_cursor_cols(&ed), 0);
	type("a" ZH E_ACUTE);
	ck_assert_int_eq(editor_cursor_cols(&ed), 4);
	editor_left(&ed);
	ck_assert_int_eq(editor_cursor_cols(&ed), 3);
	editor_left(&ed);
	ck_assert_int_eq(editor_cursor_cols(&ed), 1);
}
END_TEST

START_TEST(test_view_scrolls)
{
	struct editor_view	v;
	int			i;

	type("short");
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 0);
	ck_assert_uint_eq(v.end, 5);
	ck_assert_int_eq(v.cursor_col, 5);

	editor_set_text(&ed, "abcdefghijklmnopqrst");
	/* At the end the cursor takes the last column. */
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 11);
	ck_assert_uint_eq(v.end, 20);
	ck_assert_int_eq(v.cursor_col, 9);
	/* Moving left inside the view does not scroll it. */
	for (i = 0; i < 5; i++)
		editor_left(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 11);
	ck_assert_int_eq(v.cursor_col, 4);
	/* Leaving on the left jumps back a quarter of the width more. */
	for (i = 0; i < 5; i++)
		editor_left(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 8);
	ck_assert_int_eq(v.cursor_col, 2);
	editor_home(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 0);
	ck_assert_uint_eq(v.end, 10);
	ck_assert_int_eq(v.cursor_col, 0);
	/* Leaving on the right scrolls just enough. */
	for (i = 0; i < 10; i++)
		editor_right(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 1);
	ck_assert_uint_eq(v.end, 11);
	ck_assert_int_eq(v.cursor_col, 9);
	/* When the line shrinks, the view comes back to fill the width. */
	editor_end(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 11);
	editor_backspace(&ed);
	editor_backspace(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 9);
	ck_assert_int_eq(v.cursor_col, 9);
	editor_kill_home(&ed);
	editor_view(&ed, 10, &v);
	ck_assert_uint_eq(v.start, 0);
	ck_assert_uint_eq(v.end, 0);
	ck_assert_int_eq(v.cursor_col, 0);
}
END_TEST

START_TEST(test_view_cjk)
{
	struct editor_view	v;
	int			i;

	for (i = 0; i < 10; i++)
		type(ZH);
	/* 20 columns in 5: the last two characters and the cursor. */
	editor_view(&ed, 5, &v);
	ck_assert_uint_eq(v.start, 24);
	ck_assert_uint_eq(v.end, 30);
	ck_assert_int_eq(v.cursor_col, 4);
	/* From the start, 5 columns show two characters, never half a third. */
	editor_home(&ed);
	editor_view(&ed, 5, &v);
	ck_assert_uint_eq(v.start, 0);
	ck_assert_uint_eq(v.end, 6);
	ck_assert_int_eq(v.cursor_col, 0);
	/* The wide character under the cursor is shown whole. */
	editor_right(&ed);
	editor_right(&ed);
	editor_view(&ed, 5, &v);
	ck_assert_uint_eq(v.start, 3);
	ck_assert_int_eq(v.cursor_col, 2);
	/* One column: just the character at the cursor. */
	editor_view(&ed, 1, &v);
	ck_assert_uint_eq(v.start, 6);
	ck_assert_int_eq(v.cursor_col, 0);
	editor_view(&ed, 0, &v);
	ck_assert_uint_eq(v.start, 6);
	ck_assert_int_eq(v.cursor_col, 0);
}
END_TEST

/* True if off is a cluster boundary of s[0..len). */
static bool
is_boundary(const char *s, size_t len, size_t off)
{
	if (off == 0 || off == len)
		return true;
	return cluster_next(s, len, cluster_prev(s, len, off), NULL, NULL) ==
	    off;
}

START_TEST(test_random_actions_keep_invariants)
{
	static const char *const pieces[] = {
		"a", "word ", " ", ZH, WEN, "\xcc\x81", E_ACUTE, "\x01",
		"\xff", "\xf0\x9f\x98\x80", "\xe3\x80\x82", "\t", "\xc2\x85",
		"\xe4\xb8",
	};
	struct editor_view	v;
	uint32_t		state = 123456789u, cp;
	const char		*t;
	size_t			len, off, n;
	int			i, width, cw;
	char			*line;

	for (i = 0; i < 20000; i++) {
		switch (next_random(&state) % 20) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			t = pieces[next_random(&state) %
			    (sizeof pieces / sizeof pieces[0])];
			editor_insert(&ed, t, strlen(t));
			break;
		case 6: editor_left(&ed); break;
		case 7: editor_right(&ed); break;
		case 8: editor_word_left(&ed); break;
		case 9: editor_word_right(&ed); break;
		case 10: editor_backspace(&ed); break;
		case 11: editor_delete(&ed); break;
		case 12: editor_kill_word_back(&ed); break;
		case 13: editor_kill_word_forward(&ed); break;
		case 14: editor_yank(&ed); break;
		case 15: editor_transpose(&ed); break;
		case 16: editor_history_up(&ed); break;
		case 17: editor_history_down(&ed); break;
		case 18:
			editor_complete(&ed, nicks, NNICKS, commands, NCMDS,
			    next_random(&state) % 2);
			break;
		default:
			if (next_random(&state) % 8 == 0) {
				line = editor_accept(&ed);
				free(line);
			} else
				editor_home(&ed);
			break;
		}
		t = editor_text(&ed);
		len = editor_len(&ed);
		REQUIRE(strlen(t) == len);
		REQUIRE(len <= EDITOR_LEN_MAX);
		REQUIRE(utf8_valid(t, len));
		for (off = 0; off < len; off += n) {
			n = utf8_decode(t + off, len - off, &cp, NULL);
			REQUIRE(!utf8_cp_is_control(cp));
		}
		REQUIRE(editor_cursor(&ed) <= len);
		REQUIRE(is_boundary(t, len, editor_cursor(&ed)));

		width = 1 + (int)(next_random(&state) % 12);
		editor_view(&ed, width, &v);
		REQUIRE(v.start <= editor_cursor(&ed));
		REQUIRE(editor_cursor(&ed) <= v.end || editor_cursor(&ed) == len);
		REQUIRE(v.end <= len);
		REQUIRE(is_boundary(t, len, v.start));
		REQUIRE(cluster_cols(t + v.start, v.end - v.start) <= width);
		REQUIRE(v.cursor_col == cluster_cols(t + v.start,
		    editor_cursor(&ed) - v.start));
		cw = 1;
		if (editor_cursor(&ed) < len)
			cluster_next(t, len, editor_cursor(&ed), &cw, NULL);
		if (cw < 1)
			cw = 1;
		REQUIRE(v.cursor_col + cw <= width || v.cursor_col == 0);
		REQUIRE(v.cursor_col >= 0);
	}
}
END_TEST

static Suite *
editor_suite(void)
{
	Suite	*s = suite_create("editor");
	TCase	*tc;

	tc = tcase_create("insert");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_insert);
	tcase_add_test(tc, test_insert_sanitizes);
	tcase_add_test(tc, test_insert_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("move");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_move_by_character);
	tcase_add_test(tc, test_home_end);
	tcase_add_test(tc, test_move_by_word);
	tcase_add_test(tc, test_cursor_cols);
	suite_add_tcase(s, tc);

	tc = tcase_create("delete");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_delete_chars);
	tcase_add_test(tc, test_kill_word_back);
	tcase_add_test(tc, test_kill_word_forward);
	tcase_add_test(tc, test_kill_home_end);
	tcase_add_test(tc, test_yank);
	tcase_add_test(tc, test_transpose);
	suite_add_tcase(s, tc);

	tc = tcase_create("history");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_history_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("complete");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_complete_nick);
	tcase_add_test(tc, test_complete_edge_cases);
	tcase_add_test(tc, test_complete_command);
	suite_add_tcase(s, tc);

	tc = tcase_create("view");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_view_scrolls);
	tcase_add_test(tc, test_view_cjk);
	tcase_add_test(tc, test_random_actions_keep_invariants);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(editor_suite());
}
