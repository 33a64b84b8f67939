/*
 * History replay: what a client joining a room is shown of what was said
 * there before.  Called with hub.lock held.
 */
#ifndef NATTER_REPLAY_H
#define NATTER_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct client;
struct history_entry;
struct room;

/*
 * The most text a replay sends: the newest lines of a room's history that
 * fit (counted as stored, with their tags).  One replay is one event in
 * the hub's ring, and a JOIN of IRC_CHANLIMIT rooms is this many times
 * that: within the ring's bytes, so that no joiner laps anybody, itself
 * included.  --history beyond what fits costs memory and gains nothing.
 */
#define REPLAY_MAX_BYTES	(256 * 1024)
/* Bytes a replayed line may add to its stored text (time, msgid, batch). */
#define REPLAY_LINE_EXTRA	128

/*
 * Send c the room's history: inside a chathistory batch with each line's
 * original time (server-time) when c has batch and server-time, else as
 * one clearly marked block of NOTICEs from the server with the time in the
 * text.  Nothing when the history is empty.  At most the newest
 * REPLAY_MAX_BYTES of it.
 */
void	replay_history(struct client *c, const struct room *r);
/*
 * Count entry e into *bytes, a replay's running total (CHATHISTORY's
 * too), as stored with its tags and REPLAY_LINE_EXTRA; false, counting
 * nothing, when it would go past REPLAY_MAX_BYTES.
 */
bool	replay_fits(size_t *bytes, const struct history_entry *e);

#endif
