/*
 * The hub: where every client's reader and writer threads meet.
 *
 * A bounded ring of events (messages, joins, parts, nick changes, replies),
 * each with a sequence number, under one mutex.  A reader applies a command
 * under the lock and appends the events it caused; a writer sleeps until an
 * event concerns its client, collects what is pending, drops the lock and
 * writes it out in one go.  Each event's text is formatted once, when it is
 * appended, whatever the number of recipients.
 *
 * Who an event concerns is decided once, when it is appended: the hub keeps
 * its own mirror of room membership (a member list per room, a room list
 * per view), changed by the join and leave events themselves in sequence
 * order, and queues the event's sequence number on each recipient's view.
 * So a client gets every event addressed to it while it was there, once and
 * in order, and nothing from before it joined or after it left.
 *
 * Only the writers an event concerns wake up (a private message does not
 * wake the whole server), after the appender has dropped the lock
 * (hub_unlock), so they do not pile up on the mutex.  Writers sleep on
 * wake words (wake_word.h: futex words on Linux, condition variables on
 * the portable path).  Each sleeps on two at once where it can: its own
 * slot, one of HUB_WAKE_SLOTS words chosen round-robin, and one for
 * everybody.  An event for a few rings their slots; an event for most
 * writers (a message to a room everybody is in) rings the one for
 * everybody, a single system call that wakes them all before any runs:
 * waking a thousand writers one by one let each preempt the waker in turn,
 * two context switches per delivery.  Where a writer sleeps on its slot
 * alone, every slot is rung instead.  The words live as long as the hub,
 * so ringing one after unlocking is safe even if its client is gone by
 * then.
 *
 * The ring holds at most cap events and max_bytes of text; the oldest go
 * first.  An event's text is freed once every view it concerns took it,
 * so memory follows what is still undelivered, not the ring's size.  A
 * view whose oldest pending event was evicted lost events: its client is
 * disconnected with "SendQ exceeded".
 *
 * Fairness: an event some view has yet to take is not evicted before it
 * is HUB_FAIR_MS old, so however fast others append, every writer gets
 * that long to take what is addressed to it; a slow reader is one that
 * did not.  The byte cap gives way to that (the slot count cannot: when
 * every slot is young and pending, the oldest goes after all).  What keeps
 * the ring within its bounds is that appenders wait their turn: a reader
 * runs its client's next command only once hub_make_room finds room for
 * it, and while its client's own backlog (hub_view_backlog) is within the
 * client's budget (see client_input.c).  While the ring is short of room,
 * lazy events wake their writers at once.
 *
 * The lock: hub.lock is natterd's one big lock, not only the ring's.  It
 * guards the ring and the views, and also everything of the server's that
 * threads share: the client and nick tables, rooms and their members,
 * topics and modes, history, WHOWAS, the counts per address (server.h,
 * client.h, room.h say "protected by hub.lock").  A reader takes it to
 * run each line, a writer to collect its events and sleeps without it;
 * the listener takes it to admit a connection.  No socket is read or
 * written with it held (a send may block).  The one lock order: the state
 * dir's own locks are taken while holding it, never the other way round
 * (state_dir.h: appends are quick; the sync thread syncs and compacts
 * without hub.lock).  Never held together with it: the sync thread's
 * sync_lock (server.c: only the stop flag and its wake-up; at shutdown
 * hub.lock is taken after that thread is joined), each client's send_lock
 * (transport.h: a writer sends after it dropped hub.lock) and the TLS
 * certificate's lock (tls.c: taken before a connection is admitted and
 * after it ended).
 *
 * This file knows nothing of clients, rooms or sockets (a client owns a
 * view, a room a hub_room), so the unit tests drive it directly.
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
/*
 * Wake words writers sleep on (a power of two): with fewer clients than
 * slots each writer has its own, beyond that a wake-up also wakes the few
 * others that share the slot; they find nothing and sleep.
 */
#define HUB_WAKE_SLOTS		2048
/* Slots hub_unlock wakes per round, with the lock dropped. */
#define HUB_WAKE_BATCH		64
/*
 * How long a lazy event (see struct hub_event) may wait for its writers:
 * short for a person, long enough that a thousand clients joining within
 * it cost each writer one wake-up, not a thousand.
 */
