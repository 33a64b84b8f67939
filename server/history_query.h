/*
 * The selection of IRCv3 draft/chathistory over a room's history: which
 * entries LATEST, BEFORE, AFTER, AROUND and BETWEEN name, by msgid or by
 * timestamp.  Plain functions over struct history, no locking, no I/O.
 *
 * A reference is "*" (LATEST only), "msgid=<id>" or "timestamp=<time>"
 * (server-time's YYYY-MM-DDThh:mm:ss.sssZ).  Both are exclusive bounds
 * (AROUND excepted, whose centre is included), and both compare by
 * value: ids sort as they were handed out (msgid.h), so "AFTER
 * msgid=<id>" is exact even when that message itself is no longer held,
 * and a client that reconnects gets exactly what came after its last line.
 * Messages come out oldest first; when more than the limit match, those
 * nearest the reference are chosen.
 */
#ifndef NATTER_HISTORY_QUERY_H
#define NATTER_HISTORY_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"

enum history_ref_kind {
	HISTORY_REF_ANY,	/* "*" */
	HISTORY_REF_MSGID,
	HISTORY_REF_TIME,
};

struct history_ref {
	enum history_ref_kind	kind;
	uint64_t		msgid;
	int64_t			time_ms;
};

enum history_query_kind {
	HISTORY_LATEST,
	HISTORY_BEFORE,
	HISTORY_AFTER,
	HISTORY_AROUND,
	HISTORY_BETWEEN,
};

/* Which entries a query may return (the rest are not counted): NULL for all. */
typedef bool history_want_fn(const struct history_entry *e, void *arg);

/* Parse a server-time value into Unix milliseconds; false when malformed. */
bool	history_parse_time(const char *s, int64_t *time_ms);
/* Parse a reference; "*" only when any is set.  False when malformed. */
bool	history_parse_ref(const char *s, bool any, struct history_ref *ref);

/*
 * Select up to limit entries of h for the query (b is BETWEEN's second
 * reference), oldest first, as indexes of h into out (limit slots).
 * Returns how many; *newest says whether the query counts back from its
 * reference (LATEST, BEFORE, BETWEEN from the later one), so that a
 * caller who must send fewer keeps the newest.
 */
size_t	history_select(const struct history *h, enum history_query_kind kind,
	    const struct history_ref *a, const struct history_ref *b,
	    size_t limit, history_want_fn *want, void *arg, size_t *out,
	    bool *newest);

#endif
