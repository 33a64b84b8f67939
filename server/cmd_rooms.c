/* Commands about rooms: JOIN, PART, NAMES, TOPIC. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "utf8.h"

/* Send r's member list as 353 lines (each within the line limit) and 366. */
static void
rooms_send_names(struct client *c, const struct room *r)
{
	char list[IRC_LINE_MAX];
	size_t room_len = strlen(r->name), budget, len = 0, i;

	/* ":server 353 nick = #room :" plus CRLF must fit around the list. */
	budget = IRC_LINE_MAX - 2 - (strlen(c->server->name) + 1 + 1 + 4 +
	    strlen(client_nick(c)) + 3 + room_len + 2);
	for (i = 0; i < r->nmembers; i++) {
		const char *nick = r->members[i]->nick;
		size_t n = strlen(nick);

		if (len > 0 && len + 1 + n > budget) {
			reply_numeric(c, RPL_NAMREPLY, RPL_NAMREPLY_FMT,
			    r->name, list);
			len = 0;
		}
		if (len > 0)
			list[len++] = ' ';
		memcpy(list + len, nick, n);
		len += n;
		list[len] = '\0';
	}
	if (len > 0)
		reply_numeric(c, RPL_NAMREPLY, RPL_NAMREPLY_FMT, r->name, list);
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

/* Leave room r, telling its members (and c) why. */
static void
rooms_leave(struct client *c, struct room *r, const char *reason)
{
	char prefix[IRC_LINE_MAX], line[IRC_LINE_MAX + 1];
	const char *params[] = { r->name, reason };
	int i = client_room_index(c, r);
	size_t len;

	client_prefix(c, prefix, sizeof prefix);
	len = line_format(line, prefix, "PART",
	    reason != NULL && reason[0] != '\0' ? 2 : 1, params);
	send_to_room(c, r, NULL, HUB_MEMBER_LEAVE, c, line, len);
	c->rooms[i] = c->rooms[--c->nrooms];
	room_remove_member(c->server, r, c);
}

/* Join one room by name, creating it when needed. */
static void
rooms_join_one(struct client *c, const char *name)
{
	char prefix[IRC_LINE_MAX], line[IRC_LINE_MAX + 1];
	struct room *r;
	size_t len;

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
	if (r == NULL)
		r = room_create(c->server, name);
	room_add_member(r, c);
	c->rooms[c->nrooms++] = r;

	client_prefix(c, prefix, sizeof prefix);
	len = line_format(line, prefix, "JOIN", 1,
	    (const char *const[]){ r->name });
	send_to_room(c, r, NULL, HUB_MEMBER_JOIN, c, line, len);
	rooms_send_topic(c, r, false);
	rooms_send_names(c, r);
}

/* JOIN #a,#b [keys] | JOIN 0 (leave every room). */
enum client_status
cmd_join(struct client *c, struct irc_message *msg)
{
	char *list = msg->params[0], *name;

	if (strcmp(list, "0") == 0) {
		while (c->nrooms > 0)
			rooms_leave(c, c->rooms[c->nrooms - 1], "Left all rooms");
		return CLIENT_ALIVE;
	}
	while ((name = strsep(&list, ",")) != NULL)
		if (name[0] != '\0')
			rooms_join_one(c, name);
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

/* NAMES [#a,#b]: members of each room; without a room, just the end marker. */
enum client_status
cmd_names(struct client *c, struct irc_message *msg)
{
	char *list, *name;
	struct room *r;

	if (msg->nparams == 0) {
		reply_numeric(c, RPL_ENDOFNAMES, RPL_ENDOFNAMES_FMT, "*");
		return CLIENT_ALIVE;
	}
	list = msg->params[0];
	while ((name = strsep(&list, ",")) != NULL) {
		if (name[0] == '\0')
			continue;
		if ((r = room_find(c->server, name)) != NULL)
			rooms_send_names(c, r);
		else
			reply_numeric(c, RPL_ENDOFNAMES, RPL_ENDOFNAMES_FMT,
			    name);
	}
	return CLIENT_ALIVE;
}

/* TOPIC #a [:text]: ask for the topic, or set it (empty text clears it). */
enum client_status
cmd_topic(struct client *c, struct irc_message *msg)
{
	char prefix[IRC_LINE_MAX], line[IRC_LINE_MAX + 1];
	struct room *r = room_find(c->server, msg->params[0]);
	size_t len;

	if (r == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    msg->params[0]);
		return CLIENT_ALIVE;
	}
	if (client_room_index(c, r) < 0) {
		reply_numeric(c, ERR_NOTONCHANNEL, ERR_NOTONCHANNEL_FMT, r->name);
		return CLIENT_ALIVE;
	}
	if (msg->nparams < 2) {
		rooms_send_topic(c, r, true);
		return CLIENT_ALIVE;
	}
	utf8_copy(r->topic, sizeof r->topic, msg->params[1]);
	strlcpy(r->topic_setter, c->nick, sizeof r->topic_setter);
	r->topic_time = time(NULL);
	client_prefix(c, prefix, sizeof prefix);
	len = line_format(line, prefix, "TOPIC", 2,
	    (const char *const[]){ r->name, r->topic });
	send_to_room(c, r, NULL, HUB_MEMBER_NONE, NULL, line, len);
	return CLIENT_ALIVE;
}
