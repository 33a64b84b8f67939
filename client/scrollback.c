/*
 * The scrollback ring and its view.  A position in the pane is a line
 * index and a row inside that line; moving by rows walks line by line,
 * so nothing here costs more than the rows moved or the pane's height,
 * except measuring every line again after a change of width.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scrollback.h"
#include "wrap.h"
#include "xmalloc.h"

/* A row of the stored text: line index and row within that line. */
struct scrollback_pos {
	size_t	i;
	int	row;
};

static void	scrollback_settle(struct scrollback *);

/* An empty scrollback. */
void
scrollback_init(struct scrollback *sb, size_t max)
{
	memset(sb, 0, sizeof *sb);
	sb->max = max == 0 ? SCROLLBACK_DEFAULT_LINES : max;
	sb->at_bottom = true;
	sb->activity = SCROLLBACK_ACTIVITY_NONE;
}

/* Slot of line i (0 = oldest). */
static struct scrollback_line *
scrollback_slot(const struct scrollback *sb, size_t i)
{
	return &sb->ring[(sb->head + i) % sb->ringcap];
}

/* Free every line, keeping the ring. */
static void
scrollback_drop_all(struct scrollback *sb)
{
	size_t	i;

	for (i = 0; i < sb->count; i++)
		free(scrollback_slot(sb, i)->sender);
	sb->count = sb->head = 0;
}

/* Free every line and the ring. */
void
scrollback_free(struct scrollback *sb)
{
	scrollback_drop_all(sb);
	free(sb->ring);
	memset(sb, 0, sizeof *sb);
}

/* Lines kept. */
size_t
scrollback_count(const struct scrollback *sb)
{
	return sb->count;
}

/* Line i, 0 being the oldest kept. */
const struct scrollback_line *
scrollback_line(const struct scrollback *sb, size_t i)
{
	if (i >= sb->count)
		return NULL;
	return scrollback_slot(sb, i);
}

/* The measure used when none is given: the bare text, wrapped. */
static int
scrollback_measure_text(const struct scrollback_line *line, int width,
    void *arg)
{
	(void)arg;
	return (int)wrap_count(line->text, strlen(line->text), width, 0);
}

/* Rows a line takes at the current width; 1 before the width is known. */
static int
scrollback_measure(const struct scrollback *sb,
    const struct scrollback_line *line)
{
	scrollback_measure_fn	fn = sb->measure;
	int			rows;

	if (sb->width < 1)
		return 1;
	if (fn == NULL)
		fn = scrollback_measure_text;
	rows = fn(line, sb->width, sb->measure_arg);
	return rows < 1 ? 1 : rows;
}

/* Rows of line i. */
static int
scrollback_rows(const struct scrollback *sb, size_t i)
{
	return scrollback_slot(sb, i)->rows;
}

/* Order two positions. */
static int
scrollback_pos_cmp(struct scrollback_pos a, struct scrollback_pos b)
{
	if (a.i != b.i)
		return a.i < b.i ? -1 : 1;
	if (a.row != b.row)
		return a.row < b.row ? -1 : 1;
	return 0;
}

/* The position n rows above p, stopping at the first row. */
static struct scrollback_pos
scrollback_pos_up(const struct scrollback *sb, struct scrollback_pos p,
    int n)
{
	int	d;

	while (n > 0) {
		if (p.row > 0) {
			d = p.row < n ? p.row : n;
			p.row -= d;
			n -= d;
		} else if (p.i > 0) {
			p.i--;
			p.row = scrollback_rows(sb, p.i) - 1;
			n--;
		} else
			break;
	}
	return p;
}

/* The position n rows below p, stopping at the last row. */
static struct scrollback_pos
scrollback_pos_down(const struct scrollback *sb, struct scrollback_pos p,
    int n)
{
	int	d, left;

	while (n > 0 && p.i < sb->count) {
		left = scrollback_rows(sb, p.i) - 1 - p.row;
		if (left > 0) {
			d = left < n ? left : n;
			p.row += d;
			n -= d;
		} else if (p.i + 1 < sb->count) {
			p.i++;
			p.row = 0;
			n--;
		} else
			break;
	}
	return p;
}

