/*
 * MODE: room modes (room_modes.c does them), and the few user modes there
 * are (+i, +w, and -o to drop IRC operator).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "room_modes.h"
#include "server.h"

/* MODE #room [modes [params...]] */
static void
mode_room(struct client *c, struct irc_message *msg)
{
	struct room *r = room_find(c->server, msg->params[0]);

	if (r == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    msg->params[0]);
		return;
	}
	if (msg->nparams < 2)
		room_modes_show(c, r);
	else
		room_modes_change(c, r, msg);
}

/* Add mode m to a user mode change ("+i-o"), its sign only when it changes. */
static void
mode_user_append(char *changed, size_t size, char sign, char m)
{
	size_t i = strlen(changed);

	while (i > 0 && changed[i - 1] != '+' && changed[i - 1] != '-')
		i--;
	if (i == 0 || changed[i - 1] != sign)
		strlcat(changed, (char[]){ sign, '\0' }, size);
	strlcat(changed, (char[]){ m, '\0' }, size);
}

/*
 * MODE nick [modes]: only your own; +i hides you from WHO masks and LUSERS'
 * first count, +w lets WALLOPS reach you, +B marks a bot (IRCv3 bot mode:
 * 335 in WHOIS, B in WHO, the bot tag on its messages), -o drops IRC
 * operator.
 */
static void
mode_user(struct client *c, struct irc_message *msg)
{
	char folded[IRC_LINE_MAX], changed[16] = "";
	bool was_invisible = c->invisible, was_oper = c->oper;
	bool was_wallops = c->wallops, was_bot = c->bot;
	const char *p;
	struct client *target;
	char dir = '+';
	bool unknown = false;

	irc_casefold(folded, msg->params[0], sizeof folded);
	target = strmap_get(&c->server->nicks, folded);
	if (target == NULL) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT,
		    msg->params[0]);
		return;
	}
	if (target != c) {
		reply_numeric(c, ERR_USERSDONTMATCH, ERR_USERSDONTMATCH_FMT);
		return;
	}
	if (msg->nparams < 2) {
		reply_numeric(c, RPL_UMODEIS, "+%s%s%s%s", c->bot ? "B" : "",
		    c->invisible ? "i" : "", c->oper ? "o" : "",
		    c->wallops ? "w" : "");
		return;
	}
	for (p = msg->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-')
			dir = *p;
		else if (*p == 'i')
			c->invisible = dir == '+';
		else if (*p == 'w')
			c->wallops = dir == '+';
		else if (*p == 'B')
			c->bot = dir == '+';
		else if (*p == 'o') {
			/* Only OPER gives +o; -o gives it up. */
			if (dir == '-')
				c->oper = false;
		} else
			unknown = true;
	}
	if (unknown)
		reply_numeric(c, ERR_UMODEUNKNOWNFLAG, ERR_UMODEUNKNOWNFLAG_FMT);
	if (was_oper && !c->oper)
		c->server->nopers--;
	if (c->invisible != was_invisible) {
		if (c->invisible)
			c->server->ninvisible++;
		else
			c->server->ninvisible--;
	}
	/* Announce the net change: "-o", "+i", "+i-o" ... */
	if (c->bot != was_bot)
		mode_user_append(changed, sizeof changed, c->bot ? '+' : '-',
		    'B');
	if (c->invisible != was_invisible)
		mode_user_append(changed, sizeof changed,
		    c->invisible ? '+' : '-', 'i');
	if (was_oper && !c->oper)
		mode_user_append(changed, sizeof changed, '-', 'o');
	if (c->wallops != was_wallops)
		mode_user_append(changed, sizeof changed,
		    c->wallops ? '+' : '-', 'w');
	if (changed[0] != '\0')
		reply_line(c, ":%s MODE %s :%s", c->nick, c->nick, changed);
}

/* MODE target [modes [params...]] */
enum client_status
cmd_mode(struct client *c, struct irc_message *msg)
{
	if (irc_is_channel(msg->params[0]))
		mode_room(c, msg);
	else
		mode_user(c, msg);
	return CLIENT_ALIVE;
}
