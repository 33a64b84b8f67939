/*
 * Lines from the server into session state and scrollback; see handle.h.
 * Each handler gets the parsed message and a context: who sent it (nick),
 * when (server-time, or now), and whether it is a replayed past line.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoreply.h"
#include "conn.h"
#include "cp1252.h"
#include "dcc.h"
#include "dedupe.h"
#include "gapless.h"
#include "handle.h"
#include "ignore.h"
#include "irc_message.h"
#include "irc_names.h"
#include "options.h"
#include "render.h"
#include "sasl.h"
#include "scrollback.h"
#include "server_time.h"
#include "session.h"
#include "utf8.h"
#include "wire.h"
#include "xmalloc.h"

/* The version CTCP VERSION answers. */
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif
/* Names shown in full when a room is joined; more are only counted. */
#define HANDLE_NAMES_SHOWN	40
/* A CTCP request not answered is noted at most this often (ms). */
#define HANDLE_REFUSED_NOTE_MS	10000
/* The longest line an ISUPPORT LINELEN may announce (bytes). */
#define HANDLE_LINELEN_MAX	8192
/* A CTCP PING answer older than this (ms) is not one of ours. */
#define HANDLE_PING_MAX_MS	(3600 * 1000)

struct ctx {
	struct irc_message	*msg;
	const char		*nick;		/* the sender's nick, "" if none */
	bool			 from_server;	/* no nick!user@host source */
	bool			 self;		/* sent by us */
	time_t			 when;
	unsigned		 past;		/* SCROLLBACK_PAST or 0 */
	char			 nickbuf[SESSION_NAME_MAX * 4];
};

typedef void handler_fn(struct session *, struct ctx *);

struct handler {
	const char	*command;
	handler_fn	*fn;
	int		 min;		/* parameters needed */
};

/* The capabilities natter asks for, by name. */
static const struct {
	const char	*name;
	unsigned	 bit;
} handle_caps[] = {
	{ "away-notify",	SESSION_CAP_AWAY_NOTIFY },
	{ "batch",		SESSION_CAP_BATCH },
	{ "draft/chathistory",	SESSION_CAP_CHATHISTORY },
	{ "echo-message",	SESSION_CAP_ECHO_MESSAGE },
	{ "message-tags",	SESSION_CAP_MESSAGE_TAGS },
	{ "multi-prefix",	SESSION_CAP_MULTI_PREFIX },
	{ "sasl",		SESSION_CAP_SASL },
	{ "server-time",	SESSION_CAP_SERVER_TIME },
};
#define HANDLE_NCAPS	(sizeof handle_caps / sizeof handle_caps[0])

/* --- helpers ------------------------------------------------------------ */

/* Parse a server-time value: seconds, 0 when it is not one. */
time_t
handle_parse_time(const char *v)
{
	int64_t	ms;

	return server_time_parse(v, &ms, NULL) ? (time_t)(ms / 1000) : 0;
}

/*
 * A time in seconds since 1970 (RPL_TOPICWHOTIME, RPL_WHOISIDLE's signon)
 * as local time by strftime format fmt; "" when it is not one, or before
 * 1970-01-01 00:00:01.
 */
static void
handle_stamp(const char *secs, const char *fmt, char *out, size_t size)
{
	const char	*err;
	time_t		 t;
	struct tm	 tm;

	out[0] = '\0';
	t = (time_t)strtonum(secs, 1, LLONG_MAX, &err);
	if (err == NULL && localtime_r(&t, &tm) != NULL)
		strftime(out, size, fmt, &tm);
}

/* The last parameter, or "". */
static const char *
handle_text(const struct ctx *c)
{
	return c->msg->nparams > 0 ? c->msg->params[c->msg->nparams - 1] :
	    "";
}

/* Parameters from first on, joined by spaces. */
static void
handle_join_params(const struct ctx *c, size_t first, char *out,
    size_t size)
{
	size_t	i;

	out[0] = '\0';
	for (i = first; i < c->msg->nparams; i++) {
		if (i > first)
			strlcat(out, " ", size);
		strlcat(out, c->msg->params[i], size);
	}
}

/* Where replies to what the user asked go. */
static struct window *
handle_reply_window(struct session *s, const char *room)
{
	struct window	*w;

	if (room != NULL && irc_is_channel(room) &&
	    (w = session_find(s, room, NULL)) != NULL)
		return w;
	return session_current(s);
}

/* The server window. */
static struct window *
handle_server_window(struct session *s)
{
	return s->windows[0];
}

/* Split a NAMES entry into its prefix (the highest) and nick. */
static const char *
handle_strip_prefix(struct session *s, const char *name, char *prefix)
{
	*prefix = '\0';
	while (*name != '\0' && strchr(s->prefixes, *name) != NULL) {
		if (*prefix == '\0')
			*prefix = *name;
		name++;
	}
	return name;
}

/* A room's window if we have one. */
static struct window *
handle_room(struct session *s, const char *room)
{
	struct window	*w = session_find(s, room, NULL);

	return w != NULL && w->kind == WINDOW_ROOM ? w : NULL;
}

/* --- registration and connection ---------------------------------------- */

/* The capability bits named in a space-separated list ("-name", a
 * capability being turned off, is left out). */
static unsigned
handle_cap_bits(const char *list)
{
	char		 name[64];
	const char	*p = list, *end;
	size_t		 len, i;
	unsigned	 bits = 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		end = p;
		while (*end != '\0' && *end != ' ')
			end++;
		len = (size_t)(end - p);
		if (len > 0 && len < sizeof name) {
			memcpy(name, p, len);
			name[len] = '\0';
			if (name[0] != '-') {
				/* Drop a "=value". */
				name[strcspn(name, "=")] = '\0';
				for (i = 0; i < HANDLE_NCAPS; i++)
					if (strcmp(name, handle_caps[i].name) ==
					    0)
						bits |= handle_caps[i].bit;
			}
		}
		p = end;
	}
	return bits;
}

/* End capability negotiation. */
static void
handle_cap_end(struct session *s)
{
	if (!s->cap_negotiating)
		return;
	s->cap_negotiating = false;
	session_send(s, "CAP", 1, (const char *const[]){ "END" });
}

/* The SASL mechanism the settings ask for, NULL for none. */
static const char *
handle_sasl_mech(const struct session *s)
{
	switch (s->opt->sasl) {
	case OPTIONS_SASL_PLAIN:
		return "PLAIN";
	case OPTIONS_SASL_EXTERNAL:
		return "EXTERNAL";
	default:
		return NULL;
	}
}