/* The pane's height, at least one row. */
static int
scrollback_height(const struct scrollback *sb)
{
	return sb->height < 1 ? 1 : sb->height;
}

/* The top row of the pane when it is at the bottom. */
static struct scrollback_pos
scrollback_bottom_top(const struct scrollback *sb)
{
	struct scrollback_pos	p = { 0, 0 };

	if (sb->count == 0)
		return p;
	p.i = sb->count - 1;
	p.row = scrollback_rows(sb, p.i) - 1;
	return scrollback_pos_up(sb, p, scrollback_height(sb) - 1);
}

/* The anchor as a position; a dropped line gives the oldest one. */
static struct scrollback_pos
scrollback_anchor(const struct scrollback *sb)
{
	struct scrollback_pos	p = { 0, 0 };
	uint64_t		oldest;

	if (sb->count == 0)
		return p;
	oldest = scrollback_slot(sb, 0)->seq;
	if (sb->top_seq < oldest)
		return p;
	p.i = (size_t)(sb->top_seq - oldest);
	if (p.i >= sb->count)
		return scrollback_bottom_top(sb);
	p.row = sb->top_row;
	if (p.row >= scrollback_rows(sb, p.i))
		p.row = scrollback_rows(sb, p.i) - 1;
	return p;
}

/* The top row of the pane. */
static struct scrollback_pos
scrollback_top(const struct scrollback *sb)
{
	return sb->at_bottom ? scrollback_bottom_top(sb) :
	    scrollback_anchor(sb);
}

/* Anchor the view at p (scrolled up). */
static void
scrollback_set_anchor(struct scrollback *sb, struct scrollback_pos p)
{
	sb->at_bottom = false;
	sb->top_seq = sb->count > 0 ? scrollback_slot(sb, p.i)->seq : 0;
	sb->top_row = p.row;
	scrollback_settle(sb);
}

/* Back to following new lines. */
static void
scrollback_follow(struct scrollback *sb)
{
	sb->at_bottom = true;
	sb->unread = 0;
}

/* An anchor at or below the bottom's top row means the view is at the
 * bottom. */
static void
scrollback_settle(struct scrollback *sb)
{
	if (sb->at_bottom)
		return;
	if (sb->count == 0 || scrollback_pos_cmp(scrollback_anchor(sb),
	    scrollback_bottom_top(sb)) >= 0)
		scrollback_follow(sb);
}

/* Measure lines with fn from now on, and measure them again. */
void
scrollback_set_measure(struct scrollback *sb, scrollback_measure_fn fn,
    void *arg)
{
	int	width = sb->width;

	sb->measure = fn;
	sb->measure_arg = arg;
	sb->width = 0;		/* force measuring again */
	scrollback_resize(sb, width, sb->height);
}

/* The pane changed size: measure again, keep the view in place. */
void
scrollback_resize(struct scrollback *sb, int width, int height)
{
	struct scrollback_line	*line;
	size_t			 i;
	int			 old;
	uint64_t		 oldest;

	sb->height = height;
	if (width != sb->width) {
		sb->width = width;
		oldest = sb->count > 0 ? scrollback_slot(sb, 0)->seq : 0;
		if (!sb->at_bottom && sb->top_seq < oldest) {
			sb->top_seq = oldest;
			sb->top_row = 0;
		}
		for (i = 0; i < sb->count; i++) {
			line = scrollback_slot(sb, i);
			old = line->rows;
			line->rows = scrollback_measure(sb, line);
			/* Keep the same part of the top line at the top. */
			if (!sb->at_bottom && line->seq == sb->top_seq &&
			    old > 0)
				sb->top_row = sb->top_row * line->rows / old;
		}
	}
	scrollback_settle(sb);
}

