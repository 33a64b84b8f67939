/*
 * MODE: room modes (+o nick, +t, +n, +k key, +l limit) for room operators,
 * and the few user modes there are (+i, and -o to drop IRC operator).
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
#include "server.h"

/* The changes one MODE command made, as they are announced. */
struct mode_changes {
	char		 modes[2 * IRC_MODES * 4 + 4];	/* "+o-t" */
	size_t		 len;
	char		 dir;				/* last sign written */
	const char	*params[IRC_MODES];
	size_t		 nparams;
	char		 storage[IRC_MODES][IRC_CHANNELLEN + 1];
};

/* Note one applied change (and its parameter, may be NULL). */
static void
mode_note(struct mode_changes *mc, char dir, char mode, const char *param)
{
	if (mc->len + 3 >= sizeof mc->modes)
		return;
	if (mc->dir != dir)
		mc->modes[mc->len++] = mc->dir = dir;
	mc->modes[mc->len++] = mode;
	mc->modes[mc->len] = '\0';
	if (param != NULL && mc->nparams < IRC_MODES) {
		strlcpy(mc->storage[mc->nparams], param,
		    sizeof mc->storage[mc->nparams]);
		mc->params[mc->nparams] = mc->storage[mc->nparams];
		mc->nparams++;
	}
}

/* 324 and 329: a room's modes, with the key shown to members only. */
static void
mode_show_room(struct client *c, const struct room *r)
{
	char modes[16] = "+", args[64] = "";
	bool member = room_member(r, c) != NULL;

	if (r->topic_ops_only)
		strlcat(modes, "t", sizeof modes);
	if (r->no_outside)
		strlcat(modes, "n", sizeof modes);
	if (r->key[0] != '\0')
		strlcat(modes, "k", sizeof modes);
	if (r->limit > 0)
		strlcat(modes, "l", sizeof modes);
	if (r->key[0] != '\0') {
		strlcat(args, " ", sizeof args);
		strlcat(args, member ? r->key : "*", sizeof args);
	}
	if (r->limit > 0)
		snprintf(args + strlen(args), sizeof args - strlen(args), " %u",
		    r->limit);
	reply_numeric(c, RPL_CHANNELMODEIS, "%s %s%s", r->name, modes, args);
	reply_numeric(c, RPL_CREATIONTIME, RPL_CREATIONTIME_FMT, r->name,
	    (long long)r->created);
}

/* +o/-o nick: give or take a member's operator status. */
static void
mode_room_op(struct client *c, struct room *r, char dir, const char *nick,
    struct mode_changes *mc)
{
	char folded[IRC_NICKLEN + 1];
	struct client *target;
	struct room_member *m;

	if (strlen(nick) > IRC_NICKLEN ||
	    (irc_casefold(folded, nick, sizeof folded),
	    (target = strmap_get(&c->server->nicks, folded)) == NULL)) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT, nick);
		return;
	}
	if ((m = room_member(r, target)) == NULL) {
		reply_numeric(c, ERR_USERNOTINCHANNEL, ERR_USERNOTINCHANNEL_FMT,
		    target->nick, r->name);
		return;
	}
	if (m->op == (dir == '+'))
		return;
	m->op = dir == '+';
	mode_note(mc, dir, 'o', target->nick);
}

/* True when key is a usable +k key: printable ASCII, no space, comma or colon first. */
static bool
mode_key_valid(const char *key)
{
	size_t i, len = strlen(key);

	if (len == 0 || len > IRC_KEYLEN || key[0] == ':')
		return false;
	for (i = 0; i < len; i++)
		if (key[i] <= ' ' || key[i] == ',' || key[i] == 0x7f ||
		    (unsigned char)key[i] >= 0x80)
			return false;
	return true;
}

