/* Commands about rooms: JOIN, PART, NAMES, TOPIC, KICK. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "invites.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "replay.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "utf8.h"

/* How many members ahead rooms_send_names fetches. */
#define NAMES_PREFETCH	8

/* Send r's member list as 353 lines, each within the line limit (none for a
 * secret room to an outsider). */
static void
rooms_send_namreply(struct client *c, const struct room *r)
{
	char list[IRC_LINE_MAX], full[IRC_LINE_MAX];
	const char *prefix, *nick;
	size_t budget, len = 0, i, plen, nlen;
	bool all = (c->caps & CAP_MULTI_PREFIX) != 0;
	char symbol = room_names_symbol(r);

	/* A secret room's members are not shown to who is not in it. */
	if (!room_visible(r, c) && !c->oper)
		return;
	/* ":server 353 nick = #room :" plus CRLF must fit around the list. */
	budget = IRC_LINE_MAX - 2 - (strlen(c->server->name) +
	    strlen(client_nick(c)) + strlen(r->name) + 11);
	/*
	 * Copies, not snprintf: a join to a big room lists every member, and
	 * fetches the nicks a few ahead (each is in its own client).
	 */
	for (i = 0; i < r->nmembers; i++) {
		if (i + NAMES_PREFETCH < r->nmembers)
			__builtin_prefetch(
			    r->members[i + NAMES_PREFETCH].client->nick);
		prefix = room_member_prefix(&r->members[i], all);
		nick = r->members[i].client->nick;
		/* userhost-in-names: nick!user@host. */
		if (c->caps & CAP_USERHOST_IN_NAMES)
			nick = client_prefix(r->members[i].client, full,
			    sizeof full);
		plen = strlen(prefix);
		nlen = strnlen(nick, sizeof full - 1);
		if (len > 0 && len + 1 + plen + nlen > budget) {
			list[len] = '\0';
			reply_numeric(c, RPL_NAMREPLY, RPL_NAMREPLY_FMT,
			    symbol, r->name, list);
			len = 0;
		}
		if (len > 0)
			list[len++] = ' ';
		memcpy(list + len, prefix, plen);
		memcpy(list + len + plen, nick, nlen);
		len += plen + nlen;
	}
	list[len] = '\0';
	if (len > 0)
		reply_numeric(c, RPL_NAMREPLY, RPL_NAMREPLY_FMT, symbol,
		    r->name, list);
}

/* Send r's member list (353) and its end (366). */
static void
rooms_send_names(struct client *c, const struct room *r)
{
	rooms_send_namreply(c, r);
	reply_numeric(c, RPL_ENDOFNAMES, RPL_ENDOFNAMES_FMT, r->name);
}

/* Send r's topic (332 and 333), or 331 when asked and there is none. */
static void
rooms_send_topic(struct client *c, const struct room *r, bool say_none)
{
	if (r->topic[0] == '\0') {
		if (say_none)
			reply_numeric(c, RPL_NOTOPIC, RPL_NOTOPIC_FMT, r->name);
		return;
	}
	reply_numeric(c, RPL_TOPIC, RPL_TOPIC_FMT, r->name, r->topic);
	reply_numeric(c, RPL_TOPICWHOTIME, RPL_TOPICWHOTIME_FMT, r->name,
	    r->topic_setter, (long long)r->topic_time);
}

/* Take c out of r, both ways, without telling anybody. */
static void
rooms_remove(struct client *c, struct room *r)
{
	int i = client_room_index(c, r);

	if (i < 0)
		return;
	if (c->plain_room == r)
		c->plain_room = NULL;
	c->rooms[i] = c->rooms[--c->nrooms];
	room_remove_member(c->server, r, c);
}

/* Leave room r, telling its members (and c) why. */
static void
rooms_leave(struct client *c, struct room *r, const char *reason)
{
	char prefix[IRC_LINE_MAX];
	const char *params[] = { r->name, reason };
	struct relay relay;

	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "PART",
	    reason != NULL && reason[0] != '\0' ? 2 : 1, params, NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_LEAVE, c, &relay, 0);
	relay_free(&relay);
	rooms_remove(c, r);
}

/*
 * Whether c may join r with key (may be NULL), else say why.  An
 * invitation lets c past +i, +b, +k and +l alike: a room operator chose to
 * let c in.  IRC operators pass too.  Then in this order: +b (unless +e),
 * +i (unless +I), +k, +l.
 */
static bool
rooms_may_join(struct client *c, const struct room *r, const char *key)
{
	if (c->oper || invites_has(c, r->name))
		return true;
	if (room_banned(r, c)) {
		reply_numeric(c, ERR_BANNEDFROMCHAN, ERR_BANNEDFROMCHAN_FMT,
		    r->name);
		return false;
	}
	if (r->invite_only && !room_invex(r, c)) {
		reply_numeric(c, ERR_INVITEONLYCHAN, ERR_INVITEONLYCHAN_FMT,
		    r->name);
		return false;
	}
	if (r->key[0] != '\0' && (key == NULL || strcmp(key, r->key) != 0)) {
		reply_numeric(c, ERR_BADCHANNELKEY, ERR_BADCHANNELKEY_FMT,
		    r->name);
		return false;
	}
	if (r->limit > 0 && r->nmembers >= r->limit) {
		reply_numeric(c, ERR_CHANNELISFULL, ERR_CHANNELISFULL_FMT,
		    r->name);
		return false;
	}
	return true;
}

