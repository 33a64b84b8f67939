/* Talking: PRIVMSG and NOTICE to rooms and to nicks. */
#include <string.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "reply.h"
#include "room.h"
#include "server.h"

/*
 * Deliver one message to each comma-separated target.  NOTICE never gets
 * an error back (RFC 2812 3.3.2: no automatic reply to a NOTICE), so that
 * two bots cannot loop on each other's errors.
 */
static enum client_status
messages_send(struct client *c, struct irc_message *msg, bool notice)
{
	struct server *s = c->server;
	char prefix[IRC_LINE_MAX], line[IRC_LINE_MAX + 1], folded[IRC_LINE_MAX];
	char *list, *target;
	const char *command = notice ? "NOTICE" : "PRIVMSG";
	size_t ntargets = 0, len;
	struct client *to;
	struct room *r;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		if (!notice)
			reply_numeric(c, ERR_NORECIPIENT, ERR_NORECIPIENT_FMT,
			    command);
		return CLIENT_ALIVE;
	}
	if (msg->nparams < 2 || msg->params[1][0] == '\0') {
		if (!notice)
			reply_numeric(c, ERR_NOTEXTTOSEND, ERR_NOTEXTTOSEND_FMT);
		return CLIENT_ALIVE;
	}
	client_prefix(c, prefix, sizeof prefix);
	list = msg->params[0];
	while ((target = strsep(&list, ",")) != NULL) {
		if (target[0] == '\0')
			continue;
		if (++ntargets > IRC_MAXTARGETS) {
			if (!notice)
				reply_numeric(c, ERR_TOOMANYTARGETS,
				    ERR_TOOMANYTARGETS_FMT, target);
			break;
		}
		if (irc_is_channel(target)) {
			r = room_find(s, target);
			if (r == NULL) {
				if (!notice)
					reply_numeric(c, ERR_NOSUCHNICK,
					    ERR_NOSUCHNICK_FMT, target);
			} else if (client_room_index(c, r) < 0) {
				if (!notice)
					reply_numeric(c, ERR_CANNOTSENDTOCHAN,
					    ERR_CANNOTSENDTOCHAN_FMT, r->name);
			} else {
				len = line_format(line, prefix, command, 2,
				    (const char *const[]){ r->name,
				    msg->params[1] });
				send_to_room(c, r, c, HUB_MEMBER_NONE, NULL,
				    line, len);
			}
			continue;
		}
		irc_casefold(folded, target, sizeof folded);
		to = strmap_get(&s->nicks, folded);
		if (to == NULL || !to->registered) {
			if (!notice)
				reply_numeric(c, ERR_NOSUCHNICK,
				    ERR_NOSUCHNICK_FMT, target);
			continue;
		}
		len = line_format(line, prefix, command, 2,
		    (const char *const[]){ to->nick, msg->params[1] });
		send_to_client(c, to, line, len);
	}
	return CLIENT_ALIVE;
}

/* PRIVMSG target[,target] :text */
enum client_status
cmd_privmsg(struct client *c, struct irc_message *msg)
{
	return messages_send(c, msg, false);
}

/* NOTICE target[,target] :text */
enum client_status
cmd_notice(struct client *c, struct irc_message *msg)
{
	return messages_send(c, msg, true);
}
