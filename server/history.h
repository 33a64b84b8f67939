/*
 * A room's recent lines in memory: a ring of the last cap entries, which
 * natterd replays to a client that joins (in a chathistory batch with
 * server-time tags, as NOTICEs, or as plain-door text).
 *
 * Each entry is one relayed message: when it was said, its msgid, the IRC
 * line as it was relayed (no tags, no CRLF) and its client-only tags.  Adding is O(1)
 * and copies the strings; once the ring is full the oldest entry goes.
 * Memory is bounded by cap times the longest line the server relays.
 * The ring's array grows on demand up to cap, so an idle room costs little.
 *
 * Not locked: natterd keeps a room's history under the hub lock.
 */
#ifndef NATTER_HISTORY_H
#define NATTER_HISTORY_H

#include <stddef.h>
#include <stdint.h>

/* Entries kept per room unless --history says otherwise; 0 disables history. */
#define HISTORY_DEFAULT_CAP	100

struct history_entry {
	int64_t	 time_ms;	/* Unix time in milliseconds */
	uint64_t msgid;		/* see msgid.h */
	char	*line;		/* ":alice!a@10.0.0.2 PRIVMSG #lobby :hi" */
	char	*tags;		/* client-only tags "+a=b;+c", or NULL */
};

struct history {
	struct history_entry	*ring;
	size_t			 alloc;	/* slots allocated, at most cap */
	size_t			 cap;	/* entries kept at most */
	size_t			 start;	/* slot of the oldest entry */
	size_t			 count;	/* entries held */
};

/* An empty history keeping at most cap entries (0: keeps nothing). */
void	history_init(struct history *h, size_t cap);
/* Free every entry; h can be history_init'ed again. */
void	history_free(struct history *h);
/* Drop every entry, keeping the capacity. */
void	history_clear(struct history *h);
/*
 * Append a copy of an entry, dropping the oldest when full.  Does nothing
 * when the capacity is 0.  tags are as a log keeps them (NULL or "" for
 * none): the client-only tags and a "msgid=<id>" tag, which becomes the
 * entry's msgid; without one (a line logged before natterd kept ids) the
 * entry gets an id from msgid_derive.  The id is reported to msgid_seen,
 * never to be handed out again.
 */
void	history_add(struct history *h, int64_t time_ms, const char *line,
	    const char *tags);
/* Append a copy of the entry from (of another history), its msgid kept. */
void	history_add_copy(struct history *h, const struct history_entry *from);
/* The tags a message-tags client gets with e, "msgid=<id>[;+a=b...]",
 * into buf; returns buf. */
const char *history_entry_tags(const struct history_entry *e, char *buf,
	    size_t size);
/* Entries held. */
size_t	history_count(const struct history *h);
/* Entry i, 0 being the oldest; NULL when i >= history_count(h).  Valid until
 * the next change of h. */
const struct history_entry *history_get(const struct history *h, size_t i);
/* Change the capacity; when it shrinks, the oldest entries go. */
void	history_set_cap(struct history *h, size_t cap);

#endif
