/*
 * How often natter may answer by itself; see autoreply.h.
 */
#include <string.h>

#include "autoreply.h"
#include "irc_names.h"

void
autoreply_init(struct autoreply *a)
{
	memset(a, 0, sizeof *a);
}

/* Whether a timer may take one more line of interval ms without running
 * more than ahead ms in front of now; if so, it does. */
static bool
autoreply_take(int64_t *timer, int64_t now, int64_t interval, int64_t ahead)
{
	int64_t	t = *timer < now ? now : *timer;

	if (t + interval - now > ahead)
		return false;
	*timer = t + interval;
	return true;
}

/* The sender's slot: its own, else a free one or the one whose timer
 * runs out first (a flooder using many nicks only makes room for itself
 * that way; the budget in all still holds). */
static struct autoreply_sender *
autoreply_sender(struct autoreply *a, const char *nick)
{
	struct autoreply_sender	*oldest = &a->senders[0];
	size_t			 i;

	for (i = 0; i < AUTOREPLY_SENDERS; i++) {
		if (a->senders[i].nick[0] != '\0' &&
		    irc_casecmp(a->senders[i].nick, nick) == 0)
			return &a->senders[i];
		if (a->senders[i].timer < oldest->timer)
			oldest = &a->senders[i];
	}
	strlcpy(oldest->nick, nick, sizeof oldest->nick);
	oldest->timer = 0;
	return oldest;
}

/* May we answer nick now? */
bool
autoreply_allow(struct autoreply *a, const char *nick, int64_t now)
{
	struct autoreply_sender	*s;
	int64_t			 sent = a->sent;

	/* The answer, once sent, is counted by autoreply_sent; here we only
	 * look whether it would fit. */
	if (!autoreply_take(&sent, now, AUTOREPLY_SEND_MS,
	    AUTOREPLY_SEND_AHEAD_MS))
		return false;
	s = autoreply_sender(a, nick);
	sent = s->timer;
	if (!autoreply_take(&s->timer, now, AUTOREPLY_SENDER_MS,
	    (int64_t)AUTOREPLY_SENDER_MS * AUTOREPLY_SENDER_BURST))
		return false;
	if (!autoreply_take(&a->total, now, AUTOREPLY_TOTAL_MS,
	    (int64_t)AUTOREPLY_TOTAL_MS * AUTOREPLY_TOTAL_BURST)) {
		s->timer = sent;	/* refused: not counted */
		return false;
	}
	return true;
}

/* A line was sent. */
void
autoreply_sent(struct autoreply *a, int64_t now)
{
	if (a->sent < now)
		a->sent = now;
	a->sent += AUTOREPLY_SEND_MS;
}
