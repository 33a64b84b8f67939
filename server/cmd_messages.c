/* Talking: PRIVMSG, NOTICE and TAGMSG to rooms and to nicks. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"

/* What kind of message is being sent. */
enum message_kind {
	MESSAGE_PRIVMSG,
	MESSAGE_NOTICE,		/* never answered with an error (RFC 2812 3.3.2) */
	MESSAGE_TAGMSG,		/* tags only: for clients with message-tags */
};

/*
 * The client-only tags of msg ("+a=b;+c") into out, for relaying; returns
 * false when the tags sent are longer than IRCv3 allows.  A sender that did not
 * negotiate message-tags relays none.
 */
static bool
messages_client_tags(const struct client *c, const struct irc_message *msg,
    char *out, size_t size)
{
	size_t len = 0, i, n, sent = 0;

	/*
	 * The limit counts every tag the client sent, not only those it may
	 * relay (IRCv3 message-tags: "tag data exceeding 4094 bytes").
	 */
	for (i = 0; i < msg->ntags; i++)
		sent += (i > 0) + strlen(msg->tags[i].key) +
		    (msg->tags[i].value != NULL ?
		    1 + irc_tag_escaped_len(msg->tags[i].value) : 0);
	if (sent > IRC_CLIENT_TAGS_MAX)
		return false;
	out[0] = '\0';
	if ((c->caps & CAP_MESSAGE_TAGS) == 0)
		return true;
	for (i = 0; i < msg->ntags; i++) {
		const struct irc_tag *tag = &msg->tags[i];

		if (tag->key[0] != '+')
			continue;
		n = strlen(tag->key) + (len > 0) +
		    (tag->value != NULL ? 1 + irc_tag_escaped_len(tag->value) : 0);
		if (len + n > IRC_CLIENT_TAGS_MAX || len + n >= size)
			return false;
		if (len > 0)
			out[len++] = ';';
		len += strlcpy(out + len, tag->key, size - len);
		if (tag->value != NULL) {
			out[len++] = '=';
			len += irc_tag_escape(out + len, size - len, tag->value);
		}
	}
	return true;
}

/*
 * Deliver to one room, if c may talk there; with status '@' or '+'
 * (STATUSMSG, "@#room") only to the members with that status or a higher
 * one, and kept out of the room's history.
 */
static void
messages_to_room(struct client *c, struct room *r, char status,
    struct relay *relay, enum message_kind kind)
{
	struct room_member *m = room_member(r, c);
	/* echo-message: the sender gets its own message back as a member. */
	const struct client *except = (c->caps & CAP_ECHO_MESSAGE) && m != NULL ?
	    NULL : c;
	unsigned required = kind == MESSAGE_TAGMSG ? CAP_MESSAGE_TAGS : 0;
	const char *why = room_cannot_speak(r, c, m);
	const struct room_member *to;
	size_t i;

	if (why != NULL) {
		if (kind == MESSAGE_PRIVMSG)
			reply_numeric(c, ERR_CANNOTSENDTOCHAN, why, r->name);
		return;
	}
	if (status != '\0') {
		for (i = 0; i < r->nmembers; i++) {
			to = &r->members[i];
			if ((!to->op && !(status == '+' && to->voice)) ||
			    to->client == c)
				continue;
			relay_to_client(c, to->client, relay, required);
		}
		/*
		 * The sender's echo, of that status or not, carries its label
		 * (labeled-response) like any echo.
		 */
		if (c->caps & CAP_ECHO_MESSAGE)
			relay_echo(c, relay, required);
		return;
	}
	relay_to_room(c, r, except, HUB_MEMBER_NONE, NULL, relay, required);
	if (kind != MESSAGE_TAGMSG)
		room_record(c->server, r, relay->time_ms, relay->line,
		    relay->len, relay->tags.data);
	/* An outsider (-n) with echo-message is not a member: echo directly. */
	if (m == NULL && (c->caps & CAP_ECHO_MESSAGE))
		relay_echo(c, relay, required);
}

/* Deliver to one nick, telling the sender when it is away. */
static void
messages_to_nick(struct client *c, struct client *to, struct relay *relay,
    enum message_kind kind)
{
	unsigned required = kind == MESSAGE_TAGMSG ? CAP_MESSAGE_TAGS : 0;

	relay_to_client(c, to, relay, required);
	/* To oneself too: the echo says it was sent, the delivery that it
	 * came (a client tells them apart by the label it put on it). */
	if (c->caps & CAP_ECHO_MESSAGE)
		relay_echo(c, relay, required);
	if (kind == MESSAGE_PRIVMSG && to->away[0] != '\0')
		reply_numeric(c, RPL_AWAY, RPL_AWAY_FMT, to->nick, to->away);
}

