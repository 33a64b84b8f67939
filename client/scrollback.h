/*
 * A window's scrollback: the lines it received, kept as received (the
 * text with its mIRC codes, the sender, the time, the kind), bounded, and
 * the view model of the message pane over them.
 *
 * The view is counted in wrapped rows: each line knows how many rows it
 * takes at the pane's width (a measure function, given by the curses
 * layer, renders and wraps it; wrap_count of the bare text by default),
 * and the view is either at the bottom, following new lines, or anchored
 * on a line and a row in it.  An anchor names the line by its sequence
 * number, so new lines arriving while scrolled up do not move the view
 * (they are counted as unread for the "-- more --" cue), and a resize
 * keeps the top line at the top.
 */
#ifndef NATTER_SCROLLBACK_H
#define NATTER_SCROLLBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Lines a window keeps unless told otherwise; the oldest go first. */
#define SCROLLBACK_DEFAULT_LINES	5000

enum scrollback_kind {
	SCROLLBACK_MESSAGE,	/* <nick> text */
	SCROLLBACK_ACTION,	/* * nick text */
	SCROLLBACK_NOTICE,	/* -nick- text */
	SCROLLBACK_JOIN,
	SCROLLBACK_PART,
	SCROLLBACK_QUIT,
	SCROLLBACK_NICK,
	SCROLLBACK_TOPIC,
	SCROLLBACK_SERVER,	/* numerics, server notices, client info */
	SCROLLBACK_ERROR,
	SCROLLBACK_DAY,		/* the date changed: -- Friday 4 December 2026 */
};

/* Line flags. */
#define SCROLLBACK_HIGHLIGHT	0x01	/* mentions our nick */
#define SCROLLBACK_SELF		0x02	/* we sent it */
#define SCROLLBACK_PAST		0x04	/* replayed history: no activity */
#define SCROLLBACK_DATED	0x08	/* from another day: show the date */
#define SCROLLBACK_MISSED	0x10	/* said while we were away, fetched */
#define SCROLLBACK_FILTERED	0x20	/* smart filter: logged, not shown */
#define SCROLLBACK_NOSEARCH	0x40	/* /lastlog's output: not searched */

/* What a window not on screen has seen since it was last looked at. */
enum scrollback_activity {
	SCROLLBACK_ACTIVITY_NONE,
	SCROLLBACK_ACTIVITY_EVENT,	/* joins, parts, quits, nicks, topics */
	SCROLLBACK_ACTIVITY_MESSAGE,
	SCROLLBACK_ACTIVITY_HIGHLIGHT,
};

struct scrollback_line {
	uint64_t		 seq;	/* 0, 1, 2... in order of arrival */
	time_t			 time;
	enum scrollback_kind	 kind;
	unsigned		 flags;	/* SCROLLBACK_HIGHLIGHT, ... */
	int			 rows;	/* rows it takes at the current width */
	char			*sender; /* "" when there is none */
	char			*text;	/* as received */
};

/* Rows a line takes in width columns (width >= 1); at least 1. */
typedef int (*scrollback_measure_fn)(const struct scrollback_line *line,
    int width, void *arg);

/* What the pane shows. */
struct scrollback_view {
	size_t	line;		/* first line drawn, 0 = oldest kept */
	int	row;		/* rows of that line above the pane */
	int	rows;		/* rows to draw: min(height, rows from there) */
	bool	at_bottom;	/* following new lines */
	size_t	unread;		/* lines below the pane: "-- more --" */
};

struct scrollback {
	struct scrollback_line	*ring;
	size_t			 ringcap;	/* slots allocated */
	size_t			 max;		/* lines kept at most */
	size_t			 head;		/* slot of the oldest line */
	size_t			 count;
	uint64_t		 next_seq;

	int			 width;
	int			 height;
	scrollback_measure_fn	 measure;
	void			*measure_arg;

	bool			 at_bottom;
	uint64_t		 top_seq;	/* the anchor, when not at bottom */
	int			 top_row;
	size_t			 unread;

	bool			 visible;
	enum scrollback_activity activity;
	uint64_t		 mark;		/* a search's line: seq + 1, 0 none */
};

/* An empty scrollback keeping max lines (0: the default), at the bottom,
 * width and height 0 until scrollback_resize. */
void	scrollback_init(struct scrollback *sb, size_t max);
void	scrollback_free(struct scrollback *sb);
/* Use fn to measure lines (NULL: the bare text wrapped); measures again. */
void	scrollback_set_measure(struct scrollback *sb,
	    scrollback_measure_fn fn, void *arg);
/*
 * The pane's size changed: measure every line again for a new width,
 * keeping the top line at the top (and the same part of it as near as
 * rows allow) when scrolled up; at the bottom it stays at the bottom.
 */
void	scrollback_resize(struct scrollback *sb, int width, int height);

/*
 * Add a line (sender may be NULL), dropping the oldest when full.  While
 * scrolled up the view does not move and the line counts as unread.  A
 * window that is not visible gets activity from messages, actions,
 * notices and errors not sent by us and not replayed (highlight when
 * flagged).
 */
const struct scrollback_line *scrollback_push(struct scrollback *sb,
	    time_t time, enum scrollback_kind kind, unsigned flags,
	    const char *sender, const char *text);
/* Lines kept. */
size_t	scrollback_count(const struct scrollback *sb);
/* Line i, 0 being the oldest kept; NULL past the end. */
const struct scrollback_line *scrollback_line(const struct scrollback *sb,
	    size_t i);
/* /clear: forget every line; the view goes back to the bottom. */
void	scrollback_clear(struct scrollback *sb);

/* Scroll by rows (Shift-Up/Down) or by a page, the pane's height less one
 * row of context (PgUp/PgDn); true if the view moved.  Reaching the
 * bottom follows new lines again and clears the unread count. */
bool	scrollback_scroll_up(struct scrollback *sb, int rows);
bool	scrollback_scroll_down(struct scrollback *sb, int rows);
bool	scrollback_page_up(struct scrollback *sb);
bool	scrollback_page_down(struct scrollback *sb);
bool	scrollback_scroll_top(struct scrollback *sb);
bool	scrollback_scroll_bottom(struct scrollback *sb);
bool	scrollback_at_bottom(const struct scrollback *sb);
/* Scroll so that line i shows, a third of the pane below the top (a
 * search's match, with what came before it); it is marked (mark) until
 * scrollback_unmark.  The view stays if it is at the bottom then. */
void	scrollback_show(struct scrollback *sb, size_t i);
void	scrollback_unmark(struct scrollback *sb);
/* Whether line i is the marked one. */
bool	scrollback_marked(const struct scrollback *sb, size_t i);
/* Lines that arrived while scrolled up. */
size_t	scrollback_unread(const struct scrollback *sb);
/* Where the pane starts and how much it shows. */
void	scrollback_view(const struct scrollback *sb,
	    struct scrollback_view *v);

/* The window is (or is no longer) the one on screen; showing it clears
 * its activity. */
void	scrollback_set_visible(struct scrollback *sb, bool visible);
enum scrollback_activity scrollback_activity(const struct scrollback *sb);

#endif
