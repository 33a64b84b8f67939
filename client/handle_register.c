/*
 * Registration and the connection's upkeep, for handle.c's table: CAP
 * negotiation (the capabilities natter asks for), SASL, the welcome and
 * ISUPPORT, a nick in use, PING, FAIL and ERROR.  Kept apart from what
 * happens in rooms because it runs before any room exists and decides
 * whether the session goes on at all (session_stop).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gapless.h"
#include "handle_private.h"
#include "irc_message.h"
#include "options.h"
#include "sasl.h"
#include "session.h"
#include "wire.h"

/* The longest line an ISUPPORT LINELEN may announce (bytes). */
#define HANDLE_LINELEN_MAX	8192

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
void
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
void
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

/* RPL_LOGGEDIN, RPL_SASLSUCCESS, ERR_SASLALREADY, RPL_SASLMECHS: SASL
 * went well (or tells something). */
void
handle_sasl_ok(struct session *s, struct ctx *c)
{
	session_info(s, handle_server_window(s), "SASL: %s", handle_text(c));
	if (strcmp(c->msg->command, RPL_SASLSUCCESS) == 0 ||
	    strcmp(c->msg->command, ERR_SASLALREADY) == 0) {
		s->sasl = SESSION_SASL_DONE;
		handle_cap_end(s);
	}
}

/* ERR_NICKLOCKED, ERR_SASLFAIL, ERR_SASLTOOLONG, ERR_SASLABORTED: the
 * login failed; trying again cannot help. */
void
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

/* ERR_PASSWDMISMATCH: the server's password (-w) is wrong. */
void
handle_bad_password(struct session *s, struct ctx *c)
{
	session_stop(s, "The server refused the password ("
	    ERR_PASSWDMISMATCH " %s); not "
	    "reconnecting: check -w PASS or password in the config file",
	    handle_text(c));
}

/* PING :token */
void
handle_ping(struct session *s, struct ctx *c)
{
	session_send(s, "PONG", 1, (const char *const[]){ handle_text(c) });
}

/* PONG: the keepalive is answered (the loop saw that data arrived), or
 * gapless.h's fence is passed. */
void
handle_pong(struct session *s, struct ctx *c)
{
	gapless_pong(s, handle_text(c));
}

/* FAIL COMMAND CODE [context...] :description (IRCv3 standard replies). */
void
handle_fail(struct session *s, struct ctx *c)
{
	if (strcasecmp(c->msg->params[0], "CHATHISTORY") == 0)
		gapless_reset(s);
	session_error(s, handle_server_window(s), "%s failed (%s): %s",
	    c->msg->params[0], c->msg->params[1], handle_text(c));
}

/* ERROR :reason (the server closes next). */
void
handle_error_cmd(struct session *s, struct ctx *c)
{
	session_error(s, handle_server_window(s), "Server: %s",
	    handle_text(c));
	strlcpy(s->status_note, handle_text(c), sizeof s->status_note);
}

/* RPL_WELCOME: registered. */
void
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

/* RPL_ISUPPORT: the limits and prefixes that matter here. */
void
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

/* ERR_ERRONEUSNICKNAME, ERR_NICKNAMEINUSE: a nick we cannot have. */
void
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
