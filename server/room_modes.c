/*
 * Room modes (room_modes.h): flags +i +m +n +s +t, +k key, +l limit,
 * members' +o and +v, and the mask lists +b +e +I.  A MODE command is
 * split by mode_parse, applied change by change, and announced once as
 * the net difference: "+t-t" says nothing, "-t+t-t" says "-t".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "irc_message.h"
#include "irc_names.h"
#include "mode_parse.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "room_modes.h"
#include "server.h"

/* Letters of one modestring handled at most (the rest is dropped). */
#define MODES_MAX	32

/* One thing a MODE command touched, in the order first touched. */
struct touched {
	char		 letter;
	struct client	*target;	/* +o/+v: the member */
	bool		 was;		/* a flag, +o or +v: its value before */
	char		 dir;		/* a list: the change made */
	char		 mask[IRC_MASKLEN + 1];	/* a list: the mask */
};

/* What one MODE command did, to announce the net difference. */
struct mode_run {
	struct touched	 touched[MODES_MAX];
	size_t		 ntouched;
	char		 key[IRC_KEYLEN + 1];	/* before */
	unsigned	 limit;			/* before */
	unsigned	 listed;		/* lists shown: bit per list */
};

/* The field of a flag letter (i m n s t) in r, or NULL. */
static bool *
room_modes_flag(struct room *r, char letter)
{
	switch (letter) {
	case 'i':	return &r->invite_only;
	case 'm':	return &r->moderated;
	case 'n':	return &r->no_outside;
	case 's':	return &r->secret;
	case 't':	return &r->topic_ops_only;
	default:	return NULL;
	}
}

/* The list of a list letter (b e I) in r. */
static struct room_masks *
room_modes_list(struct room *r, char letter)
{
	return letter == 'b' ? &r->bans : letter == 'e' ? &r->excepts :
	    &r->invex;
}

/* Note that letter (for target, may be NULL) was touched, once, with its value before. */
static void
room_modes_touch(struct mode_run *run, char letter, struct client *target,
    bool was)
{
	size_t i;

	for (i = 0; i < run->ntouched; i++)
		if (run->touched[i].letter == letter &&
		    run->touched[i].target == target && run->touched[i].dir == 0)
			return;
	if (run->ntouched == MODES_MAX)
		return;
	run->touched[run->ntouched++] = (struct touched){ .letter = letter,
	    .target = target, .was = was };
}

/* Note a change of a list, as it was made. */
static void
room_modes_touch_list(struct mode_run *run, char dir, char letter,
    const char *mask)
{
	struct touched *t;

	if (run->ntouched == MODES_MAX)
		return;
	t = &run->touched[run->ntouched++];
	*t = (struct touched){ .letter = letter, .dir = dir };
	strlcpy(t->mask, mask, sizeof t->mask);
}

void
room_modes_show(struct client *c, const struct room *r)
{
	char modes[16] = "+", args[64] = "";
	bool member = room_member(r, c) != NULL;

	/* Alphabetical, the parameters in the same order. */
	if (r->invite_only)
		strlcat(modes, "i", sizeof modes);
	if (r->key[0] != '\0') {
		strlcat(modes, "k", sizeof modes);
		strlcat(args, " ", sizeof args);
		strlcat(args, member ? r->key : "*", sizeof args);
	}
	if (r->limit > 0) {
		strlcat(modes, "l", sizeof modes);
		snprintf(args + strlen(args), sizeof args - strlen(args), " %u",
		    r->limit);
	}
	if (r->moderated)
		strlcat(modes, "m", sizeof modes);
	if (r->no_outside)
		strlcat(modes, "n", sizeof modes);
	if (r->secret)
		strlcat(modes, "s", sizeof modes);
	if (r->topic_ops_only)
		strlcat(modes, "t", sizeof modes);
	reply_numeric(c, RPL_CHANNELMODEIS, "%s %s%s", r->name, modes, args);
	reply_numeric(c, RPL_CREATIONTIME, RPL_CREATIONTIME_FMT, r->name,
	    (long long)r->created);
}

/* 367/368, 348/349 or 346/347: one of r's lists, once per command. */
static void
room_modes_show_list(struct client *c, const struct room *r, char letter,
    struct mode_run *run)
{
	const struct room_masks *l = letter == 'b' ? &r->bans :
	    letter == 'e' ? &r->excepts : &r->invex;
	const char *entry = letter == 'b' ? RPL_BANLIST :
	    letter == 'e' ? RPL_EXCEPTLIST : RPL_INVEXLIST;
	unsigned bit = letter == 'b' ? 1 : letter == 'e' ? 2 : 4;
	size_t i;

