/* Unit tests of client/keymap.c: every binding natter(1) lists. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>

#include "client/keymap.h"
#include "check_run.h"

static Suite	*keymap_suite(void);

/* What a character (with Alt if meta) does. */
static enum keymap_action
ch(uint32_t c, bool meta, int *arg)
{
	struct keymap_key	k = { KEYMAP_CHAR, c, meta };

	return keymap_lookup(&k, arg);
}

/* What a named key does. */
static enum keymap_action
named(enum keymap_code code, bool meta)
{
	struct keymap_key	k = { code, 0, meta };

	return keymap_lookup(&k, NULL);
}

#define C(x)	((uint32_t)((x) & 0x1f))

START_TEST(test_emacs_keys)
{
	ck_assert_int_eq(ch(C('a'), false, NULL), KEYMAP_LINE_HOME);
	ck_assert_int_eq(ch(C('e'), false, NULL), KEYMAP_LINE_END);
	ck_assert_int_eq(ch(C('b'), false, NULL), KEYMAP_CURSOR_LEFT);
	ck_assert_int_eq(ch(C('f'), false, NULL), KEYMAP_CURSOR_RIGHT);
	ck_assert_int_eq(ch('b', true, NULL), KEYMAP_WORD_LEFT);
	ck_assert_int_eq(ch('f', true, NULL), KEYMAP_WORD_RIGHT);
	ck_assert_int_eq(ch(0x7f, false, NULL), KEYMAP_DELETE_BACK);
	ck_assert_int_eq(ch(C('h'), false, NULL), KEYMAP_DELETE_BACK);
	ck_assert_int_eq(ch(C('d'), false, NULL), KEYMAP_DELETE_FORWARD);
	ck_assert_int_eq(ch(C('w'), false, NULL), KEYMAP_KILL_WORD_BACK);
	ck_assert_int_eq(ch(0x7f, true, NULL), KEYMAP_KILL_WORD_BACK);
	ck_assert_int_eq(ch('d', true, NULL), KEYMAP_KILL_WORD_FORWARD);
	ck_assert_int_eq(ch(C('u'), false, NULL), KEYMAP_KILL_HOME);
	ck_assert_int_eq(ch(C('k'), false, NULL), KEYMAP_KILL_END);
	ck_assert_int_eq(ch(C('y'), false, NULL), KEYMAP_YANK);
	ck_assert_int_eq(ch(C('t'), false, NULL), KEYMAP_TRANSPOSE);
	ck_assert_int_eq(ch(C('l'), false, NULL), KEYMAP_REDRAW);
	ck_assert_int_eq(ch('\r', false, NULL), KEYMAP_SUBMIT);
	ck_assert_int_eq(ch('\n', false, NULL), KEYMAP_SUBMIT);
	ck_assert_int_eq(ch('\t', false, NULL), KEYMAP_COMPLETE);
	/* Unbound controls do nothing; C1 controls are not inserted. */
	ck_assert_int_eq(ch(C('g'), false, NULL), KEYMAP_NONE);
	ck_assert_int_eq(ch(0x9b, false, NULL), KEYMAP_NONE);
	ck_assert_int_eq(ch('z', true, NULL), KEYMAP_NONE);
}
END_TEST

START_TEST(test_characters)
{
	ck_assert_int_eq(ch('a', false, NULL), KEYMAP_INSERT);
	ck_assert_int_eq(ch(' ', false, NULL), KEYMAP_INSERT);
	ck_assert_int_eq(ch(0x4f60, false, NULL), KEYMAP_INSERT);	/* 你 */
	ck_assert_int_eq(ch(0x301, false, NULL), KEYMAP_INSERT);
	ck_assert_int_eq(ch(0x1f600, false, NULL), KEYMAP_INSERT);
}
END_TEST

START_TEST(test_windows)
{
	int	arg, i;

	for (i = 1; i <= 9; i++) {
		ck_assert_int_eq(ch((uint32_t)('0' + i), true, &arg),
		    KEYMAP_WINDOW);
		ck_assert_int_eq(arg, i);
	}
	ck_assert_int_eq(ch('0', true, &arg), KEYMAP_WINDOW);
	ck_assert_int_eq(arg, 10);
	ck_assert_int_eq(ch('1', false, NULL), KEYMAP_INSERT);
	ck_assert_int_eq(ch(C('n'), false, NULL), KEYMAP_WINDOW_NEXT);
	ck_assert_int_eq(ch(C('p'), false, NULL), KEYMAP_WINDOW_PREV);
	ck_assert_int_eq(ch('n', true, NULL), KEYMAP_WINDOW_NEXT);
	ck_assert_int_eq(ch('p', true, NULL), KEYMAP_WINDOW_PREV);
	ck_assert_int_eq(named(KEYMAP_RIGHT, true), KEYMAP_WINDOW_NEXT);
	ck_assert_int_eq(named(KEYMAP_LEFT, true), KEYMAP_WINDOW_PREV);
}
END_TEST

