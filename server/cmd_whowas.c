/* WHOWAS: who had a nick that is gone (RFC 2812 3.6.3, Modern IRC). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
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
 * WHOWAS nick[,nick...] [count]: the newest identities first (of all the
 * nicks together, at most IRC_MAXTARGETS nicks: TARGMAX WHOWAS), up to
 * count of each when it is positive (none or a non-positive one: all),
 * 406 for each nick that has none, and one 369 naming them as asked.
 */
enum client_status
cmd_whowas(struct client *c, struct irc_message *msg)
{
	char asked[IRC_LINE_MAX], folded[IRC_MAXTARGETS][IRC_NICKLEN + 1];
	const char *nicks[IRC_MAXTARGETS], *keys[IRC_MAXTARGETS];
	size_t found[IRC_MAXTARGETS], n = 0, i;
	char *list, *nick;
	long long count = 0;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		reply_numeric(c, ERR_NONICKNAMEGIVEN, ERR_NONICKNAMEGIVEN_FMT);
		return CLIENT_ALIVE;
	}
	strlcpy(asked, msg->params[0], sizeof asked);
	if (msg->nparams > 1)
		count = strtonum(msg->params[1], -WHOWAS_ENTRIES,
		    WHOWAS_ENTRIES, NULL);	/* 0, all, when not a number */
	list = msg->params[0];
	while ((nick = strsep(&list, ",")) != NULL && n < IRC_MAXTARGETS) {
		if (nick[0] == '\0')
			continue;
		nicks[n] = nick;
		/* Too long to be a nick: folded to "", matching nothing. */
		if (strlen(nick) > IRC_NICKLEN)
			folded[n][0] = '\0';
		else
			irc_casefold(folded[n], nick, sizeof folded[n]);
		keys[n] = folded[n];
		n++;
	}
	whowas_find_each(&c->server->whowas, keys, n,
	    count > 0 ? (size_t)count : 0, found, whowas_reply_one, c);
	for (i = 0; i < n; i++)
		if (found[i] == 0)
			reply_numeric(c, ERR_WASNOSUCHNICK, ERR_WASNOSUCHNICK_FMT,
			    nicks[i]);
	reply_numeric(c, RPL_ENDOFWHOWAS, RPL_ENDOFWHOWAS_FMT, asked);
	return CLIENT_ALIVE;
}
