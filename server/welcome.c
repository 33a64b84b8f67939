/* The greeting of a newly registered client: 001-005 and the MOTD. */
#include <string.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "reply.h"
#include "server.h"
#include "monitor.h"

/* Send the message of the day (375/372/376), or 422 when there is none. */
static void
welcome_motd(struct client *c)
{
	struct server *s = c->server;
	size_t i;

	if (!s->has_motd) {
		reply_numeric(c, ERR_NOMOTD, ERR_NOMOTD_FMT);
		return;
	}
	reply_numeric(c, RPL_MOTDSTART, RPL_MOTDSTART_FMT, s->name);
	for (i = 0; i < s->motd_count; i++)
		reply_numeric(c, RPL_MOTD, RPL_MOTD_FMT, s->motd[i]);
	reply_numeric(c, RPL_ENDOFMOTD, RPL_ENDOFMOTD_FMT);
}

/* MOTD: the message of the day again. */
enum client_status
cmd_motd(struct client *c, struct irc_message *msg)
{
	(void)msg;
	welcome_motd(c);
	return CLIENT_ALIVE;
}

bool
welcome_try_register(struct client *c)
{
	struct server *s = c->server;
	char prefix[IRC_LINE_MAX];

	if (c->registered || c->ended || c->nick[0] == '\0' ||
	    c->user[0] == '\0' || c->cap_negotiating)
		return false;
	if (s->config.password != NULL && !c->pass_ok) {
		reply_numeric(c, ERR_PASSWDMISMATCH, ERR_PASSWDMISMATCH_FMT);
		client_end(c, NULL, "ERROR :Closing link: Password incorrect");
		return false;
	}
	c->registered = true;
	if (++s->nregistered > s->max_registered)
		s->max_registered = s->nregistered;
	monitor_online(s, c);
	if (c->plain) {
		/* A person at a terminal: the MOTD, none of the numbers. */
		if (s->has_motd)
			welcome_motd(c);
		return true;
	}
	client_prefix(c, prefix, sizeof prefix);
	reply_numeric(c, RPL_WELCOME, RPL_WELCOME_FMT, s->network, prefix);
	reply_numeric(c, RPL_YOURHOST, RPL_YOURHOST_FMT, s->name,
	    SERVER_VERSION);
	reply_numeric(c, RPL_CREATED, RPL_CREATED_FMT, s->created);
	reply_numeric(c, RPL_MYINFO, RPL_MYINFO_FMT, s->name, SERVER_VERSION);
	welcome_send_isupport(c);
	info_send_lusers(c);
	welcome_motd(c);
	return true;
}

void
welcome_send_isupport(struct client *c)
{
	reply_numeric(c, RPL_ISUPPORT, RPL_ISUPPORT_FMT, ISUPPORT_TOKENS_1);
	reply_numeric(c, RPL_ISUPPORT, "NETWORK=%s " RPL_ISUPPORT_FMT,
	    c->server->network, ISUPPORT_TOKENS_2);
	reply_numeric(c, RPL_ISUPPORT, RPL_ISUPPORT_FMT, ISUPPORT_TOKENS_ROOMS);
	reply_numeric(c, RPL_ISUPPORT, RPL_ISUPPORT_FMT, ISUPPORT_TOKENS_3);
}
