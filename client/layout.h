/*
 * How a scrollback line looks in the message pane: a timestamp, a prefix
 * that says what kind of line it is, then the text, as styled runs
 * (render.h), plus the indent that lines continuation rows up under the
 * text.  It is also the scrollback's measure: the rows a line takes are
 * the rows of its layout, wrapped (wrap.h).
 *
 *	[12:04] <alice> hello                   message
 *	[12:04] * alice waves                   action
 *	[12:04] -alice- psst                    notice
 *	[12:04] -- alice joined #lobby          join (text: the room)
 *	[12:04] -- alice left (bye)             part (text: the reason)
 *	[12:04] -- alice quit (bye)             quit (text: the reason)
 *	[12:04] -- alice is now known as al     nick (text: the new nick)
 *	[12:04] -- alice set the topic: lunch   topic (text: the topic)
 *	[12:04] -- Welcome to natter            server (text as received)
 *	[12:04] !! No such nick                 error
 *	-- Friday 4 December 2026               the day changed
 *	[2026-12-01 12:04] <bob> old            a replayed line of another day
 *
 * The time is dim, but bold on a line fetched because we missed it.
 *
 * Nicks get a colour of their own (the same nick always the same one);
 * joins, parts, quits and nick changes are dim; the nick of a line that
 * mentions ours is highlighted.  Sender and text go through render.c, so
 * nothing in them reaches the terminal raw.
 */
#ifndef NATTER_LAYOUT_H
#define NATTER_LAYOUT_H

#include <stdbool.h>

#include "render.h"
#include "scrollback.h"

/* The timestamp format unless told otherwise (strftime). */
#define LAYOUT_TIME_FORMAT	"%H:%M"

struct layout {
	const char		*time_format;	/* strftime; "" for none */
	const char		*date_format;	/* before it on other days' lines */
	const char		*day_format;	/* the day-change line */
	bool			 colors;	/* false: --no-color, NO_COLOR */
	struct render_text	 scratch;	/* for layout_measure */
};

/* Layout with the default time format and colours on. */
void	layout_init(struct layout *lo);
void	layout_free(struct layout *lo);
/*
 * Clear out and render line into it; returns the indent for continuation
 * rows: the columns before the text ("[12:04] <alice> ").
 */
int	layout_line(struct layout *lo, const struct scrollback_line *line,
	    struct render_text *out);
/* A scrollback_measure_fn: arg is the struct layout. */
int	layout_measure(const struct scrollback_line *line, int width,
	    void *arg);
/* The mIRC colour a nick is drawn in. */
int	layout_nick_color(const char *nick);

#endif
