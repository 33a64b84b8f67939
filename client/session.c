/* The state of a chat session; see session.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatlog.h"
#include "conn.h"
#include "daymark.h"
#include "dedupe.h"
#include "gapless.h"
#include "editor.h"
#include "irc_message.h"
#include "irc_names.h"
#include "layout.h"
#include "options.h"
#include "scrollback.h"
#include "session.h"
#include "wire.h"
#include "xmalloc.h"

/* A new window. */
static struct window *
session_window_new(struct session *s, enum window_kind kind,
    const char *name)
{
	struct window	*w = xcalloc(1, sizeof *w);

	w->kind = kind;
	w->name = xstrdup(name);
	scrollback_init(&w->sb, s->opt->scrollback);
	scrollback_set_measure(&w->sb, layout_measure, &s->layout);
	if (s->pane_width > 0 && s->pane_height > 0)
		scrollback_resize(&w->sb, s->pane_width, s->pane_height);
	editor_init(&w->ed, s->opt->history);
	return w;
}

/* Forget the links /urls numbered. */
void
session_urls_clear(struct window *w)
{
	size_t	i;

	for (i = 0; i < w->nurls; i++)
		free(w->urls[i]);
	free(w->urls);
	w->urls = NULL;
	w->nurls = 0;
}

/* Free a window. */
static void
session_window_free(struct window *w)
{
	session_members_clear(w);
	free(w->members);
	free(w->topic);
	free(w->key);
	free(w->name);
	session_urls_clear(w);
	scrollback_free(&w->sb);
	editor_free(&w->ed);
	free(w);
}

/* A session with its first windows. */
void
session_init(struct session *s, const struct options *opt, struct conn *conn)
{
	char		*rooms, *p, *name, room[IRC_CHANNELLEN * 4 + 2];
	char		 spec[512];
	struct window	*w;
	size_t		 i;

	memset(s, 0, sizeof *s);
	s->opt = opt;
	s->conn = conn;
	s->retry_in = -1;
	s->nicklist = opt->nicklist;
	autoreply_init(&s->replies);
	layout_init(&s->layout);
	s->layout.time_format = opt->time_format;
	if (opt->date_format != NULL)
		s->layout.date_format = opt->date_format;
	if (opt->day_format != NULL)
		s->layout.day_format = opt->day_format;
	s->layout.colors = opt->color;
	strlcpy(s->nick, opt->nick, sizeof s->nick);
	strlcpy(s->prefixes, "~&@%+", sizeof s->prefixes);
	s->linelen = IRC_LINE_MAX;
	ignore_init(&s->ignores);
	for (i = 0; i < opt->ignores.count; i++) {
		ignore_describe(&opt->ignores.entries[i], spec, sizeof spec);
		ignore_add(&s->ignores, spec, spec, sizeof spec);
	}

	s->windows[0] = session_window_new(s, WINDOW_SERVER, opt->host);
	s->nwindows = 1;
	rooms = xstrdup(opt->rooms);
	for (p = rooms; (name = strsep(&p, ", ")) != NULL;) {
		if (name[0] == '\0')
			continue;
		snprintf(room, sizeof room, "%s%s",
		    irc_is_channel(name) ? "" : "#", name);
		if ((w = session_open(s, WINDOW_ROOM, room)) != NULL)
			w->autojoin = true;
	}
	free(rooms);
	/* Land in the first room. */
	s->current = s->nwindows > 1 ? 1 : 0;
	scrollback_set_visible(&s->windows[s->current]->sb, true);
	s->dirty_pane = s->dirty_status = s->dirty_input = true;
}

/* Free the session. */
void
session_free(struct session *s)
{
	size_t	i;

	for (i = 0; i < s->nwindows; i++)
		session_window_free(s->windows[i]);
	layout_free(&s->layout);
	ignore_free(&s->ignores);
	free(s->term_out);
	free(s->away_reason);
	memset(s, 0, sizeof *s);
}

/* The window on screen. */
struct window *
session_current(struct session *s)
{
	return s->windows[s->current];
}

