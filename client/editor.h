/*
 * The input line editor: a UTF-8 line, a cursor, a kill buffer, an input
 * history and tab completion, with one function per editing action (the
 * curses layer maps keys to them; no terminal knowledge here).
 *
 * The line is always valid UTF-8 without control characters, at most
 * EDITOR_LEN_MAX bytes.  The cursor is a byte offset that is always on a
 * cluster boundary (cluster.h): never inside a character, never between a
 * base character and its combining marks.  Actions return true when they
 * changed something (line or cursor), false when there was nothing to do
 * (the curses layer may beep).
 */
#ifndef NATTER_EDITOR_H
#define NATTER_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* The longest line, in bytes: far more than one IRC message, which the
 * command layer splits, and still bounded. */
#define EDITOR_LEN_MAX		8192
/* Lines an input history keeps unless told otherwise. */
#define EDITOR_HISTORY_DEFAULT	100

/* What the previous action was: successive kills add up, successive
 * completions cycle. */
enum editor_last {
	EDITOR_LAST_OTHER,
	EDITOR_LAST_KILL,
	EDITOR_LAST_COMPLETE,
};

/* The part of the line to draw in a given width (editor_view). */
struct editor_view {
	size_t	start;		/* first byte shown */
	size_t	end;		/* one past the last byte shown */
	int	cursor_col;	/* cursor column, 0 = first shown column */
};

struct editor {
	char		*buf;		/* the line, NUL-terminated */
	size_t		 len;
	size_t		 cap;
	size_t		 cursor;	/* byte offset into buf */
	size_t		 scroll;	/* first byte shown; see editor_view */
	char		*kill;		/* what C-y yanks */
	size_t		 killlen;
	enum editor_last last;

	char		**hist;		/* oldest first */
	size_t		 nhist;
	size_t		 histmax;
	size_t		 histpos;	/* nhist when on the line being typed */
	char		*draft;		/* the line being typed, while in history */

	char		**matches;	/* completion cycle in progress */
	size_t		 nmatches;
	size_t		 match;		/* the one inserted */
	size_t		 comp_start;	/* where the inserted completion is */
	size_t		 comp_end;
};

/* An empty editor keeping histmax history lines (0: the default). */
void	 editor_init(struct editor *e, size_t histmax);
void	 editor_free(struct editor *e);

/* The line (NUL-terminated, valid until the next action) and its length. */
const char *editor_text(const struct editor *e);
size_t	 editor_len(const struct editor *e);
/* The cursor's byte offset. */
size_t	 editor_cursor(const struct editor *e);
/* Replace the line by text (made valid as editor_insert does), cursor at
 * the end. */
void	 editor_set_text(struct editor *e, const char *text);

/*
 * Insert s[0..len) at the cursor and move the cursor after it.  Invalid
 * UTF-8 becomes U+FFFD, tab, CR and LF become spaces, other control
 * characters are dropped.  What would take the line past EDITOR_LEN_MAX is
 * cut at a character boundary; returns false if anything was cut or
 * nothing was inserted.
 */
bool	 editor_insert(struct editor *e, const char *s, size_t len);

/* Cursor movement: C-b/Left, C-f/Right, M-b, M-f, C-a/Home, C-e/End. */
bool	 editor_left(struct editor *e);
bool	 editor_right(struct editor *e);
bool	 editor_word_left(struct editor *e);
bool	 editor_word_right(struct editor *e);
bool	 editor_home(struct editor *e);
bool	 editor_end(struct editor *e);

/* Backspace: delete the character before the cursor (with its marks). */
bool	 editor_backspace(struct editor *e);
/* Delete, C-d: delete the character at the cursor. */
bool	 editor_delete(struct editor *e);
/* C-w: kill back to the previous whitespace (spaces first, then the
 * non-spaces before them). */
bool	 editor_kill_word_back(struct editor *e);
/* M-d: kill forward to the end of the next word. */
bool	 editor_kill_word_forward(struct editor *e);
/* C-u: kill from the start of the line to the cursor. */
bool	 editor_kill_home(struct editor *e);
/* C-k: kill from the cursor to the end of the line. */
bool	 editor_kill_end(struct editor *e);
/* C-y: insert the last kill (successive kills add up into one). */
bool	 editor_yank(struct editor *e);
/* C-t: swap the characters before and at the cursor, moving forward; at
 * the end of the line, swap the last two. */
bool	 editor_transpose(struct editor *e);

/* Up: the previous history line; the line being typed is kept and comes
 * back with Down.  Edits to a recalled line are not saved in history. */
bool	 editor_history_up(struct editor *e);
/* Down: the next history line, or back to the line being typed. */
bool	 editor_history_down(struct editor *e);
/*
 * Enter: return the line (allocated; the caller frees it), add it to the
 * history unless it is empty or equal to the newest entry (the oldest is
 * dropped when full), and start a new empty line.
 */
char	*editor_accept(struct editor *e);

/*
 * Tab (forward) and Shift-Tab: complete the word before the cursor.  A
 * word starting with '/' at the start of the line completes to a command
 * ("/join "), from commands given without the slash; any other non-empty
 * word to a nick, followed by ": " at the start of the line and by " "
 * elsewhere.  Matching is by prefix, ignoring ASCII case; candidates keep
 * the caller's order (most recent speaker first, say).  Pressing it again
 * right away replaces the completion by the next candidate, cycling.
 * Returns false when nothing matches.
 */
bool	 editor_complete(struct editor *e, const char *const *nicks,
	    size_t nnicks, const char *const *commands, size_t ncommands,
	    bool forward);

/* Display columns of the line before the cursor. */
int	 editor_cursor_cols(const struct editor *e);
/*
 * Horizontal scrolling: which bytes of the line to draw in width columns
 * and where the cursor goes.  The cursor and the character under it are
 * always visible, no wide character is cut, and the view moves only when
 * it must (jumping a quarter width back when the cursor leaves it on the
 * left), so it is stored in the editor between calls.
 */
void	 editor_view(struct editor *e, int width, struct editor_view *v);

#endif
