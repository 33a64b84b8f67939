/*
 * The incremental search of Ctrl-R (back) and Ctrl-S (forward), as in
 * catgirl and readline: the query is typed on the input line, and each
 * key scrolls the pane to the nearest line that matches (search.h),
 * marked; Ctrl-R and Ctrl-S again go on to the next older or newer one;
 * Enter leaves the view there, Esc puts it back as it was.  Plain C, no
 * curses; unit-tested.
 */
#ifndef NATTER_ISEARCH_H
#define NATTER_ISEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "scrollback.h"

/* The longest query. */
#define ISEARCH_QUERY_MAX	128

struct isearch {
	bool		 active;
	int		 dir;		/* -1 back, 1 forward */
	char		 query[ISEARCH_QUERY_MAX];
	ssize_t		 at;		/* the match shown, -1 none */
	bool		 failed;	/* nothing matches from there */
	/* The view before the search, for Esc. */
	bool		 was_bottom;
	uint64_t	 was_seq;
	int		 was_row;
};

/* Start searching sb in dir from its newest (back) or oldest line. */
void	isearch_start(struct isearch *is, struct scrollback *sb, int dir);
/* Add typed text to the query and find it from the current match on. */
void	isearch_type(struct isearch *is, struct scrollback *sb,
	    const char *text, size_t len);
/* Take the last character off the query and find it again from the
 * start. */
void	isearch_backspace(struct isearch *is, struct scrollback *sb);
/* The next match in dir (Ctrl-R, Ctrl-S while searching). */
void	isearch_again(struct isearch *is, struct scrollback *sb, int dir);
/* Leave the search: keep the view (Enter) or put it back (Esc). */
void	isearch_end(struct isearch *is, struct scrollback *sb, bool keep);
/* What the input line shows while searching. */
void	isearch_prompt(const struct isearch *is, char *out, size_t size);

#endif