	if (run->listed & bit)
		return;
	run->listed |= bit;
	/* A secret room's lists are its members' business. */
	for (i = 0; i < l->count && (room_visible(r, c) || c->oper); i++)
		reply_numeric(c, entry, RPL_MASKLIST_FMT, r->name,
		    l->entries[i].mask, l->entries[i].setter,
		    (long long)l->entries[i].set_at);
	if (letter == 'b')
		reply_numeric(c, RPL_ENDOFBANLIST, RPL_ENDOFBANLIST_FMT,
		    r->name);
	else if (letter == 'e')
		reply_numeric(c, RPL_ENDOFEXCEPTLIST, RPL_ENDOFEXCEPTLIST_FMT,
		    r->name);
	else
		reply_numeric(c, RPL_ENDOFINVEXLIST, RPL_ENDOFINVEXLIST_FMT,
		    r->name);
}

/* +o/-o, +v/-v nick: give or take a member's status. */
static void
room_modes_member(struct client *c, struct room *r, const struct mode_change *mc,
    struct mode_run *run)
{
	char folded[IRC_NICKLEN + 1];
	struct client *target;
	struct room_member *m;
	bool *field;

	if (strlen(mc->arg) > IRC_NICKLEN ||
	    (irc_casefold(folded, mc->arg, sizeof folded),
	    (target = strmap_get(&c->server->nicks, folded)) == NULL)) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT, mc->arg);
		return;
	}
	if ((m = room_member(r, target)) == NULL) {
		reply_numeric(c, ERR_USERNOTINCHANNEL, ERR_USERNOTINCHANNEL_FMT,
		    target->nick, r->name);
		return;
	}
	field = mc->letter == 'o' ? &m->op : &m->voice;
	room_modes_touch(run, mc->letter, target, *field);
	*field = mc->dir == '+';
}

/* +b/-b, +e/-e, +I/-I mask: change a list. */
static void
room_modes_mask(struct client *c, struct room *r, const struct mode_change *mc,
    struct mode_run *run)
{
	struct room_masks *l = room_modes_list(r, mc->letter);
	char mask[IRC_MASKLEN + 1], removed[IRC_MASKLEN + 1];
	char setter[IRC_LINE_MAX];

	if (!room_masks_canon(mc->arg, mask, sizeof mask)) {
		/* An odd entry from elsewhere can still be taken off. */
		if (mc->dir == '-' && room_masks_remove(l, mc->arg, removed,
		    sizeof removed)) {
			room_modes_touch_list(run, '-', mc->letter, removed);
			return;
		}
		reply_numeric(c, ERR_INVALIDMODEPARAM, ERR_INVALIDMODEPARAM_FMT,
		    r->name, mc->letter, mc->arg[0] != '\0' ? mc->arg : "*",
		    "Invalid mask");
		return;
	}
	if (mc->dir == '-') {
		if (room_masks_remove(l, mask, removed, sizeof removed))
			room_modes_touch_list(run, '-', mc->letter, removed);
		return;
	}
	client_prefix(c, setter, sizeof setter);
	switch (room_masks_add(l, mask, setter, (int64_t)time(NULL))) {
	case ROOM_MASKS_ADDED:
		room_modes_touch_list(run, '+', mc->letter, mask);
		break;
	case ROOM_MASKS_FULL:
		reply_numeric(c, ERR_BANLISTFULL, ERR_BANLISTFULL_FMT, r->name,
		    mc->letter);
		break;
	case ROOM_MASKS_PRESENT:
		break;
	}
}

/* True when key is a usable +k key: printable ASCII, no space, comma or colon first. */
static bool
room_modes_key_valid(const char *key)
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

/* +l limit / -l. */
static void
room_modes_limit(struct client *c, struct room *r, const struct mode_change *mc)
{
	const char *error;
	long long limit;

	if (mc->dir == '-') {
		r->limit = 0;
		return;
	}
	limit = strtonum(mc->arg, 1, 1000000, &error);
	if (error != NULL) {
		/* An empty parameter is shown as "*". */
		reply_numeric(c, ERR_INVALIDMODEPARAM, ERR_INVALIDMODEPARAM_FMT,
		    r->name, 'l', mc->arg[0] != '\0' ? mc->arg : "*",
		    "Invalid limit");
		return;
	}
	r->limit = (unsigned)limit;
}

/* Apply one change that needs a room operator. */
static void
room_modes_apply(struct client *c, struct room *r, const struct mode_change *mc,
    struct mode_run *run)
{
	bool *flag;

	/* An empty nick is a missing one. */
	if ((mc->arg == NULL || (mc->kind == MODE_PREFIX && mc->arg[0] == '\0')) &&
	    (mc->kind == MODE_PREFIX ||
	    (mc->kind == MODE_PARAM_SET && mc->dir == '+') ||
	    (mc->kind == MODE_PARAM && mc->dir == '+'))) {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    "MODE");
		return;
	}
	switch (mc->kind) {
	case MODE_FLAG:
		flag = room_modes_flag(r, mc->letter);
		room_modes_touch(run, mc->letter, NULL, *flag);
		*flag = mc->dir == '+';
		break;
	case MODE_PREFIX:
		room_modes_member(c, r, mc, run);
		break;
	case MODE_LIST:
		room_modes_mask(c, r, mc, run);
		break;
	case MODE_PARAM:	/* k */
		room_modes_touch(run, 'k', NULL, false);
		if (mc->dir == '-')
			r->key[0] = '\0';
		else if (!room_modes_key_valid(mc->arg))
			reply_numeric(c, ERR_INVALIDKEY, ERR_INVALIDKEY_FMT,
			    r->name);
		else
			strlcpy(r->key, mc->arg, sizeof r->key);
		break;
	case MODE_PARAM_SET:	/* l */
		room_modes_touch(run, 'l', NULL, false);
		room_modes_limit(c, r, mc);
		break;
	case MODE_UNKNOWN:
		break;
	}
}