/* Keep the value of "sasl=MECH,..." from a CAP LS list. */
static void
handle_cap_sasl_value(struct session *s, const char *list)
{
	const char	*p = list;
	size_t		 len;

	while ((p = strstr(p, "sasl")) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[4] == '=' ||
		    p[4] == ' ' || p[4] == '\0')) {
			p += 4;
			if (*p != '=')
				return;
			len = strcspn(p + 1, " ");
			snprintf(s->sasl_mechs, sizeof s->sasl_mechs, "%.*s",
			    (int)len, p + 1);
			return;
		}
		p += 4;
	}
}

/* Whether mech is in a comma list ("" lists nothing: any may do). */
static bool
handle_in_list(const char *list, const char *mech)
{
	size_t	len = strlen(mech);

	if (list[0] == '\0')
		return true;
	for (;;) {
		if (strncasecmp(list, mech, len) == 0 &&
		    (list[len] == ',' || list[len] == '\0'))
			return true;
		if ((list = strchr(list, ',')) == NULL)
			return false;
		list++;
	}
}

/* The server's whole CAP LS is in: ask for what we want, or give up
 * when SASL is wanted and not to be had. */
static void
handle_cap_request(struct session *s)
{
	const char	*mech = handle_sasl_mech(s);
	char		 req[256];
	unsigned	 want = s->caps_offered;
	size_t		 i;

	if (mech == NULL)
		want &= ~SESSION_CAP_SASL;
	else if (!(want & SESSION_CAP_SASL)) {
		session_stop(s, "SASL: the server does not offer it (no CAP "
		    "sasl), so natter does not log in as %s without it; "
		    "not reconnecting", s->opt->sasl_user != NULL &&
		    s->opt->sasl == OPTIONS_SASL_PLAIN ? s->opt->sasl_user :
		    "your certificate's account");
		return;
	} else if (!handle_in_list(s->sasl_mechs, mech)) {
		session_stop(s, "SASL: the server offers %s, not %s; not "
		    "reconnecting", s->sasl_mechs, mech);
		return;
	}
	req[0] = '\0';
	for (i = 0; i < HANDLE_NCAPS; i++) {
		if (!(want & handle_caps[i].bit))
			continue;
		if (req[0] != '\0')
			strlcat(req, " ", sizeof req);
		strlcat(req, handle_caps[i].name, sizeof req);
	}
	if (req[0] == '\0')
		handle_cap_end(s);
	else
		session_send(s, "CAP", 2, (const char *const[]){ "REQ", req });
}

/* CAP * LS|ACK|NAK|NEW|DEL [*] :caps */
static void
handle_cap(struct session *s, struct ctx *c)
{
	const char	*sub = c->msg->params[1], *mech;
	bool		 more = c->msg->nparams >= 4 &&
	    strcmp(c->msg->params[2], "*") == 0;

	if (strcasecmp(sub, "LS") == 0) {
		s->caps_offered |= handle_cap_bits(handle_text(c));
		handle_cap_sasl_value(s, handle_text(c));
		if (more || !s->cap_negotiating)
			return;
		handle_cap_request(s);
	} else if (strcasecmp(sub, "ACK") == 0) {
		s->caps |= handle_cap_bits(handle_text(c));
		mech = handle_sasl_mech(s);
		if (mech != NULL && (s->caps & SESSION_CAP_SASL) &&
		    s->sasl == SESSION_SASL_OFF && s->cap_negotiating) {
			s->sasl = SESSION_SASL_STARTED;
			session_send(s, "AUTHENTICATE", 1,
			    (const char *const[]){ mech });
		} else if (s->sasl != SESSION_SASL_STARTED)
			handle_cap_end(s);
	} else if (strcasecmp(sub, "NAK") == 0) {
		if (handle_sasl_mech(s) != NULL && s->cap_negotiating)
			session_stop(s, "SASL: the server refused CAP sasl "
			    "(%s); not reconnecting", handle_text(c));
		else
			handle_cap_end(s);
	} else if (strcasecmp(sub, "DEL") == 0) {
		s->caps &= ~handle_cap_bits(handle_text(c));
	}
}

/* AUTHENTICATE +: the server waits for our payload. */
static void
handle_authenticate(struct session *s, struct ctx *c)
{
	char	payload[SASL_PAYLOAD_SIZE];
	char	chunks[SASL_CHUNKS_MAX][SASL_CHUNK + 1];
	size_t	n, i;

	if (s->sasl != SESSION_SASL_STARTED ||
	    strcmp(c->msg->params[0], "+") != 0)
		return;
	if (s->opt->sasl == OPTIONS_SASL_PLAIN) {
		if (s->tls_desc[0] == '\0')
			session_error(s, handle_server_window(s), "SASL PLAIN "
			    "without TLS: your password crosses the network "
			    "as it is (natter -t encrypts)");
		if (!sasl_plain(s->opt->sasl_user, s->opt->sasl_pass, payload,
		    sizeof payload)) {
			session_stop(s, "SASL: user name and password are "
			    "too long (%d bytes at most together)",
			    SASL_PLAIN_MAX);
			return;
		}
	} else
		payload[0] = '\0';
	n = sasl_chunks(payload, chunks, SASL_CHUNKS_MAX);
	for (i = 0; i < n; i++)
		session_send(s, "AUTHENTICATE", 1,
		    (const char *const[]){ chunks[i] });
	explicit_bzero(payload, sizeof payload);
	explicit_bzero(chunks, sizeof chunks);
}

/* 900, 903, 907, 908: SASL went well (or tells something). */
static void
handle_sasl_ok(struct session *s, struct ctx *c)
{
	session_info(s, handle_server_window(s), "SASL: %s", handle_text(c));
	if (strcmp(c->msg->command, RPL_SASLSUCCESS) == 0 ||
	    strcmp(c->msg->command, ERR_SASLALREADY) == 0) {
		s->sasl = SESSION_SASL_DONE;
		handle_cap_end(s);
	}
}

/* 902, 904, 905, 906: the login failed; trying again cannot help. */
static void
handle_sasl_failed(struct session *s, struct ctx *c)
{
	if (s->sasl != SESSION_SASL_STARTED)
		return;
	session_stop(s, "SASL login as %s failed (%s %s); not reconnecting: "
	    "check %s", s->opt->sasl == OPTIONS_SASL_PLAIN ?
	    s->opt->sasl_user : "your certificate", c->msg->command,
	    handle_text(c), s->opt->sasl == OPTIONS_SASL_PLAIN ?
	    "sasl_user and sasl_pass" : "--tls-cert and the account it is "
	    "registered with");
}

