/* Commands about the connection itself: CAP, PING, PONG, QUIT. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "reply.h"
#include "server.h"

/*
 * CAP LS [302] | LIST | REQ :caps | END.  natterd has no capabilities to
 * offer yet, but a client that asks must never stall: LS answers an empty
 * list, REQ is refused whole, END lets registration finish.
 */
enum client_status
cmd_cap(struct client *c, struct irc_message *msg)
{
	const char *sub = msg->params[0];

	if (strcasecmp(sub, "LS") == 0) {
		if (!c->registered)
			c->cap_negotiating = true;
		reply_line(c, ":%s CAP %s LS :", c->server->name,
		    client_nick(c));
	} else if (strcasecmp(sub, "LIST") == 0) {
		reply_line(c, ":%s CAP %s LIST :", c->server->name,
		    client_nick(c));
	} else if (strcasecmp(sub, "REQ") == 0) {
		if (!c->registered)
			c->cap_negotiating = true;
		reply_line(c, ":%s CAP %s NAK :%s", c->server->name,
		    client_nick(c), msg->nparams > 1 ? msg->params[1] : "");
	} else if (strcasecmp(sub, "END") == 0) {
		if (c->cap_negotiating) {
			c->cap_negotiating = false;
			welcome_try_register(c);
		}
	} else
		reply_numeric(c, ERR_INVALIDCAPCMD, ERR_INVALIDCAPCMD_FMT, sub);
	return CLIENT_ALIVE;
}

/* PING token: answered with PONG at any time, registered or not. */
enum client_status
cmd_ping(struct client *c, struct irc_message *msg)
{
	char line[IRC_LINE_MAX + 1];
	const char *params[] = { c->server->name, msg->params[0] };
	size_t len;

	if (msg->params[0][0] == '\0') {
		reply_numeric(c, ERR_NOORIGIN, ERR_NOORIGIN_FMT);
		return CLIENT_ALIVE;
	}
	len = line_format(line, c->server->name, "PONG", 2, params);
	/* Drop the CRLF: reply_line adds its own. */
	line[len - 2] = '\0';
	reply_line(c, "%s", line);
	return CLIENT_ALIVE;
}

/* PONG: proof of life; the reader already noted when the line came. */
enum client_status
cmd_pong(struct client *c, struct irc_message *msg)
{
	(void)msg;
	c->ping_sent = 0;
	return CLIENT_ALIVE;
}

/* QUIT [:reason]: others sharing a room see "Quit: reason". */
enum client_status
cmd_quit(struct client *c, struct irc_message *msg)
{
	char reason[IRC_REASONLEN + 16], error[IRC_LINE_MAX * 2];

	if (msg->nparams > 0 && msg->params[0][0] != '\0')
		snprintf(reason, sizeof reason, "Quit: %.*s", IRC_REASONLEN,
		    msg->params[0]);
	else
		snprintf(reason, sizeof reason, "Quit");
	snprintf(error, sizeof error, "ERROR :Closing link: %s (%s)",
	    c->host, reason);
	client_end(c, reason, error);
	return CLIENT_GONE;
}
