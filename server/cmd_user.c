/* A person's own state and the operator's powers: AWAY, OPER, KILL, WALLOPS. */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "reply.h"
#include "server.h"
#include "utf8.h"
#include "monitor.h"

/* AWAY [:message]: set or clear; peers with away-notify see the change. */
enum client_status
cmd_away(struct client *c, struct irc_message *msg)
{
	const char *text = msg->nparams > 0 ? msg->params[0] : "";
	char prefix[IRC_LINE_MAX];
	struct relay relay;

	utf8_copy(c->away, sizeof c->away, text);
	reply_numeric(c, c->away[0] != '\0' ? RPL_NOWAWAY : RPL_UNAWAY,
	    "%s", c->away[0] != '\0' ? RPL_NOWAWAY_FMT : RPL_UNAWAY_FMT);
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "AWAY", c->away[0] != '\0' ? 1 : 0,
	    (const char *const[]){ c->away }, NULL);
	relay_to_peers(c, false, &relay, CAP_AWAY_NOTIFY);
	monitor_relay(c, &relay, CAP_AWAY_NOTIFY);
	relay_free(&relay);
	return CLIENT_ALIVE;
}

/*
 * SETNAME :realname (IRCv3 setname): change one's real name; the client
 * and those sharing a room with it that have the cap see SETNAME.
 */
enum client_status
cmd_setname(struct client *c, struct irc_message *msg)
{
	char prefix[IRC_LINE_MAX];
	struct relay relay;

	if (msg->params[0][0] == '\0' ||
	    strlen(msg->params[0]) > IRC_REALNAMELEN ||
	    !utf8_valid(msg->params[0], strlen(msg->params[0]))) {
		reply_line(c, ":%s FAIL SETNAME INVALID_REALNAME :Real names "
		    "are 1 to " IRC_STR(IRC_REALNAMELEN) " bytes of UTF-8",
		    c->server->name);
		return CLIENT_ALIVE;
	}
	strlcpy(c->realname, msg->params[0], sizeof c->realname);
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "SETNAME", 1,
	    (const char *const[]){ c->realname }, NULL);
	relay_to_peers(c, true, &relay, CAP_SETNAME);
	monitor_relay(c, &relay, CAP_SETNAME);
	relay_free(&relay);
	return CLIENT_ALIVE;
}

/* OPER name password: become an IRC operator (--oper NAME:PASS). */
enum client_status
cmd_oper(struct client *c, struct irc_message *msg)
{
	struct server *s = c->server;

	if (s->config.oper_name == NULL) {
		reply_numeric(c, ERR_NOOPERHOST, ERR_NOOPERHOST_FMT);
		return CLIENT_ALIVE;
	}
	if (strcmp(msg->params[0], s->config.oper_name) != 0 ||
	    strcmp(msg->params[1], s->config.oper_password) != 0) {
		reply_numeric(c, ERR_PASSWDMISMATCH, ERR_PASSWDMISMATCH_FMT);
		return CLIENT_ALIVE;
	}
	if (!c->oper) {
		c->oper = true;
		s->nopers++;
	}
	reply_numeric(c, RPL_YOUREOPER, RPL_YOUREOPER_FMT);
	reply_line(c, ":%s MODE %s :+o", c->nick, c->nick);
	return CLIENT_ALIVE;
}

/* KILL nick :reason: an IRC operator disconnects someone. */
enum client_status
cmd_kill(struct client *c, struct irc_message *msg)
{
	char folded[IRC_LINE_MAX], reason[IRC_REASONLEN + 64];
	struct client *victim;

	if (!c->oper) {
		reply_numeric(c, ERR_NOPRIVILEGES, ERR_NOPRIVILEGES_FMT);
		return CLIENT_ALIVE;
	}
	irc_casefold(folded, msg->params[0], sizeof folded);
	victim = strmap_get(&c->server->nicks, folded);
	if (victim == NULL) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT,
		    msg->params[0]);
		return CLIENT_ALIVE;
	}
	snprintf(reason, sizeof reason, "Killed (%s (%.*s))", c->nick,
	    IRC_REASONLEN, msg->nparams > 1 ? msg->params[1] : "no reason");
	/* The killer's replies so far go out before the victim's QUIT. */
	reply_flush(c);
	client_close_link(victim, reason);
	return victim == c ? CLIENT_GONE : CLIENT_ALIVE;
}

/* WALLOPS :text: an IRC operator tells everybody with user mode +w. */
enum client_status
cmd_wallops(struct client *c, struct irc_message *msg)
{
	char prefix[IRC_LINE_MAX];
	struct relay relay;
	struct client *t;

	if (!c->oper) {
		reply_numeric(c, ERR_NOPRIVILEGES, ERR_NOPRIVILEGES_FMT);
		return CLIENT_ALIVE;
	}
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "WALLOPS", 1,
	    (const char *const[]){ msg->params[0] }, NULL);
	for (t = c->server->clients; t != NULL; t = t->next)
		if (t->registered && t->wallops)
			relay_to_client(c, t, &relay, 0);
	relay_free(&relay);
	return CLIENT_ALIVE;
}
