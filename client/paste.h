/*
 * A paste of several lines, sent safely: natter first asks ("Send 12
 * lines to #room? Enter/Esc", irssi's paste_verify), then sends the lines
 * paced, a burst and then a steady rate, so that no server's flood limit
 * (InspIRCd's RecvQ, natterd's --flood-rate, "Excess Flood") kills the
 * connection and every line with it.  Esc stops what is left, and the
 * user is told how many lines went and how many did not: no line is ever
 * lost silently.  Plain C, no curses, no clock of its own (times are
 * given in ms); unit-tested.
 */
#ifndef NATTER_PASTE_H
#define NATTER_PASTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines sent at once before the pace starts, and lines a second after. */
#define PASTE_BURST		5
#define PASTE_RATE		2
/* Lines a paste may have; more are not sent, and the question says so. */
#define PASTE_LINES_MAX		1000

enum paste_state {
	PASTE_IDLE,
	PASTE_ASKING,		/* waiting for Enter or Esc */
	PASTE_SENDING,
};

struct paste {
	enum paste_state state;
	char		**lines;	/* the non-empty lines, in order */
	size_t		 count;
	size_t		 dropped;	/* lines past PASTE_LINES_MAX */
	size_t		 sent;
	char		*target;	/* the window's name when pasted */
	int		 burst;		/* PASTE_BURST unless configured */
	int		 rate;		/* lines a second, >= 1 */
	int64_t		 clock;		/* ms: the pacing's virtual time */
};

/* Idle, with the given pace (<= 0: the defaults). */
void	paste_init(struct paste *p, int burst, int rate);
/* Forget any paste. */
void	paste_free(struct paste *p);
/*
 * A paste of text (lines split at LF, a CR before it dropped, blank lines
 * left out) for the window target: with more than one line it waits for
 * the user's answer (PASTE_ASKING, true); a single line is left to the
 * caller to insert (false).
 */
bool	paste_offer(struct paste *p, const char *text, size_t len,
	    const char *target);
/* The user said yes at time now: sending starts. */
void	paste_confirm(struct paste *p, int64_t now);
/* The next line to send at time now, or NULL when it is not due yet or
 * none is left (sent == count: the caller ends it with paste_cancel,
 * which counts the lines past the cap).  The pointer stays valid until
 * the paste ends. */
const char *paste_next(struct paste *p, int64_t now);
/* When the next line is due (ms), -1 when not sending. */
int64_t	paste_due(const struct paste *p);
/* Esc: stop; returns the lines not sent. */
size_t	paste_cancel(struct paste *p);
/* Lines not sent yet. */
size_t	paste_left(const struct paste *p);

#endif