/* Make room for one more line: drop the oldest or grow the ring. */
static void
scrollback_make_room(struct scrollback *sb)
{
	struct scrollback_line	*ring;
	size_t			 i, cap;

	if (sb->count == sb->max) {
		free(scrollback_slot(sb, 0)->sender);
		sb->head = (sb->head + 1) % sb->ringcap;
		sb->count--;
		return;
	}
	if (sb->count < sb->ringcap)
		return;
	cap = sb->ringcap == 0 ? 64 : sb->ringcap * 2;
	if (cap > sb->max)
		cap = sb->max;
	ring = xcalloc(cap, sizeof *ring);
	for (i = 0; i < sb->count; i++)
		ring[i] = *scrollback_slot(sb, i);
	free(sb->ring);
	sb->ring = ring;
	sb->ringcap = cap;
	sb->head = 0;
}

/* The activity a line brings to a window not on screen. */
static enum scrollback_activity
scrollback_line_activity(enum scrollback_kind kind, unsigned flags)
{
	/* Lines fetched because we missed them are news; a replay is not. */
	if ((flags & SCROLLBACK_SELF) || ((flags & SCROLLBACK_PAST) &&
	    !(flags & SCROLLBACK_MISSED)))
		return SCROLLBACK_ACTIVITY_NONE;
	switch (kind) {
	case SCROLLBACK_MESSAGE:
	case SCROLLBACK_ACTION:
	case SCROLLBACK_NOTICE:
	case SCROLLBACK_ERROR:
		return (flags & SCROLLBACK_HIGHLIGHT) ?
		    SCROLLBACK_ACTIVITY_HIGHLIGHT : SCROLLBACK_ACTIVITY_MESSAGE;
	case SCROLLBACK_JOIN:
	case SCROLLBACK_PART:
	case SCROLLBACK_QUIT:
	case SCROLLBACK_NICK:
	case SCROLLBACK_TOPIC:
		return SCROLLBACK_ACTIVITY_EVENT;
	default:
		return SCROLLBACK_ACTIVITY_NONE;
	}
}

/* Add a line as received. */
const struct scrollback_line *
scrollback_push(struct scrollback *sb, time_t time, enum scrollback_kind kind,
    unsigned flags, const char *sender, const char *text)
{
	struct scrollback_line	*line;
	enum scrollback_activity act;
	size_t			 slen, tlen;
	uint64_t		 oldest;

	if (sender == NULL)
		sender = "";
	scrollback_make_room(sb);
	line = &sb->ring[(sb->head + sb->count) % sb->ringcap];
	sb->count++;
	line->seq = sb->next_seq++;
	line->time = time;
	line->kind = kind;
	line->flags = flags;
	/* Sender and text in one allocation, owned through sender. */
	slen = strlen(sender);
	tlen = strlen(text);
	line->sender = xmalloc(slen + 1 + tlen + 1);
	memcpy(line->sender, sender, slen + 1);
	line->text = line->sender + slen + 1;
	memcpy(line->text, text, tlen + 1);
	line->rows = scrollback_measure(sb, line);

	if (!sb->at_bottom) {
		sb->unread++;
		oldest = scrollback_slot(sb, 0)->seq;
		if (sb->top_seq < oldest) {
			sb->top_seq = oldest;
			sb->top_row = 0;
		}
		scrollback_settle(sb);
	}
	if (!sb->visible) {
		act = scrollback_line_activity(kind, flags);
		if (act > sb->activity)
			sb->activity = act;
	}
	return line;
}

/* Forget every line. */
void
scrollback_clear(struct scrollback *sb)
{
	scrollback_drop_all(sb);
	scrollback_follow(sb);
}