/* 464: the server's password (-w) is wrong. */
static void
handle_bad_password(struct session *s, struct ctx *c)
{
	session_stop(s, "The server refused the password ("
	    ERR_PASSWDMISMATCH " %s); not "
	    "reconnecting: check -w PASS or password in the config file",
	    handle_text(c));
}

/* PING :token */
static void
handle_ping(struct session *s, struct ctx *c)
{
	session_send(s, "PONG", 1, (const char *const[]){ handle_text(c) });
}

/* PONG: the keepalive is answered (the loop saw that data arrived), or
 * gapless.h's fence is passed. */
static void
handle_pong(struct session *s, struct ctx *c)
{
	gapless_pong(s, handle_text(c));
}

/* FAIL COMMAND CODE [context...] :description (IRCv3 standard replies). */
static void
handle_fail(struct session *s, struct ctx *c)
{
	if (strcasecmp(c->msg->params[0], "CHATHISTORY") == 0)
		gapless_reset(s);
	session_error(s, handle_server_window(s), "%s failed (%s): %s",
	    c->msg->params[0], c->msg->params[1], handle_text(c));
}

/* ERROR :reason (the server closes next). */
static void
handle_error_cmd(struct session *s, struct ctx *c)
{
	session_error(s, handle_server_window(s), "Server: %s",
	    handle_text(c));
	strlcpy(s->status_note, handle_text(c), sizeof s->status_note);
}

/* 001: registered. */
static void
handle_welcome(struct session *s, struct ctx *c)
{
	const char	*text = handle_text(c), *word, *bang, *at;

	strlcpy(s->nick, c->msg->params[0], sizeof s->nick);
	if (c->msg->source != NULL)
		strlcpy(s->server, c->msg->source, sizeof s->server);
	/* "Welcome to the X network, nick!user@host" */
	word = strrchr(text, ' ');
	word = word != NULL ? word + 1 : text;
	if ((bang = strchr(word, '!')) != NULL &&
	    (at = strchr(bang, '@')) != NULL) {
		snprintf(s->user, sizeof s->user, "%.*s",
		    (int)(at - bang - 1), bang + 1);
		strlcpy(s->host, at + 1, sizeof s->host);
	}
	s->cap_negotiating = false;
	s->state = SESSION_ONLINE;
	s->welcomed = true;
	s->dirty_status = true;
	session_info(s, handle_server_window(s), "%s", text);
	/* Away before the connection was lost: away again. */
	if (s->away_reason != NULL)
		session_send(s, "AWAY", 1,
		    (const char *const[]){ s->away_reason });
	session_rejoin(s);
}

/* 005: the limits and prefixes that matter here. */
static void
handle_isupport(struct session *s, struct ctx *c)
{
	const char	*tok, *close;
	size_t		 i;
	const char	*err;
	long long	 n;

	for (i = 1; i + 1 < c->msg->nparams; i++) {
		tok = c->msg->params[i];
		if (strncmp(tok, "PREFIX=", 7) == 0 &&
		    (close = strchr(tok, ')')) != NULL)
			strlcpy(s->prefixes, close + 1, sizeof s->prefixes);
		else if (strncmp(tok, "CHATHISTORY=", 12) == 0) {
			/* 0 (or nonsense): no limit said, gapless.c pages. */
			n = strtonum(tok + 12, 0, LLONG_MAX, &err);
			s->history_max = err == NULL ? (size_t)n : 0;
		} else if (strncmp(tok, "LINELEN=", 8) == 0) {
			n = strtonum(tok + 8, IRC_LINE_MAX, HANDLE_LINELEN_MAX,
			    &err);
			if (err == NULL)
				s->linelen = (size_t)n;
		}
	}
}

/* 432, 433: a nick we cannot have. */
static void
handle_bad_nick(struct session *s, struct ctx *c)
{
	const char	*tried = c->msg->nparams > 2 ? c->msg->params[1] :
	    s->nick;
	char		 next[SESSION_NAME_MAX];
	size_t		 len;

	if (s->state == SESSION_ONLINE) {
		session_error(s, session_current(s), "%s: %s", tried,
		    handle_text(c));
		return;
	}
	/* Registering: NICK_, NICK__, ... within NICKLEN, then digits. */
	s->nick_tries++;
	if (strcmp(c->msg->command, ERR_ERRONEUSNICKNAME) == 0)
		snprintf(next, sizeof next, "natter%d", s->nick_tries);
	else {
		strlcpy(next, s->nick, sizeof next);
		len = strlen(next);
		if (s->nick_tries <= 4 && len + 1 <= IRC_NICKLEN / 2 + 8)
			strlcat(next, "_", sizeof next);
		else
			snprintf(next, sizeof next, "%.*s%d", 8, s->opt->nick,
			    (int)(time(NULL) % 10000) + s->nick_tries);
	}
	session_info(s, handle_server_window(s), "%s: %s, trying %s", tried,
	    handle_text(c), next);
	strlcpy(s->nick, next, sizeof s->nick);
	session_send(s, "NICK", 1, (const char *const[]){ next });
}

/* Numerics shown in the server window as they come. */
static void
handle_server_info(struct session *s, struct ctx *c)
{
	char	text[IRC_LINE_MAX];

	handle_join_params(c, 1, text, sizeof text);
	session_info(s, handle_server_window(s), "%s", text);
}

/* --- rooms and members -------------------------------------------------- */

/*
 * How a join, part, quit or nick change of c's sender shows in room w
 * (members people, the sender last spoke at spoke): -1 when /ignore'd
 * (not even logged), SCROLLBACK_FILTERED when the smart filter hides it
 * (logged only), else 0.  Ours always show.
 */
static int
handle_event_flags(struct session *s, struct ctx *c, struct window *w,
    time_t spoke)
{
	if (c->self || c->from_server)
		return 0;
	if (ignore_match(&s->ignores, c->msg->source, IGNORE_JOINS))
		return -1;
	if (w != NULL && w->kind == WINDOW_ROOM && !c->past &&
	    ignore_smart_hide(w->nmembers, spoke, c->when,
	    s->opt->smart_filter))
		return SCROLLBACK_FILTERED;
	return 0;
}

