/*
 * Key bindings: a key as the terminal layer decoded it (a character,
 * maybe with Alt, or a named key) to what natter does.  Plain C, so the
 * bindings are unit-tested and listed in one place (natter(1), KEY
 * BINDINGS, says the same).
 */
#ifndef NATTER_KEYMAP_H
#define NATTER_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Named keys (code); 0 means a character (ch). */
enum keymap_code {
	KEYMAP_CHAR = 0,
	KEYMAP_UP,
	KEYMAP_DOWN,
	KEYMAP_LEFT,
	KEYMAP_RIGHT,
	KEYMAP_HOME,
	KEYMAP_END,
	KEYMAP_PAGE_UP,
	KEYMAP_PAGE_DOWN,
	KEYMAP_DELETE,
	KEYMAP_BACKSPACE,
	KEYMAP_ENTER,
	KEYMAP_BACKTAB,		/* Shift-Tab */
	KEYMAP_SHIFT_UP,
	KEYMAP_SHIFT_DOWN,
	KEYMAP_KEY_PASTE_BEGIN,	/* bracketed paste markers */
	KEYMAP_KEY_PASTE_END,
	KEYMAP_WHEEL_UP,	/* the mouse */
	KEYMAP_WHEEL_DOWN,
	KEYMAP_CLICK,		/* button 1 at x, y */
};

struct keymap_key {
	enum keymap_code code;
	uint32_t	 ch;	/* the character, for KEYMAP_CHAR */
	bool		 meta;	/* Alt (or Esc before it) */
	int		 x, y;	/* KEYMAP_CLICK: where, 0-based */
};

enum keymap_action {
	KEYMAP_NONE,
	KEYMAP_INSERT,		/* insert key.ch */
	KEYMAP_CURSOR_LEFT,
	KEYMAP_CURSOR_RIGHT,
	KEYMAP_WORD_LEFT,
	KEYMAP_WORD_RIGHT,
	KEYMAP_LINE_HOME,
	KEYMAP_LINE_END,
	KEYMAP_DELETE_BACK,
	KEYMAP_DELETE_FORWARD,
	KEYMAP_KILL_WORD_BACK,
	KEYMAP_KILL_WORD_FORWARD,
	KEYMAP_KILL_HOME,
	KEYMAP_KILL_END,
	KEYMAP_YANK,
	KEYMAP_TRANSPOSE,
	KEYMAP_HISTORY_UP,
	KEYMAP_HISTORY_DOWN,
	KEYMAP_COMPLETE,
	KEYMAP_COMPLETE_BACK,
	KEYMAP_SUBMIT,
	KEYMAP_SCROLL_PAGE_UP,
	KEYMAP_SCROLL_PAGE_DOWN,
	KEYMAP_SCROLL_UP,	/* one row */
	KEYMAP_SCROLL_DOWN,
	KEYMAP_SCROLL_TOP,
	KEYMAP_SCROLL_BOTTOM,
	KEYMAP_WINDOW,		/* *arg: the window number, 1-based */
	KEYMAP_WINDOW_NEXT,
	KEYMAP_WINDOW_PREV,
	KEYMAP_REDRAW,
	KEYMAP_PASTE_BEGIN,
	KEYMAP_PASTE_END,
	KEYMAP_CANCEL,		/* Esc alone: no to a question, stop a paste */
	KEYMAP_SEARCH_BACK,	/* Ctrl-R: incremental search, older lines */
	KEYMAP_SEARCH_FORWARD,	/* Ctrl-S: newer lines */
	KEYMAP_WINDOW_ACTIVE,	/* Alt-A: the next window with news */
	KEYMAP_NICKLIST,	/* Alt-L: the nick list pane on or off */
	KEYMAP_WHEEL_SCROLL_UP,	/* a few rows */
	KEYMAP_WHEEL_SCROLL_DOWN,
	KEYMAP_MOUSE_CLICK,	/* the caller looks at where */
};

/* What a key does; *arg gets a number for KEYMAP_WINDOW. */
enum keymap_action keymap_lookup(const struct keymap_key *key, int *arg);

#endif
