/* Questions about the server itself: INFO, LINKS, STATS, HELP. */
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "help.h"
#include "irc_mask.h"
#include "irc_message.h"
#include "irc_names.h"
#include "reply.h"
#include "server.h"

/*
 * Whether an optional server argument names us: our name or a mask of it,
 * or the nick of somebody here (RFC 2812 lets a nick stand for its
 * server).  Says 402 when it does not.
 */
static bool
server_target_is_us(struct client *c, struct irc_message *msg, size_t i)
{
	char folded[IRC_NICKLEN + 1];
	const char *target;

	if (msg->nparams <= i)
		return true;
	target = msg->params[i];
	if (irc_mask_match(target, c->server->name))
		return true;
	if (strlen(target) <= IRC_NICKLEN) {
		irc_casefold(folded, target, sizeof folded);
		if (strmap_get(&c->server->nicks, folded) != NULL)
			return true;
	}
	reply_numeric(c, ERR_NOSUCHSERVER, ERR_NOSUCHSERVER_FMT, target);
	return false;
}

/* INFO [server]: 371 lines about natterd, then 374. */
enum client_status
cmd_info(struct client *c, struct irc_message *msg)
{
	if (!server_target_is_us(c, msg, 0))
		return CLIENT_ALIVE;
	reply_numeric(c, RPL_INFO, RPL_INFO_FMT, c->server->config.info);
	reply_numeric(c, RPL_INFO, RPL_INFO_FMT, SERVER_VERSION
	    ": a small chat server for a local network.");
	reply_numeric(c, RPL_INFO, RPL_INFO_FMT, "It speaks IRC to IRC "
	    "clients and plain text to nc and telnet; see natterd(8).");
	reply_numeric(c, RPL_INFO, RPL_INFO_FMT, c->server->created);
	reply_numeric(c, RPL_ENDOFINFO, RPL_ENDOFINFO_FMT);
	return CLIENT_ALIVE;
}

/* LINKS [[server] mask]: natterd is a network of one. */
enum client_status
cmd_links(struct client *c, struct irc_message *msg)
{
	const char *mask = msg->nparams > 0 ? msg->params[msg->nparams - 1] :
	    "*";

	if (irc_mask_match(mask, c->server->name))
		reply_numeric(c, RPL_LINKS, RPL_LINKS_FMT, c->server->name,
		    c->server->name, c->server->config.info);
	reply_numeric(c, RPL_ENDOFLINKS, RPL_ENDOFLINKS_FMT, mask);
	return CLIENT_ALIVE;
}

/* STATS letter [server]: u says the uptime; other letters say nothing. */
enum client_status
cmd_stats(struct client *c, struct irc_message *msg)
{
	long long up;

	if (!server_target_is_us(c, msg, 1))
		return CLIENT_ALIVE;
	if (msg->params[0][0] == 'u' && msg->params[0][1] == '\0') {
		up = (long long)(time(NULL) - c->server->started);
		reply_numeric(c, RPL_STATSUPTIME, RPL_STATSUPTIME_FMT,
		    up / 86400, up / 3600 % 24, up / 60 % 60, up % 60);
	}
	reply_numeric(c, RPL_ENDOFSTATS, RPL_ENDOFSTATS_FMT, msg->params[0]);
	return CLIENT_ALIVE;
}

/* HELP [subject] (and HELPOP): 704, 705 ..., 706; or 524. */
enum client_status
cmd_help(struct client *c, struct irc_message *msg)
{
	const char *subject = msg->nparams > 0 ? msg->params[0] : "";
	const char *const *lines = help_topic(subject);
	const char *shown = subject[0] != '\0' ? subject : "*";
	size_t i;

	if (lines == NULL) {
		reply_numeric(c, ERR_HELPNOTFOUND, ERR_HELPNOTFOUND_FMT,
		    subject);
		return CLIENT_ALIVE;
	}
	for (i = 0; lines[i] != NULL; i++)
		reply_numeric(c, i == 0 ? RPL_HELPSTART : RPL_HELPTXT,
		    RPL_HELP_FMT, shown, lines[i]);
	reply_numeric(c, RPL_ENDOFHELP, RPL_HELP_FMT, shown,
	    "End of /HELP");
	return CLIENT_ALIVE;
}
