/*
 * Searching a window's scrollback: /lastlog (the matching lines listed,
 * the matches highlighted) and the incremental search of Ctrl-R and
 * Ctrl-S, which scrolls the pane to each match.  A line matches when its
 * nick or its text holds the query, ASCII case ignored.  Plain C, no
 * curses; unit-tested.
 */
#ifndef NATTER_SEARCH_H
#define NATTER_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scrollback.h"

/* Lines /lastlog lists at most. */
#define SEARCH_LASTLOG_MAX	1000

/* Whether line matches query (never a day-change line, nor /lastlog's
 * own output). */
bool	search_matches(const struct scrollback_line *line, const char *query);
/* The nearest matching line from index from (itself included) towards
 * older lines (dir < 0) or newer ones (dir > 0); -1 when there is none. */
ssize_t	search_next(const struct scrollback *sb, const char *query,
	    ssize_t from, int dir);
/* The last n matching lines, oldest first, into out (room for n);
 * returns how many. */
size_t	search_last(const struct scrollback *sb, const char *query, size_t n,
	    size_t *out);
/* text with each match of query between mIRC reverse codes (\x16), so
 * that render.c shows it highlighted; cut to size. */
void	search_mark(const char *text, const char *query, char *out,
	    size_t size);

#endif
