/*
 * Relayed messages: what one client's command makes others see (JOIN,
 * PRIVMSG, NICK, QUIT ...).  A relay is formatted once per dialect (with
 * and without @time=, with and without client tags) and handed to the hub
 * as one event, whatever the number of recipients.  Called with hub.lock
 * held.
 */
#ifndef NATTER_RELAY_H
#define NATTER_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "hub.h"
#include "wire.h"

struct client;
struct room;

struct relay {
	char		 line[IRC_LINE_MAX + 1];	/* the plain line, CRLF included */
	size_t		 len;
	int64_t		 time_ms;	/* when it happened, Unix ms */
	uint64_t	 msgid;		/* its IRCv3 msgid (msgid.h) */
	const char	*client_tags;	/* "+a=b;+c" as received, or NULL */
	/* What message-tags clients get besides time: "msgid=<id>[;+a=b...]",
	 * as history keeps it. */
	struct buffer	 tags;
	struct buffer	 tagged;	/* the tagged dialects' text */
	struct buffer	 words;		/* the plain door's text ("[12:04] <alice> hi") */
	struct hub_text	 text[HUB_DIALECTS];
};

/*
 * Format "source command params..." (the last param cut to fit) for every
 * dialect, with a new msgid; the msgid and client_tags (may be NULL) go
 * only to clients with message-tags.
 */
void	relay_init(struct relay *r, const char *source, const char *command,
	    size_t nparams, const char *const params[], const char *client_tags);
void	relay_free(struct relay *r);
/* The current time as an IRCv3 server-time value into buf (32 bytes). */
void	relay_format_time(int64_t time_ms, char *buf, size_t size);

/* Send r to one client (after actor's queued replies). */
void	relay_to_client(struct client *actor, struct client *to,
	    const struct relay *r, unsigned required_caps);
/* Send actor its own message back (echo-message), labeled if its command is. */
void	relay_echo(struct client *actor, const struct relay *r,
	    unsigned required_caps);
/*
 * Send r to every member of room but `except` (may be NULL); when subject
 * is not NULL the event also makes it join or leave the room, and the
 * other members' writers take it lazily (struct hub_event).
 */
void	relay_to_room(struct client *actor, struct room *room,
	    const struct client *except, enum hub_membership change,
	    struct client *subject, const struct relay *r,
	    unsigned required_caps);
/*
 * Send r to everybody sharing a room with actor, and to actor if to_self;
 * the others' writers take it lazily (a quit, a nick change, away).
 */
void	relay_to_peers(struct client *actor, bool to_self,
	    const struct relay *r, unsigned required_caps);

#endif
