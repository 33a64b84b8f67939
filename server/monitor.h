/*
 * IRCv3 MONITOR: a client names nicks it wants to know about and is told
 * when each comes online (730) or goes (731): at registration, at a nick
 * change (not one of case only), at the end of the connection.  With
 * extended-monitor it also gets what the monitored do that it would see
 * sharing a room with them (AWAY with away-notify, SETNAME with setname).
 *
 * The server maps each monitored folded nick to its watchers; a client
 * keeps its own list (the nicks as given, at most MONITOR_MAX).  Only
 * nicks: masks are refused, so nobody can follow a person across nicks.
 * Called with hub.lock held.
 */
#ifndef NATTER_MONITOR_H
#define NATTER_MONITOR_H

#include <stdbool.h>

struct client;
struct relay;
struct server;

/* c (registered, or with a new nick) is online: tell its watchers. */
void	monitor_online(struct server *s, const struct client *c);
/* Nobody has nick any more: tell its watchers. */
void	monitor_offline(struct server *s, const char *nick);
/* c leaves: take it off every list it watched, free its own. */
void	monitor_forget(struct client *c);
/*
 * extended-monitor: send r, something actor did, to its watchers with the
 * cap and required_caps that share no room with it (those do get it).
 */
void	monitor_relay(struct client *actor, const struct relay *r,
	    unsigned required_caps);
/* Free the server's map of watched nicks (every client gone). */
void	monitor_free(struct server *s);

#endif
