/*
 * A bound on log lines of one kind: a flood of ten thousand refused
 * connections must not write ten thousand lines to syslog.  The first
 * LOG_LIMIT_BURST lines of each LOG_LIMIT_SECONDS window are logged; the
 * rest are only counted, and said as one line once the window is over.
 *
 * The caller brings the clock (tests bring their own) and does the
 * logging: log_limit_allow says whether this line may go out,
 * log_limit_over how many were held back in a window that has ended.
 * Not thread-safe: one limit per thread, or under the caller's lock.
 */
#ifndef NATTER_LOG_LIMIT_H
#define NATTER_LOG_LIMIT_H

#include <stdbool.h>
#include <time.h>

#define LOG_LIMIT_BURST		10
#define LOG_LIMIT_SECONDS	10

struct log_limit {
	time_t		start;		/* the current window's first second */
	unsigned	logged;		/* lines allowed in it */
	unsigned	held;		/* lines held back in it */
};

/* A limit with nothing logged yet. */
void		log_limit_init(struct log_limit *l);
/* May a line be logged at now?  Counts it either way. */
bool		log_limit_allow(struct log_limit *l, time_t now);
/*
 * Lines held back in a window that is over by now (and forget them);
 * 0 while the window runs or when nothing was held back.
 */
unsigned	log_limit_over(struct log_limit *l, time_t now);
/* When log_limit_over will have something to say, or 0: nothing held. */
time_t		log_limit_due(const struct log_limit *l);

#endif
