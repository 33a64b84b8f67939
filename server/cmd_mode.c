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

/*
 * The changes one MODE command made, as they are announced: the net
 * difference between the room before and after, so "-t+t-t" says "-t"
 * and the announcement stays short whatever the client sent.
 */
struct mode_changes {
	char		 modes[32];		/* "+o-t" */
	size_t		 len;
	char		 dir;			/* last sign written */
	const char	*params[IRC_MODES + 2];
	size_t		 nparams;
	char		 storage[IRC_MODES + 2][IRC_CHANNELLEN + 1];
};

/* A room's modes before a MODE command, to announce only what changed. */
struct mode_before {
	bool		 topic_ops_only, no_outside;
	char		 key[IRC_KEYLEN + 1];
	unsigned	 limit;
	struct {
		struct client	*client;
		bool		 was_op;
	}		 ops[IRC_MODES];	/* targets of +o/-o */
	size_t		 nops;
	/* What was touched, in the order first touched: 't', 'n', 'k', 'l', or ops index. */
	int		 order[4 + IRC_MODES];
	size_t		 norder;
};

/* Remember that what (a mode letter, or an ops index) was touched. */
static void
mode_touch(struct mode_before *b, int what)
{
	size_t i;

	for (i = 0; i < b->norder; i++)
		if (b->order[i] == what)
			return;
	if (b->norder < sizeof b->order / sizeof b->order[0])
		b->order[b->norder++] = what;
}

/* Note one change (and its parameter, may be NULL). */
static void
mode_note(struct mode_changes *mc, char dir, char mode, const char *param)
{
	if (mc->len + 3 >= sizeof mc->modes)
		return;
	if (mc->dir != dir)
		mc->modes[mc->len++] = mc->dir = dir;
	mc->modes[mc->len++] = mode;
	mc->modes[mc->len] = '\0';
	if (param != NULL && mc->nparams < IRC_MODES + 2) {
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
    struct mode_before *before)
{
	char folded[IRC_NICKLEN + 1];
	struct client *target;
	struct room_member *m;
	size_t i;

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
	for (i = 0; i < before->nops; i++)
		if (before->ops[i].client == target)
			break;
	if (i == before->nops) {
		if (before->nops == IRC_MODES)
			return;
		before->ops[i].client = target;
		before->ops[i].was_op = m->op;
		before->nops++;
	}
	mode_touch(before, (int)i);
	m->op = dir == '+';
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

/* Announce the net difference between before and r now. */
static void
mode_announce(struct client *c, struct room *r, const struct mode_before *b)
{
	struct mode_changes mc = { .dir = 0 };
	const char *params[IRC_MODES + 4];
	char prefix[IRC_LINE_MAX], limit[16];
	struct room_member *m;
	struct relay relay;
	size_t i, k;

	for (k = 0; k < b->norder; k++) {
		switch (b->order[k]) {
		case 't':
			if (b->topic_ops_only != r->topic_ops_only)
				mode_note(&mc, r->topic_ops_only ? '+' : '-',
				    't', NULL);
			break;
		case 'n':
			if (b->no_outside != r->no_outside)
				mode_note(&mc, r->no_outside ? '+' : '-', 'n',
				    NULL);
			break;
		case 'k':
			if (strcmp(b->key, r->key) != 0)
				mode_note(&mc, r->key[0] != '\0' ? '+' : '-',
				    'k', r->key[0] != '\0' ? r->key : "*");
			break;
		case 'l':
			if (b->limit != r->limit) {
				snprintf(limit, sizeof limit, "%u", r->limit);
				mode_note(&mc, r->limit > 0 ? '+' : '-', 'l',
				    r->limit > 0 ? limit : NULL);
			}
			break;
		default:
			i = (size_t)b->order[k];
			m = room_member(r, b->ops[i].client);
			if (m != NULL && m->op != b->ops[i].was_op)
				mode_note(&mc, m->op ? '+' : '-', 'o',
				    b->ops[i].client->nick);
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

/* Apply a room modestring with its parameters; announce what changed. */
static void
mode_change_room(struct client *c, struct room *r, struct irc_message *msg)
{
	struct mode_before before = {
		.topic_ops_only = r->topic_ops_only,
		.no_outside = r->no_outside,
		.limit = r->limit,
	};
	const char *p, *arg;
	size_t next = 2, used = 0;
	char dir = '+';
	long limit;
	char *end;

	strlcpy(before.key, r->key, sizeof before.key);
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
			if (arg == NULL || arg[0] == '\0')
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
			else
				mode_room_op(c, r, dir, arg, &before);
			break;
		case 't':
			mode_touch(&before, 't');
			r->topic_ops_only = dir == '+';
			break;
		case 'n':
			mode_touch(&before, 'n');
			r->no_outside = dir == '+';
			break;
		case 'k':
			mode_touch(&before, 'k');
			if (dir == '-')
				r->key[0] = '\0';
			else if (arg == NULL)
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
			else if (!mode_key_valid(arg))
				reply_numeric(c, ERR_INVALIDKEY,
				    ERR_INVALIDKEY_FMT, r->name);
			else
				strlcpy(r->key, arg, sizeof r->key);
			break;
		case 'l':
			mode_touch(&before, 'l');
			if (dir == '-') {
				r->limit = 0;
				break;
			}
			if (arg == NULL) {
				reply_numeric(c, ERR_NEEDMOREPARAMS,
				    ERR_NEEDMOREPARAMS_FMT, "MODE");
				break;
			}
			limit = strtol(arg, &end, 10);
			if (*end != '\0' || limit <= 0 || limit > 1000000) {
				/* An empty parameter is shown as "*". */
				reply_numeric(c, ERR_INVALIDMODEPARAM,
				    ERR_INVALIDMODEPARAM_FMT, r->name, 'l',
				    arg[0] != '\0' ? arg : "*",
				    "Invalid limit");
				break;
			}
			r->limit = (unsigned)limit;
			break;
		default:
			reply_numeric(c, ERR_UNKNOWNMODE, ERR_UNKNOWNMODE_FMT,
			    *p);
			break;
		}
	}
	mode_announce(c, r, &before);
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