/* JOIN #room */
static void
handle_join(struct session *s, struct ctx *c)
{
	const char	*room = c->msg->params[0];
	struct window	*w;
	size_t		 i;
	int		 extra;

	if (c->self) {
		if ((w = session_open(s, WINDOW_ROOM, room)) == NULL) {
			session_error(s, session_current(s),
			    "Too many windows: close some to join %s", room);
			return;
		}
		free(w->name);
		w->name = xstrdup(room);
		w->joined = w->autojoin = true;
		session_key_claim(s, w);
		w->names_open = w->names_show = false;
		free(w->topic);
		w->topic = NULL;
		session_members_clear(w);
		session_member_add(w, s->nick, '\0');
		gapless_joined(s, w);
		if (s->switch_to[0] != '\0' &&
		    irc_casecmp(s->switch_to, room) == 0 &&
		    session_find(s, room, &i) != NULL) {
			s->switch_to[0] = '\0';
			session_switch(s, i);
		}
		s->dirty_status = true;
	} else {
		if ((w = handle_room(s, room)) == NULL)
			return;
		session_member_add(w, c->nick, '\0');
		if (w == session_current(s))
			s->dirty_status = true;
	}
	if ((extra = handle_event_flags(s, c, w, 0)) < 0)
		return;
	session_line(s, w, c->when, SCROLLBACK_JOIN, c->past | (unsigned)extra |
	    (c->self ? SCROLLBACK_SELF : 0), c->nick, w->name);
}

/* PART #room [:reason] */
static void
handle_part(struct session *s, struct ctx *c)
{
	struct window	*w;
	struct member	*m;
	int		 extra;

	if ((w = handle_room(s, c->msg->params[0])) == NULL)
		return;
	m = session_member(w, c->nick);
	extra = handle_event_flags(s, c, w, m != NULL ? m->spoke_at : 0);
	if (c->self) {
		w->joined = w->autojoin = false;
		session_members_clear(w);
	} else
		session_member_remove(w, c->nick);
	s->dirty_status = true;
	if (extra < 0)
		return;
	session_line(s, w, c->when, SCROLLBACK_PART, c->past | (unsigned)extra |
	    (c->self ? SCROLLBACK_SELF : 0), c->nick,
	    c->msg->nparams > 1 ? handle_text(c) : "");
}

/* KICK #room nick [:reason] */
static void
handle_kick(struct session *s, struct ctx *c)
{
	const char	*victim = c->msg->params[1];
	const char	*reason = c->msg->nparams > 2 ? handle_text(c) : "";
	struct window	*w;
	char		 text[IRC_LINE_MAX * 2];
	bool		 us;

	if ((w = handle_room(s, c->msg->params[0])) == NULL)
		return;
	us = irc_casecmp(victim, s->nick) == 0;
	if (us) {
		w->joined = w->autojoin = false;
		session_members_clear(w);
	} else
		session_member_remove(w, victim);
	s->dirty_status = true;
	snprintf(text, sizeof text, "%s kicked %s%s%s%s", c->nick,
	    us ? "you" : victim, reason[0] != '\0' ? " (" : "", reason,
	    reason[0] != '\0' ? ")" : "");
	session_line(s, w, c->when, us ? SCROLLBACK_ERROR : SCROLLBACK_SERVER,
	    c->past | (us ? SCROLLBACK_HIGHLIGHT : 0), NULL, text);
}

/* QUIT [:reason] */
static void
handle_quit(struct session *s, struct ctx *c)
{
	struct window	*w;
	struct member	*m;
	size_t		 i;
	int		 extra;

	for (i = 0; i < s->nwindows; i++) {
		w = s->windows[i];
		m = w->kind == WINDOW_ROOM ? session_member(w, c->nick) : NULL;
		extra = handle_event_flags(s, c, w, m != NULL ? m->spoke_at :
		    0);
		if (((w->kind == WINDOW_ROOM &&
		    session_member_remove(w, c->nick)) ||
		    (w->kind == WINDOW_QUERY &&
		    irc_casecmp(w->name, c->nick) == 0)) && extra >= 0)
			session_line(s, w, c->when, SCROLLBACK_QUIT, c->past |
			    (unsigned)extra, c->nick, c->msg->nparams > 0 ?
			    handle_text(c) : "");
	}
	s->dirty_status = true;
}

/* NICK new */
static void
handle_nick(struct session *s, struct ctx *c)
{
	const char	*new = c->msg->params[0];
	struct member	*m;
	struct window	*w;
	bool		 shown = false;
	size_t		 i;
	int		 extra = 0;

	for (i = 0; i < s->nwindows; i++) {
		w = s->windows[i];
		if (w->kind == WINDOW_ROOM &&
		    (m = session_member(w, c->nick)) != NULL) {
			extra = handle_event_flags(s, c, w, m->spoke_at);
			free(m->nick);
			m->nick = xstrdup(new);
		} else if (w->kind == WINDOW_QUERY &&
		    irc_casecmp(w->name, c->nick) == 0 &&
		    session_find(s, new, NULL) == NULL) {
			free(w->name);
			w->name = xstrdup(new);
		} else
			continue;
		shown = true;
		if (extra < 0)
			continue;
		session_line(s, w, c->when, SCROLLBACK_NICK, c->past |
		    (unsigned)extra, c->nick, new);
	}
	if (c->self) {
		strlcpy(s->nick, new, sizeof s->nick);
		if (!shown)
			session_line(s, session_current(s), c->when,
			    SCROLLBACK_NICK, 0, c->nick, new);
	}
	/* Offers and transfers follow their peer's new nick. */
	if (!c->self && !c->past && s->dcc != NULL)
		dcc_nick(s->dcc, c->nick, new);
	s->dirty_status = true;
}

/* TOPIC #room :topic */
static void
handle_topic(struct session *s, struct ctx *c)
{
	struct window	*w;

	if ((w = handle_room(s, c->msg->params[0])) == NULL)
		return;
	free(w->topic);
	w->topic = c->msg->params[1][0] != '\0' ?
	    xstrdup(c->msg->params[1]) : NULL;
	session_line(s, w, c->when, SCROLLBACK_TOPIC, c->past, c->nick,
	    c->msg->params[1]);
	s->dirty_status = true;
}

/* 331, 332: a room's topic on join or when asked. */
static void
handle_rpl_topic(struct session *s, struct ctx *c)
{
	const char	*room = c->msg->params[1];
	struct window	*w = handle_room(s, room);
	bool		 none = strcmp(c->msg->command, RPL_NOTOPIC) == 0;

	if (w != NULL) {
		free(w->topic);
		w->topic = none ? NULL : xstrdup(handle_text(c));
		s->dirty_status = true;
	}
	if (none)
		session_info(s, handle_reply_window(s, room),
		    "No topic is set in %s", room);
	else
		session_info(s, handle_reply_window(s, room), "Topic of %s: %s",
		    room, handle_text(c));
}