/* A window by name. */
struct window *
session_find(struct session *s, const char *name, size_t *index)
{
	size_t	i;

	for (i = 0; i < s->nwindows; i++) {
		if (irc_casecmp(s->windows[i]->name, name) == 0) {
			if (index != NULL)
				*index = i;
			return s->windows[i];
		}
	}
	return NULL;
}

/* The window for name, opened if need be. */
struct window *
session_open(struct session *s, enum window_kind kind, const char *name)
{
	struct window	*w;

	if ((w = session_find(s, name, NULL)) != NULL)
		return w;
	if (s->nwindows == SESSION_WINDOWS_MAX)
		return NULL;
	w = session_window_new(s, kind, name);
	s->windows[s->nwindows++] = w;
	s->dirty_status = true;
	return w;
}

/* The index of a window. */
size_t
session_index(const struct session *s, const struct window *w)
{
	size_t	i;

	for (i = 0; i < s->nwindows; i++)
		if (s->windows[i] == w)
			return i;
	return 0;
}

/* Show window i. */
bool
session_switch(struct session *s, size_t i)
{
	if (i >= s->nwindows)
		return false;
	if (i == s->current)
		return true;
	scrollback_set_visible(&s->windows[s->current]->sb, false);
	s->current = i;
	scrollback_set_visible(&s->windows[i]->sb, true);
	s->dirty_pane = s->dirty_status = s->dirty_input = true;
	return true;
}

/* Close window i. */
void
session_close(struct session *s, size_t i)
{
	if (i == 0 || i >= s->nwindows)
		return;
	if (i == s->current)
		scrollback_set_visible(&s->windows[i]->sb, false);
	session_window_free(s->windows[i]);
	memmove(&s->windows[i], &s->windows[i + 1],
	    (s->nwindows - i - 1) * sizeof s->windows[0]);
	s->nwindows--;
	if (s->current > i || s->current == s->nwindows)
		s->current--;
	scrollback_set_visible(&s->windows[s->current]->sb, true);
	s->dirty_pane = s->dirty_status = s->dirty_input = true;
}

/* The pane's new size. */
void
session_resize(struct session *s, int width, int height)
{
	size_t	i;

	if (width < 1)
		width = 1;
	if (height < 1)
		height = 1;
	if (width == s->pane_width && height == s->pane_height)
		return;
	s->pane_width = width;
	s->pane_height = height;
	for (i = 0; i < s->nwindows; i++)
		scrollback_resize(&s->windows[i]->sb, width, height);
	s->dirty_pane = s->dirty_status = s->dirty_input = true;
}

/* A byte that may be part of a nick. */
static bool
session_nick_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80 ||
	    (c != '\0' && strchr("[]\\`_^{|}-", c) != NULL);
}

/* Does text mention nick as a word? */
bool
session_mentions(const char *text, const char *nick)
{
	size_t		 n = strlen(nick), tlen = strlen(text), i;

	if (n == 0 || n > tlen)
		return false;
	for (i = 0; i + n <= tlen; i++) {
		if (strncasecmp(text + i, nick, n) != 0)
			continue;
		if (i > 0 && session_nick_byte((unsigned char)text[i - 1]))
			continue;
		if (session_nick_byte((unsigned char)text[i + n]))
			continue;
		return true;
	}
	return false;
}

/* Our nick, or a highlight word? */
bool
session_highlights(const struct session *s, const char *text)
{
	const char	*p, *end;
	char		 word[SESSION_NAME_MAX];
	size_t		 n;

	if (session_mentions(text, s->nick))
		return true;
	if (s->opt->highlights == NULL)
		return false;
	for (p = s->opt->highlights; *p != '\0'; p = end) {
		p += strspn(p, ", ");
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0 || n >= sizeof word)
			continue;
		memcpy(word, p, n);
		word[n] = '\0';
		if (session_mentions(text, word))
			return true;
	}
	return false;
}

