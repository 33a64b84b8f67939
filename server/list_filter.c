/* LIST's search terms (ELIST). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "irc_mask.h"
#include "list_filter.h"

/* A number after a '<' or '>', 0 to LONG_MAX: its value, or -2 when malformed. */
static long
list_filter_number(const char *s)
{
	const char *error;
	long long n;

	/* strtonum would take leading blanks and a sign too. */
	if (*s < '0' || *s > '9')
		return -2;
	n = strtonum(s, 0, LONG_MAX, &error);
	return error == NULL ? (long)n : -2;
}

/* Set *lo or *hi from "<n" or ">n"; false when malformed. */
static bool
list_filter_bound(const char *term, long *lo, long *hi)
{
	long n = list_filter_number(term + 1);

	if (n == -2)
		return false;
	if (term[0] == '>')
		*lo = n;
	else
		*hi = n;
	return true;
}

bool
list_filter_parse(struct list_filter *f, char *s)
{
	bool any = false;
	char *term;

	memset(f, 0, sizeof *f);
	f->users_min = f->users_max = -1;
	f->created_min = f->created_max = -1;
	f->topic_min = f->topic_max = -1;
	while ((term = strsep(&s, ",")) != NULL) {
		if (term[0] == '<' || term[0] == '>')
			any |= list_filter_bound(term, &f->users_min,
			    &f->users_max);
		else if ((term[0] == 'C' || term[0] == 'c') &&
		    (term[1] == '<' || term[1] == '>'))
			any |= list_filter_bound(term + 1, &f->created_min,
			    &f->created_max);
		else if ((term[0] == 'T' || term[0] == 't') &&
		    (term[1] == '<' || term[1] == '>'))
			any |= list_filter_bound(term + 1, &f->topic_min,
			    &f->topic_max);
		else if (term[0] == '!' && term[1] != '\0') {
			if (f->nnot < LIST_FILTER_TERMS)
				f->not_masks[f->nnot++] = term + 1;
			any = true;
		} else if (term[0] != '\0') {
			if (f->nmasks < LIST_FILTER_TERMS)
				f->masks[f->nmasks++] = term;
			any |= irc_mask_is_wild(term);
		}
	}
	return any;
}

/* The most minutes that still fit a time_t in seconds. */
#define LIST_FILTER_MINUTES_MAX	(LONG_MAX / 60)

/* Whether age (seconds) is within "more than lo, less than hi" minutes. */
static bool
list_filter_age(time_t age, long lo, long hi)
{
	/* Past LIST_FILTER_MINUTES_MAX, lo * 60 would overflow: no age is that old. */
	if (lo >= 0 && (lo > LIST_FILTER_MINUTES_MAX || age <= (time_t)lo * 60))
		return false;
	if (hi >= 0 && hi <= LIST_FILTER_MINUTES_MAX && age >= (time_t)hi * 60)
		return false;
	return true;
}

bool
list_filter_match(const struct list_filter *f, const char *name,
    size_t members, time_t created, time_t topic_time, time_t now)
{
	size_t i;
	bool hit;

	if (f->nmasks > 0) {
		for (hit = false, i = 0; i < f->nmasks && !hit; i++)
			hit = irc_mask_match(f->masks[i], name);
		if (!hit)
			return false;
	}
	for (i = 0; i < f->nnot; i++)
		if (irc_mask_match(f->not_masks[i], name))
			return false;
	if (f->users_min >= 0 && members <= (size_t)f->users_min)
		return false;
	if (f->users_max >= 0 && members >= (size_t)f->users_max)
		return false;
	if (!list_filter_age(now - created, f->created_min, f->created_max))
		return false;
	if (f->topic_min >= 0 || f->topic_max >= 0) {
		if (topic_time == 0)
			return false;
		if (!list_filter_age(now - topic_time, f->topic_min,
		    f->topic_max))
			return false;
	}
	return true;
}
