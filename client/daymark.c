/* Days in a window; see daymark.h. */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "daymark.h"

/* The local day holding t. */
void
daymark_set(struct daymark *d, time_t t)
{
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL) {
		d->start = t;
		d->end = t + 1;
		return;
	}
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	d->start = mktime(&tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	d->end = mktime(&tm);
	/* A day that mktime cannot place still holds t. */
	if (d->start == (time_t)-1 || d->start > t)
		d->start = t;
	if (d->end == (time_t)-1 || d->end <= t)
		d->end = t + 1;
}

/* Is t on d's day? */
bool
daymark_holds(const struct daymark *d, time_t t)
{
	return t >= d->start && t < d->end;
}

/* Place a line; true on a change of day. */
bool
daymark_next(struct daymark *d, time_t t)
{
	bool	first = d->start == d->end;

	if (!first && daymark_holds(d, t))
		return false;
	daymark_set(d, t);
	return !first;
}
