/*
 * The client's one loop: poll(2) over the terminal, the connection and a
 * self-pipe that signal handlers write to, with timers (coalesced
 * redraws, reconnecting with back-off, keepalive, the second C-c).
 */
#ifndef NATTER_CHAT_H
#define NATTER_CHAT_H

struct options;

/* Chat until /quit, C-c twice or SIGTERM; returns the exit status. */
int	chat_run(const struct options *opt);

#endif
