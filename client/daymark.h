/*
 * Days in a window: a line from another day than the one before it gets
 * a day-change line above it ("-- Friday 4 December 2026"), and a
 * replayed line from a day other than today shows its date beside the
 * time.  Local time, as the timestamps.  A day is kept as the range
 * [start, end) of its seconds, so most lines are placed without a call
 * to localtime.  Plain C, no curses; unit-tested.
 */
#ifndef NATTER_DAYMARK_H
#define NATTER_DAYMARK_H

#include <stdbool.h>
#include <time.h>

/* The day-change line's format unless the config says otherwise. */
#define DAYMARK_FORMAT		"%A %-d %B %Y"
/* The date a line of another day shows before its time. */
#define DAYMARK_DATE_FORMAT	"%Y-%m-%d"

/* The day of the last line placed; start == end before the first. */
struct daymark {
	time_t	start;
	time_t	end;
};

/* Set d to the local day holding t. */
void	daymark_set(struct daymark *d, time_t t);
/* True if t is on the day d holds. */
bool	daymark_holds(const struct daymark *d, time_t t);
/*
 * A line stamped t is placed after those d has seen: true when it is on
 * another day than the last (not for the first line); d then holds t's
 * day.
 */
bool	daymark_next(struct daymark *d, time_t t);

#endif
