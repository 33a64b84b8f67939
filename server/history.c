/* A room's recent lines: a ring of the last cap entries. */
#include <stdlib.h>
#include <string.h>

#include "history.h"
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

void
history_add(struct history *h, int64_t time_ms, const char *line,
    const char *tags)
{
	struct history_entry *e;
	size_t n;

	if (h->cap == 0)
		return;
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
	e->line = xstrdup(line);
	e->tags = tags != NULL && *tags != '\0' ? xstrdup(tags) : NULL;
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
