/* WHOWAS: who had a nick that is gone (RFC 2812 3.6.3, Modern IRC). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "reply.h"
#include "server.h"
#include "wire.h"

/* One identity: 314, then 312 with when it was given up. */
static void
whowas_reply_one(const struct whowas_entry *e, void *arg)
{
	struct client *c = arg;
	char when[64];
	struct tm tm;

	gmtime_r(&e->gone, &tm);
	strftime(when, sizeof when, "%a %b %d %H:%M:%S %Y UTC", &tm);
	reply_numeric(c, RPL_WHOWASUSER, RPL_WHOWASUSER_FMT, e->nick, e->user,
	    e->host, e->realname);
	reply_numeric(c, RPL_WHOISSERVER, RPL_WHOISSERVER_FMT, e->nick,
	    c->server->name, when);
}

/*
 * WHOWAS nick [count]: the newest identities first, up to count when it
 * is positive (none or a non-positive one: all), 406 when there is none,
 * and 369 after either.
 */
enum client_status
cmd_whowas(struct client *c, struct irc_message *msg)
{
	const char *nick;
	long long count = 0;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		reply_numeric(c, ERR_NONICKNAMEGIVEN, ERR_NONICKNAMEGIVEN_FMT);
		return CLIENT_ALIVE;
	}
	nick = msg->params[0];
	if (msg->nparams > 1)
		count = strtonum(msg->params[1], -WHOWAS_ENTRIES,
		    WHOWAS_ENTRIES, NULL);	/* 0, all, when not a number */
	if (whowas_find(&c->server->whowas, nick, count > 0 ? (size_t)count : 0,
	    whowas_reply_one, c) == 0)
		reply_numeric(c, ERR_WASNOSUCHNICK, ERR_WASNOSUCHNICK_FMT, nick);
	reply_numeric(c, RPL_ENDOFWHOWAS, RPL_ENDOFWHOWAS_FMT, nick);
	return CLIENT_ALIVE;
}
