/*
 * PRIVMSG and NOTICE, for handle.c's table: which window a message goes
 * to (a room, a private window, the server window), what /ignore drops,
 * and CTCP: the requests natter answers by itself (VERSION, PING, TIME,
 * as often as autoreply.h allows), DCC handed to dcc.c, and the answers
 * to our own /ping.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "autoreply.h"
#include "dcc.h"
#include "gapless.h"
#include "handle_private.h"
#include "ignore.h"
#include "irc_message.h"
#include "irc_names.h"
#include "render.h"
#include "scrollback.h"
#include "session.h"
#include "wire.h"

/* The version CTCP VERSION answers. */
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif
/* A CTCP request not answered is noted at most this often (ms). */
#define HANDLE_REFUSED_NOTE_MS	10000
/* A CTCP PING answer older than this (ms) is not one of ours. */
#define HANDLE_PING_MAX_MS	(3600 * 1000)

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
void
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
