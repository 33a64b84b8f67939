/*
 * Rooms and their members, for handle.c's table: JOIN, PART, KICK, QUIT,
 * NICK, TOPIC, MODE and INVITE as they change the session's windows and
 * member lists, and the replies that fill them in (NAMES, the topic and
 * who set it).  What /ignore and the smart filter do to such events is
 * decided here too (handle_event_flags).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dcc.h"
#include "gapless.h"
#include "handle_private.h"
#include "ignore.h"
#include "irc_message.h"
#include "irc_names.h"
#include "options.h"
#include "scrollback.h"
#include "session.h"
#include "wire.h"
#include "xmalloc.h"

/* Names shown in full when a room is joined; more are only counted. */
#define HANDLE_NAMES_SHOWN	40

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
void
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
void
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
void
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
void
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
void
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
void
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

/* RPL_NOTOPIC, RPL_TOPIC: a room's topic on join or when asked. */
void
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

/* RPL_TOPICWHOTIME: who set the topic, when. */
void
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

/* RPL_NAMREPLY: = #room :nick @nick ... */
void
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

/* RPL_ENDOFNAMES: show who is there. */
void
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
void
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

/* INVITE nick #room */
void
handle_invite(struct session *s, struct ctx *c)
{
	char	text[IRC_LINE_MAX * 2];

	snprintf(text, sizeof text, "%s invites you to %s (/join %s)",
	    c->nick, c->msg->params[1], c->msg->params[1]);
	session_line(s, session_current(s), c->when, SCROLLBACK_SERVER,
	    SCROLLBACK_HIGHLIGHT, NULL, text);
}
