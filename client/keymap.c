/* Key bindings; see keymap.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"

/* A control character: 'a' is C-a. */
#define CTRL(c)		((uint32_t)((c) & 0x1f))
#define KEY_DEL		0x7f

/* Control characters without Alt. */
static enum keymap_action
keymap_control(uint32_t ch)
{
	switch (ch) {
	case CTRL('a'):	return KEYMAP_LINE_HOME;
	case CTRL('b'):	return KEYMAP_CURSOR_LEFT;
	case CTRL('d'):	return KEYMAP_DELETE_FORWARD;
	case CTRL('e'):	return KEYMAP_LINE_END;
	case CTRL('f'):	return KEYMAP_CURSOR_RIGHT;
	case CTRL('h'):	return KEYMAP_DELETE_BACK;
	case CTRL('i'):	return KEYMAP_COMPLETE;
	case CTRL('j'):	return KEYMAP_SUBMIT;
	case CTRL('k'):	return KEYMAP_KILL_END;
	case CTRL('l'):	return KEYMAP_REDRAW;
	case CTRL('m'):	return KEYMAP_SUBMIT;
	case CTRL('n'):	return KEYMAP_WINDOW_NEXT;
	case CTRL('p'):	return KEYMAP_WINDOW_PREV;
	case CTRL('r'):	return KEYMAP_SEARCH_BACK;
	case CTRL('s'):	return KEYMAP_SEARCH_FORWARD;
	case CTRL('t'):	return KEYMAP_TRANSPOSE;
	case CTRL('u'):	return KEYMAP_KILL_HOME;
	case CTRL('w'):	return KEYMAP_KILL_WORD_BACK;
	case CTRL('y'):	return KEYMAP_YANK;
	case 033:	return KEYMAP_CANCEL;
	case KEY_DEL:	return KEYMAP_DELETE_BACK;
	default:	return KEYMAP_NONE;
	}
}

/* Characters with Alt. */
static enum keymap_action
keymap_meta(uint32_t ch, int *arg)
{
	if (ch >= '1' && ch <= '9') {
		*arg = (int)(ch - '0');
		return KEYMAP_WINDOW;
	}
	switch (ch) {
	case '0':
		*arg = 10;
		return KEYMAP_WINDOW;
	case 'a':	return KEYMAP_WINDOW_ACTIVE;
	case 'b':	return KEYMAP_WORD_LEFT;
	case 'f':	return KEYMAP_WORD_RIGHT;
	case 'l':	return KEYMAP_NICKLIST;
	case 'd':	return KEYMAP_KILL_WORD_FORWARD;
	case 'n':	return KEYMAP_WINDOW_NEXT;
	case 'p':	return KEYMAP_WINDOW_PREV;
	case '<':	return KEYMAP_SCROLL_TOP;
	case '>':	return KEYMAP_SCROLL_BOTTOM;
	case KEY_DEL:
	case CTRL('h'):	return KEYMAP_KILL_WORD_BACK;
	default:	return KEYMAP_NONE;
	}
}

/* Named keys; with Alt, the arrows switch windows and scroll. */
static enum keymap_action
keymap_named(enum keymap_code code, bool meta)
{
	switch (code) {
	case KEYMAP_UP:
		return meta ? KEYMAP_SCROLL_UP : KEYMAP_HISTORY_UP;
	case KEYMAP_DOWN:
		return meta ? KEYMAP_SCROLL_DOWN : KEYMAP_HISTORY_DOWN;
	case KEYMAP_LEFT:
		return meta ? KEYMAP_WINDOW_PREV : KEYMAP_CURSOR_LEFT;
	case KEYMAP_RIGHT:
		return meta ? KEYMAP_WINDOW_NEXT : KEYMAP_CURSOR_RIGHT;
	case KEYMAP_HOME:
		return meta ? KEYMAP_SCROLL_TOP : KEYMAP_LINE_HOME;
	case KEYMAP_END:
		return meta ? KEYMAP_SCROLL_BOTTOM : KEYMAP_LINE_END;
	case KEYMAP_PAGE_UP:	return KEYMAP_SCROLL_PAGE_UP;
	case KEYMAP_PAGE_DOWN:	return KEYMAP_SCROLL_PAGE_DOWN;
	case KEYMAP_SHIFT_UP:	return KEYMAP_SCROLL_UP;
	case KEYMAP_SHIFT_DOWN:	return KEYMAP_SCROLL_DOWN;
	case KEYMAP_DELETE:	return KEYMAP_DELETE_FORWARD;
	case KEYMAP_BACKSPACE:
		return meta ? KEYMAP_KILL_WORD_BACK : KEYMAP_DELETE_BACK;
	case KEYMAP_ENTER:	return KEYMAP_SUBMIT;
	case KEYMAP_BACKTAB:	return KEYMAP_COMPLETE_BACK;
	case KEYMAP_KEY_PASTE_BEGIN: return KEYMAP_PASTE_BEGIN;
	case KEYMAP_KEY_PASTE_END: return KEYMAP_PASTE_END;
	case KEYMAP_WHEEL_UP:	return KEYMAP_WHEEL_SCROLL_UP;
	case KEYMAP_WHEEL_DOWN:	return KEYMAP_WHEEL_SCROLL_DOWN;
	case KEYMAP_CLICK:	return KEYMAP_MOUSE_CLICK;
	default:		return KEYMAP_NONE;
	}
}

/* What a key does. */
enum keymap_action
keymap_lookup(const struct keymap_key *key, int *arg)
{
	int	dummy;

	if (arg == NULL)
		arg = &dummy;
	*arg = 0;
	if (key->code != KEYMAP_CHAR)
		return keymap_named(key->code, key->meta);
	if (key->meta)
		return keymap_meta(key->ch, arg);
	if (key->ch < 0x20 || key->ch == KEY_DEL)
		return keymap_control(key->ch);
	if (key->ch >= 0x80 && key->ch < 0xa0)
		return KEYMAP_NONE;	/* C1 controls */
	return KEYMAP_INSERT;
}
