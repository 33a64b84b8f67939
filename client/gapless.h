/*
 * Gapless reconnect with IRCv3 draft/chathistory: natter remembers, per
 * room, the msgid and time of the last line it saw; after a reconnect it
 * rejoins and asks for what came after (CHATHISTORY AFTER #room
 * msgid=... , else timestamp=...), page after page while pages come back
 * full, and shows each line once (dedupe.h), between a "Missed while you
 * were away" line and an "End of N missed lines" line, flagged
 * SCROLLBACK_MISSED (news for the activity list, logged).
 *
 * A server may also replay some history by itself on every join; that
 * replay would come before the answer and could only show the tail of
 * the gap, out of order.  So the requests follow a PING fence: a
 * chathistory batch for the room before the fence's PONG is the server's
 * own replay and is left out (the answer has all of it), the first one
 * after it is the answer.  Servers without the capability replay as they
 * do, and dedupe.h drops what is already shown.
 *
 * A server with the capability may replay nothing by itself (natterd
 * leaves it to the client), so joining a room natter knows nothing of
 * asks for its latest lines (CHATHISTORY LATEST), behind a fence too,
 * shown as an ordinary replay.  No curses; unit-tested.
 */
#ifndef NATTER_GAPLESS_H
#define NATTER_GAPLESS_H

#include <stdbool.h>
#include <stddef.h>

struct irc_message;
struct session;
struct session_batch;
struct window;

/* Lines asked for at once (fewer when ISUPPORT CHATHISTORY says so),
 * and pages at most after one reconnect. */
#define GAPLESS_PAGE		100
#define GAPLESS_PAGES		10
/* The PING token of the fence. */
#define GAPLESS_FENCE		"natter-chathistory"

/* Where a room is in fetching what it missed. */
enum gapless_state {
	GAPLESS_NONE,
	GAPLESS_FENCE_WAIT,	/* asked; the server's own replay is dropped */
	GAPLESS_ANSWER,		/* the next chathistory batch is the answer */
};

/* What a batch's lines are to us. */
enum gapless_mode {
	GAPLESS_LINES,		/* ordinary (live or a plain replay) */
	GAPLESS_DROP,		/* the server's own replay during a fetch */
	GAPLESS_MISSED,		/* the answer: lines we missed */
	GAPLESS_LATEST,		/* the answer to LATEST: a room's recent past */
};

/* A line of room w carried these tags: remember them as the last seen. */
void	gapless_seen(struct window *w, const struct irc_message *msg);
/* After the rejoin's JOINs: the fence and a request for each room that
 * saw lines before (with the capability). */
void	gapless_request(struct session *s);
/* We are in room w (our JOIN came back): without a fetch under way, ask
 * for its latest lines (with the capability). */
void	gapless_joined(struct session *s, struct window *w);
/* A PONG with token: past the fence? */
void	gapless_pong(struct session *s, const char *token);
/* A batch of type for target starts: how to take its lines. */
enum gapless_mode gapless_batch_start(struct session *s, const char *type,
	    const char *target);
/* A batch ends (its mode, target, lines and last msgid): the closing
 * line, or the next page. */
void	gapless_batch_end(struct session *s, const struct session_batch *b);
/* A FAIL CHATHISTORY, or the connection gone: nothing is being fetched. */
void	gapless_reset(struct session *s);

#endif