/* 333: who set the topic, when. */
static void
handle_topic_who(struct session *s, struct ctx *c)
{
	const char	*room = c->msg->params[1];
	char		 setter[SESSION_NAME_MAX * 4], when[64] = "";

	strlcpy(setter, c->msg->params[2], sizeof setter);
	setter[strcspn(setter, "!")] = '\0';
	if (c->msg->nparams > 3)
		handle_stamp(c->msg->params[3], " on %Y-%m-%d %H:%M", when,
		    sizeof when);
	session_info(s, handle_reply_window(s, room), "Topic set by %s%s",
	    setter, when);
}

/* 353: = #room :nick @nick ... */
static void
handle_names(struct session *s, struct ctx *c)
{
	const char	*room = c->msg->params[2];
	struct window	*w = handle_room(s, room);
	char		*list = c->msg->params[3], *name;
	const char	*nick;
	char		 prefix;

	if (w == NULL || !w->joined) {
		session_info(s, session_current(s), "Names in %s: %s", room,
		    list);
		return;
	}
	if (!w->names_open) {
		session_members_clear(w);
		w->names_open = true;
	}
	while ((name = strsep(&list, " ")) != NULL) {
		if (name[0] == '\0')
			continue;
		nick = handle_strip_prefix(s, name, &prefix);
		if (nick[0] != '\0')
			session_member_add(w, nick, prefix);
	}
	if (w == session_current(s))
		s->dirty_status = true;
}

/* 366: end of NAMES: show who is there. */
static void
handle_names_end(struct session *s, struct ctx *c)
{
	struct window	*w = handle_room(s, c->msg->params[1]);
	char		 text[4096], one[SESSION_NAME_MAX * 4 + 2];
	size_t		 i;

	if (w == NULL || !w->names_open)
		return;
	w->names_open = false;
	text[0] = '\0';
	for (i = 0; i < w->nmembers; i++) {
		if (!w->names_show && i == HANDLE_NAMES_SHOWN) {
			strlcat(text, " ...", sizeof text);
			break;
		}
		snprintf(one, sizeof one, "%s%s%s", i > 0 ? " " : "",
		    w->members[i].prefix != '\0' ?
		    (char[]){ w->members[i].prefix, '\0' } : "",
		    w->members[i].nick);
		strlcat(text, one, sizeof text);
	}
	session_info(s, w->names_show ? session_current(s) : w,
	    "%zu %s in %s: %s", w->nmembers,
	    w->nmembers == 1 ? "person" : "people", w->name, text);
	w->names_show = false;
	s->dirty_status = true;
}

/* MODE target modes [args]: ops and voices kept, the change shown. */
static void
handle_mode(struct session *s, struct ctx *c)
{
	const char	*modes, *p;
	struct window	*w;
	struct member	*m;
	char		 text[IRC_LINE_MAX];
	size_t		 arg = 2;
	bool		 plus = true;

	handle_join_params(c, 1, text, sizeof text);
	if ((w = handle_room(s, c->msg->params[0])) == NULL) {
		session_info(s, handle_server_window(s), "Mode %s %s",
		    c->msg->params[0], text);
		return;
	}
	modes = c->msg->nparams > 1 ? c->msg->params[1] : "";
	for (p = modes; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			plus = *p == '+';
			continue;
		}
		if (strchr("ovhqa", *p) != NULL && arg < c->msg->nparams) {
			if ((m = session_member(w, c->msg->params[arg])) !=
			    NULL) {
				if (plus && *p == 'o')
					m->prefix = '@';
				else if (plus && *p == 'v' &&
				    m->prefix == '\0')
					m->prefix = '+';
				else if (!plus)
					m->prefix = '\0';
			}
			arg++;
		} else if (*p == 'k') {
			/* Kept for rejoining after a reconnect. */
			session_key_set(w, plus && arg < c->msg->nparams ?
			    c->msg->params[arg] : NULL);
			arg++;
		} else if ((*p == 'l' && plus) || strchr("beI", *p) != NULL)
			arg++;
	}
	{
		char	line[IRC_LINE_MAX + 64];

		snprintf(line, sizeof line, "%s sets mode %s", c->nick, text);
		session_line(s, w, c->when, SCROLLBACK_SERVER, c->past, NULL,
		    line);
	}
}

/* --- messages ----------------------------------------------------------- */

/* Say, at most every HANDLE_REFUSED_NOTE_MS, that a CTCP request was not
 * answered (a flood of them must not flood the server window either). */
static void
handle_ctcp_unanswered(struct session *s, struct ctx *c, const char *cmd,
    size_t cmdlen, const char *why)
{
	if (s->now < s->refused_quiet)
		return;
	s->refused_quiet = s->now + HANDLE_REFUSED_NOTE_MS;
	session_info(s, handle_server_window(s),
	    "%s sent CTCP %.*s (not answered: %s)", c->nick, (int)cmdlen, cmd,
	    why);
}

/*
 * Answer a CTCP request (VERSION, PING, TIME) sent to us, as often as
 * autoreply.h allows; a request to a room is never answered (one line
 * there would make every member answer), nor are others.
 */
static void
handle_ctcp_request(struct session *s, struct ctx *c, const char *target,
    const char *cmd, size_t cmdlen, const char *args, size_t argslen)
{
	char		 reply[IRC_LINE_MAX];
	time_t		 now;

	if (c->past || c->self)
		return;
	if (irc_is_channel(target)) {
		handle_ctcp_unanswered(s, c, cmd, cmdlen, "sent to a room");
		return;
	}
	if (cmdlen == 3 && strncmp(cmd, "DCC", 3) == 0) {
		/* Offers and their answers: dcc.c's (never auto-replied). */
		if (s->dcc != NULL)
			dcc_ctcp_in(s->dcc, c->nick, cmd, (size_t)(args + argslen -
			    cmd));
		return;
	}
	if (cmdlen == 7 && strncmp(cmd, "VERSION", 7) == 0)
		snprintf(reply, sizeof reply, "\001VERSION natter %s\001",
		    PACKAGE_VERSION);
	else if (cmdlen == 4 && strncmp(cmd, "PING", 4) == 0)
		snprintf(reply, sizeof reply, "\001PING %.*s\001",
		    (int)argslen, args);
	else if (cmdlen == 4 && strncmp(cmd, "TIME", 4) == 0) {
		now = time(NULL);
		snprintf(reply, sizeof reply, "\001TIME %s", ctime(&now));
		reply[strcspn(reply, "\n")] = '\0';
		strlcat(reply, "\001", sizeof reply);
	} else {
		handle_ctcp_unanswered(s, c, cmd, cmdlen, "unknown");
		return;
	}
	if (!autoreply_allow(&s->replies, c->nick, s->now)) {
		handle_ctcp_unanswered(s, c, cmd, cmdlen, "too many");
		return;
	}
	session_info(s, handle_server_window(s), "%s asked CTCP %.*s",
	    c->nick, (int)cmdlen, cmd);
	session_send(s, "NOTICE", 2, (const char *const[]){ c->nick, reply });
}