/* Join one room by name (with key, may be NULL), creating it when needed. */
static void
rooms_join_one(struct client *c, const char *name, const char *key)
{
	char prefix[IRC_LINE_MAX];
	struct relay relay;
	struct room *r;

	if (!irc_channel_valid(name)) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT, name);
		return;
	}
	r = room_find(c->server, name);
	if (r != NULL && client_room_index(c, r) >= 0)
		return;
	if (c->nrooms == IRC_CHANLIMIT) {
		reply_numeric(c, ERR_TOOMANYCHANNELS, ERR_TOOMANYCHANNELS_FMT,
		    name);
		return;
	}
	/* A room not in memory is made, or brought back from disk. */
	if (r == NULL && (r = room_open(c->server, name)) == NULL) {
		reply_numeric(c, ERR_TOOMANYCHANNELS,
		    ERR_TOOMANYCHANNELS_SERVER_FMT, name);
		return;
	}
	if (!rooms_may_join(c, r, key)) {
		room_release(c->server, r);
		return;
	}
	/* An invitation is good for one join. */
	invites_forget(c, r->name);
	room_add_member(r, c);
	c->rooms[c->nrooms++] = r;

	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "JOIN", 1, (const char *const[]){ r->name },
	    NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_JOIN, c, &relay, 0);
	relay_free(&relay);
	/* Members with away-notify learn at once that the joiner is away. */
	if (c->away[0] != '\0') {
		relay_init(&relay, prefix, "AWAY", 1,
		    (const char *const[]){ c->away }, NULL);
		relay_to_room(c, r, c, HUB_MEMBER_NONE, NULL, &relay,
		    CAP_AWAY_NOTIFY);
		relay_free(&relay);
	}
	rooms_send_topic(c, r, false);
	rooms_send_names(c, r);
	replay_history(c, r);
}

/* JOIN #a,#b [key,key] | JOIN 0 (leave every room). */
enum client_status
cmd_join(struct client *c, struct irc_message *msg)
{
	char *list = msg->params[0], *keys = msg->nparams > 1 ?
	    msg->params[1] : NULL, *name, *key;

	if (strcmp(list, "0") == 0) {
		while (c->nrooms > 0)
			rooms_leave(c, c->rooms[c->nrooms - 1], "Left all rooms");
		return CLIENT_ALIVE;
	}
	while ((name = strsep(&list, ",")) != NULL) {
		key = keys != NULL ? strsep(&keys, ",") : NULL;
		if (name[0] != '\0')
			rooms_join_one(c, name, key);
	}
	return CLIENT_ALIVE;
}

/* PART #a,#b [:reason] */
enum client_status
cmd_part(struct client *c, struct irc_message *msg)
{
	char *list = msg->params[0], *name;
	const char *reason = msg->nparams > 1 ? msg->params[1] : NULL;
	char cut[IRC_REASONLEN + 1];
	struct room *r;

	if (reason != NULL) {
		utf8_copy(cut, sizeof cut, reason);
		reason = cut;
	}
	while ((name = strsep(&list, ",")) != NULL) {
		if (name[0] == '\0')
			continue;
		if ((r = room_find(c->server, name)) == NULL)
			reply_numeric(c, ERR_NOSUCHCHANNEL,
			    ERR_NOSUCHCHANNEL_FMT, name);
		else if (client_room_index(c, r) < 0)
			reply_numeric(c, ERR_NOTONCHANNEL, ERR_NOTONCHANNEL_FMT,
			    name);
		else
			rooms_leave(c, r, reason);
	}
	return CLIENT_ALIVE;
}

/*
 * NAMES [#a,#b]: members of each room (353), then one 366 naming the rooms
 * as asked (RFC 2812 3.2.5); without a room, just the end marker.
 */
enum client_status
cmd_names(struct client *c, struct irc_message *msg)
{
	char asked[IRC_LINE_MAX], *list, *name;
	struct room *r;

	if (msg->nparams == 0 || msg->params[0][0] == '\0') {
		reply_numeric(c, RPL_ENDOFNAMES, RPL_ENDOFNAMES_FMT, "*");
		return CLIENT_ALIVE;
	}
	strlcpy(asked, msg->params[0], sizeof asked);
	list = msg->params[0];
	while ((name = strsep(&list, ",")) != NULL) {
		if (name[0] != '\0' && (r = room_find(c->server, name)) != NULL)
			rooms_send_namreply(c, r);
	}
	reply_numeric(c, RPL_ENDOFNAMES, RPL_ENDOFNAMES_FMT, asked);
	return CLIENT_ALIVE;
}

