/* Commands about the connection itself: PING, PONG, QUIT. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "reply.h"
#include "server.h"

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
	char reason[IRC_REASONLEN + 16];

	if (msg->nparams > 0 && msg->params[0][0] != '\0')
		snprintf(reason, sizeof reason, "Quit: %.*s", IRC_REASONLEN,
		    msg->params[0]);
	else
		snprintf(reason, sizeof reason, "Quit");
	client_close_link(c, reason);
	return CLIENT_GONE;
}
