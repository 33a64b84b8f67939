/*
 * The keys in chat.c's loop: each one, as keymap.h names its action, to
 * the line editor, the scrollback, the windows, tab completion, the
 * incremental search (Ctrl-R, Ctrl-S) or a paste (chat_paste.c); typing
 * is drawn at once, not at the next frame.
 */
#include <sys/types.h>

#include <stdbool.h>
#include <stdlib.h>

#include "chat_private.h"
#include "command.h"
#include "editor.h"
#include "input.h"
#include "isearch.h"
#include "keymap.h"
#include "paste.h"
#include "scrollback.h"
#include "session.h"
#include "ui.h"
#include "utf8.h"

/* Rows one turn of the mouse wheel scrolls. */
#define CHAT_WHEEL_ROWS		3
/* Nicks offered to tab completion at most. */
#define CHAT_COMPLETIONS	512

/* Tab completion on the current window's line. */
static bool
chat_complete(struct chat *c, bool forward)
{
	struct window	*w = session_current(&c->s);
	const char	*nicks[CHAT_COMPLETIONS], *cmds[64];
	size_t		 n, nc;

	n = session_completions(&c->s, w, nicks, CHAT_COMPLETIONS);
	nc = command_names(cmds, sizeof cmds / sizeof cmds[0]);
	return editor_complete(&w->ed, nicks, n, cmds, nc, forward);
}

/* The next (step > 0) or previous window, wrapping around. */
static void
chat_cycle(struct chat *c, int step)
{
	size_t	n = c->s.nwindows;

	session_switch(&c->s, step > 0 ? (c->s.current + 1) % n :
	    (c->s.current + n - 1) % n);
}

static void	chat_key(struct chat *, const struct keymap_key *);

/* A key while searching (Ctrl-R, Ctrl-S): the query, the next match,
 * Enter to stay there, Esc to go back; any other key ends the search and
 * does what it does. */
static void
chat_search_key(struct chat *c, enum keymap_action a,
    const struct keymap_key *k)
{
	struct scrollback	*sb = &session_current(&c->s)->sb;
	char			 enc[UTF8_LEN_MAX];
	size_t			 n;

	switch (a) {
	case KEYMAP_INSERT:
		if ((n = utf8_encode(k->ch, enc)) > 0)
			isearch_type(&c->is, sb, enc, n);
		break;
	case KEYMAP_DELETE_BACK:
		isearch_backspace(&c->is, sb);
		break;
	case KEYMAP_SEARCH_BACK:
	case KEYMAP_SEARCH_FORWARD:
		isearch_again(&c->is, sb, a == KEYMAP_SEARCH_BACK ? -1 : 1);
		break;
	default:
		isearch_end(&c->is, sb, a != KEYMAP_CANCEL);
		c->s.prompt[0] = '\0';
		chat_dirty_all(c);
		if (a != KEYMAP_SUBMIT && a != KEYMAP_CANCEL)
			chat_key(c, k);
		return;
	}
	isearch_prompt(&c->is, c->s.prompt, sizeof c->s.prompt);
	chat_dirty_all(c);
}

