/* Gapless reconnect with draft/chathistory; see gapless.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gapless.h"
#include "irc_message.h"
#include "irc_names.h"
#include "scrollback.h"
#include "session.h"

/* Remember the last line's msgid and time. */
void
gapless_seen(struct window *w, const struct irc_message *msg)
{
	const struct irc_tag	*tag;

	if (w == NULL || w->kind != WINDOW_ROOM)
		return;
	if ((tag = irc_message_tag(msg, "msgid")) != NULL &&
	    tag->value != NULL && tag->value[0] != '\0' &&
	    strlen(tag->value) < sizeof w->last_msgid &&
	    strpbrk(tag->value, " \r\n") == NULL)
		strlcpy(w->last_msgid, tag->value, sizeof w->last_msgid);
	if ((tag = irc_message_tag(msg, "time")) != NULL &&
	    tag->value != NULL && strlen(tag->value) < sizeof w->last_time &&
	    strpbrk(tag->value, " \r\n") == NULL)
		strlcpy(w->last_time, tag->value, sizeof w->last_time);
}

/* Lines a page asks for. */
static size_t
gapless_page(const struct session *s)
{
	return s->history_max > 0 && s->history_max < GAPLESS_PAGE ?
	    s->history_max : GAPLESS_PAGE;
}

/* The fence before a request, unless one is out already: a PING the
 * server answers after whatever it sent for the joins before it. */
static void
gapless_fence(struct session *s)
{
	if (s->fence_pending)
		return;
	session_send(s, "PING", 1, (const char *const[]){ GAPLESS_FENCE });
	s->fence_pending = true;
}

/* Ask for what room w missed after ref ("msgid=..." or "timestamp=..."). */
static void
gapless_ask(struct session *s, struct window *w, const char *ref)
{
	char	limit[16];

	snprintf(limit, sizeof limit, "%zu", gapless_page(s));
	session_send(s, "CHATHISTORY", 4, (const char *const[]){ "AFTER",
	    w->name, ref, limit });
}

/* The fence and the requests. */
void
gapless_request(struct session *s)
{
	struct window	*w;
	char		 ref[160];
	size_t		 i;

	if (!(s->caps & SESSION_CAP_CHATHISTORY))
		return;
	for (i = 0; i < s->nwindows; i++) {
		w = s->windows[i];
		if (w->kind != WINDOW_ROOM || !w->autojoin || w->joined ||
		    (w->last_msgid[0] == '\0' && w->last_time[0] == '\0'))
			continue;
		gapless_fence(s);
		if (w->last_msgid[0] != '\0')
			snprintf(ref, sizeof ref, "msgid=%s", w->last_msgid);
		else
			snprintf(ref, sizeof ref, "timestamp=%s",
			    w->last_time);
		w->fetch = GAPLESS_FENCE_WAIT;
		w->fetch_latest = false;
		w->fetch_pages = 1;
		w->missed = 0;
		w->missed_open = false;
		gapless_ask(s, w, ref);
	}
}

/* Joined: the room's recent past, asked for. */
void
gapless_joined(struct session *s, struct window *w)
{
	char	limit[16];

	if (!(s->caps & SESSION_CAP_CHATHISTORY) || w->kind != WINDOW_ROOM ||
	    w->fetch != GAPLESS_NONE)
		return;
	gapless_fence(s);
	snprintf(limit, sizeof limit, "%zu", gapless_page(s));
	session_send(s, "CHATHISTORY", 4, (const char *const[]){ "LATEST",
	    w->name, "*", limit });
	w->fetch = GAPLESS_FENCE_WAIT;
	w->fetch_latest = true;
}

/* The fence's PONG: the answers come next. */
void
gapless_pong(struct session *s, const char *token)
{
	size_t	i;

	if (strcmp(token, GAPLESS_FENCE) != 0)
		return;
	s->fence_pending = false;
	for (i = 0; i < s->nwindows; i++)
		if (s->windows[i]->fetch == GAPLESS_FENCE_WAIT)
			s->windows[i]->fetch = GAPLESS_ANSWER;
}

/* How to take a batch. */
enum gapless_mode
gapless_batch_start(struct session *s, const char *type, const char *target)
{
	struct window	*w;

	if (strcmp(type, "chathistory") != 0 &&
	    strcmp(type, "draft/chathistory") != 0)
		return GAPLESS_LINES;
	if (target == NULL || (w = session_find(s, target, NULL)) == NULL ||
	    w->kind != WINDOW_ROOM)
		return GAPLESS_LINES;
	switch (w->fetch) {
	case GAPLESS_FENCE_WAIT:
		return GAPLESS_DROP;
	case GAPLESS_ANSWER:
		return w->fetch_latest ? GAPLESS_LATEST : GAPLESS_MISSED;
	default:
		return GAPLESS_LINES;
	}
}

/* A batch ends. */
void
gapless_batch_end(struct session *s, const struct session_batch *b)
{
	struct window	*w;
	char		 ref[160];

	if ((b->mode != GAPLESS_MISSED && b->mode != GAPLESS_LATEST) ||
	    (w = session_find(s, b->target, NULL)) == NULL)
		return;
	if (b->mode == GAPLESS_LATEST) {
		w->fetch = GAPLESS_NONE;
		w->fetch_latest = false;
		return;
	}
	/* A full page: there may be more. */
	if (b->lines >= gapless_page(s) && b->last_msgid[0] != '\0' &&
	    w->fetch_pages < GAPLESS_PAGES) {
		w->fetch_pages++;
		snprintf(ref, sizeof ref, "msgid=%s", b->last_msgid);
		gapless_ask(s, w, ref);
		return;
	}
	w->fetch = GAPLESS_NONE;
	if (w->missed_open) {
		snprintf(ref, sizeof ref, "End of %zu missed line%s",
		    w->missed, w->missed == 1 ? "" : "s");
		session_line(s, w, 0, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH,
		    NULL, ref);
	}
	w->missed_open = false;
	w->missed = 0;
}

/* Nothing is being fetched. */
void
gapless_reset(struct session *s)
{
	size_t	i;

	s->fence_pending = false;
	for (i = 0; i < s->nwindows; i++) {
		s->windows[i]->fetch = GAPLESS_NONE;
		s->windows[i]->fetch_latest = false;
		s->windows[i]->missed_open = false;
		s->windows[i]->missed = 0;
	}
}
