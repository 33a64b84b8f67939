/* A room's recent lines: a ring of the last cap entries. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "msgid.h"
#include "xmalloc.h"

/* Slots allocated the first time an entry is added. */
#define HISTORY_FIRST_ALLOC	8

void
history_init(struct history *h, size_t cap)
{
	memset(h, 0, sizeof *h);
	h->cap = cap;
}

/* Free the strings of one entry. */
static void
history_entry_free(struct history_entry *e)
{
	free(e->line);
	free(e->tags);
	e->line = NULL;
	e->tags = NULL;
}

void
history_clear(struct history *h)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		history_entry_free(&h->ring[(h->start + i) % h->alloc]);
	h->start = 0;
	h->count = 0;
}

void
history_free(struct history *h)
{
	history_clear(h);
	free(h->ring);
	h->ring = NULL;
	h->alloc = 0;
}

/*
 * Give the ring exactly n slots (n >= count), the oldest entry moving to
 * slot 0.  Used both to grow towards cap and to shrink.
 */
static void
history_realloc(struct history *h, size_t n)
{
	struct history_entry *ring;
	size_t i;

	if (n == 0) {
		free(h->ring);
		h->ring = NULL;
		h->alloc = 0;
		h->start = 0;
		return;
	}
	ring = xreallocarray(NULL, n, sizeof *ring);
	for (i = 0; i < h->count; i++)
		ring[i] = h->ring[(h->start + i) % h->alloc];
	free(h->ring);
	h->ring = ring;
	h->alloc = n;
	h->start = 0;
}

/*
 * Split a log's tags (';'-separated) into the msgid tag's id (*id, false
 * when there is none) and the others, copied into out.
 */
static bool
history_split_tags(const char *tags, uint64_t *id, char *out, size_t size)
{
	const char *p = tags, *end;
	bool found = false;
	size_t len, n = 0;

	out[0] = '\0';
	while (*p != '\0') {
		end = strchr(p, ';');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (!found && len > 6 && strncmp(p, "msgid=", 6) == 0 &&
		    msgid_parse(p + 6, len - 6, id))
			found = true;
		else if (len > 0 && n + (n > 0) + len + 1 <= size) {
			if (n > 0)
				out[n++] = ';';
			memcpy(out + n, p, len);
			n += len;
			out[n] = '\0';
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return found;
}

static void history_push(struct history *, int64_t, uint64_t, const char *,
    char *);

void
history_add(struct history *h, int64_t time_ms, const char *line,
    const char *tags)
{
	char *rest;
	uint64_t msgid = 0, previous;

	if (h->cap == 0)
		return;
	rest = xmalloc(tags != NULL ? strlen(tags) + 1 : 1);
	if (tags == NULL || !history_split_tags(tags, &msgid, rest,
	    strlen(tags) + 1)) {
		previous = h->count > 0 ? history_get(h, h->count - 1)->msgid : 0;
		msgid = msgid_derive(time_ms, previous);
		if (tags == NULL)
			rest[0] = '\0';
	}
	history_push(h, time_ms, msgid, line, rest);
}

void
history_add_copy(struct history *h, const struct history_entry *from)
{
	if (h->cap == 0)
		return;
	history_push(h, from->time_ms, from->msgid, from->line,
	    xstrdup(from->tags != NULL ? from->tags : ""));
}

/* Append an entry taking rest (client tags, "" for none, malloc'ed). */
static void
history_push(struct history *h, int64_t time_ms, uint64_t msgid,
    const char *line, char *rest)
{
	struct history_entry *e;
	size_t n;

	msgid_seen(msgid);
	if (h->count == h->alloc && h->alloc < h->cap) {
		n = h->alloc == 0 ? HISTORY_FIRST_ALLOC : h->alloc * 2;
		if (n > h->cap || n < h->alloc)
			n = h->cap;
		history_realloc(h, n);
	}
	if (h->count == h->cap) {
		/* Full: the new entry takes the oldest one's slot. */
		e = &h->ring[h->start];
		history_entry_free(e);
		h->start = (h->start + 1) % h->alloc;
	} else {
		e = &h->ring[(h->start + h->count) % h->alloc];
		h->count++;
	}
	e->time_ms = time_ms;
	e->msgid = msgid;
	e->line = xstrdup(line);
	if (rest[0] != '\0')
		e->tags = rest;
	else {
		e->tags = NULL;
		free(rest);
	}
}

const char *
history_entry_tags(const struct history_entry *e, char *buf, size_t size)
{
	char id[MSGID_LEN + 1];

	msgid_format(e->msgid, id, sizeof id);
	snprintf(buf, size, "msgid=%s%s%s", id, e->tags != NULL ? ";" : "",
	    e->tags != NULL ? e->tags : "");
	return buf;
}

size_t
history_count(const struct history *h)
{
	return h->count;
}

const struct history_entry *
history_get(const struct history *h, size_t i)
{
	if (i >= h->count)
		return NULL;
	return &h->ring[(h->start + i) % h->alloc];
}

void
history_set_cap(struct history *h, size_t cap)
{
	size_t drop;

	if (h->count > cap) {
		drop = h->count - cap;
		while (drop-- > 0) {
			history_entry_free(&h->ring[h->start]);
			h->start = (h->start + 1) % h->alloc;
			h->count--;
		}
	}
	h->cap = cap;
	/* Give back slots beyond the new cap (or all of them for 0). */
	if (h->alloc > cap)
		history_realloc(h, cap);
}
