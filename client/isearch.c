/* Incremental search; see isearch.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "isearch.h"
#include "scrollback.h"
#include "search.h"
#include "utf8.h"

/* Find the query from line from in is->dir and show it. */
static void
isearch_find(struct isearch *is, struct scrollback *sb, ssize_t from)
{
	ssize_t	i;

	if (is->query[0] == '\0') {
		is->failed = false;
		return;
	}
	i = search_next(sb, is->query, from, is->dir);
	is->failed = i < 0;
	if (i < 0)
		return;
	is->at = i;
	scrollback_show(sb, (size_t)i);
}

/* Start. */
void
isearch_start(struct isearch *is, struct scrollback *sb, int dir)
{
	memset(is, 0, sizeof *is);
	is->active = true;
	is->dir = dir < 0 ? -1 : 1;
	is->at = -1;
	is->was_bottom = sb->at_bottom;
	is->was_seq = sb->top_seq;
	is->was_row = sb->top_row;
}

/* The line a search from scratch starts at. */
static ssize_t
isearch_origin(const struct isearch *is, const struct scrollback *sb)
{
	return is->dir < 0 ? (ssize_t)scrollback_count(sb) - 1 : 0;
}

/* More of the query. */
void
isearch_type(struct isearch *is, struct scrollback *sb, const char *text,
    size_t len)
{
	size_t	have = strlen(is->query);

	if (have + len >= sizeof is->query)
		return;
	memcpy(is->query + have, text, len);
	is->query[have + len] = '\0';
	isearch_find(is, sb, is->at >= 0 ? is->at : isearch_origin(is, sb));
}

/* Less of the query. */
void
isearch_backspace(struct isearch *is, struct scrollback *sb)
{
	size_t	len = strlen(is->query);

	if (len == 0)
		return;
	/* Back to the start of the last UTF-8 character. */
	while (len > 0 && ((unsigned char)is->query[--len] & 0xc0) == 0x80)
		;
	is->query[len] = '\0';
	is->at = -1;
	isearch_find(is, sb, isearch_origin(is, sb));
}

/* The next match. */
void
isearch_again(struct isearch *is, struct scrollback *sb, int dir)
{
	is->dir = dir < 0 ? -1 : 1;
	if (is->at < 0)
		isearch_find(is, sb, isearch_origin(is, sb));
	else
		isearch_find(is, sb, is->at + is->dir);
}

/* Leave. */
void
isearch_end(struct isearch *is, struct scrollback *sb, bool keep)
{
	scrollback_unmark(sb);
	if (!keep) {
		if (is->was_bottom)
			scrollback_scroll_bottom(sb);
		else {
			sb->at_bottom = false;
			sb->top_seq = is->was_seq;
			sb->top_row = is->was_row;
		}
	}
	is->active = false;
}

/* The prompt. */
void
isearch_prompt(const struct isearch *is, char *out, size_t size)
{
	snprintf(out, size, "%ssearch %s: %s", is->failed ? "failing " : "",
	    is->dir < 0 ? "back (C-r)" : "forward (C-s)", is->query);
}
