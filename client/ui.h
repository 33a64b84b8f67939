/*
 * The curses layer: three curses windows for the three screen areas (the
 * message pane, the status line, the input line), drawing what the
 * session holds, and reading keys into keymap.h's terms.  Only this file
 * and chat.c know about curses.  Drawing goes to curses' virtual screen;
 * ui_update puts it on the terminal at once, with the cursor on the input
 * line, so incoming lines redraw the pane and status line only.
 */
#ifndef NATTER_UI_H
#define NATTER_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "render.h"
#include "wrap.h"

struct editor;
struct session;

/* Colour pairs cached at most. */
#define UI_PAIRS_MAX	256

struct ui_pair {
	short	fg;
	short	bg;
	short	pair;
};

struct ui {
	void		*pane;		/* WINDOW *; NULL when too small */
	void		*status;
	void		*input;
	void		*nicks;		/* the nick list; NULL when hidden */
	int		 rows;
	int		 cols;
	int		 pane_rows;
	int		 pane_cols;	/* cols less the nick list's */
	bool		 nicklist;	/* wanted (shown when it fits) */
	bool		 colors;	/* in use: terminal has them, allowed */
	struct ui_pair	 pairs[UI_PAIRS_MAX];
	int		 npairs;
	struct render_text rt;
	struct wrap	 wrap;
	void		*wbuf;		/* wchar_t[] for drawing */
	size_t		 wcap;
	bool		 paste_mode;	/* bracketed paste turned on */
	bool		 mouse;		/* wheel and clicks reported */
};

/* Start curses (the locale must be set); colors false for none. */
void	ui_init(struct ui *ui, bool colors, bool mouse);
/* Show the nick list pane (when the terminal is wide enough) or not;
 * true when the pane's width changed. */
bool	ui_set_nicklist(struct ui *ui, bool wanted);
/* Draw the nick list of the current window (blank but for rooms). */
void	ui_draw_nicklist(struct ui *ui, struct session *s);
/* Give the terminal back as it was. */
void	ui_end(struct ui *ui);
/* The terminal's size may have changed (SIGWINCH): lay the areas out
 * again; true when the pane's size changed. */
bool	ui_resize(struct ui *ui);
/* Columns and rows of the message pane (at least 1 each). */
int	ui_pane_width(const struct ui *ui);
int	ui_pane_height(const struct ui *ui);
/* Draw the areas (to the virtual screen). */
void	ui_draw_pane(struct ui *ui, struct session *s);
void	ui_draw_status(struct ui *ui, struct session *s);
void	ui_draw_input(struct ui *ui, struct editor *e);
/* A question (valid UTF-8, no controls) on the input line, instead of
 * the line being typed. */
void	ui_draw_prompt(struct ui *ui, const char *text);
/* Repaint the whole terminal at the next update (C-l, after SIGCONT). */
void	ui_repaint(struct ui *ui);
/* Put what was drawn on the terminal, cursor on the input line. */
void	ui_update(struct ui *ui);
/* The next key typed; false when none is waiting. */
bool	ui_read_key(struct ui *ui, struct keymap_key *key);
/* Ring the terminal bell. */
void	ui_bell(struct ui *ui);
/* Before stopping (SIGTSTP): the terminal as it was.  After: back. */
void	ui_suspend(struct ui *ui);
void	ui_resume(struct ui *ui);

#endif