/* Deliver one message to each comma-separated target. */
static enum client_status
messages_send(struct client *c, struct irc_message *msg,
    enum message_kind kind)
{
	static const char *const commands[] = { "PRIVMSG", "NOTICE", "TAGMSG" };
	struct server *s = c->server;
	char prefix[IRC_LINE_MAX], folded[IRC_LINE_MAX];
	char tags[IRC_CLIENT_TAGS_MAX + 1 + 4];	/* and "bot;" */
	char *list, *target, status, name[IRC_CHANNELLEN + 2];
	bool complain = kind == MESSAGE_PRIVMSG;
	size_t ntargets = 0;
	struct relay relay;
	struct client *to;
	struct room *r;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		/* TAGMSG is answered like PRIVMSG here: only NOTICE never is. */
		if (kind != MESSAGE_NOTICE)
			reply_numeric(c, ERR_NORECIPIENT, ERR_NORECIPIENT_FMT,
			    commands[kind]);
		return CLIENT_ALIVE;
	}
	if (kind != MESSAGE_TAGMSG &&
	    (msg->nparams < 2 || msg->params[1][0] == '\0')) {
		if (complain)
			reply_numeric(c, ERR_NOTEXTTOSEND, ERR_NOTEXTTOSEND_FMT);
		return CLIENT_ALIVE;
	}
	/* A bot's messages carry the bot tag (IRCv3 bot mode). */
	if (c->bot)
		strlcpy(tags, "bot", sizeof tags);
	if (!messages_client_tags(c, msg, tags + (c->bot ? 4 : 0),
	    sizeof tags - (c->bot ? 4 : 0))) {
		reply_numeric(c, ERR_INPUTTOOLONG, ERR_INPUTTOOLONG_FMT);
		return CLIENT_ALIVE;
	}
	if (c->bot && tags[4] != '\0')
		tags[3] = ';';		/* "bot;+a=b" */
	if (kind != MESSAGE_TAGMSG)
		c->last_spoke = time(NULL);
	client_prefix(c, prefix, sizeof prefix);
	list = msg->params[0];
	while ((target = strsep(&list, ",")) != NULL) {
		if (target[0] == '\0')
			continue;
		if (++ntargets > IRC_MAXTARGETS) {
			if (complain)
				reply_numeric(c, ERR_TOOMANYTARGETS,
				    ERR_TOOMANYTARGETS_FMT, target);
			break;
		}
		/* STATUSMSG: "@#room" or "+#room". */
		status = (target[0] == '@' || target[0] == '+') &&
		    irc_is_channel(target + 1) ? target[0] : '\0';
		if (irc_is_channel(target + (status != '\0'))) {
			to = NULL;
			if ((r = room_find(s, target + (status != '\0'))) == NULL) {
				if (complain)
					reply_numeric(c, ERR_NOSUCHNICK,
					    ERR_NOSUCHNICK_FMT, target);
				continue;
			}
		} else {
			r = NULL;
			irc_casefold(folded, target, sizeof folded);
			to = strmap_get(&s->nicks, folded);
			if (to == NULL || !to->registered) {
				if (complain)
					reply_numeric(c, ERR_NOSUCHNICK,
					    ERR_NOSUCHNICK_FMT, target);
				continue;
			}
		}
		if (r != NULL)
			snprintf(name, sizeof name, "%s%s",
			    status != '\0' ? (char[]){ status, '\0' } : "",
			    r->name);
		relay_init(&relay, prefix, commands[kind],
		    kind == MESSAGE_TAGMSG ? 1 : 2, (const char *const[]){
		    r != NULL ? name : to->nick,
		    kind == MESSAGE_TAGMSG ? NULL : msg->params[1] }, tags);
		if (r != NULL)
			messages_to_room(c, r, status, &relay, kind);
		else
			messages_to_nick(c, to, &relay, kind);
		relay_free(&relay);
	}
	return CLIENT_ALIVE;
}

/* PRIVMSG target[,target] :text */
enum client_status
cmd_privmsg(struct client *c, struct irc_message *msg)
{
	return messages_send(c, msg, MESSAGE_PRIVMSG);
}

/* NOTICE target[,target] :text */
enum client_status
cmd_notice(struct client *c, struct irc_message *msg)
{
	return messages_send(c, msg, MESSAGE_NOTICE);
}

/* @+tag TAGMSG target[,target] */
enum client_status
cmd_tagmsg(struct client *c, struct irc_message *msg)
{
	return messages_send(c, msg, MESSAGE_TAGMSG);
}