/* A CTCP answer: shown where we are; an answer to our /ping (our clock
 * in ms, within the last hour) as the round trip. */
static void
handle_ctcp_reply(struct session *s, struct ctx *c, const char *cmd,
    size_t cmdlen, const char *args, size_t argslen)
{
	char		 num[32];
	const char	*err;
	long long	 sent;

	if (cmdlen == 4 && strncmp(cmd, "PING", 4) == 0 && argslen > 0 &&
	    argslen < sizeof num) {
		memcpy(num, args, argslen);
		num[argslen] = '\0';
		sent = strtonum(num, s->now - HANDLE_PING_MAX_MS + 1, s->now,
		    &err);
		if (err == NULL) {
			session_info(s, session_current(s), "PING reply from "
			    "%s: %lld.%03lld s", c->nick, (s->now - sent) /
			    1000, (s->now - sent) % 1000);
			return;
		}
	}
	session_info(s, session_current(s), "CTCP %.*s reply from %s: %.*s",
	    (int)cmdlen, cmd, c->nick, (int)argslen, args);
}

/* Whether /ignore drops a PRIVMSG or NOTICE (before any window opens or
 * any CTCP is answered). */
static bool
handle_ignored(struct session *s, struct ctx *c, const char *target,
    const char *text, bool notice)
{
	const char	*cmd, *args, *body;
	size_t		 cmdlen, argslen, bodylen;
	unsigned	 kind;

	if (s->ignores.count == 0 || c->self || c->from_server ||
	    c->msg->source == NULL)
		return false;
	if (render_ctcp(text, strlen(text), &cmd, &cmdlen, &args, &argslen) &&
	    !render_ctcp_action(text, strlen(text), &body, &bodylen))
		kind = IGNORE_CTCP;
	else if (notice)
		kind = IGNORE_NOTICES;
	else if (!irc_is_channel(target))
		kind = IGNORE_PRIVATE;
	else
		kind = IGNORE_MESSAGES;
	return ignore_match(&s->ignores, c->msg->source, kind);
}

/* PRIVMSG and NOTICE to a room or to us. */
static void
handle_message(struct session *s, struct ctx *c)
{
	const char	*target = c->msg->params[0];
	const char	*text = c->msg->params[1];
	const char	*cmd, *args, *body;
	size_t		 cmdlen, argslen, bodylen;
	bool		 notice = strcmp(c->msg->command, "NOTICE") == 0;
	enum scrollback_kind kind = notice ? SCROLLBACK_NOTICE :
	    SCROLLBACK_MESSAGE;
	struct window	*w = NULL;
	struct member	*m;
	unsigned	 flags = c->past;
	char		 action[IRC_LINE_MAX];

	/* STATUSMSG targets (@#room) are shown in the room. */
	while (target[0] != '\0' && strchr(s->prefixes, target[0]) != NULL &&
	    irc_is_channel(target + 1))
		target++;
	if (handle_ignored(s, c, target, text, notice))
		return;

	if (irc_is_channel(target)) {
		if ((w = handle_room(s, target)) == NULL)
			w = handle_server_window(s);
	} else if (c->from_server || strcmp(target, "*") == 0 ||
	    c->nick[0] == '\0') {
		w = handle_server_window(s);
	} else {
		const char *peer = c->self ? target : c->nick;

		if (notice)
			w = session_find(s, peer, NULL);
		else
			w = session_open(s, WINDOW_QUERY, peer);
		if (w == NULL)
			w = notice ? session_current(s) :
			    handle_server_window(s);
	}

	if (render_ctcp(text, strlen(text), &cmd, &cmdlen, &args,
	    &argslen)) {
		if (!render_ctcp_action(text, strlen(text), &body, &bodylen)) {
			/* Our own answers come back with echo-message:
			 * they were said when the request came. */
			if (!notice)
				handle_ctcp_request(s, c, target, cmd, cmdlen,
				    args, argslen);
			else if (cmdlen == 3 && strncmp(cmd, "DCC", 3) == 0) {
				/* DCC REJECT of an offer of ours (dcc.c). */
				if (!c->past && !c->self && s->dcc != NULL)
					dcc_ctcp_reply(s->dcc, c->nick, cmd,
					    (size_t)(args + argslen - cmd));
			} else if (!c->past && !c->self)
				handle_ctcp_reply(s, c, cmd, cmdlen, args,
				    argslen);
			return;
		}
		snprintf(action, sizeof action, "%.*s", (int)bodylen, body);
		text = action;
		kind = SCROLLBACK_ACTION;
	}
	if (c->self)
		flags |= SCROLLBACK_SELF;
	else if (session_highlights(s, text))
		flags |= SCROLLBACK_HIGHLIGHT;
	gapless_seen(w, c->msg);
	if (w->kind == WINDOW_ROOM && !c->past &&
	    (m = session_member(w, c->nick)) != NULL) {
		m->spoke = ++s->clock;
		m->spoke_at = c->when;
	}
	session_line(s, w, c->when, kind, flags,
	    c->nick[0] != '\0' ? c->nick : (c->msg->source != NULL ?
	    c->msg->source : "*"), text);
}

/* --- replies to the user's commands ------------------------------------- */

/* 305/306: away or back. */
static void
handle_away_reply(struct session *s, struct ctx *c)
{
	s->away = strcmp(c->msg->command, RPL_NOWAWAY) == 0;
	s->dirty_status = true;
	session_info(s, session_current(s), "%s", handle_text(c));
}

/* 301: nick is away. */
static void
handle_rpl_away(struct session *s, struct ctx *c)
{
	struct window	*w = session_find(s, c->msg->params[1], NULL);

	session_info(s, w != NULL ? w : session_current(s), "%s is away: %s",
	    c->msg->params[1], handle_text(c));
}