/* Alt-A's window. */
ssize_t
session_next_active(const struct session *s)
{
	size_t			 i, k;
	enum scrollback_activity act;
	const struct window	*w;
	int			 pass;

	for (pass = 0; pass < 2; pass++) {
		for (k = 1; k < s->nwindows; k++) {
			i = (s->current + k) % s->nwindows;
			w = s->windows[i];
			act = scrollback_activity(&w->sb);
			if (pass == 0 ? act == SCROLLBACK_ACTIVITY_HIGHLIGHT ||
			    (w->kind == WINDOW_QUERY &&
			    act == SCROLLBACK_ACTIVITY_MESSAGE) :
			    act == SCROLLBACK_ACTIVITY_MESSAGE)
				return (ssize_t)i;
		}
	}
	return -1;
}

/* A click on the status line. */
ssize_t
session_status_hit(const struct session *s, int col)
{
	size_t	i;

	for (i = 0; i < s->nstatus_hits; i++)
		if (col >= s->status_hits[i].start &&
		    col < s->status_hits[i].end)
			return (ssize_t)s->status_hits[i].window;
	return -1;
}

/* Add a line to a window. */
void
session_line(struct session *s, struct window *w, time_t when,
    enum scrollback_kind kind, unsigned flags, const char *sender,
    const char *text)
{
	bool	talk = kind == SCROLLBACK_MESSAGE ||
	    kind == SCROLLBACK_ACTION || kind == SCROLLBACK_NOTICE;
	time_t	now;
	const struct scrollback_line *line;

	if (when == 0)
		when = time(NULL);
	if (flags & SCROLLBACK_PAST) {
		if (dedupe_seen(&w->sb, when, kind, sender,
		    text != NULL ? text : ""))
			return;
		now = time(NULL);
		if (!daymark_holds(&s->today, now))
			daymark_set(&s->today, now);
		if (!daymark_holds(&s->today, when))
			flags |= SCROLLBACK_DATED;
	}
	if (flags & SCROLLBACK_FILTERED) {
		/* Hidden by the smart filter: in the log only. */
		if (s->log != NULL) {
			struct scrollback_line	l;

			memset(&l, 0, sizeof l);
			l.time = when;
			l.kind = kind;
			l.sender = (char *)(sender != NULL ? sender : "");
			l.text = (char *)text;
			chatlog_line(s->log, w->name, &l);
		}
		return;
	}
	if ((flags & SCROLLBACK_MISSED) && !w->missed_open) {
		/* What we missed comes between two lines that say so. */
		w->missed_open = true;
		scrollback_push(&w->sb, time(NULL), SCROLLBACK_SERVER,
		    SCROLLBACK_NOSEARCH, NULL, "Missed while you were away:");
	}
	if (flags & SCROLLBACK_MISSED)
		w->missed++;
	if (daymark_next(&w->day, when))
		scrollback_push(&w->sb, when, SCROLLBACK_DAY, 0, NULL, "");
	line = scrollback_push(&w->sb, when, kind, flags, sender, text);
	/* A replay is logged already, but for what we missed; /lastlog's
	 * lines are copies. */
	if (s->log != NULL && !(flags & SCROLLBACK_NOSEARCH) &&
	    (!(flags & SCROLLBACK_PAST) || (flags & SCROLLBACK_MISSED)))
		chatlog_line(s->log, w->name, line);
	if (w == session_current(s))
		s->dirty_pane = true;
	else if (!(flags & SCROLLBACK_SELF) && (!(flags & SCROLLBACK_PAST) ||
	    (flags & SCROLLBACK_MISSED)))
		s->dirty_status = true;	/* the activity list */
	if (!talk || (flags & (SCROLLBACK_SELF | SCROLLBACK_PAST)))
		return;
	switch (s->opt->bell) {
	case OPTIONS_BELL_PRIVATE:
		if (w->kind == WINDOW_QUERY)
			s->bell = true;
		/* FALLTHROUGH */
	case OPTIONS_BELL_HIGHLIGHT:
		if (flags & SCROLLBACK_HIGHLIGHT)
			s->bell = true;
		break;
	default:
		break;
	}
}