#define HUB_LAZY_MS		200
/*
 * How long an event waits for its writers before it may be evicted from a
 * full ring: five lazy rounds, and time for a busy machine to schedule
 * them.  A view that has not taken an event this old is a slow reader.
 */
#define HUB_FAIR_MS		1000

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
	HUB_DIALECT_TAGS,	/* msgid and client tags (message-tags) */
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

struct hub_view;

/* The hub's own list of a room's members (a room embeds one). */
struct hub_room {
	struct hub_view	**members;
	size_t		  nmembers;
	size_t		  cap;
};

/* How an event is routed; only hub_append* reads it. */
struct hub_event {
	enum hub_scope		 scope;
	enum hub_membership	 membership;
	struct hub_view		*client;	/* target or subject */
	const struct hub_view	*except;	/* never deliver to this one */
	struct hub_room		*room;
	struct hub_room	*const	*rooms;		/* HUB_TO_ROOMS */
	size_t			 nrooms;
	bool			 to_subject;	/* HUB_TO_ROOMS: `client` gets it too */
	bool			 close_after;	/* the last event for `client` */
	/*
	 * Membership chatter (a join, part, quit, nick change) that writers
	 * other than `client`'s need not wake for: they take it with their
	 * next event, or at the ticker's next round (HUB_LAZY_MS).  A JOIN
	 * flood then costs each writer a wake-up per round, not per join.
	 */
	bool			 lazy;
	unsigned		 required_caps;	/* only views with all of these get it */
};

/*
 * An event in the ring: its text in every dialect, freed as soon as every
 * view it was queued on has taken it (the entry stays, for the sequence).
 */
struct hub_entry {
	char		*block;		/* every dialect's text, stored once */
	size_t		 size;		/* bytes in block */
	/*
	 * When it was appended (hub->now_ms, cut to 32 bits: ages are taken
	 * modulo 49 days, and the entry stays 64 bytes, a cache line).
	 */
	uint32_t	 born_ms;
	uint32_t	 queued;	/* views that have yet to take it */
	struct {
		uint32_t off, len;
	}		 text[HUB_DIALECTS];
};

/*
 * A writer's view: what its client takes, the sequence numbers of the
 * events queued for it, the rooms the hub counts it in.  A client owns its
 * view; caps and dialect are set by the command layer under the lock.
 */
struct hub_view {
	unsigned	 caps;			/* matched against required_caps */
	enum hub_dialect dialect;		/* the text form it takes */
	uint64_t	*queue;			/* ring of pending sequence numbers */
	size_t		 qhead, qlen, qcap;
	size_t		 backlog;		/* bytes queued, not yet taken */
	uint64_t	 marked;		/* last event queued (once per event) */
	uint64_t	 close_seq;		/* its last event, 0 until known */
	bool		 closed;		/* takes no more events */
	bool		 lost;			/* an event it needed was evicted */
	unsigned	 slot;			/* its wake word: hub->slots[slot] */
	struct hub_room	*rooms[IRC_CHANLIMIT];
	size_t		 nrooms;
};

struct hub {
	pthread_mutex_t		 lock;
	struct hub_entry	*ring;
	size_t			 cap;		/* events, a power of two */
	size_t			 max_bytes;
	size_t			 bytes;		/* text bytes held now */
	uint64_t		 head;		/* sequence number of the next event */
	uint64_t		 tail;		/* oldest sequence number still held */
	uint64_t		 appended;	/* text bytes ever appended */
	int64_t			(*now_ms)(void *arg);	/* a monotonic clock, ms */
	void			*now_arg;
	uint32_t		*slots;		/* HUB_WAKE_SLOTS wake words */
	uint32_t		 everybody;	/* the wake word for all writers */
	bool			 waitv;		/* writers sleep on two words */
	unsigned		 next_slot;	/* round-robin for new views */
	size_t			 nviews;
	/* Slots to wake at the next hub_unlock, each once: */
	uint16_t		 wake[HUB_WAKE_SLOTS];
	size_t			 nwake;
	bool			 waking[HUB_WAKE_SLOTS];
	size_t			 wanting;	/* views that just got their first event */
	/* Slots with lazy events only, for the ticker's next round: */
	uint16_t		 lazy[HUB_WAKE_SLOTS];
	size_t			 nlazy;
	bool			 lazying[HUB_WAKE_SLOTS];
	uint32_t		 ticker;	/* the wake word the ticker sleeps on */
	bool			 ticker_due;	/* ring it at the next hub_unlock */
	bool			 ticker_stop;
	pthread_t		 ticker_thread;
	bool			 ticker_running;
};

