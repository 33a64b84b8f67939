/*
 * The hub: where every client's reader and writer threads meet.
 *
 * A bounded ring of events (messages, joins, parts, nick changes, replies),
 * each with a sequence number, under one mutex and one condition variable.
 * A reader applies a command under the lock, appends the events it caused
 * and broadcasts.  A writer sleeps on the condition variable, collects every
 * event since its cursor that concerns its client, drops the lock and
 * writes them out in one go.  Each event's text is formatted once, when it
 * is appended, whatever the number of recipients.
 *
 * Who an event concerns is decided by the writer from its own view of its
 * client's rooms, which it keeps by applying the client's joins and parts
 * in sequence order.  So the view at event N is exactly the membership the
 * client had when event N was appended: a client gets every event addressed
 * to it while it was there, once and in order, and nothing from before it
 * joined or after it left, without any per-event recipient list.
 *
 * The ring holds at most cap events and max_bytes of text; the oldest go
 * first.  A writer whose cursor has fallen behind the oldest event lost
 * events: its client is disconnected with "SendQ exceeded".
 *
 * This file knows nothing of clients, rooms or sockets (only ids), so the
 * unit tests drive it directly.
 */
#ifndef NATTER_HUB_H
#define NATTER_HUB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "wire.h"

/* Default ring size in events (a power of two) and in bytes of text. */
#define HUB_RING_EVENTS		16384
#define HUB_RING_BYTES		(8u * 1024 * 1024)

/* Who an event is for. */
enum hub_scope {
	HUB_TO_CLIENT,		/* the client `client` */
	HUB_TO_ROOM,		/* every member of `room` */
	HUB_TO_ROOMS,		/* everybody sharing one of `rooms` with `client` */
};

/*
 * The forms an event's text can take, one per set of IRCv3 tags a client
 * asked for; each is formatted once, when the event is appended.
 */
enum hub_dialect {
	HUB_DIALECT_PLAIN,	/* no tags */
	HUB_DIALECT_TIME,	/* @time= (server-time) */
	HUB_DIALECT_TAGS,	/* client tags (message-tags) */
	HUB_DIALECT_TIME_TAGS,	/* both */
	HUB_DIALECT_TEXT,	/* readable lines for the plain door (nc, telnet) */
	HUB_DIALECTS
};

/* One dialect's text: wire lines, CRLF-terminated. */
struct hub_text {
	const char	*s;
	size_t		 len;
};

/* A membership change of `client` in `room` that this event carries. */
enum hub_membership {
	HUB_MEMBER_NONE,
	HUB_MEMBER_JOIN,	/* applied before delivery: the joiner sees it */
	HUB_MEMBER_LEAVE,	/* applied after delivery: the leaver sees it */
};

struct hub_event {
	uint64_t		 seq;
	enum hub_scope		 scope;
	enum hub_membership	 membership;
	uint64_t		 client;	/* target or subject */
	uint64_t		 except;	/* never deliver to this client (0: none) */
	uint64_t		 room;
	uint64_t		*rooms;		/* HUB_TO_ROOMS */
	size_t			 nrooms;
	bool			 to_subject;	/* HUB_TO_ROOMS: `client` gets it too */
	bool			 close_after;	/* the last event for `client` */
	unsigned		 required_caps;	/* only views with all of these get it */
	/* Set by hub_append: */
	char			*block;		/* every dialect's text, stored once */
	size_t			 size;		/* bytes in block */
	struct {
		uint32_t	 off, len;
	}			 text[HUB_DIALECTS];
};

/* A writer's view: its client, the rooms it is in at its cursor. */
struct hub_view {
	uint64_t	client;
	uint64_t	cursor;			/* next sequence number to look at */
	unsigned	caps;			/* matched against required_caps */
	enum hub_dialect dialect;		/* the text form it takes */
	uint64_t	rooms[IRC_CHANLIMIT];
	size_t		nrooms;
};

struct hub {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct hub_event	*ring;
	size_t			 cap;		/* events, a power of two */
	size_t			 max_bytes;
	size_t			 bytes;		/* text bytes held now */
	uint64_t		 head;		/* sequence number of the next event */
	uint64_t		 tail;		/* oldest sequence number still held */
};

/* What hub_collect found. */
enum hub_collect_result {
	HUB_COLLECT_OK,		/* caught up with the head, or out is full */
	HUB_COLLECT_CLOSE,	/* collected the client's last event */
	HUB_COLLECT_LOST,	/* the cursor fell behind the ring: SendQ exceeded */
};

void	hub_init(struct hub *hub, size_t cap, size_t max_bytes);
void	hub_destroy(struct hub *hub);

/* The functions below are called with hub->lock held. */

/*
 * Append an event: a copy of *ev (its rooms array copied too) with the
 * same text for every dialect; returns its sequence number.  The caller
 * broadcasts hub->cond when it has appended everything its command caused.
 */
uint64_t hub_append(struct hub *hub, const struct hub_event *ev,
	    const char *text, size_t len);
/*
 * The same with a text per dialect; texts that are the same string (the
 * same pointer) are stored once.
 */
uint64_t hub_append_dialects(struct hub *hub, const struct hub_event *ev,
	    const struct hub_text texts[HUB_DIALECTS]);
/* Start a view for a new client at the current head: it sees what comes next. */
void	hub_view_init(struct hub *hub, struct hub_view *view, uint64_t client);
/* True when events the view has not looked at yet are in the ring. */
bool	hub_view_pending(const struct hub *hub, const struct hub_view *view);
/*
 * Append to out the text of every event since the view's cursor that
 * concerns the view's client, keeping its room membership up to date, and
 * advance the cursor.  Stops after the client's close_after event, and once
 * out holds limit bytes: a writer keeps only a small batch of its own, so
 * a client that does not read stays behind in the ring, where the ring's
 * bound applies, instead of piling copies up in its writer.
 */
enum hub_collect_result hub_collect(struct hub *hub, struct hub_view *view,
	    struct buffer *out, size_t limit);

#endif
