/* The look of a line in the message pane; see layout.h. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "cluster.h"
#include "daymark.h"
#include "layout.h"
#include "render.h"
#include "scrollback.h"
#include "wrap.h"

/* mIRC colours that read on dark and light backgrounds alike: no white,
 * black, yellow or greys. */
static const int layout_nick_palette[] = {
	2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13,
};
#define LAYOUT_NCOLORS	\
	((int)(sizeof layout_nick_palette / sizeof layout_nick_palette[0]))

/* A layout with the default time format, in colour. */
void
layout_init(struct layout *lo)
{
	lo->time_format = LAYOUT_TIME_FORMAT;
	lo->date_format = DAYMARK_DATE_FORMAT;
	lo->day_format = DAYMARK_FORMAT;
	lo->colors = true;
	render_init(&lo->scratch);
}

/* Free what a layout holds. */
void
layout_free(struct layout *lo)
{
	render_free(&lo->scratch);
}

/* The colour of a nick. */
int
layout_nick_color(const char *nick)
{
	return layout_nick_palette[render_nick_color(nick, LAYOUT_NCOLORS)];
}

/* A style with attributes attr and no colour. */
static struct render_style
layout_style(unsigned attr)
{
	struct render_style	st = render_style_plain;

	st.attr = attr;
	return st;
}

/* Append a fixed piece of text. */
static void
layout_str(struct render_text *out, const char *s, unsigned attr)
{
	render_plain(out, s, strlen(s), layout_style(attr));
}

/* Append a nick in its colour. */
static void
layout_nick(const struct layout *lo, struct render_text *out,
    const char *nick, unsigned attr)
{
	struct render_style	st = layout_style(attr);

	if (lo->colors)
		st.fg = layout_nick_color(nick);
	render_plain(out, nick, strlen(nick), st);
}

/* Append received text with its formatting (none without colours). */
static void
layout_text(const struct layout *lo, struct render_text *out,
    const char *text, unsigned attr)
{
	struct render_text	plain;
	size_t			i;

	if (lo->colors) {
		render_irc(out, text, strlen(text), layout_style(attr));
		return;
	}
	/* Honour the codes, then drop the colours they gave. */
	render_init(&plain);
	render_irc(&plain, text, strlen(text), layout_style(attr));
	for (i = 0; i < plain.nruns; i++) {
		plain.runs[i].style.fg = RENDER_COLOR_DEFAULT;
		plain.runs[i].style.bg = RENDER_COLOR_DEFAULT;
		render_plain(out, plain.text + plain.runs[i].off,
		    plain.runs[i].len, plain.runs[i].style);
	}
	render_free(&plain);
}

/* Append " (text)" when text is not empty. */
static void
layout_reason(const struct layout *lo, struct render_text *out,
    const char *text)
{
	if (text[0] == '\0')
		return;
	layout_str(out, " (", RENDER_DIM);
	layout_text(lo, out, text, RENDER_DIM);
	layout_str(out, ")", RENDER_DIM);
}

/*
 * strftime of t in fmt into out, without the spaces at its ends (a format
 * or a locale's %X with an empty %p would leave one inside the brackets);
 * false when it makes nothing.
 */
static bool
layout_strftime(char *out, size_t size, const char *fmt, const struct tm *tm)
{
	size_t	n, skip;

	if (fmt == NULL || fmt[0] == '\0' ||
	    (n = strftime(out, size, fmt, tm)) == 0)
		return false;
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	skip = strspn(out, " ");
	memmove(out, out + skip, n - skip + 1);
	return out[0] != '\0';
}

/* "-- Friday 4 December 2026": a day-change line. */
static int
layout_day(struct layout *lo, const struct scrollback_line *line,
    struct render_text *out)
{
	struct tm	tm;
	char		day[128];

	layout_str(out, "-- ", RENDER_DIM);
	if (localtime_r(&line->time, &tm) != NULL &&
	    layout_strftime(day, sizeof day, lo->day_format != NULL ?
	    lo->day_format : DAYMARK_FORMAT, &tm))
		render_plain(out, day, strlen(day), layout_style(RENDER_BOLD));
	return 3;
}

