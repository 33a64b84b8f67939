/*
 * Lines from the server into session state and scrollback; see handle.h.
 * This file reads a line (UTF-8, or CP1252 made UTF-8), builds its context
 * (who sent it, when, whether it is a replayed past line) and dispatches
 * it by a table sorted by command to the handlers, which live by concern
 * in handle_register.c, handle_room.c, handle_message.c, handle_reply.c
 * and handle_batch.c (handle_private.h joins them).  The helpers they
 * share and the numerics without a handler of their own are here.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cp1252.h"
#include "handle.h"
#include "handle_private.h"
#include "irc_message.h"
#include "irc_names.h"
#include "server_time.h"
#include "session.h"
#include "utf8.h"
#include "wire.h"
#include "xmalloc.h"

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
void
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
const char *
handle_text(const struct ctx *c)
{
	return c->msg->nparams > 0 ? c->msg->params[c->msg->nparams - 1] :
	    "";
}

/* Parameters from first on, joined by spaces. */
void
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
struct window *
handle_reply_window(struct session *s, const char *room)
{
	struct window	*w;

	if (room != NULL && irc_is_channel(room) &&
	    (w = session_find(s, room, NULL)) != NULL)
		return w;
	return session_current(s);
}

/* The server window. */
struct window *
handle_server_window(struct session *s)
{
	return s->windows[0];
}

/* A room's window if we have one. */
struct window *
handle_room(struct session *s, const char *room)
{
	struct window	*w = session_find(s, room, NULL);

	return w != NULL && w->kind == WINDOW_ROOM ? w : NULL;
}

/* Numerics shown in the server window as they come. */
static void
handle_server_info(struct session *s, struct ctx *c)
{
	char	text[IRC_LINE_MAX];

	handle_join_params(c, 1, text, sizeof text);
	session_info(s, handle_server_window(s), "%s", text);
}

/* Replies nobody needs to see (RPL_LISTSTART, RPL_CREATIONTIME...). */
static void
handle_ignore(struct session *s, struct ctx *c)
{
	(void)s;
	(void)c;
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

/* A command's handler, and the parameters it needs. */
struct handler {
	const char	*command;
	handler_fn	*fn;
	int		 min;		/* parameters needed */
};

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

/* Whether the table is sorted, as bsearch needs. */
bool
handle_table_sorted(void)
{
	size_t	i;

	for (i = 1; i < HANDLE_NTABLE; i++)
		if (strcmp(handle_table[i - 1].command,
		    handle_table[i].command) >= 0)
			return false;
	return true;
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
	if (!handle_batch_line(s, &c))
		return;

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
