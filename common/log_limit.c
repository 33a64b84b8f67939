/* A bound on log lines of one kind (see log_limit.h). */
#include "log_limit.h"

void
log_limit_init(struct log_limit *l)
{
	l->start = 0;
	l->logged = 0;
	l->held = 0;
}

/* Has the window that started at l->start ended by now? */
static bool
log_limit_ended(const struct log_limit *l, time_t now)
{
	return now < l->start || now - l->start >= LOG_LIMIT_SECONDS;
}

bool
log_limit_allow(struct log_limit *l, time_t now)
{
	/* A new window; what the old one held back is log_limit_over's. */
	if (l->held == 0 && log_limit_ended(l, now)) {
		l->start = now;
		l->logged = 0;
	}
	if (l->logged < LOG_LIMIT_BURST && l->held == 0) {
		l->logged++;
		return true;
	}
	l->held++;
	return false;
}

unsigned
log_limit_over(struct log_limit *l, time_t now)
{
	unsigned held = l->held;

	if (held == 0 || !log_limit_ended(l, now))
		return 0;
	l->held = 0;
	l->start = now;
	l->logged = 0;
	return held;
}

time_t
log_limit_due(const struct log_limit *l)
{
	return l->held == 0 ? 0 : l->start + LOG_LIMIT_SECONDS;
}