/* Render a line as the pane shows it; returns the continuation indent. */
int
layout_line(struct layout *lo, const struct scrollback_line *line,
    struct render_text *out)
{
	const char	*who = line->sender;
	unsigned	 nick_attr = 0;
	struct tm	 tm;
	char		 stamp[64], date[64];
	bool		 dated;
	unsigned	 stamp_attr;
	int		 indent;

	render_clear(out);
	if (line->kind == SCROLLBACK_DAY)
		return layout_day(lo, line, out);
	if (lo->time_format != NULL && lo->time_format[0] != '\0' &&
	    localtime_r(&line->time, &tm) != NULL &&
	    layout_strftime(stamp, sizeof stamp, lo->time_format, &tm)) {
		dated = (line->flags & SCROLLBACK_DATED) &&
		    layout_strftime(date, sizeof date, lo->date_format, &tm);
		/* A line we missed and fetched: its time stands out. */
		stamp_attr = (line->flags & SCROLLBACK_MISSED) ? RENDER_BOLD :
		    RENDER_DIM;
		layout_str(out, "[", stamp_attr);
		if (dated) {
			layout_str(out, date, stamp_attr);
			layout_str(out, " ", stamp_attr);
		}
		layout_str(out, stamp, stamp_attr);
		layout_str(out, "] ", stamp_attr);
	}
	if (line->flags & SCROLLBACK_HIGHLIGHT)
		nick_attr |= RENDER_HIGHLIGHT;
	if (line->flags & SCROLLBACK_SELF)
		nick_attr |= RENDER_BOLD;

	switch (line->kind) {
	case SCROLLBACK_MESSAGE:
		layout_str(out, "<", 0);
		layout_nick(lo, out, who, nick_attr);
		layout_str(out, "> ", 0);
		break;
	case SCROLLBACK_ACTION:
		layout_str(out, "* ", 0);
		layout_nick(lo, out, who, nick_attr);
		layout_str(out, " ", 0);
		break;
	case SCROLLBACK_NOTICE:
		layout_str(out, "-", 0);
		layout_nick(lo, out, who, nick_attr);
		layout_str(out, "- ", 0);
		break;
	case SCROLLBACK_ERROR:
		layout_str(out, "!! ", RENDER_BOLD);
		break;
	default:
		layout_str(out, "-- ", RENDER_DIM);
		break;
	}
	indent = cluster_cols(out->text, out->len);

	switch (line->kind) {
	case SCROLLBACK_JOIN:
		layout_nick(lo, out, who, RENDER_DIM);
		layout_str(out, " joined ", RENDER_DIM);
		render_plain(out, line->text, strlen(line->text),
		    layout_style(RENDER_DIM));
		break;
	case SCROLLBACK_PART:
		layout_nick(lo, out, who, RENDER_DIM);
		layout_str(out, " left", RENDER_DIM);
		layout_reason(lo, out, line->text);
		break;
	case SCROLLBACK_QUIT:
		layout_nick(lo, out, who, RENDER_DIM);
		layout_str(out, " quit", RENDER_DIM);
		layout_reason(lo, out, line->text);
		break;
	case SCROLLBACK_NICK:
		layout_nick(lo, out, who, RENDER_DIM);
		layout_str(out, " is now known as ", RENDER_DIM);
		layout_nick(lo, out, line->text, RENDER_DIM);
		break;
	case SCROLLBACK_TOPIC:
		layout_nick(lo, out, who, 0);
		layout_str(out, " set the topic: ", 0);
		layout_text(lo, out, line->text, 0);
		break;
	default:
		layout_text(lo, out, line->text, 0);
		break;
	}
	return indent;
}

/* Rows of a line laid out and wrapped. */
int
layout_measure(const struct scrollback_line *line, int width, void *arg)
{
	struct layout	*lo = arg;
	int		 indent;

	indent = layout_line(lo, line, &lo->scratch);
	return (int)wrap_count(lo->scratch.text, lo->scratch.len, width,
	    indent);
}