/* Add a formatted line of a kind, now. */
static void
session_vline(struct session *s, struct window *w, enum scrollback_kind kind,
    const char *fmt, va_list ap)
{
	char	text[2048];

	vsnprintf(text, sizeof text, fmt, ap);
	session_line(s, w, 0, kind, 0, NULL, text);
}

/* Add an informative line. */
void
session_info(struct session *s, struct window *w, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	session_vline(s, w, SCROLLBACK_SERVER, fmt, ap);
	va_end(ap);
}

/* Add an error line. */
void
session_error(struct session *s, struct window *w, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	session_vline(s, w, SCROLLBACK_ERROR, fmt, ap);
	va_end(ap);
}

/* Give up this server. */
void
session_stop(struct session *s, const char *fmt, ...)
{
	va_list	ap;
	char	why[512];

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	session_error(s, s->windows[0], "%s", why);
	strlcpy(s->status_note, why, sizeof s->status_note);
	s->stop = true;
	/* The server window says why, in full: show it. */
	session_switch(s, 0);
}

/*
 * A line goes out: count it against what automatic answers may use
 * (autoreply.h).  Registration lines do not count: servers do not hold
 * them against a client's flood allowance, and counting them would keep
 * natter from answering for the first seconds.
 */
static void
session_count_sent(struct session *s)
{
	if (s->state == SESSION_ONLINE)
		autoreply_sent(&s->replies, s->now);
}

/* Send a message built from parts. */
bool
session_send(struct session *s, const char *command, size_t nparams,
    const char *const params[])
{
	char	line[IRC_LINE_MAX + 1];
	size_t	len;

	if (s->conn->state != CONN_OPEN && !s->conn->capture)
		return false;
	len = irc_format(line, sizeof line, NULL, command, nparams, params,
	    NULL);
	if (len < 2)
		return false;
	session_count_sent(s);
	return conn_send(s->conn, line, len - 2);
}

/* Send a raw line. */
bool
session_send_raw(struct session *s, const char *line)
{
	if (s->conn->state != CONN_OPEN && !s->conn->capture)
		return false;
	session_count_sent(s);
	return conn_send(s->conn, line, strlen(line));
}

/* A user name for USER from the nick: ASCII letters and digits. */
static void
session_username(const char *nick, char *out, size_t size)
{
	size_t	n = 0;

	for (; *nick != '\0' && n + 1 < size && n < 10; nick++) {
		if ((*nick >= 'a' && *nick <= 'z') ||
		    (*nick >= 'A' && *nick <= 'Z') ||
		    (*nick >= '0' && *nick <= '9'))
			out[n++] = *nick;
	}
	out[n] = '\0';
	if (n == 0)
		strlcpy(out, "natter", size);
}

/* The connection is up: register. */
void
session_connected(struct session *s)
{
	char	user[16];

	s->state = SESSION_REGISTERING;
	s->nick_tries = 0;
	s->caps = s->caps_offered = 0;
	s->cap_negotiating = true;
	s->sasl = SESSION_SASL_OFF;
	s->sasl_mechs[0] = '\0';
	s->stop = false;
	s->nbatches = 0;
	s->linelen = IRC_LINE_MAX;
	/* history_max stays the last connection's: the requests after 001
	 * go out before this one's 005 says it. */
	s->status_note[0] = '\0';
	s->dirty_status = true;
	session_username(s->opt->nick, user, sizeof user);
	session_send(s, "CAP", 2, (const char *const[]){ "LS", "302" });
	if (s->opt->password != NULL)
		session_send(s, "PASS", 1,
		    (const char *const[]){ s->opt->password });
	session_send(s, "NICK", 1, (const char *const[]){ s->nick });
	session_send(s, "USER", 4, (const char *const[]){ user, "0", "*",
	    s->opt->realname });
}

