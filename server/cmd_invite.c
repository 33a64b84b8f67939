/*
 * INVITE nick #room: a member asks somebody into a room (only an operator
 * when it is +i); INVITE alone lists the rooms one is invited to.  The
 * invited user gets INVITE; the room's other operators learn of it, as
 * INVITE with the invite-notify capability or as 345 without it; nobody
 * else in the room is told (RFC 2812 3.2.7).
 */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "invites.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"

/* INVITE alone: 336 for each room c is invited to, then 337. */
static void
invite_list(struct client *c)
{
	size_t i;

	for (i = 0; i < c->ninvites; i++)
		reply_numeric(c, RPL_INVITELIST, RPL_INVITELIST_FMT,
		    c->invites[i]);
	reply_numeric(c, RPL_ENDOFINVITELIST, RPL_ENDOFINVITELIST_FMT);
}

/* Tell r's operators but c and target that c invited target. */
static void
invite_tell_operators(struct client *c, struct room *r, struct client *target,
    const struct relay *invite)
{
	struct relay numeric;
	struct client *op;
	char text[IRC_LINE_MAX];
	size_t i;

	for (i = 0; i < r->nmembers; i++) {
		op = r->members[i].client;
		if (!r->members[i].op || op == c || op == target)
			continue;
		if (op->caps & CAP_INVITE_NOTIFY) {
			relay_to_client(c, op, invite, 0);
			continue;
		}
		snprintf(text, sizeof text, "%s has been invited by %s",
		    target->nick, c->nick);
		relay_init(&numeric, c->server->name, RPL_INVITED, 5,
		    (const char *const[]){ op->nick, r->name, target->nick,
		    c->nick, text }, NULL);
		relay_to_client(c, op, &numeric, 0);
		relay_free(&numeric);
	}
}

enum client_status
cmd_invite(struct client *c, struct irc_message *msg)
{
	char folded[IRC_LINE_MAX], prefix[IRC_LINE_MAX];
	struct room_member *m;
	struct client *target;
	struct relay relay;
	struct room *r;

	if (msg->nparams == 0) {
		invite_list(c);
		return CLIENT_ALIVE;
	}
	if (msg->nparams < 2) {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    "INVITE");
		return CLIENT_ALIVE;
	}
	irc_casefold(folded, msg->params[0], sizeof folded);
	target = strmap_get(&c->server->nicks, folded);
	if (target == NULL || !target->registered) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT,
		    msg->params[0]);
		return CLIENT_ALIVE;
	}
	/* Invitations are to rooms that exist: somebody must be in them to invite. */
	if ((r = room_find(c->server, msg->params[1])) == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    msg->params[1]);
		return CLIENT_ALIVE;
	}
	m = room_member(r, c);
	if (m == NULL && !c->oper) {
		reply_numeric(c, ERR_NOTONCHANNEL, ERR_NOTONCHANNEL_FMT, r->name);
		return CLIENT_ALIVE;
	}
	if (r->invite_only && (m == NULL || !m->op) && !c->oper) {
		reply_numeric(c, ERR_CHANOPRIVSNEEDED, ERR_CHANOPRIVSNEEDED_FMT,
		    r->name);
		return CLIENT_ALIVE;
	}
	if (room_member(r, target) != NULL) {
		reply_numeric(c, ERR_USERONCHANNEL, ERR_USERONCHANNEL_FMT,
		    target->nick, r->name);
		return CLIENT_ALIVE;
	}
	invites_add(target, r->name);
	reply_numeric(c, RPL_INVITING, RPL_INVITING_FMT, target->nick, r->name);
	if (target->away[0] != '\0')
		reply_numeric(c, RPL_AWAY, RPL_AWAY_FMT, target->nick,
		    target->away);
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "INVITE", 2,
	    (const char *const[]){ target->nick, r->name }, NULL);
	relay_to_client(c, target, &relay, 0);
	invite_tell_operators(c, r, target, &relay);
	relay_free(&relay);
	return CLIENT_ALIVE;
}
