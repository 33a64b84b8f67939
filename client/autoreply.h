/*
 * How often natter may answer by itself (CTCP VERSION, PING, TIME): a
 * stranger must not be able to make it send so much that the server
 * throttles, or disconnects it for Excess Flood, nor to use up the room
 * the user has for their own lines.
 *
 * Three budgets, each a timer in the RFC 1459 penalty style (a line moves
 * it one interval ahead of the clock; it may run at most a burst of lines
 * ahead):
 *  - per sender: a few answers, then one every AUTOREPLY_SENDER_MS;
 *  - in all: a few answers, then one every AUTOREPLY_TOTAL_MS;
 *  - everything natter sends once registered, the user's lines included,
 *    modelled as a strict server would count it (AUTOREPLY_SEND_MS a
 *    line): an answer is only sent while that leaves the user most of the
 *    burst, so the user's lines always come first.
 *
 * The clock is passed in (milliseconds, monotonic), so tests drive it.
 * Memory is fixed: AUTOREPLY_SENDERS senders are remembered at most.
 */
#ifndef NATTER_AUTOREPLY_H
#define NATTER_AUTOREPLY_H

#include <stdbool.h>
#include <stdint.h>

/* Per sender: AUTOREPLY_SENDER_BURST answers at once, then one per
 * AUTOREPLY_SENDER_MS. */
#define AUTOREPLY_SENDER_MS	30000
#define AUTOREPLY_SENDER_BURST	2
/* In all: AUTOREPLY_TOTAL_BURST at once, then one per AUTOREPLY_TOTAL_MS. */
#define AUTOREPLY_TOTAL_MS	10000
#define AUTOREPLY_TOTAL_BURST	3
/* What a line costs a strict server's flood counter (RFC 1459: 2 s), and
 * how far ahead of the clock answers may take it (of the 10 s such a
 * server allows, 6 s stay the user's). */
#define AUTOREPLY_SEND_MS	2000
#define AUTOREPLY_SEND_AHEAD_MS	4000
/* Senders remembered; a new one takes the place of the one whose timer
 * ran out first. */
#define AUTOREPLY_SENDERS	16

struct autoreply_sender {
	char		nick[64];	/* "" when free */
	int64_t		timer;
};

struct autoreply {
	int64_t			 total;		/* in all */
	int64_t			 sent;		/* everything we send */
	struct autoreply_sender	 senders[AUTOREPLY_SENDERS];
};

void	autoreply_init(struct autoreply *a);
/* May we answer nick now?  If so, the answer is counted against the
 * sender's and the total budget; sending it calls autoreply_sent. */
bool	autoreply_allow(struct autoreply *a, const char *nick, int64_t now);
/* A line of any kind was sent at now (the user's, an answer, PONG...). */
void	autoreply_sent(struct autoreply *a, int64_t now);

#endif
