/* The hub: a bounded ring of events, routed when appended, under one lock. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hub.h"
#include "log.h"
#include "wake_word.h"
#include "xmalloc.h"

/* Linux's cheap clock; elsewhere the ordinary monotonic one. */
#ifndef CLOCK_MONOTONIC_COARSE
#define CLOCK_MONOTONIC_COARSE	CLOCK_MONOTONIC
#endif

/* CLOCK_MONOTONIC_COARSE in ms: ages events cheaply (a tick is ~4 ms). */
static int64_t
hub_clock_real(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
hub_set_clock(struct hub *hub, int64_t (*now_ms)(void *arg), void *arg)
{
	hub->now_ms = now_ms;
	hub->now_arg = arg;
}

void
hub_init(struct hub *hub, size_t cap, size_t max_bytes)
{
	if (cap == 0 || (cap & (cap - 1)) != 0)
		log_fatalx("hub ring size %zu is not a power of two", cap);
	memset(hub, 0, sizeof *hub);
	pthread_mutex_init(&hub->lock, NULL);
	hub->slots = xcalloc(HUB_WAKE_SLOTS, sizeof *hub->slots);
	/* Without sleeping on two words, writers sleep on their slot alone. */
	hub->waitv = wake_word_pairs();
	hub->ring = xcalloc(cap, sizeof *hub->ring);
	hub->cap = cap;
	hub->max_bytes = max_bytes;
	hub->head = hub->tail = 1;	/* 0 means "no event" in a view */
	hub_set_clock(hub, hub_clock_real, NULL);
}

/* Free an event's text (its entry keeps its place in the sequence). */
static void
hub_entry_drop(struct hub *hub, struct hub_entry *entry)
{
	hub->bytes -= entry->size;
	free(entry->block);
	entry->block = NULL;
	entry->size = 0;
	entry->queued = 0;
}

/* One view will not take event seq after all (taken, or never will be). */
static void
hub_entry_taken(struct hub *hub, uint64_t seq)
{
	struct hub_entry *entry;

	if (seq < hub->tail)
		return;
	entry = &hub->ring[seq & (hub->cap - 1)];
	if (entry->queued > 0 && --entry->queued == 0)
		hub_entry_drop(hub, entry);
}

/* Forget the oldest event. */
static void
hub_evict(struct hub *hub)
{
	struct hub_entry *entry = &hub->ring[hub->tail & (hub->cap - 1)];

	hub_entry_drop(hub, entry);
	memset(entry, 0, sizeof *entry);
	hub->tail++;
}

/* Let go of every event queued for the view. */
static void
hub_view_drain(struct hub *hub, struct hub_view *view)
{
	while (view->qlen > 0) {
		hub_entry_taken(hub, view->queue[view->qhead]);
		view->qhead = (view->qhead + 1) & (view->qcap - 1);
		view->qlen--;
	}
	view->backlog = 0;
}

/*
 * May the oldest event go now?  When every view it was for took it, or
 * it had HUB_FAIR_MS to be taken: whoever has not is a slow reader.
 */
static bool
hub_may_evict(const struct hub *hub, int64_t now)
{
	const struct hub_entry *entry = &hub->ring[hub->tail & (hub->cap - 1)];

	return entry->queued == 0 ||
	    (uint32_t)now - entry->born_ms >= HUB_FAIR_MS;
}

void
hub_destroy(struct hub *hub)
{
	while (hub->tail < hub->head)
		hub_evict(hub);
	free(hub->ring);
	free(hub->slots);
	pthread_mutex_destroy(&hub->lock);
}

void
hub_lock(struct hub *hub)
{
	pthread_mutex_lock(&hub->lock);
}

void
hub_unlock(struct hub *hub)
{
	uint16_t wake[HUB_WAKE_BATCH];
	size_t n, i;
	bool everybody, more, ticker = false;

	/*
	 * Wake after unlocking, so that the writers do not wake into a held
	 * mutex.  Most writers at once: one ring for everybody.  Otherwise
	 * HUB_WAKE_BATCH slots per round, taking the lock back in between,
	 * rather than keep a big array on the stack (a deeper frame would
	 * cost a page on each of thousands of threads).
	 */
	if (hub->ticker_due) {
		hub->ticker_due = false;
		ticker = true;
	}
	for (;;) {
		everybody = hub->waitv && hub->wanting > 1 &&
		    hub->wanting * 2 >= hub->nviews;
		hub->wanting = 0;
		n = everybody || hub->nwake < HUB_WAKE_BATCH ? hub->nwake :
		    HUB_WAKE_BATCH;
		hub->nwake -= n;
		for (i = 0; i < n; i++) {
			hub->waking[hub->wake[hub->nwake + i]] = false;
			if (!everybody)
				wake[i] = hub->wake[hub->nwake + i];
		}
		more = hub->nwake > 0;
		pthread_mutex_unlock(&hub->lock);
		/* The words outlive every view: safe without the lock. */
		if (everybody)
			wake_word_ring(&hub->everybody);
		else
			for (i = 0; i < n; i++)
				wake_word_ring(&hub->slots[wake[i]]);
		if (!more)
			break;
		pthread_mutex_lock(&hub->lock);
	}
	if (ticker)
		wake_word_ring(&hub->ticker);
}

/*
 * The ticker: sleep until lazy events wait, give them HUB_LAZY_MS to
 * gather company, then wake their writers, all in one round.
 */
static void *
hub_ticker_main(void *arg)
{
	struct hub *hub = arg;
	struct timespec pause = { 0, HUB_LAZY_MS * 1000000L };
	uint32_t word;

	hub_lock(hub);
	while (!hub->ticker_stop) {
		if (hub->nlazy == 0) {
			/* wake_word_ring bumps it without the lock. */
			word = __atomic_load_n(&hub->ticker, __ATOMIC_SEQ_CST);
			hub_unlock(hub);
			wake_word_sleep(&hub->ticker, word);
			hub_lock(hub);
			continue;
		}
		hub_unlock(hub);
		while (nanosleep(&pause, &pause) == -1 && errno == EINTR)
			;
		pause = (struct timespec){ 0, HUB_LAZY_MS * 1000000L };
		hub_lock(hub);
		hub_tick(hub);
	}
	hub_unlock(hub);
	return NULL;
}

void
hub_ticker_start(struct hub *hub)
{
	int error;

	if ((error = pthread_create(&hub->ticker_thread, NULL,
	    hub_ticker_main, hub)) != 0)
		log_fatalx("cannot start the hub ticker: %s", strerror(error));
	hub->ticker_running = true;
}

void
hub_ticker_stop(struct hub *hub)
{
	if (!hub->ticker_running)
		return;
	hub_lock(hub);
	hub->ticker_stop = true;
	hub->ticker_due = true;
	hub_unlock(hub);
	pthread_join(hub->ticker_thread, NULL);
	hub->ticker_running = false;
}

void
hub_unlock_quietly(struct hub *hub)
{
	pthread_mutex_unlock(&hub->lock);
}

bool
hub_view_in(const struct hub_view *view, const struct hub_room *room)
{
	size_t i;

	for (i = 0; i < view->nrooms; i++)
		if (view->rooms[i] == room)
			return true;
	return false;
}

/* Count the view in room (from a join event). */
static void
hub_room_add(struct hub_room *room, struct hub_view *view)
{
	if (view->closed || hub_view_in(view, room))
		return;
	/* The command layer caps rooms per client at IRC_CHANLIMIT. */
	if (view->nrooms == IRC_CHANLIMIT)
		log_fatalx("hub view in too many rooms");
	if (room->nmembers == room->cap) {
		room->cap = room->cap == 0 ? 8 : room->cap * 2;
		room->members = xreallocarray(room->members, room->cap,
		    sizeof *room->members);
	}
	room->members[room->nmembers++] = view;
	view->rooms[view->nrooms++] = room;
}

void
hub_room_leave(struct hub_room *room, struct hub_view *view)
{
	size_t i;

	for (i = 0; i < view->nrooms; i++) {
		if (view->rooms[i] == room) {
			view->rooms[i] = view->rooms[--view->nrooms];
			break;
		}
	}
	for (i = 0; i < room->nmembers; i++) {
		if (room->members[i] == view) {
			room->members[i] = room->members[--room->nmembers];
			break;
		}
	}
}

/* The oldest sequence number queued for the view. */
static uint64_t
hub_view_front(const struct hub_view *view)
{
	return view->queue[view->qhead];
}

/* Sequence numbers an empty view's queue keeps room for. */
#define HUB_QUEUE_KEEP	64

/* How many members ahead hub_deliver_room fetches. */
#define HUB_PREFETCH	8

/* Leave slot for the ticker's next round, and tell the ticker once. */
static void
hub_mark_lazy(struct hub *hub, unsigned slot)
{
	if (hub->lazying[slot] || hub->waking[slot])
		return;
	hub->lazying[slot] = true;
	hub->lazy[hub->nlazy++] = (uint16_t)slot;
	if (hub->nlazy == 1)
		hub->ticker_due = true;
}

void
hub_tick(struct hub *hub)
{
	uint16_t slot;

	while (hub->nlazy > 0) {
		slot = hub->lazy[--hub->nlazy];
		hub->lazying[slot] = false;
		if (!hub->waking[slot]) {
			hub->waking[slot] = true;
			hub->wake[hub->nwake++] = slot;
			/* Most of them have events waiting: see hub_unlock. */
			hub->wanting++;
		}
	}
}

/* Queue event seq for the view, once, and have its slot woken. */
static void
hub_deliver(struct hub *hub, struct hub_view *view, uint64_t seq,
    const struct hub_event *ev)
{
	uint64_t *grown;
	size_t i;
	/* The subject of a lazy event learns of its own change at once. */
	bool lazy = ev->lazy && view != ev->client;

	if (view == NULL || view->closed || view->lost || view->marked == seq ||
	    view == ev->except ||
	    (ev->required_caps & view->caps) != ev->required_caps)
		return;
	view->marked = seq;
	if (view->qlen > 0 && hub_view_front(view) < hub->tail) {
		/* Lapped: its writer will see it and end the client. */
		view->lost = true;
		hub_view_drain(hub, view);
	} else {
		if (view->qlen == view->qcap) {
			/* Grow, unrolling the ring so it starts at 0. */
			grown = xreallocarray(NULL, view->qcap == 0 ? 16 :
			    view->qcap * 2, sizeof *grown);
			for (i = 0; i < view->qlen; i++)
				grown[i] = view->queue[(view->qhead + i) &
				    (view->qcap - 1)];
			free(view->queue);
			view->queue = grown;
			view->qhead = 0;
			view->qcap = view->qcap == 0 ? 16 : view->qcap * 2;
		}
		view->queue[(view->qhead + view->qlen) & (view->qcap - 1)] = seq;
		if (view->qlen++ == 0 && !lazy)
			hub->wanting++;
		hub->ring[seq & (hub->cap - 1)].queued++;
		view->backlog += hub->ring[seq & (hub->cap - 1)].text[
		    view->dialect].len;
	}
	if (lazy) {
		hub_mark_lazy(hub, view->slot);
		return;
	}
	if (!hub->waking[view->slot]) {
		hub->waking[view->slot] = true;
		hub->wake[hub->nwake++] = (uint16_t)view->slot;
	}
}

/* Queue event seq for every member of room. */
static void
hub_deliver_room(struct hub *hub, const struct hub_room *room, uint64_t seq,
    const struct hub_event *ev)
{
	size_t i;

	for (i = 0; i < room->nmembers; i++) {
		/*
		 * Each member's view is elsewhere in memory: in a big room,
		 * fetching the next few while this one is queued halves the
		 * time of a join flood (every join goes to every member).
		 */
		if (i + HUB_PREFETCH < room->nmembers)
			__builtin_prefetch(room->members[i + HUB_PREFETCH], 1);
		if (room->members[i] != ev->client || ev->scope != HUB_TO_ROOMS)
			hub_deliver(hub, room->members[i], seq, ev);
	}
}

/* Route event seq: membership change, recipients, the client's end. */
static void
hub_route(struct hub *hub, const struct hub_event *ev, uint64_t seq)
{
	size_t i;

	if (ev->membership == HUB_MEMBER_JOIN && ev->client != NULL)
		hub_room_add(ev->room, ev->client);
	switch (ev->scope) {
	case HUB_TO_CLIENT:
		hub_deliver(hub, ev->client, seq, ev);
		break;
	case HUB_TO_ROOM:
		hub_deliver_room(hub, ev->room, seq, ev);
		break;
	case HUB_TO_ROOMS:
		for (i = 0; i < ev->nrooms; i++)
			hub_deliver_room(hub, ev->rooms[i], seq, ev);
		if (ev->to_subject)
			hub_deliver(hub, ev->client, seq, ev);
		break;
	}
	if (ev->membership == HUB_MEMBER_LEAVE && ev->client != NULL)
		hub_room_leave(ev->room, ev->client);
	if (ev->close_after && ev->client != NULL && !ev->client->closed) {
		ev->client->close_seq = seq;
		ev->client->closed = true;
		while (ev->client->nrooms > 0)
			hub_room_leave(ev->client->rooms[0], ev->client);
	}
}

uint64_t
hub_append(struct hub *hub, const struct hub_event *ev, const char *text,
    size_t len)
{
	struct hub_text texts[HUB_DIALECTS];
	int d;

	for (d = 0; d < HUB_DIALECTS; d++)
		texts[d] = (struct hub_text){ text, len };
	return hub_append_dialects(hub, ev, texts);
}

uint64_t
hub_append_dialects(struct hub *hub, const struct hub_event *ev,
    const struct hub_text texts[HUB_DIALECTS])
{
	struct hub_entry *entry;
	size_t size = 0;
	int64_t now = hub->now_ms(hub->now_arg);
	int d, same;

	/* The block holds each distinct text once. */
	for (d = 0; d < HUB_DIALECTS; d++) {
		for (same = 0; same < d && texts[same].s != texts[d].s; same++)
			;
		if (same == d)
			size += texts[d].len;
	}

	/*
	 * Make room: by count, whatever the oldest event's age (the entries are
	 * all there are; readers wait in hub_make_room so that this is rare),
	 * then by bytes, only what may go (the byte cap gives way).
	 */
	if (hub->head - hub->tail == hub->cap)
		hub_evict(hub);
	while (hub->tail < hub->head && hub->bytes + size > hub->max_bytes &&
	    hub_may_evict(hub, now))
		hub_evict(hub);

	entry = &hub->ring[hub->head & (hub->cap - 1)];
	entry->block = xmalloc(size + 1);
	entry->size = 0;
	for (d = 0; d < HUB_DIALECTS; d++) {
		for (same = 0; same < d && texts[same].s != texts[d].s; same++)
			;
		if (same < d) {
			entry->text[d] = entry->text[same];
			continue;
		}
		if (texts[d].len > 0)
			memcpy(entry->block + entry->size, texts[d].s,
			    texts[d].len);
		entry->text[d].off = (uint32_t)entry->size;
		entry->text[d].len = (uint32_t)texts[d].len;
		entry->size += texts[d].len;
	}
	entry->block[size] = '\0';
	entry->queued = 0;
	entry->born_ms = (uint32_t)now;
	hub->bytes += size;
	hub->appended += size;
	hub_route(hub, ev, hub->head);
	/* Nobody to take it (a room of one, a client already gone). */
	if (entry->queued == 0)
		hub_entry_drop(hub, entry);
	return hub->head++;
}

bool
hub_make_room(struct hub *hub, size_t events, size_t bytes)
{
	int64_t now = hub->now_ms(hub->now_arg);

	while (hub->tail < hub->head &&
	    (hub->head - hub->tail + events > hub->cap ||
	    hub->bytes + bytes > hub->max_bytes) && hub_may_evict(hub, now))
		hub_evict(hub);
	if (hub->head - hub->tail + events <= hub->cap &&
	    hub->bytes + bytes <= hub->max_bytes)
		return true;
	/* Short of room: the lazy writers take theirs now, not in 0.2 s. */
	hub_tick(hub);
	return false;
}

size_t
hub_view_backlog(const struct hub_view *view)
{
	return view->backlog;
}

void
hub_view_init(struct hub *hub, struct hub_view *view)
{
	memset(view, 0, sizeof *view);
	view->slot = hub->next_slot++ & (HUB_WAKE_SLOTS - 1);
	hub->nviews++;
}

void
hub_view_free(struct hub *hub, struct hub_view *view)
{
	while (view->nrooms > 0)
		hub_room_leave(view->rooms[0], view);
	hub->nviews--;
	view->closed = true;
	hub_view_drain(hub, view);
	free(view->queue);
	view->queue = NULL;
	view->qlen = view->qcap = view->qhead = 0;
}

void
hub_room_free(struct hub_room *room)
{
	if (room->nmembers > 0)
		log_fatalx("hub room freed with %zu members", room->nmembers);
	free(room->members);
	room->members = NULL;
	room->cap = 0;
}

bool
hub_view_pending(const struct hub *hub, const struct hub_view *view)
{
	(void)hub;
	return view->qlen > 0 || view->lost;
}

bool
hub_view_lost(const struct hub *hub, const struct hub_view *view)
{
	return view->lost ||
	    (view->qlen > 0 && hub_view_front(view) < hub->tail);
}

void
hub_view_wait(struct hub *hub, const struct hub_view *view)
{
	uint32_t *mine = &hub->slots[view->slot], seen_mine, seen_all;

	/*
	 * Read under the lock: an event queued for us after this is rung
	 * after its appender unlocks, so the words differ by the time we
	 * sleep, or the ring wakes us.
	 */
	seen_mine = __atomic_load_n(mine, __ATOMIC_SEQ_CST);
	seen_all = __atomic_load_n(&hub->everybody, __ATOMIC_SEQ_CST);
	hub_unlock(hub);
	wake_word_sleep2(mine, seen_mine, &hub->everybody, seen_all);
	pthread_mutex_lock(&hub->lock);
}

enum hub_collect_result
hub_collect(struct hub *hub, struct hub_view *view, struct buffer *out,
    size_t limit)
{
	const struct hub_entry *entry;
	uint64_t seq;
	size_t len;

	if (hub_view_lost(hub, view))
		return HUB_COLLECT_LOST;
	while (view->qlen > 0 && out->len < limit) {
		seq = hub_view_front(view);
		view->qhead = (view->qhead + 1) & (view->qcap - 1);
		view->qlen--;
		entry = &hub->ring[seq & (hub->cap - 1)];
		len = entry->text[view->dialect].len;
		buffer_append(out, entry->block + entry->text[view->dialect].off,
		    len);
		/* The dialect may have changed since it was queued. */
		view->backlog = view->qlen == 0 || len > view->backlog ? 0 :
		    view->backlog - len;
		hub_entry_taken(hub, seq);
		if (seq == view->close_seq)
			return HUB_COLLECT_CLOSE;
	}
	/* A burst's long queue goes back: thousands of views add up. */
	if (view->qlen == 0 && view->qcap > HUB_QUEUE_KEEP) {
		free(view->queue);
		view->queue = NULL;
		view->qcap = view->qhead = 0;
	}
	return HUB_COLLECT_OK;
}
