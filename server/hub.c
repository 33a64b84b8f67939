/* The hub: a bounded ring of events under one lock and one condition variable. */
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "log.h"
#include "xmalloc.h"

void
hub_init(struct hub *hub, size_t cap, size_t max_bytes)
{
	if (cap == 0 || (cap & (cap - 1)) != 0)
		log_fatalx("hub ring size %zu is not a power of two", cap);
	pthread_mutex_init(&hub->lock, NULL);
	pthread_cond_init(&hub->cond, NULL);
	hub->ring = xcalloc(cap, sizeof *hub->ring);
	hub->cap = cap;
	hub->max_bytes = max_bytes;
	hub->bytes = 0;
	hub->head = hub->tail = 1;	/* 0 means "no event" elsewhere */
}

/* Forget the oldest event. */
static void
hub_evict(struct hub *hub)
{
	struct hub_event *ev = &hub->ring[hub->tail & (hub->cap - 1)];

	hub->bytes -= ev->size;
	free(ev->block);
	free(ev->rooms);
	memset(ev, 0, sizeof *ev);
	hub->tail++;
}

void
hub_destroy(struct hub *hub)
{
	while (hub->tail < hub->head)
		hub_evict(hub);
	free(hub->ring);
	pthread_cond_destroy(&hub->cond);
	pthread_mutex_destroy(&hub->lock);
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
	struct hub_event *slot;
	size_t size = 0;
	int d, same;

	/* The block holds each distinct text once. */
	for (d = 0; d < HUB_DIALECTS; d++) {
		for (same = 0; same < d && texts[same].s != texts[d].s; same++)
			;
		if (same == d)
			size += texts[d].len;
	}

	/* Make room: by count, then by bytes (but always keep the new one). */
	if (hub->head - hub->tail == hub->cap)
		hub_evict(hub);
	while (hub->tail < hub->head && hub->bytes + size > hub->max_bytes)
		hub_evict(hub);

	slot = &hub->ring[hub->head & (hub->cap - 1)];
	*slot = *ev;
	slot->seq = hub->head;
	slot->block = xmalloc(size + 1);
	slot->size = 0;
	for (d = 0; d < HUB_DIALECTS; d++) {
		for (same = 0; same < d && texts[same].s != texts[d].s; same++)
			;
		if (same < d) {
			slot->text[d] = slot->text[same];
			continue;
		}
		if (texts[d].len > 0)
			memcpy(slot->block + slot->size, texts[d].s,
			    texts[d].len);
		slot->text[d].off = (uint32_t)slot->size;
		slot->text[d].len = (uint32_t)texts[d].len;
		slot->size += texts[d].len;
	}
	slot->block[size] = '\0';
	if (ev->nrooms > 0) {
		slot->rooms = xreallocarray(NULL, ev->nrooms, sizeof *slot->rooms);
		memcpy(slot->rooms, ev->rooms, ev->nrooms * sizeof *slot->rooms);
	} else
		slot->rooms = NULL;
	hub->bytes += size;
	return hub->head++;
}

void
hub_view_init(struct hub *hub, struct hub_view *view, uint64_t client)
{
	memset(view, 0, sizeof *view);
	view->client = client;
	view->cursor = hub->head;
}

bool
hub_view_pending(const struct hub *hub, const struct hub_view *view)
{
	return view->cursor < hub->head;
}

/* True when the view's client is in room. */
static bool
hub_view_in_room(const struct hub_view *view, uint64_t room)
{
	size_t i;

	for (i = 0; i < view->nrooms; i++)
		if (view->rooms[i] == room)
			return true;
	return false;
}

/* Apply a join or leave of the view's own client. */
static void
hub_view_apply(struct hub_view *view, enum hub_membership change,
    uint64_t room)
{
	size_t i;

	if (change == HUB_MEMBER_JOIN && !hub_view_in_room(view, room)) {
		/* The command layer caps rooms per client at IRC_CHANLIMIT. */
		if (view->nrooms == IRC_CHANLIMIT)
			log_fatalx("hub view of client %llu is full",
			    (unsigned long long)view->client);
		view->rooms[view->nrooms++] = room;
	} else if (change == HUB_MEMBER_LEAVE) {
		for (i = 0; i < view->nrooms; i++) {
			if (view->rooms[i] == room) {
				view->rooms[i] = view->rooms[--view->nrooms];
				break;
			}
		}
	}
}

/* Does ev concern the view's client (with its membership as of ev)? */
static bool
hub_event_concerns(const struct hub_view *view, const struct hub_event *ev)
{
	size_t i;

	if (ev->except == view->client ||
	    (ev->required_caps & view->caps) != ev->required_caps)
		return false;
	switch (ev->scope) {
	case HUB_TO_CLIENT:
		return ev->client == view->client;
	case HUB_TO_ROOM:
		return hub_view_in_room(view, ev->room);
	case HUB_TO_ROOMS:
		if (ev->client == view->client)
			return ev->to_subject;
		for (i = 0; i < ev->nrooms; i++)
			if (hub_view_in_room(view, ev->rooms[i]))
				return true;
		return false;
	}
	return false;
}

enum hub_collect_result
hub_collect(struct hub *hub, struct hub_view *view, struct buffer *out,
    size_t limit)
{
	const struct hub_event *ev;
	bool mine;

	if (view->cursor < hub->tail)
		return HUB_COLLECT_LOST;
	while (view->cursor < hub->head && out->len < limit) {
		ev = &hub->ring[view->cursor & (hub->cap - 1)];
		view->cursor++;
		mine = ev->client == view->client;
		if (mine && ev->membership == HUB_MEMBER_JOIN)
			hub_view_apply(view, HUB_MEMBER_JOIN, ev->room);
		if (hub_event_concerns(view, ev))
			buffer_append(out, ev->block + ev->text[view->dialect].off,
			    ev->text[view->dialect].len);
		if (mine && ev->membership == HUB_MEMBER_LEAVE)
			hub_view_apply(view, HUB_MEMBER_LEAVE, ev->room);
		if (mine && ev->close_after)
			return HUB_COLLECT_CLOSE;
	}
	return HUB_COLLECT_OK;
}
