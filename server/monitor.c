/* IRCv3 MONITOR and extended-monitor. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "monitor.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "xmalloc.h"

/* The watchers of one nick: the value of server->monitors. */
struct monitor_watchers {
	struct client	**v;
	size_t		  n;
	size_t		  cap;
};

void
monitor_online(struct server *s, const struct client *c)
{
	char folded[IRC_NICKLEN + 1], prefix[IRC_LINE_MAX];
	struct monitor_watchers *ws;
	size_t i;

	irc_casefold(folded, c->nick, sizeof folded);
	if ((ws = strmap_get(&s->monitors, folded)) == NULL)
		return;
	client_prefix(c, prefix, sizeof prefix);
	for (i = 0; i < ws->n; i++)
		reply_line_to(ws->v[i], ":%s " RPL_MONONLINE " %s :%s",
		    s->name, client_nick(ws->v[i]), prefix);
}

void
monitor_offline(struct server *s, const char *nick)
{
	char folded[IRC_NICKLEN + 1];
	struct monitor_watchers *ws;
	size_t i;

	irc_casefold(folded, nick, sizeof folded);
	if ((ws = strmap_get(&s->monitors, folded)) == NULL)
		return;
	for (i = 0; i < ws->n; i++)
		reply_line_to(ws->v[i], ":%s " RPL_MONOFFLINE " %s :%s",
		    s->name, client_nick(ws->v[i]), nick);
}

/* Take c off the watchers of folded (a nick it watched). */
static void
monitor_unwatch(struct server *s, struct client *c, const char *folded)
{
	struct monitor_watchers *ws = strmap_get(&s->monitors, folded);
	size_t i;

	if (ws == NULL)
		return;
	for (i = 0; i < ws->n; i++)
		if (ws->v[i] == c) {
			ws->v[i] = ws->v[--ws->n];
			break;
		}
	if (ws->n == 0) {
		strmap_remove(&s->monitors, folded);
		free(ws->v);
		free(ws);
	}
}

/* Index of nick (any case) in c's list, or -1. */
static int
monitor_index(const struct client *c, const char *folded)
{
	char f[IRC_NICKLEN + 1];
	size_t i;

	for (i = 0; i < c->nmonitoring; i++) {
		irc_casefold(f, c->monitoring[i], sizeof f);
		if (strcmp(f, folded) == 0)
			return (int)i;
	}
	return -1;
}

/* Remove entry i of c's list. */
static void
monitor_remove_at(struct client *c, size_t i)
{
	char folded[IRC_NICKLEN + 1];

	irc_casefold(folded, c->monitoring[i], sizeof folded);
	monitor_unwatch(c->server, c, folded);
	memmove(c->monitoring[i], c->monitoring[i + 1],
	    (c->nmonitoring - i - 1) * sizeof c->monitoring[0]);
	c->nmonitoring--;
}

void
monitor_forget(struct client *c)
{
	while (c->nmonitoring > 0)
		monitor_remove_at(c, c->nmonitoring - 1);
	free(c->monitoring);
	c->monitoring = NULL;
}

/* Tell c whether nick is online now (730 or 731). */
static void
monitor_status(struct client *c, const char *nick)
{
	char folded[IRC_NICKLEN + 1], prefix[IRC_LINE_MAX];
	struct client *t;

	irc_casefold(folded, nick, sizeof folded);
	t = strmap_get(&c->server->nicks, folded);
	if (t != NULL && t->registered)
		reply_numeric(c, RPL_MONONLINE, ":%s",
		    client_prefix(t, prefix, sizeof prefix));
	else
		reply_numeric(c, RPL_MONOFFLINE, ":%s", nick);
}

/* MONITOR + nick[,nick...]: watch them, and say how they are. */
static void
monitor_add(struct client *c, char *list)
{
	char folded[IRC_NICKLEN + 1];
	struct monitor_watchers *ws;
	char *nick;

	while ((nick = strsep(&list, ",")) != NULL) {
		if (nick[0] == '\0')
			continue;
		if (!irc_nick_valid(nick)) {
			reply_numeric(c, ERR_ERRONEUSNICKNAME,
			    ERR_ERRONEUSNICKNAME_FMT, nick);
			continue;
		}
		irc_casefold(folded, nick, sizeof folded);
		if (monitor_index(c, folded) < 0) {
			if (c->nmonitoring == MONITOR_MAX) {
				reply_numeric(c, ERR_MONLISTFULL,
				    ERR_MONLISTFULL_FMT, MONITOR_MAX, nick,
				    list != NULL ? "," : "",
				    list != NULL ? list : "");
				return;
			}
			if (c->monitoring == NULL)
				c->monitoring = xreallocarray(NULL, MONITOR_MAX,
				    sizeof c->monitoring[0]);
			strlcpy(c->monitoring[c->nmonitoring++], nick,
			    sizeof c->monitoring[0]);
			if ((ws = strmap_get(&c->server->monitors, folded)) ==
			    NULL) {
				ws = xmalloc(sizeof *ws);
				memset(ws, 0, sizeof *ws);
				strmap_put(&c->server->monitors, folded, ws);
			}
			if (ws->n == ws->cap) {
				ws->cap = ws->cap == 0 ? 4 : ws->cap * 2;
				ws->v = xreallocarray(ws->v, ws->cap,
				    sizeof *ws->v);
			}
			ws->v[ws->n++] = c;
		}
		monitor_status(c, nick);
	}
}

