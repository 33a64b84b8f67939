/* The selection of draft/chathistory over a room's history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history_query.h"
#include "msgid.h"
#include "server_time.h"
#include "xmalloc.h"

bool
history_parse_time(const char *s, int64_t *time_ms)
{
	const char *end;

	return server_time_parse(s, time_ms, &end) && strcmp(end, "Z") == 0;
}

bool
history_parse_ref(const char *s, bool any, struct history_ref *ref)
{
	memset(ref, 0, sizeof *ref);
	if (strcmp(s, "*") == 0) {
		ref->kind = HISTORY_REF_ANY;
		return any;
	}
	if (strncmp(s, "msgid=", 6) == 0) {
		ref->kind = HISTORY_REF_MSGID;
		return msgid_parse(s + 6, strlen(s + 6), &ref->msgid);
	}
	if (strncmp(s, "timestamp=", 10) == 0) {
		ref->kind = HISTORY_REF_TIME;
		return history_parse_time(s + 10, &ref->time_ms);
	}
	return false;
}

/* Compare e with ref: <0 before it, 0 at it, >0 after it. */
static int
history_compare(const struct history_entry *e, const struct history_ref *ref)
{
	if (ref->kind == HISTORY_REF_MSGID)
		return e->msgid < ref->msgid ? -1 : e->msgid > ref->msgid;
	return e->time_ms < ref->time_ms ? -1 : e->time_ms > ref->time_ms;
}

/* A reference's place in time, to order two of them (BETWEEN). */
static int64_t
history_ref_ms(const struct history_ref *ref)
{
	return ref->kind == HISTORY_REF_MSGID ?
	    (int64_t)(ref->msgid / MSGID_PER_MS) : ref->time_ms;
}

/* True when a comes after b. */
static bool
history_ref_after(const struct history_ref *a, const struct history_ref *b)
{
	if (a->kind == HISTORY_REF_MSGID && b->kind == HISTORY_REF_MSGID)
		return a->msgid > b->msgid;
	return history_ref_ms(a) > history_ref_ms(b);
}

/* How many of the n wanted entries (idx) come before ref (or at it too). */
static size_t
history_count_before(const struct history *h, const size_t *idx, size_t n,
    const struct history_ref *ref, bool at_too)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int cmp = history_compare(history_get(h, idx[i]), ref);

		if (cmp > 0 || (cmp == 0 && !at_too))
			break;
	}
	return i;
}

size_t
history_select(const struct history *h, enum history_query_kind kind,
    const struct history_ref *a, const struct history_ref *b, size_t limit,
    history_want_fn *want, void *arg, size_t *out, bool *newestp)
{
	size_t n = 0, i, from = 0, to, count;
	size_t *idx;
	bool newest = false;	/* keep the newest when over the limit */

	*newestp = kind == HISTORY_LATEST || kind == HISTORY_BEFORE ||
	    (kind == HISTORY_BETWEEN && history_ref_after(a, b));
	if (limit == 0 || history_count(h) == 0)
		return 0;
	idx = xreallocarray(NULL, history_count(h), sizeof *idx);
	for (i = 0; i < history_count(h); i++)
		if (want == NULL || want(history_get(h, i), arg))
			idx[n++] = i;
	to = n;
	switch (kind) {
	case HISTORY_LATEST:
		if (a->kind != HISTORY_REF_ANY)
			from = history_count_before(h, idx, n, a, true);
		newest = true;
		break;
	case HISTORY_BEFORE:
		to = history_count_before(h, idx, n, a, false);
		newest = true;
		break;
	case HISTORY_AFTER:
		from = history_count_before(h, idx, n, a, true);
		break;
	case HISTORY_BETWEEN:
		if (history_ref_after(a, b)) {
			from = history_count_before(h, idx, n, b, true);
			to = history_count_before(h, idx, n, a, false);
			newest = true;
		} else {
			from = history_count_before(h, idx, n, a, true);
			to = history_count_before(h, idx, n, b, false);
		}
		break;
	case HISTORY_AROUND:
		/* The centre (the first at or after the reference) and as many
		 * on either side, moved to fit in what is held. */
		i = history_count_before(h, idx, n, a, false);
		from = i > (limit - 1) / 2 ? i - (limit - 1) / 2 : 0;
		if (n > limit && from > n - limit)
			from = n - limit;
		if (n <= limit)
			from = 0;
		to = from + limit < n ? from + limit : n;
		break;
	}
	if (to < from)
		to = from;
	count = to - from;
	if (count > limit) {
		if (newest)
			from = to - limit;
		count = limit;
	}
	for (i = 0; i < count; i++)
		out[i] = idx[from + i];
	free(idx);
	*newestp = newest;
	return count;
}
