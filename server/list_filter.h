/*
 * LIST's search terms (ELIST=CMNTU in 005, as the Modern IRC documents
 * give them): a comma-separated list of
 *
 *	mask, !mask	room names matching (any of the masks) / matching none
 *	<n, >n		fewer / more than n members
 *	C<n, C>n	made less / more than n minutes ago
 *	T<n, T>n	topic set less / more than n minutes ago (rooms
 *			without a topic match neither)
 *
 * A room is listed when it passes every term.  Plain functions, no I/O.
 */
#ifndef NATTER_LIST_FILTER_H
#define NATTER_LIST_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Terms of one LIST kept at most; more are ignored. */
#define LIST_FILTER_TERMS	8

struct list_filter {
	const char	*masks[LIST_FILTER_TERMS];	/* any of them */
	size_t		 nmasks;
	const char	*not_masks[LIST_FILTER_TERMS];	/* none of them */
	size_t		 nnot;
	long		 users_min, users_max;	/* -1: no bound (exclusive) */
	long		 created_min, created_max;	/* minutes ago, -1: none */
	long		 topic_min, topic_max;
};

/*
 * Parse the terms of s (changed in place; f points into it).  False when s
 * holds no search term at all (only room names: LIST #a,#b).
 */
bool	list_filter_parse(struct list_filter *f, char *s);
/* Whether a room passes: name, members, creation and topic time (0: no
 * topic), now. */
bool	list_filter_match(const struct list_filter *f, const char *name,
	    size_t members, time_t created, time_t topic_time, time_t now);

#endif