START_TEST(test_named_keys)
{
	ck_assert_int_eq(named(KEYMAP_LEFT, false), KEYMAP_CURSOR_LEFT);
	ck_assert_int_eq(named(KEYMAP_RIGHT, false), KEYMAP_CURSOR_RIGHT);
	ck_assert_int_eq(named(KEYMAP_HOME, false), KEYMAP_LINE_HOME);
	ck_assert_int_eq(named(KEYMAP_END, false), KEYMAP_LINE_END);
	ck_assert_int_eq(named(KEYMAP_UP, false), KEYMAP_HISTORY_UP);
	ck_assert_int_eq(named(KEYMAP_DOWN, false), KEYMAP_HISTORY_DOWN);
	ck_assert_int_eq(named(KEYMAP_DELETE, false), KEYMAP_DELETE_FORWARD);
	ck_assert_int_eq(named(KEYMAP_BACKSPACE, false), KEYMAP_DELETE_BACK);
	ck_assert_int_eq(named(KEYMAP_BACKSPACE, true),
	    KEYMAP_KILL_WORD_BACK);
	ck_assert_int_eq(named(KEYMAP_ENTER, false), KEYMAP_SUBMIT);
	ck_assert_int_eq(named(KEYMAP_BACKTAB, false), KEYMAP_COMPLETE_BACK);
	ck_assert_int_eq(named(KEYMAP_PAGE_UP, false),
	    KEYMAP_SCROLL_PAGE_UP);
	ck_assert_int_eq(named(KEYMAP_PAGE_DOWN, false),
	    KEYMAP_SCROLL_PAGE_DOWN);
	ck_assert_int_eq(named(KEYMAP_SHIFT_UP, false), KEYMAP_SCROLL_UP);
	ck_assert_int_eq(named(KEYMAP_SHIFT_DOWN, false), KEYMAP_SCROLL_DOWN);
	ck_assert_int_eq(named(KEYMAP_UP, true), KEYMAP_SCROLL_UP);
	ck_assert_int_eq(named(KEYMAP_DOWN, true), KEYMAP_SCROLL_DOWN);
	ck_assert_int_eq(named(KEYMAP_HOME, true), KEYMAP_SCROLL_TOP);
	ck_assert_int_eq(named(KEYMAP_END, true), KEYMAP_SCROLL_BOTTOM);
	ck_assert_int_eq(ch('<', true, NULL), KEYMAP_SCROLL_TOP);
	ck_assert_int_eq(ch('>', true, NULL), KEYMAP_SCROLL_BOTTOM);
	ck_assert_int_eq(named(KEYMAP_KEY_PASTE_BEGIN, false),
	    KEYMAP_PASTE_BEGIN);
	ck_assert_int_eq(named(KEYMAP_KEY_PASTE_END, false),
	    KEYMAP_PASTE_END);
	/* Esc alone answers no, and stops a paste. */
	ck_assert_int_eq(ch(033, false, NULL), KEYMAP_CANCEL);
	ck_assert_int_eq(ch(0x12, false, NULL), KEYMAP_SEARCH_BACK);
	ck_assert_int_eq(ch(0x13, false, NULL), KEYMAP_SEARCH_FORWARD);
	ck_assert_int_eq(ch('a', true, NULL), KEYMAP_WINDOW_ACTIVE);
	ck_assert_int_eq(ch('l', true, NULL), KEYMAP_NICKLIST);
	ck_assert_int_eq(named(KEYMAP_WHEEL_UP, false),
	    KEYMAP_WHEEL_SCROLL_UP);
	ck_assert_int_eq(named(KEYMAP_WHEEL_DOWN, false),
	    KEYMAP_WHEEL_SCROLL_DOWN);
	ck_assert_int_eq(named(KEYMAP_CLICK, false), KEYMAP_MOUSE_CLICK);
}
END_TEST

static Suite *
keymap_suite(void)
{
	Suite	*s = suite_create("keymap");
	TCase	*tc = tcase_create("bindings");

	tcase_add_test(tc, test_emacs_keys);
	tcase_add_test(tc, test_characters);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_named_keys);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(keymap_suite());
}