/* One key. */
static void
chat_key(struct chat *c, const struct keymap_key *k)
{
	struct session		*s = &c->s;
	struct window		*w = session_current(s);
	struct editor		*e = &w->ed;
	struct scrollback	*sb = &w->sb;
	enum keymap_action	 a;
	char			 enc[UTF8_LEN_MAX], *line;
	size_t			 n;
	ssize_t			 active;
	int			 arg;

	a = keymap_lookup(k, &arg);
	if (c->pasting) {
		if (a == KEYMAP_PASTE_END)
			chat_paste_end(c);
		else
			chat_paste_key(c, k);
		return;
	}
	if (c->pz.state == PASTE_ASKING) {
		/* Only the answer counts while asking. */
		if (a == KEYMAP_SUBMIT || a == KEYMAP_CANCEL)
			chat_paste_answer(c, a == KEYMAP_SUBMIT);
		return;
	}
	if (a == KEYMAP_CANCEL && c->pz.state == PASTE_SENDING) {
		chat_paste_stop(c, "Esc");
		return;
	}
	if (c->is.active) {
		chat_search_key(c, a, k);
		return;
	}
	if (a == KEYMAP_SEARCH_BACK || a == KEYMAP_SEARCH_FORWARD) {
		isearch_start(&c->is, sb, a == KEYMAP_SEARCH_BACK ? -1 : 1);
		isearch_prompt(&c->is, s->prompt, sizeof s->prompt);
		chat_dirty_all(c);
		return;
	}
	switch (a) {
	case KEYMAP_INSERT:
		if ((n = utf8_encode(k->ch, enc)) > 0)
			editor_insert(e, enc, n);
		break;
	case KEYMAP_CURSOR_LEFT:	editor_left(e); break;
	case KEYMAP_CURSOR_RIGHT:	editor_right(e); break;
	case KEYMAP_WORD_LEFT:		editor_word_left(e); break;
	case KEYMAP_WORD_RIGHT:		editor_word_right(e); break;
	case KEYMAP_LINE_HOME:		editor_home(e); break;
	case KEYMAP_LINE_END:		editor_end(e); break;
	case KEYMAP_DELETE_BACK:	editor_backspace(e); break;
	case KEYMAP_DELETE_FORWARD:	editor_delete(e); break;
	case KEYMAP_KILL_WORD_BACK:	editor_kill_word_back(e); break;
	case KEYMAP_KILL_WORD_FORWARD:	editor_kill_word_forward(e); break;
	case KEYMAP_KILL_HOME:		editor_kill_home(e); break;
	case KEYMAP_KILL_END:		editor_kill_end(e); break;
	case KEYMAP_YANK:		editor_yank(e); break;
	case KEYMAP_TRANSPOSE:		editor_transpose(e); break;
	case KEYMAP_HISTORY_UP:		editor_history_up(e); break;
	case KEYMAP_HISTORY_DOWN:	editor_history_down(e); break;
	case KEYMAP_COMPLETE:		chat_complete(c, true); break;
	case KEYMAP_COMPLETE_BACK:	chat_complete(c, false); break;
	case KEYMAP_SUBMIT:
		line = editor_accept(e);
		input_submit(s, line);
		free(line);
		break;
	case KEYMAP_SCROLL_PAGE_UP:	scrollback_page_up(sb); break;
	case KEYMAP_SCROLL_PAGE_DOWN:	scrollback_page_down(sb); break;
	case KEYMAP_SCROLL_UP:		scrollback_scroll_up(sb, 1); break;
	case KEYMAP_SCROLL_DOWN:	scrollback_scroll_down(sb, 1); break;
	case KEYMAP_SCROLL_TOP:		scrollback_scroll_top(sb); break;
	case KEYMAP_SCROLL_BOTTOM:	scrollback_scroll_bottom(sb); break;
	case KEYMAP_WINDOW:
		session_switch(s, (size_t)arg - 1);
		break;
	case KEYMAP_WINDOW_NEXT:	chat_cycle(c, 1); break;
	case KEYMAP_NICKLIST:
		s->nicklist = !s->nicklist;
		s->relayout = true;
		break;
	case KEYMAP_WINDOW_ACTIVE:
		if ((active = session_next_active(s)) >= 0)
			session_switch(s, (size_t)active);
		break;
	case KEYMAP_WHEEL_SCROLL_UP:
		scrollback_scroll_up(sb, CHAT_WHEEL_ROWS);
		break;
	case KEYMAP_WHEEL_SCROLL_DOWN:
		scrollback_scroll_down(sb, CHAT_WHEEL_ROWS);
		break;
	case KEYMAP_MOUSE_CLICK:
		/* A window number in the status line. */
		if (k->y == c->ui.rows - 2 &&
		    (active = session_status_hit(s, k->x)) >= 0)
			session_switch(s, (size_t)active);
		break;
	case KEYMAP_WINDOW_PREV:	chat_cycle(c, -1); break;
	case KEYMAP_REDRAW:
		ui_repaint(&c->ui);
		chat_dirty_all(c);
		break;
	case KEYMAP_PASTE_BEGIN:
		c->pasting = true;
		buffer_reset(&c->paste, 4096);
		break;
	default:
		return;
	}
	switch (a) {
	case KEYMAP_SCROLL_PAGE_UP:
	case KEYMAP_SCROLL_PAGE_DOWN:
	case KEYMAP_SCROLL_UP:
	case KEYMAP_SCROLL_DOWN:
	case KEYMAP_SCROLL_TOP:
	case KEYMAP_SCROLL_BOTTOM:
	case KEYMAP_WHEEL_SCROLL_UP:
	case KEYMAP_WHEEL_SCROLL_DOWN:
		s->dirty_pane = s->dirty_status = true;
		break;
	default:
		s->dirty_input = true;
		break;
	}
}

/* Keys waiting on the terminal: typing shows at once, not at the next
 * frame (the pane and status line still wait for theirs). */
void
chat_keys(struct chat *c)
{
	struct keymap_key	k;

	while (!c->done && ui_read_key(&c->ui, &k))
		chat_key(c, &k);
	if (c->s.dirty_input && !c->done) {
		chat_draw_input(c);
		ui_update(&c->ui);
		c->s.dirty_input = false;
	}
}