/* Apply a room modestring with its parameters; announce what changed. */
static void
mode_change_room(struct client *c, struct room *r, struct irc_message *msg)
{
	struct mode_changes mc = { .dir = 0 };
	const char *p, *arg;
	size_t next = 2, used = 0;
	char dir = '+', prefix[IRC_LINE_MAX];
	struct relay relay;
	const char *params[IRC_MODES + 2];
	size_t i;
	long limit;
	char *end;

	for (p = msg->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p;
			continue;
		}
		/* Modes that take a parameter take the next one, in order. */
		arg = NULL;
		if ((*p == 'o' || *p == 'k' || (*p == 'l' && dir == '+')) &&
		    next < msg->nparams) {
			if (used == IRC_MODES)
				break;
			arg = msg->params[next++];
			used++;
		}
		switch (*p) {
		case 'o':
			if (arg == NULL) {
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
				break;
			}
			mode_room_op(c, r, dir, arg, &mc);
			break;
		case 't':
		case 'n':
			{
				bool *flag = *p == 't' ? &r->topic_ops_only :
				    &r->no_outside;

				if (*flag != (dir == '+')) {
					*flag = dir == '+';
					mode_note(&mc, dir, *p, NULL);
				}
			}
			break;
		case 'k':
			if (dir == '-') {
				if (r->key[0] != '\0') {
					r->key[0] = '\0';
					mode_note(&mc, '-', 'k', "*");
				}
			} else if (arg == NULL)
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
			else if (!mode_key_valid(arg))
				reply_numeric(c, ERR_INVALIDKEY,
				    ERR_INVALIDKEY_FMT, r->name);
			else {
				strlcpy(r->key, arg, sizeof r->key);
				mode_note(&mc, '+', 'k', r->key);
			}
			break;
		case 'l':
			if (dir == '-') {
				if (r->limit > 0) {
					r->limit = 0;
					mode_note(&mc, '-', 'l', NULL);
				}
				break;
			}
			if (arg == NULL) {
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
				break;
			}
			limit = strtol(arg, &end, 10);
			if (*end != '\0' || limit <= 0 || limit > 1000000) {
				reply_numeric(c, ERR_INVALIDMODEPARAM,
				    ERR_INVALIDMODEPARAM_FMT, r->name, 'l', arg,
				    "Invalid limit");
				break;
			}
			r->limit = (unsigned)limit;
			mode_note(&mc, '+', 'l', arg);
			break;
		default:
			reply_numeric(c, ERR_UNKNOWNMODE, ERR_UNKNOWNMODE_FMT,
			    *p);
			break;
		}
	}
	if (mc.len == 0)
		return;
	params[0] = r->name;
	params[1] = mc.modes;
	for (i = 0; i < mc.nparams; i++)
		params[2 + i] = mc.params[i];
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "MODE", 2 + mc.nparams, params, NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_NONE, NULL, &relay, 0);
	relay_free(&relay);
	room_save_state(c->server, r);
}

/* MODE #room [modes [params...]] */
static void
mode_room(struct client *c, struct irc_message *msg)
{
	struct room *r = room_find(c->server, msg->params[0]);
	struct room_member *m;

	if (r == NULL) {
		reply_numeric(c, ERR_NOSUCHCHANNEL, ERR_NOSUCHCHANNEL_FMT,
		    msg->params[0]);
		return;
	}
	if (msg->nparams < 2) {
		mode_show_room(c, r);
		return;
	}
	/* Clients ask for ban lists on join: natterd keeps none. */
	if (strcmp(msg->params[1], "b") == 0 || strcmp(msg->params[1], "+b") == 0) {
		reply_numeric(c, "368", "%s :End of channel ban list", r->name);
		return;
	}
	m = room_member(r, c);
	if ((m == NULL || !m->op) && !c->oper) {
		reply_numeric(c, ERR_CHANOPRIVSNEEDED, ERR_CHANOPRIVSNEEDED_FMT,
		    r->name);
		return;
	}
	mode_change_room(c, r, msg);
}

/* MODE nick [modes]: only your own; +i is kept, -o drops IRC operator. */
static void
mode_user(struct client *c, struct irc_message *msg)
{
	char folded[IRC_LINE_MAX], changed[8] = "", dir = '+';
	const char *p;
	struct client *target;

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
		reply_numeric(c, RPL_UMODEIS, "+%s%s", c->invisible ? "i" : "",
		    c->oper ? "o" : "");
		return;
	}
	for (p = msg->params[1]; *p != '\0'; p++) {
		if (*p == '+' || *p == '-')
			dir = *p;
		else if (*p == 'i' && c->invisible != (dir == '+')) {
			c->invisible = dir == '+';
			snprintf(changed + strlen(changed),
			    sizeof changed - strlen(changed), "%c%c", dir, 'i');
		} else if (*p == 'o' && dir == '-' && c->oper) {
			c->oper = false;
			c->server->nopers--;
			snprintf(changed + strlen(changed),
			    sizeof changed - strlen(changed), "-o");
		} else if (*p != 'i' && *p != 'o')
			reply_numeric(c, ERR_UMODEUNKNOWNFLAG,
			    ERR_UMODEUNKNOWNFLAG_FMT);
	}
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