/* What hub_collect found. */
enum hub_collect_result {
	HUB_COLLECT_OK,		/* took everything pending, or out is full */
	HUB_COLLECT_CLOSE,	/* collected the client's last event */
	HUB_COLLECT_LOST,	/* the ring lapped the view: SendQ exceeded */
};

void	hub_init(struct hub *hub, size_t cap, size_t max_bytes);
void	hub_destroy(struct hub *hub);

/*
 * The clock events are aged by (CLOCK_MONOTONIC_COARSE unless set; the
 * unit tests and the fuzz harness set theirs).
 */
void	hub_set_clock(struct hub *hub, int64_t (*now_ms)(void *arg),
	    void *arg);

/* Take hub->lock. */
void	hub_lock(struct hub *hub);
/*
 * Drop hub->lock, then wake the writers that got events since it was
 * taken.  Every holder of the lock releases it this way.
 */
void	hub_unlock(struct hub *hub);
/*
 * Drop hub->lock and leave the wake-ups for later: the next hub_unlock,
 * by whichever thread, rings them.
 */
void	hub_unlock_quietly(struct hub *hub);

/*
 * The ticker thread: while lazy events wait, it wakes their writers every
 * HUB_LAZY_MS; otherwise it sleeps.  Without it (the unit tests) lazy
 * events wait for an urgent one or hub_tick.
 */
void	hub_ticker_start(struct hub *hub);
void	hub_ticker_stop(struct hub *hub);

/* The functions below are called with hub->lock held. */

/* Wake, at the next hub_unlock, the writers that have lazy events. */
void	hub_tick(struct hub *hub);

/*
 * Append an event with the same text for every dialect, queue it for
 * every view it concerns (and apply its membership change); returns its
 * sequence number.
 */
uint64_t hub_append(struct hub *hub, const struct hub_event *ev,
	    const char *text, size_t len);
/*
 * The same with a text per dialect; texts that are the same string (the
 * same pointer) are stored once.
 */
uint64_t hub_append_dialects(struct hub *hub, const struct hub_event *ev,
	    const struct hub_text texts[HUB_DIALECTS]);
/*
 * Make room for events more events and bytes more bytes of text, evicting
 * only what may go (taken by all, or older than HUB_FAIR_MS).  False when
 * the ring has not that room yet: the caller waits (with the lock
 * dropped) and tries again; meanwhile lazy events wake their writers.
 */
bool	hub_make_room(struct hub *hub, size_t events, size_t bytes);
/* Bytes queued for the view that its writer has not taken yet. */
size_t	hub_view_backlog(const struct hub_view *view);
/* Start a view for a new client: it sees what comes next. */
void	hub_view_init(struct hub *hub, struct hub_view *view);
/* Take the view out of every room and free what it holds. */
void	hub_view_free(struct hub *hub, struct hub_view *view);
/*
 * Stop counting the view in room now, as a leave event appended now would
 * (for a client that leaves without one, as a QUIT does).
 */
void	hub_room_leave(struct hub_room *room, struct hub_view *view);
/* Free a room's member list (it has no members left). */
void	hub_room_free(struct hub_room *room);
/* Does the hub count the view in room? */
bool	hub_view_in(const struct hub_view *view, const struct hub_room *room);
/* True when events for the view are pending (or it was lapped). */
bool	hub_view_pending(const struct hub *hub, const struct hub_view *view);
/* True when the ring lapped the view: events for it were evicted. */
bool	hub_view_lost(const struct hub *hub, const struct hub_view *view);
/* Sleep until the view may have events pending (maybe spuriously). */
void	hub_view_wait(struct hub *hub, const struct hub_view *view);
/*
 * Append to out the text of the events pending for the view, oldest first,
 * and take them off its queue.  Stops after the client's close_after event,
 * and once out holds limit bytes: a writer keeps only a small batch of its
 * own, so a client that does not read stays behind in the ring, where the
 * ring's bound applies, instead of piling copies up in its writer.
 */
enum hub_collect_result hub_collect(struct hub *hub, struct hub_view *view,
	    struct buffer *out, size_t limit);

#endif