/* The announced modes: letters with signs, and their parameters. */
struct announce {
	char		 modes[2 * MODES_MAX + 1];
	size_t		 len;
	char		 dir;
	const char	*params[MODES_MAX];
	size_t		 nparams;
	char		 limit[16];
};

/* Add one change (param may be NULL) to what is announced. */
static void
room_modes_say(struct announce *a, char dir, char letter, const char *param)
{
	if (a->len + 3 >= sizeof a->modes)
		return;
	if (a->dir != dir)
		a->modes[a->len++] = a->dir = dir;
	a->modes[a->len++] = letter;
	a->modes[a->len] = '\0';
	if (param != NULL && a->nparams < MODES_MAX)
		a->params[a->nparams++] = param;
}

/* Announce to the room the net difference between before and r now. */
static void
room_modes_announce(struct client *c, struct room *r, const struct mode_run *run)
{
	struct announce a = { .dir = 0 };
	const char *params[MODES_MAX + 2];
	char prefix[IRC_LINE_MAX];
	const struct touched *t;
	struct room_member *m;
	struct relay relay;
	bool now;
	size_t i;

	for (i = 0; i < run->ntouched; i++) {
		t = &run->touched[i];
		if (t->dir != 0) {
			room_modes_say(&a, t->dir, t->letter, t->mask);
			continue;
		}
		switch (t->letter) {
		case 'k':
			if (strcmp(run->key, r->key) != 0)
				room_modes_say(&a, r->key[0] != '\0' ? '+' : '-',
				    'k', r->key[0] != '\0' ? r->key : "*");
			break;
		case 'l':
			if (run->limit != r->limit) {
				snprintf(a.limit, sizeof a.limit, "%u", r->limit);
				room_modes_say(&a, r->limit > 0 ? '+' : '-', 'l',
				    r->limit > 0 ? a.limit : NULL);
			}
			break;
		case 'o':
		case 'v':
			m = room_member(r, t->target);
			if (m == NULL)
				break;
			now = t->letter == 'o' ? m->op : m->voice;
			if (now != t->was)
				room_modes_say(&a, now ? '+' : '-', t->letter,
				    t->target->nick);
			break;
		default:
			now = *room_modes_flag(r, t->letter);
			if (now != t->was)
				room_modes_say(&a, now ? '+' : '-', t->letter,
				    NULL);
			break;
		}
	}
	if (a.len == 0)
		return;
	params[0] = r->name;
	params[1] = a.modes;
	for (i = 0; i < a.nparams; i++)
		params[2 + i] = a.params[i];
	client_prefix(c, prefix, sizeof prefix);
	relay_init(&relay, prefix, "MODE", 2 + a.nparams, params, NULL);
	relay_to_room(c, r, NULL, HUB_MEMBER_NONE, NULL, &relay, 0);
	/* An IRC operator changing a room from outside sees it done. */
	if (room_member(r, c) == NULL)
		relay_to_client(c, c, &relay, 0);
	relay_free(&relay);
	room_save_state(c->server, r);
}

void
room_modes_change(struct client *c, struct room *r, struct irc_message *msg)
{
	struct mode_change changes[MODES_MAX];
	struct room_member *m = room_member(r, c);
	bool allowed = (m != NULL && m->op) || c->oper, refused = false;
	struct mode_run run = { .limit = r->limit };
	size_t n, i;

	strlcpy(run.key, r->key, sizeof run.key);
	n = mode_parse(msg->params[1], msg->params + 2, msg->nparams - 2,
	    IRC_MODES, changes, MODES_MAX);
	for (i = 0; i < n; i++) {
		if (changes[i].kind == MODE_UNKNOWN) {
			reply_numeric(c, ERR_UNKNOWNMODE, ERR_UNKNOWNMODE_FMT,
			    changes[i].letter);
			continue;
		}
		/* A list letter without a mask shows the list. */
		if (changes[i].kind == MODE_LIST && changes[i].arg == NULL) {
			room_modes_show_list(c, r, changes[i].letter, &run);
			continue;
		}
		if (!allowed) {
			if (!refused)
				reply_numeric(c, ERR_CHANOPRIVSNEEDED,
				    ERR_CHANOPRIVSNEEDED_FMT, r->name);
			refused = true;
			continue;
		}
		room_modes_apply(c, r, &changes[i], &run);
	}
	room_modes_announce(c, r, &run);
}