/* Shift-Up: scroll up by rows. */
bool
scrollback_scroll_up(struct scrollback *sb, int rows)
{
	struct scrollback_pos	top = scrollback_top(sb), to;

	if (rows < 1 || sb->count == 0)
		return false;
	to = scrollback_pos_up(sb, top, rows);
	if (scrollback_pos_cmp(to, top) == 0)
		return false;
	scrollback_set_anchor(sb, to);
	return true;
}

/* Shift-Down: scroll down by rows. */
bool
scrollback_scroll_down(struct scrollback *sb, int rows)
{
	struct scrollback_pos	to;

	if (rows < 1 || sb->at_bottom)
		return false;
	to = scrollback_pos_down(sb, scrollback_anchor(sb), rows);
	if (scrollback_pos_cmp(to, scrollback_bottom_top(sb)) >= 0)
		scrollback_follow(sb);
	else
		scrollback_set_anchor(sb, to);
	return true;
}

/* Rows one page moves: the pane's height less one row of context. */
static int
scrollback_page(const struct scrollback *sb)
{
	return sb->height > 1 ? sb->height - 1 : 1;
}

/* PgUp: scroll up a page. */
bool
scrollback_page_up(struct scrollback *sb)
{
	return scrollback_scroll_up(sb, scrollback_page(sb));
}

/* PgDn: scroll down a page. */
bool
scrollback_page_down(struct scrollback *sb)
{
	return scrollback_scroll_down(sb, scrollback_page(sb));
}

/* Scroll to the oldest line. */
bool
scrollback_scroll_top(struct scrollback *sb)
{
	struct scrollback_pos	top = scrollback_top(sb), first = { 0, 0 };

	if (sb->count == 0 || scrollback_pos_cmp(top, first) == 0)
		return false;
	scrollback_set_anchor(sb, first);
	return true;
}

/* Back to the newest line, following new ones. */
bool
scrollback_scroll_bottom(struct scrollback *sb)
{
	bool	moved = !sb->at_bottom;

	scrollback_follow(sb);
	return moved;
}

/* Whether the view follows new lines. */
bool
scrollback_at_bottom(const struct scrollback *sb)
{
	return sb->at_bottom;
}

/* Lines that arrived while scrolled up. */
size_t
scrollback_unread(const struct scrollback *sb)
{
	return sb->unread;
}

/* Where the pane starts and how many rows it shows. */
void
scrollback_view(const struct scrollback *sb, struct scrollback_view *v)
{
	struct scrollback_pos	top = scrollback_top(sb);
	int			height = scrollback_height(sb), rows = 0;
	size_t			i;

	v->line = top.i;
	v->row = top.row;
	v->at_bottom = sb->at_bottom;
	v->unread = sb->unread;
	for (i = top.i; i < sb->count && rows < height; i++)
		rows += scrollback_rows(sb, i) - (i == top.i ? top.row : 0);
	v->rows = rows < height ? rows : height;
}

/* Show or hide the window; showing clears its activity. */
void
scrollback_set_visible(struct scrollback *sb, bool visible)
{
	sb->visible = visible;
	if (visible)
		sb->activity = SCROLLBACK_ACTIVITY_NONE;
}

/* What the window saw while hidden. */
enum scrollback_activity
scrollback_activity(const struct scrollback *sb)
{
	return sb->activity;
}

/* Show line i, marked. */
void
scrollback_show(struct scrollback *sb, size_t i)
{
	struct scrollback_pos	p;

	if (i >= sb->count)
		return;
	sb->mark = scrollback_slot(sb, i)->seq + 1;
	p.i = i;
	p.row = 0;
	scrollback_set_anchor(sb, scrollback_pos_up(sb, p,
	    scrollback_height(sb) / 3));
}

/* No line marked. */
void
scrollback_unmark(struct scrollback *sb)
{
	sb->mark = 0;
}

/* Is line i marked? */
bool
scrollback_marked(const struct scrollback *sb, size_t i)
{
	return sb->mark != 0 && i < sb->count &&
	    scrollback_slot(sb, i)->seq + 1 == sb->mark;
}