/* WHOIS replies. */
static void
handle_whois(struct session *s, struct ctx *c)
{
	const struct irc_message *msg = c->msg;
	const char	*nick = msg->params[1];
	struct window	*w = session_current(s);
	char		 when[64];

	if (strcmp(msg->command, RPL_WHOISUSER) == 0 && msg->nparams >= 6)
		session_info(s, w, "%s is %s@%s (%s)", nick, msg->params[2],
		    msg->params[3], msg->params[5]);
	else if (strcmp(msg->command, RPL_WHOISSERVER) == 0 &&
	    msg->nparams >= 4)
		session_info(s, w, "%s is on %s (%s)", nick, msg->params[2],
		    msg->params[3]);
	else if (strcmp(msg->command, RPL_WHOISIDLE) == 0 &&
	    msg->nparams >= 4) {
		handle_stamp(msg->params[3], ", signed on %Y-%m-%d %H:%M",
		    when, sizeof when);
		session_info(s, w, "%s has been idle %ss%s", nick,
		    msg->params[2], when);
	} else if (strcmp(msg->command, RPL_WHOISCHANNELS) == 0)
		session_info(s, w, "%s is in %s", nick, handle_text(c));
	else if (strcmp(msg->command, RPL_WHOISOPERATOR) == 0)
		session_info(s, w, "%s %s", nick, handle_text(c));
	else if (strcmp(msg->command, RPL_ENDOFWHOIS) == 0)
		session_info(s, w, "End of WHOIS %s", nick);
}

/* 352: WHO reply. */
static void
handle_who(struct session *s, struct ctx *c)
{
	const struct irc_message *msg = c->msg;
	const char	*real = handle_text(c), *sp;

	if (msg->nparams < 8)
		return;
	/* ":hopcount realname" */
	if ((sp = strchr(real, ' ')) != NULL)
		real = sp + 1;
	session_info(s, session_current(s), "%s %s (%s@%s) %s: %s",
	    msg->params[1], msg->params[5], msg->params[2], msg->params[3],
	    msg->params[6][0] == 'G' ? "away" : "here", real);
}

/* 315: end of WHO. */
static void
handle_who_end(struct session *s, struct ctx *c)
{
	session_info(s, session_current(s), "End of WHO %s",
	    c->msg->params[1]);
}

/* 322: a room of /list. */
static void
handle_list(struct session *s, struct ctx *c)
{
	if (c->msg->nparams < 4)
		return;
	session_info(s, session_current(s), "%s (%s): %s", c->msg->params[1],
	    c->msg->params[2], handle_text(c));
}

/* 323: end of /list. */
static void
handle_list_end(struct session *s, struct ctx *c)
{
	(void)c;
	session_info(s, session_current(s), "End of the room list");
}

/* Replies nobody needs to see (321, 329...). */
static void
handle_ignore(struct session *s, struct ctx *c)
{
	(void)s;
	(void)c;
}

/* INVITE nick #room */
static void
handle_invite(struct session *s, struct ctx *c)
{
	char	text[IRC_LINE_MAX * 2];

	snprintf(text, sizeof text, "%s invites you to %s (/join %s)",
	    c->nick, c->msg->params[1], c->msg->params[1]);
	session_line(s, session_current(s), c->when, SCROLLBACK_SERVER,
	    SCROLLBACK_HIGHLIGHT, NULL, text);
}

/* BATCH +id type [params] / BATCH -id */
static void
handle_batch(struct session *s, struct ctx *c)
{
	const char		*ref = c->msg->params[0];
	struct session_batch	*b, done;
	size_t			 i;

	if (ref[0] == '+' && c->msg->nparams >= 2) {
		if (s->nbatches == SESSION_BATCHES_MAX)
			return;
		b = &s->batches[s->nbatches++];
		memset(b, 0, sizeof *b);
		strlcpy(b->id, ref + 1, sizeof b->id);
		b->history = strcmp(c->msg->params[1], "chathistory") == 0 ||
		    strcmp(c->msg->params[1], "draft/chathistory") == 0;
		if (c->msg->nparams >= 3)
			strlcpy(b->target, c->msg->params[2], sizeof b->target);
		b->mode = gapless_batch_start(s, c->msg->params[1],
		    c->msg->nparams >= 3 ? c->msg->params[2] : NULL);
	} else if (ref[0] == '-') {
		for (i = 0; i < s->nbatches; i++) {
			if (strcmp(s->batches[i].id, ref + 1) != 0)
				continue;
			done = s->batches[i];
			s->batches[i] = s->batches[--s->nbatches];
			gapless_batch_end(s, &done);
			break;
		}
	}
}

/* Any other numeric: errors (4xx, 5xx) in the window they concern, the
 * rest in the server window. */
static void
handle_numeric(struct session *s, struct ctx *c)
{
	const char	*code = c->msg->command;
	char		 text[IRC_LINE_MAX];

	/* "N M :Current local users N, max M": the words say it. */
	if (strcmp(code, RPL_LOCALUSERS) == 0 ||
	    strcmp(code, RPL_GLOBALUSERS) == 0)
		strlcpy(text, handle_text(c), sizeof text);
	else
		handle_join_params(c, 1, text, sizeof text);
	/* Three digits (irc_message_parse checks): 4xx and 5xx are errors. */
	if (code[0] == '4' || code[0] == '5') {
		session_error(s, handle_reply_window(s,
		    c->msg->nparams > 2 ? c->msg->params[1] : NULL), "%s",
		    text);
		/* Not even CAP: no capabilities, go on registering. */
		if (strcmp(code, ERR_UNKNOWNCOMMAND) == 0 &&
		    c->msg->nparams > 1 &&
		    strcasecmp(c->msg->params[1], "CAP") == 0)
			s->cap_negotiating = false;
	} else
		session_info(s, handle_server_window(s), "%s", text);
}