/* The connection is gone. */
void
session_disconnected(struct session *s, const char *why)
{
	struct window	*w;
	size_t		 i;

	bool		 was_up = s->state == SESSION_REGISTERING ||
	    s->state == SESSION_ONLINE;

	for (i = 0; i < s->nwindows; i++) {
		w = s->windows[i];
		if (w->kind == WINDOW_ROOM) {
			w->joined = false;
			w->names_open = w->names_show = false;
			session_members_clear(w);
		}
		/* Rooms hear of it once, not at every failed retry. */
		if (w->kind == WINDOW_SERVER ||
		    (w->kind == WINDOW_ROOM && was_up))
			session_error(s, w, "Disconnected: %s", why);
	}
	s->state = SESSION_OFFLINE;
	s->caps = s->caps_offered = 0;
	s->cap_negotiating = false;
	s->nbatches = 0;
	gapless_reset(s);
	s->away = false;
	s->sasl = SESSION_SASL_OFF;
	s->tls_desc[0] = s->tls_fp[0] = s->tls_trust[0] = '\0';
	s->tls_own_fp[0] = '\0';
	strlcpy(s->status_note, why, sizeof s->status_note);
	s->dirty_pane = s->dirty_status = true;
}

/* Keep /away's reason for the next connection. */
void
session_set_away(struct session *s, const char *reason)
{
	free(s->away_reason);
	s->away_reason = reason != NULL && reason[0] != '\0' ?
	    xstrdup(reason) : NULL;
}

/* Join the room windows, as few JOIN lines as fit; a room with a key
 * gets a JOIN of its own, with the key. */
void
session_rejoin(struct session *s)
{
	char	list[IRC_LINE_MAX];
	size_t	i, len = 0, n;

	list[0] = '\0';
	for (i = 0; i < s->nwindows; i++) {
		if (s->windows[i]->kind != WINDOW_ROOM ||
		    s->windows[i]->joined || !s->windows[i]->autojoin)
			continue;
		if (s->windows[i]->key != NULL) {
			session_send(s, "JOIN", 2, (const char *const[]){
			    s->windows[i]->name, s->windows[i]->key });
			continue;
		}
		n = strlen(s->windows[i]->name);
		if (len > 0 && len + 1 + n > IRC_LINE_MAX - 16) {
			session_send(s, "JOIN", 1,
			    (const char *const[]){ list });
			list[0] = '\0';
			len = 0;
		}
		if (len > 0)
			strlcat(list, ",", sizeof list);
		strlcat(list, s->windows[i]->name, sizeof list);
		len = strlen(list);
	}
	if (len > 0)
		session_send(s, "JOIN", 1, (const char *const[]){ list });
	gapless_request(s);
}

/* Remember the key of a /join until its JOIN comes back. */
void
session_key_expect(struct session *s, const char *room, const char *key)
{
	struct session_key	*k = NULL;
	size_t			 i;

	for (i = 0; i < s->nkeys; i++) {
		if (irc_casecmp(s->keys[i].room, room) == 0) {
			k = &s->keys[i];
			break;
		}
	}
	if (k == NULL) {
		if (s->nkeys == SESSION_KEYS_MAX) {
			memmove(&s->keys[0], &s->keys[1],
			    (SESSION_KEYS_MAX - 1) * sizeof s->keys[0]);
			s->nkeys--;
		}
		k = &s->keys[s->nkeys++];
	}
	strlcpy(k->room, room, sizeof k->room);
	strlcpy(k->key, key, sizeof k->key);
}

/* We are in w: the key /join gave for it is the room's now. */
void
session_key_claim(struct session *s, struct window *w)
{
	size_t	i;

	for (i = 0; i < s->nkeys; i++) {
		if (irc_casecmp(s->keys[i].room, w->name) != 0)
			continue;
		session_key_set(w, s->keys[i].key);
		memmove(&s->keys[i], &s->keys[i + 1],
		    (s->nkeys - i - 1) * sizeof s->keys[0]);
		s->nkeys--;
		return;
	}
}

/* The room's key changed. */
void
session_key_set(struct window *w, const char *key)
{
	free(w->key);
	w->key = key != NULL && key[0] != '\0' ? xstrdup(key) : NULL;
}
