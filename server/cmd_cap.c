/* CAP: IRCv3 capability negotiation (version 302). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "reply.h"
#include "server.h"

/* CAP LS: every capability offered; registration waits for CAP END. */
static void
cap_ls(struct client *c)
{
	char names[512];

	caps_names(~0u, names, sizeof names);
	reply_line(c, ":%s CAP %s LS :%s", c->server->name, client_nick(c),
	    names);
}

/*
 * CAP REQ :a -b c: all or nothing.  Any unknown name refuses the whole
 * request (NAK, nothing changes); otherwise ACK and apply, '-' removing.
 */
static void
cap_req(struct client *c, const char *request)
{
	char list[IRC_LINE_MAX], *word, *rest;
	const struct cap_info *cap;
	unsigned caps = c->caps;
	bool remove;

	strlcpy(list, request, sizeof list);
	rest = list;
	while ((word = strsep(&rest, " ")) != NULL) {
		if (*word == '\0')
			continue;
		remove = *word == '-';
		if ((cap = caps_find(word + remove)) == NULL) {
			reply_line(c, ":%s CAP %s NAK :%s", c->server->name,
			    client_nick(c), request);
			return;
		}
		caps = remove ? caps & ~cap->bit : caps | cap->bit;
	}
	caps_set(c, caps);
	reply_line(c, ":%s CAP %s ACK :%s", c->server->name, client_nick(c),
	    request);
}

/* CAP LS [302] | LIST | REQ :caps | END */
enum client_status
cmd_cap(struct client *c, struct irc_message *msg)
{
	const char *sub = msg->params[0];
	char names[512];

	if (strcasecmp(sub, "LS") == 0) {
		if (!c->registered)
			c->cap_negotiating = true;
		cap_ls(c);
	} else if (strcasecmp(sub, "LIST") == 0) {
		caps_names(c->caps, names, sizeof names);
		reply_line(c, ":%s CAP %s LIST :%s", c->server->name,
		    client_nick(c), names);
	} else if (strcasecmp(sub, "REQ") == 0) {
		/*
		 * REQ's sole parameter must be a list of capabilities: without
		 * one (or with nothing in it) it is an invalid CAP command,
		 * 410, as the IRCv3 capability negotiation spec says; an
		 * "ACK :" would tell the client it had asked for nothing.
		 */
		if (msg->nparams < 2 ||
		    msg->params[1][strspn(msg->params[1], " ")] == '\0') {
			reply_numeric(c, ERR_INVALIDCAPCMD,
			    ERR_INVALIDCAPCMD_REQ_FMT, sub);
			return CLIENT_ALIVE;
		}
		if (!c->registered)
			c->cap_negotiating = true;
		cap_req(c, msg->params[1]);
	} else if (strcasecmp(sub, "END") == 0) {
		if (c->cap_negotiating) {
			c->cap_negotiating = false;
			welcome_try_register(c);
		}
	} else
		reply_numeric(c, ERR_INVALIDCAPCMD, ERR_INVALIDCAPCMD_FMT, sub);
	return c->ended ? CLIENT_GONE : CLIENT_ALIVE;
}