/* TOPIC #a [:text]: ask for the topic, or set it (empty text clears it). */
enum client_status
cmd_topic(struct client *c, struct irc_message *msg)
{
	char prefix[IRC_LINE_MAX];
	struct room *r = room_find(c->server, msg->params[0]);
	struct room_member *m;
	struct relay relay;

	if (r == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    msg->params[0]);
		return CLIENT_ALIVE;
	}
	if ((m = room_member(r, c)) == NULL) {
		reply_numeric(c, ERR_NOTONCHANNEL, ERR_NOTONCHANNEL_FMT, r->name);
		return CLIENT_ALIVE;
	}
	if (msg->nparams < 2) {
		rooms_send_topic(c, r, true);
		return CLIENT_ALIVE;
	}
	if (r->topic_ops_only && !m->op && !c->oper) {
		reply_numeric(c, ERR_CHANOPRIVSNEEDED, ERR_CHANOPRIVSNEEDED_FMT,
		    r->name);
		return CLIENT_ALIVE;
	}
	utf8_copy(r->topic, sizeof r->topic, msg->params[1]);
	strlcpy(r->topic_setter, c->nick, sizeof r->topic_setter);
	r->topic_time = time(NULL);
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "TOPIC", 2,
	    (const char *const[]){ r->name, r->topic }, NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_NONE, NULL, &relay, 0);
	room_record(c->server, r, relay.time_ms, relay.line, relay.len,
	    relay.tags.data);
	room_save_state(c->server, r);
	relay_free(&relay);
	return CLIENT_ALIVE;
}

/* Kick nick from room: by a room operator, or an IRC operator anywhere. */
static void
rooms_kick(struct client *c, const char *room, const char *nick,
    const char *why)
{
	struct server *s = c->server;
	char prefix[IRC_LINE_MAX], folded[IRC_LINE_MAX], reason[IRC_REASONLEN + 1];
	struct room *r = room_find(s, room);
	struct room_member *m;
	struct client *victim;
	struct relay relay;

	if (r == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    room);
		return;
	}
	m = room_member(r, c);
	if (m == NULL && !c->oper) {
		reply_numeric(c, ERR_NOTONCHANNEL, ERR_NOTONCHANNEL_FMT, r->name);
		return;
	}
	if ((m == NULL || !m->op) && !c->oper) {
		reply_numeric(c, ERR_CHANOPRIVSNEEDED, ERR_CHANOPRIVSNEEDED_FMT,
		    r->name);
		return;
	}
	irc_casefold(folded, nick, sizeof folded);
	victim = strmap_get(&s->nicks, folded);
	if (victim == NULL || !victim->registered) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT, nick);
		return;
	}
	if (room_member(r, victim) == NULL) {
		reply_numeric(c, ERR_USERNOTINCHANNEL, ERR_USERNOTINCHANNEL_FMT,
		    victim->nick, r->name);
		return;
	}
	utf8_copy(reason, sizeof reason, why != NULL && why[0] != '\0' ?
	    why : c->nick);
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "KICK", 3,
	    (const char *const[]){ r->name, victim->nick, reason }, NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_LEAVE, victim, &relay, 0);
	/* An IRC operator kicking from outside sees it done too. */
	if (m == NULL)
		relay_to_client(c, c, &relay, 0);
	relay_free(&relay);
	rooms_remove(victim, r);
}

/*
 * KICK #room[,#room...] nick[,nick...] [:reason]: one room and several
 * nicks, or as many rooms as nicks, in pairs (RFC 2812 3.2.8); at most
 * IRC_MAXTARGETS kicks (TARGMAX KICK), the rest 407.
 */
enum client_status
cmd_kick(struct client *c, struct irc_message *msg)
{
	char *rooms[IRC_MAXTARGETS + 1], *nicks[IRC_MAXTARGETS + 1];
	char *rlist = msg->params[0], *nlist = msg->params[1], *w;
	const char *why = msg->nparams > 2 ? msg->params[2] : NULL;
	size_t nrooms = 0, nnicks = 0, i;
	bool too_many = false;

	while ((w = strsep(&rlist, ",")) != NULL)
		if (w[0] != '\0' && nrooms < IRC_MAXTARGETS + 1)
			rooms[nrooms++] = w;
	while ((w = strsep(&nlist, ",")) != NULL)
		if (w[0] != '\0' && nnicks < IRC_MAXTARGETS + 1)
			nicks[nnicks++] = w;
	if (nrooms == 0 || nnicks == 0 || (nrooms > 1 && nrooms != nnicks)) {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    "KICK");
		return CLIENT_ALIVE;
	}
	if (nnicks > IRC_MAXTARGETS) {
		nnicks = IRC_MAXTARGETS;
		too_many = true;
	}
	for (i = 0; i < nnicks; i++)
		rooms_kick(c, rooms[nrooms > 1 ? i : 0], nicks[i], why);
	if (too_many)
		reply_numeric(c, ERR_TOOMANYTARGETS, ERR_TOOMANYTARGETS_FMT,
		    nicks[IRC_MAXTARGETS]);
	return CLIENT_ALIVE;
}
