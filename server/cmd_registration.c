/* Commands that say who a client is: NICK, PASS, USER. */
#include <string.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "utf8.h"
#include "monitor.h"

/* NICK new: before registration a reservation, after it a change everyone sharing a room sees. */
enum client_status
cmd_nick(struct client *c, struct irc_message *msg)
{
	struct server *s = c->server;
	char folded[IRC_NICKLEN + 1], old_folded[IRC_NICKLEN + 1];
	char prefix[IRC_LINE_MAX];
	const char *nick;
	struct client *holder;
	struct relay relay;
	size_t i;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		reply_numeric(c, ERR_NONICKNAMEGIVEN, ERR_NONICKNAMEGIVEN_FMT);
		return CLIENT_ALIVE;
	}
	nick = msg->params[0];
	if (!irc_nick_valid(nick)) {
		reply_numeric(c, ERR_ERRONEUSNICKNAME, ERR_ERRONEUSNICKNAME_FMT,
		    nick);
		return CLIENT_ALIVE;
	}
	if (strcmp(nick, c->nick) == 0)
		return CLIENT_ALIVE;
	irc_casefold(folded, nick, sizeof folded);
	holder = strmap_get(&s->nicks, folded);
	if (holder != NULL && holder != c) {
		reply_numeric(c, ERR_NICKNAMEINUSE, ERR_NICKNAMEINUSE_FMT, nick);
		return CLIENT_ALIVE;
	}

	/*
	 * A member kept silent by a ban or mute keeps its nick: a new one
	 * would escape the mask (as ratbox, charybdis and solanum do).
	 */
	for (i = 0; c->registered && i < c->nrooms; i++) {
		if (room_silenced(c->rooms[i], room_member(c->rooms[i], c))) {
			reply_numeric(c, ERR_BANNICKCHANGE,
			    ERR_BANNICKCHANGE_FMT, c->rooms[i]->name);
			return CLIENT_ALIVE;
		}
	}
	if (c->registered) {
		client_prefix(c, prefix, sizeof prefix);
		relay_init(&relay, prefix, "NICK", 1,
		    (const char *const[]){ nick }, NULL);
		relay_to_peers(c, true, &relay, 0);
		relay_free(&relay);
	}
	if (c->nick[0] != '\0') {
		irc_casefold(old_folded, c->nick, sizeof old_folded);
		strmap_remove(&s->nicks, old_folded);
	}
	if (c->registered)
		whowas_add(&s->whowas, c->nick, c->user, c->host, c->realname,
		    time(NULL));
	strmap_put(&s->nicks, folded, c);
	/* MONITOR: a new nick, not a new case of the same one. */
	if (c->registered && strcmp(old_folded, folded) != 0)
		monitor_offline(s, c->nick);
	strlcpy(c->nick, nick, sizeof c->nick);
	if (c->registered && strcmp(old_folded, folded) != 0)
		monitor_online(s, c);
	if (!c->registered)
		welcome_try_register(c);
	return c->ended ? CLIENT_GONE : CLIENT_ALIVE;
}

/* PASS password: checked when registration completes. */
enum client_status
cmd_pass(struct client *c, struct irc_message *msg)
{
	const char *password = c->server->config.password;

	if (c->registered) {
		reply_numeric(c, ERR_ALREADYREGISTERED,
		    ERR_ALREADYREGISTERED_FMT);
		return CLIENT_ALIVE;
	}
	c->pass_ok = password == NULL || strcmp(msg->params[0], password) == 0;
	return CLIENT_ALIVE;
}

/* Keep from a USER name only what is safe inside nick!user@host. */
static void
cmd_user_clean(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	for (; *src != '\0' && n + 1 < size; src++) {
		unsigned char ch = (unsigned char)*src;

		if (ch > 0x20 && ch < 0x7f && ch != '@' && ch != '!')
			dst[n++] = (char)ch;
	}
	if (n == 0)
		dst[n++] = 'u';
	dst[n] = '\0';
}

/* USER username mode unused :real name */
enum client_status
cmd_user(struct client *c, struct irc_message *msg)
{
	if (c->registered || c->user[0] != '\0') {
		reply_numeric(c, ERR_ALREADYREGISTERED,
		    ERR_ALREADYREGISTERED_FMT);
		return CLIENT_ALIVE;
	}
	/* An empty user name or real name is a missing one (Modern IRC). */
	if (msg->params[0][0] == '\0' || msg->params[3][0] == '\0') {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    "USER");
		return CLIENT_ALIVE;
	}
	cmd_user_clean(c->user, sizeof c->user, msg->params[0]);
	utf8_copy(c->realname, sizeof c->realname, msg->params[3]);
	welcome_try_register(c);
	return c->ended ? CLIENT_GONE : CLIENT_ALIVE;
}