/* Sorted by command (strcmp): the numerics by number, then the words. */
static const struct handler handle_table[] = {
	{ RPL_WELCOME,		handle_welcome,		1 },
	{ RPL_YOURHOST,		handle_server_info,	1 },
	{ RPL_CREATED,		handle_server_info,	1 },
	{ RPL_MYINFO,		handle_ignore,		0 },
	{ RPL_ISUPPORT,		handle_isupport,	1 },
	{ RPL_AWAY,		handle_rpl_away,	3 },
	{ RPL_UNAWAY,		handle_away_reply,	1 },
	{ RPL_NOWAWAY,		handle_away_reply,	1 },
	{ RPL_WHOISUSER,	handle_whois,		2 },
	{ RPL_WHOISSERVER,	handle_whois,		2 },
	{ RPL_WHOISOPERATOR,	handle_whois,		2 },
	{ RPL_ENDOFWHO,		handle_who_end,		2 },
	{ RPL_WHOISIDLE,	handle_whois,		2 },
	{ RPL_ENDOFWHOIS,	handle_whois,		2 },
	{ RPL_WHOISCHANNELS,	handle_whois,		2 },
	{ RPL_LISTSTART,	handle_ignore,		0 },
	{ RPL_LIST,		handle_list,		2 },
	{ RPL_LISTEND,		handle_list_end,	0 },
	{ RPL_CREATIONTIME,	handle_ignore,		0 },
	{ RPL_NOTOPIC,		handle_rpl_topic,	2 },
	{ RPL_TOPIC,		handle_rpl_topic,	3 },
	{ RPL_TOPICWHOTIME,	handle_topic_who,	3 },
	{ RPL_WHOREPLY,		handle_who,		2 },
	{ RPL_NAMREPLY,		handle_names,		4 },
	{ RPL_ENDOFNAMES,	handle_names_end,	2 },
	{ RPL_MOTD,		handle_server_info,	1 },
	{ RPL_MOTDSTART,	handle_server_info,	1 },
	{ RPL_ENDOFMOTD,	handle_ignore,		0 },
	{ ERR_NOMOTD,		handle_ignore,		0 },
	{ ERR_ERRONEUSNICKNAME,	handle_bad_nick,	1 },
	{ ERR_NICKNAMEINUSE,	handle_bad_nick,	1 },
	{ ERR_PASSWDMISMATCH,	handle_bad_password,	0 },
	{ RPL_LOGGEDIN,		handle_sasl_ok,		1 },
	{ ERR_NICKLOCKED,	handle_sasl_failed,	0 },
	{ RPL_SASLSUCCESS,	handle_sasl_ok,		1 },
	{ ERR_SASLFAIL,		handle_sasl_failed,	0 },
	{ ERR_SASLTOOLONG,	handle_sasl_failed,	0 },
	{ ERR_SASLABORTED,	handle_sasl_failed,	0 },
	{ ERR_SASLALREADY,	handle_sasl_ok,		1 },
	{ RPL_SASLMECHS,	handle_sasl_ok,		1 },
	{ "AUTHENTICATE",	handle_authenticate,	1 },
	{ "AWAY",		handle_ignore,		0 },
	{ "BATCH",		handle_batch,		1 },
	{ "CAP",		handle_cap,		3 },
	{ "ERROR",		handle_error_cmd,	0 },
	{ "FAIL",		handle_fail,		3 },
	{ "INVITE",		handle_invite,		2 },
	{ "JOIN",		handle_join,		1 },
	{ "KICK",		handle_kick,		2 },
	{ "MODE",		handle_mode,		2 },
	{ "NICK",		handle_nick,		1 },
	{ "NOTICE",		handle_message,		2 },
	{ "PART",		handle_part,		1 },
	{ "PING",		handle_ping,		0 },
	{ "PONG",		handle_pong,		0 },
	{ "PRIVMSG",		handle_message,		2 },
	{ "QUIT",		handle_quit,		0 },
	{ "TOPIC",		handle_topic,		2 },
};
#define HANDLE_NTABLE	(sizeof handle_table / sizeof handle_table[0])

/* bsearch comparison. */
static int
handle_cmp(const void *key, const void *h)
{
	return strcmp(key, ((const struct handler *)h)->command);
}

static void	handle_parsed(struct session *, char *);

/* Handle one line. */
void
handle_line(struct session *s, char *line)
{
	char	*fixed = NULL;
	size_t	 len = strlen(line);

	/* Not UTF-8: Latin-1 or CP1252, as other clients read it. */
	if (!utf8_valid(line, len)) {
		fixed = xmalloc(len * CP1252_UTF8_MAX + 1);
		if (cp1252_fallback(line, len, fixed,
		    len * CP1252_UTF8_MAX + 1))
			line = fixed;
	}
	handle_parsed(s, line);
	free(fixed);
}

/* Handle one line, UTF-8 now. */
static void
handle_parsed(struct session *s, char *line)
{
	struct irc_message	 msg;
	struct ctx		 c;
	const struct handler	*h;
	const struct irc_tag	*tag;
	struct session_batch	*b;
	char			 command[32], *bang;
	size_t			 i;

	if (irc_message_parse(&msg, line) != IRC_PARSE_OK)
		return;
	for (i = 0; msg.command[i] != '\0' && i + 1 < sizeof command; i++)
		command[i] = (char)toupper((unsigned char)msg.command[i]);
	command[i] = '\0';
	msg.command = command;

	memset(&c, 0, sizeof c);
	c.msg = &msg;
	c.nick = "";
	if (msg.source != NULL) {
		strlcpy(c.nickbuf, msg.source, sizeof c.nickbuf);
		if ((bang = strchr(c.nickbuf, '!')) != NULL)
			*bang = '\0';
		else if ((bang = strchr(c.nickbuf, '@')) != NULL)
			*bang = '\0';
		/* A source without '!' is the server unless it is a nick. */
		c.from_server = strchr(msg.source, '!') == NULL &&
		    (strchr(msg.source, '.') != NULL ||
		    strcmp(msg.source, s->server) == 0);
		if (!c.from_server)
			c.nick = c.nickbuf;
	}
	c.self = c.nick[0] != '\0' && irc_casecmp(c.nick, s->nick) == 0;
	c.when = handle_parse_time((tag = irc_message_tag(&msg, "time")) !=
	    NULL ? tag->value : NULL);
	if (c.when == 0)
		c.when = time(NULL);
	if ((tag = irc_message_tag(&msg, "batch")) != NULL &&
	    tag->value != NULL) {
		for (i = 0; i < s->nbatches; i++) {
			b = &s->batches[i];
			if (strcmp(b->id, tag->value) != 0 || !b->history)
				continue;
			/* The server's own replay while we fetch: the answer
			 * has it all, in order. */
			if (b->mode == GAPLESS_DROP)
				return;
			c.past = SCROLLBACK_PAST;
			if (b->mode == GAPLESS_MISSED) {
				c.past |= SCROLLBACK_MISSED;
				b->lines++;
				if ((tag = irc_message_tag(&msg, "msgid")) !=
				    NULL && tag->value != NULL)
					strlcpy(b->last_msgid, tag->value,
					    sizeof b->last_msgid);
			}
		}
	}

	h = bsearch(command, handle_table, HANDLE_NTABLE, sizeof handle_table[0],
	    handle_cmp);
	if (h != NULL) {
		if (msg.nparams >= (size_t)h->min)
			h->fn(s, &c);
		return;
	}
	if (command[0] >= '0' && command[0] <= '9') {
		if (msg.nparams >= 1)
			handle_numeric(s, &c);
		return;
	}
}
