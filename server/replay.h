/*
 * History replay: what a client joining a room is shown of what was said
 * there before.  Called with hub.lock held.
 */
#ifndef NATTER_REPLAY_H
#define NATTER_REPLAY_H

struct client;
struct room;

/*
 * Send c the room's history: inside a chathistory batch with each line's
 * original time (server-time) when c has batch and server-time, else as
 * one clearly marked block of NOTICEs from the server with the time in the
 * text.  Nothing when the history is empty.
 */
void	replay_history(struct client *c, const struct room *r);

#endif