/* MONITOR L: the list, as many nicks a line as fit, then 733. */
static void
monitor_list(struct client *c)
{
	char line[IRC_LINE_MAX];
	size_t i, len = 0, budget;

	budget = IRC_LINE_MAX - 2 - (strlen(c->server->name) +
	    strlen(client_nick(c)) + 9);
	for (i = 0; i < c->nmonitoring; i++) {
		size_t n = strlen(c->monitoring[i]);

		if (len > 0 && len + 1 + n > budget) {
			line[len] = '\0';
			reply_numeric(c, RPL_MONLIST, ":%s", line);
			len = 0;
		}
		if (len > 0)
			line[len++] = ',';
		memcpy(line + len, c->monitoring[i], n);
		len += n;
	}
	line[len] = '\0';
	if (len > 0)
		reply_numeric(c, RPL_MONLIST, ":%s", line);
	reply_numeric(c, RPL_ENDOFMONLIST, RPL_ENDOFMONLIST_FMT);
}

/* MONITOR +|- targets, MONITOR C|L|S */
enum client_status
cmd_monitor(struct client *c, struct irc_message *msg)
{
	char folded[IRC_NICKLEN + 1], *list, *nick;
	const char *op = msg->params[0];
	size_t i;
	int at;

	if ((op[0] == '+' || op[0] == '-') && op[1] == '\0' &&
	    msg->nparams < 2) {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    "MONITOR");
		return CLIENT_ALIVE;
	}
	if (strcmp(op, "+") == 0)
		monitor_add(c, msg->params[1]);
	else if (strcmp(op, "-") == 0) {
		list = msg->params[1];
		while ((nick = strsep(&list, ",")) != NULL) {
			irc_casefold(folded, nick, sizeof folded);
			if ((at = monitor_index(c, folded)) >= 0)
				monitor_remove_at(c, (size_t)at);
		}
	} else if (strcasecmp(op, "C") == 0)
		monitor_forget(c);
	else if (strcasecmp(op, "L") == 0)
		monitor_list(c);
	else if (strcasecmp(op, "S") == 0) {
		for (i = 0; i < c->nmonitoring; i++)
			monitor_status(c, c->monitoring[i]);
	} else
		reply_numeric(c, ERR_UNKNOWNCOMMAND, ERR_UNKNOWNCOMMAND_FMT,
		    "MONITOR");
	return CLIENT_ALIVE;
}

/* True when a and b are both in one room. */
static bool
monitor_share_room(const struct client *a, const struct client *b)
{
	size_t i;

	for (i = 0; i < a->nrooms; i++)
		if (room_member(a->rooms[i], b) != NULL)
			return true;
	return false;
}

void
monitor_relay(struct client *actor, const struct relay *r,
    unsigned required_caps)
{
	char folded[IRC_NICKLEN + 1];
	struct monitor_watchers *ws;
	size_t i;

	irc_casefold(folded, actor->nick, sizeof folded);
	if ((ws = strmap_get(&actor->server->monitors, folded)) == NULL)
		return;
	for (i = 0; i < ws->n; i++) {
		struct client *w = ws->v[i];

		if (w == actor || (w->caps & CAP_EXTENDED_MONITOR) == 0 ||
		    (w->caps & required_caps) != required_caps ||
		    monitor_share_room(actor, w))
			continue;
		relay_to_client(actor, w, r, required_caps);
	}
}

/* strmap_foreach: free one nick's watchers. */
static void
monitor_free_one(const char *key, void *value, void *arg)
{
	struct monitor_watchers *ws = value;

	(void)key;
	(void)arg;
	free(ws->v);
	free(ws);
}

void
monitor_free(struct server *s)
{
	strmap_foreach(&s->monitors, monitor_free_one, NULL);
	strmap_free(&s->monitors);
}
