/* Questions about people and the server: WHO (and WHOX), WHOIS, LIST, LUSERS, ISON, USERHOST, TIME, VERSION. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_mask.h"
#include "irc_message.h"
#include "irc_names.h"
#include "list_filter.h"
#include "reply.h"
#include "room.h"
#include "server.h"

/* The registered client called nick, or NULL. */
static struct client *
info_find_nick(struct server *s, const char *nick)
{
	char folded[IRC_NICKLEN + 1];
	struct client *c;

	if (strlen(nick) > IRC_NICKLEN)
		return NULL;
	irc_casefold(folded, nick, sizeof folded);
	c = strmap_get(&s->nicks, folded);
	return c != NULL && c->registered ? c : NULL;
}

/* What a WHO asks for: WHOX fields (%tcuihsnfdlaor) and a token, or none. */
struct who_query {
	bool	 whox;		/* answer 354 with the fields below, not 352 */
	char	 fields[16];	/* the letters asked for, known ones only */
	char	 token[4];	/* 1-3 digits echoed with field t */
	bool	 opers_only;	/* the 'o' flag */
};

/* Whether the WHOX field letter f was asked for. */
static bool
who_wants(const struct who_query *q, char f)
{
	return strchr(q->fields, f) != NULL;
}

/* Append a space (unless first), prefix and value to line; *len follows. */
static void
who_append(char *line, size_t size, size_t *len, const char *prefix,
    const char *value)
{
	int n = snprintf(line + *len, size - *len, "%s%s%s",
	    *len > 0 ? " " : "", prefix, value);

	if (n > 0)
		*len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

/* The first of t's rooms c may see (for WHO nick), or NULL. */
static const struct room *
info_first_visible_room(const struct client *c, const struct client *t)
{
	size_t i;

	for (i = 0; i < t->nrooms; i++)
		if (room_visible(t->rooms[i], c) || c->oper)
			return t->rooms[i];
	return NULL;
}

/*
 * One answer: who is t, seen from room r (may be NULL): 352, or 354
 * with the WHOX fields asked for in their fixed order.
 */
static void
info_who_line(struct client *c, const struct client *t, const struct room *r,
    const struct who_query *q)
{
	const struct room_member *m = r != NULL ? room_member(r, t) : NULL;
	char flags[16], line[IRC_LINE_MAX], number[32];
	size_t len = 0;

	snprintf(flags, sizeof flags, "%c%s%s%s", t->away[0] != '\0' ? 'G' : 'H',
	    t->oper ? "*" : "", t->bot ? "B" : "", m != NULL ?
	    room_member_prefix(m, (c->caps & CAP_MULTI_PREFIX) != 0) : "");
	if (!q->whox) {
		reply_numeric(c, RPL_WHOREPLY, RPL_WHOREPLY_FMT,
		    r != NULL ? r->name : "*", t->user, t->host,
		    c->server->name, t->nick, flags, t->realname);
		return;
	}
	line[0] = '\0';
	if (who_wants(q, 't'))
		who_append(line, sizeof line, &len, "",
		    q->token[0] != '\0' ? q->token : "0");
	if (who_wants(q, 'c'))
		who_append(line, sizeof line, &len, "", r != NULL ? r->name : "*");
	if (who_wants(q, 'u'))
		who_append(line, sizeof line, &len, "", t->user);
	if (who_wants(q, 'i'))
		who_append(line, sizeof line, &len, "", t->host);
	if (who_wants(q, 'h'))
		who_append(line, sizeof line, &len, "", t->host);
	if (who_wants(q, 's'))
		who_append(line, sizeof line, &len, "", c->server->name);
	if (who_wants(q, 'n'))
		who_append(line, sizeof line, &len, "", t->nick);
	if (who_wants(q, 'f'))
		who_append(line, sizeof line, &len, "", flags);
	if (who_wants(q, 'd'))
		who_append(line, sizeof line, &len, "", "0");	/* hops */
	snprintf(number, sizeof number, "%lld", (long long)(time(NULL) -
	    (t->last_spoke ? t->last_spoke : t->signon)));
	if (who_wants(q, 'l'))
		who_append(line, sizeof line, &len, "", number);
	if (who_wants(q, 'a'))
		who_append(line, sizeof line, &len, "", "0");	/* no account */
	if (who_wants(q, 'o'))
		who_append(line, sizeof line, &len, "", "n/a");
	/* The real name may hold spaces: last, as the trailing parameter. */
	if (who_wants(q, 'r'))
		who_append(line, sizeof line, &len, ":", t->realname);
	reply_numeric(c, RPL_WHOSPCRPL, "%s", line);
}

/*
 * Read WHO's second parameter: "o" (operators only), and/or WHOX's
 * "%fields[,token]".  Unknown letters are ignored.
 */
static void
info_who_query(const char *arg, struct who_query *q)
{
	static const char known[] = "tcuihsnfdlaor";
	const char *p;
	size_t n = 0, t = 0;

	memset(q, 0, sizeof *q);
	for (p = arg; *p != '\0' && *p != '%'; p++)
		if (*p == 'o')
			q->opers_only = true;
	if (*p != '%')
		return;
	q->whox = true;
	for (p++; *p != '\0' && *p != ','; p++)
		if (strchr(known, *p) != NULL && strchr(q->fields, *p) == NULL &&
		    n + 1 < sizeof q->fields)
			q->fields[n++] = *p;
	if (*p == ',')
		for (p++; *p >= '0' && *p <= '9' && t + 1 < sizeof q->token; p++)
			q->token[t++] = *p;
}

/* Whether c shares a room with t. */
static bool
info_share_room(const struct client *c, const struct client *t)
{
	size_t i;

	for (i = 0; i < c->nrooms; i++)
		if (client_room_index(t, c->rooms[i]) >= 0)
			return true;
	return false;
}

/*
 * WHO #room | WHO nick | WHO mask, then [o][%fields[,token]]: 352 (or
 * WHOX's 354) per person, then 315.  A mask with '*' or '?' matches
 * nicks, user names, hosts, real names and the server's name; it skips
 * the invisible (+i) people the asker shares no room with, as a nick
 * without wildcards does not.
 */
enum client_status
cmd_who(struct client *c, struct irc_message *msg)
{
	const char *mask = msg->nparams > 0 ? msg->params[0] : "*";
	struct who_query q;
	struct client *t;
	struct room *r;
	size_t i;

	info_who_query(msg->nparams > 1 ? msg->params[1] : "", &q);
	if (irc_is_channel(mask)) {
		if ((r = room_find(c->server, mask)) != NULL &&
		    (room_visible(r, c) || c->oper))
			for (i = 0; i < r->nmembers; i++) {
				t = r->members[i].client;
				if (!q.opers_only || t->oper)
					info_who_line(c, t, r, &q);
			}
	} else if (!irc_mask_is_wild(mask)) {
		if ((t = info_find_nick(c->server, mask)) != NULL &&
		    (!q.opers_only || t->oper))
			info_who_line(c, t, info_first_visible_room(c, t), &q);
	} else {
		for (t = c->server->clients; t != NULL; t = t->next) {
			if (!t->registered || (q.opers_only && !t->oper))
				continue;
			if (t->invisible && t != c && !c->oper &&
			    !info_share_room(c, t))
				continue;
			if (!irc_mask_match(mask, t->nick) &&
			    !irc_mask_match(mask, t->user) &&
			    !irc_mask_match(mask, t->host) &&
			    !irc_mask_match(mask, t->realname) &&
			    !irc_mask_match(mask, c->server->name))
				continue;
			info_who_line(c, t, info_first_visible_room(c, t), &q);
		}
	}
	reply_numeric(c, RPL_ENDOFWHO, RPL_ENDOFWHO_FMT, mask);
	return CLIENT_ALIVE;
}

/* WHOIS [server] nick: 311, 319, 312, 313, 671, 276, 301, 317, 318. */
enum client_status
cmd_whois(struct client *c, struct irc_message *msg)
{
	const char *nick = msg->params[msg->nparams > 1 ? 1 : 0];
	char rooms[IRC_LINE_MAX];
	struct client *t;
	size_t i, len, budget;

	if ((t = info_find_nick(c->server, nick)) == NULL) {
		reply_numeric(c, ERR_NOSUCHNICK, ERR_NOSUCHNICK_FMT, nick);
		reply_numeric(c, RPL_ENDOFWHOIS, RPL_ENDOFWHOIS_FMT, nick);
		return CLIENT_ALIVE;
	}
	reply_numeric(c, RPL_WHOISUSER, RPL_WHOISUSER_FMT, t->nick, t->user,
	    t->host, t->realname);
	/* As many rooms per 319 line as fit: ":server 319 me nick :" + list. */
	budget = IRC_LINE_MAX - 2 - (strlen(c->server->name) +
	    strlen(client_nick(c)) + strlen(t->nick) + 9);
	rooms[0] = '\0';
	len = 0;
	for (i = 0; i < t->nrooms; i++) {
		const struct room_member *m = room_member(t->rooms[i], t);
		const char *prefix = room_member_prefix(m,
		    (c->caps & CAP_MULTI_PREFIX) != 0);
		size_t n = strlen(prefix) + strlen(t->rooms[i]->name);

		/* A secret room is not shown to who is not in it. */
		if (!room_visible(t->rooms[i], c) && !c->oper)
			continue;
		if (len > 0 && len + 1 + n > budget) {
			reply_numeric(c, RPL_WHOISCHANNELS,
			    RPL_WHOISCHANNELS_FMT, t->nick, rooms);
			rooms[0] = '\0';
			len = 0;
		}
		if (len > 0)
			strlcat(rooms, " ", sizeof rooms);
		strlcat(rooms, prefix, sizeof rooms);
		len = strlcat(rooms, t->rooms[i]->name, sizeof rooms);
	}
	if (len > 0)
		reply_numeric(c, RPL_WHOISCHANNELS, RPL_WHOISCHANNELS_FMT,
		    t->nick, rooms);
	reply_numeric(c, RPL_WHOISSERVER, RPL_WHOISSERVER_FMT, t->nick,
	    c->server->name, c->server->config.info);
	if (t->oper)
		reply_numeric(c, RPL_WHOISOPERATOR, RPL_WHOISOPERATOR_FMT,
		    t->nick);
	if (t->bot)
		reply_numeric(c, RPL_WHOISBOT, RPL_WHOISBOT_FMT, t->nick);
	if (t->tls)
		reply_numeric(c, RPL_WHOISSECURE, RPL_WHOISSECURE_FMT, t->nick);
	/* A certificate identifies its owner: only they and opers see it. */
	if (t->certfp[0] != '\0' && (t == c || c->oper))
		reply_numeric(c, RPL_WHOISCERTFP, RPL_WHOISCERTFP_FMT, t->nick,
		    t->certfp);
	if (t->away[0] != '\0')
		reply_numeric(c, RPL_AWAY, RPL_AWAY_FMT, t->nick, t->away);
	reply_numeric(c, RPL_WHOISIDLE, RPL_WHOISIDLE_FMT, t->nick,
	    (long long)(time(NULL) - (t->last_spoke ? t->last_spoke :
	    t->signon)), (long long)t->signon);
	reply_numeric(c, RPL_ENDOFWHOIS, RPL_ENDOFWHOIS_FMT, t->nick);
	return CLIENT_ALIVE;
}

/* One 322 line per room, from the room table. */
static void
info_list_one(const char *key, void *value, void *arg)
{
	struct client *c = arg;
	const struct room *r = value;

	(void)key;
	if (!room_visible(r, c))
		return;
	reply_numeric(c, RPL_LIST, RPL_LIST_FMT, r->name, r->nmembers, r->topic);
}

/* What info_list_filtered needs. */
struct info_list_search {
	struct client			*c;
	const struct list_filter	*filter;
	time_t				 now;
};

/* info_list_one for the rooms that pass a LIST search (ELIST). */
static void
info_list_filtered(const char *key, void *value, void *arg)
{
	const struct info_list_search *q = arg;
	const struct room *r = value;

	if (list_filter_match(q->filter, r->name, r->nmembers, r->created,
	    r->topic[0] != '\0' ? r->topic_time : 0, q->now))
		info_list_one(key, value, q->c);
}

/* LIST [#a,#b | search terms]: rooms with member counts and topics. */
enum client_status
cmd_list(struct client *c, struct irc_message *msg)
{
	char *list, *name, terms[IRC_LINE_MAX];
	struct list_filter filter;
	struct info_list_search q = { c, &filter, time(NULL) };
	struct room *r;

	reply_numeric(c, RPL_LISTSTART, RPL_LISTSTART_FMT);
	if (msg->nparams > 0 &&
	    strlcpy(terms, msg->params[0], sizeof terms) < sizeof terms &&
	    list_filter_parse(&filter, terms))
		strmap_foreach(&c->server->rooms, info_list_filtered, &q);
	else if (msg->nparams > 0 && msg->params[0][0] != '\0') {
		list = msg->params[0];
		while ((name = strsep(&list, ",")) != NULL)
			if ((r = room_find(c->server, name)) != NULL)
				info_list_one(NULL, r, c);
	} else
		strmap_foreach(&c->server->rooms, info_list_one, c);
	reply_numeric(c, RPL_LISTEND, RPL_LISTEND_FMT);
	return CLIENT_ALIVE;
}

void
info_send_lusers(struct client *c)
{
	struct server *s = c->server;
	size_t users = s->nregistered, unknown = s->nclients - s->nregistered;

	/* 251 splits the registered in two; 255 counts them, as 265 does. */
	reply_numeric(c, RPL_LUSERCLIENT, RPL_LUSERCLIENT_FMT,
	    users - s->ninvisible, s->ninvisible);
	reply_numeric(c, RPL_LUSEROP, RPL_LUSEROP_FMT, s->nopers);
	reply_numeric(c, RPL_LUSERUNKNOWN, RPL_LUSERUNKNOWN_FMT, unknown);
	reply_numeric(c, RPL_LUSERCHANNELS, RPL_LUSERCHANNELS_FMT,
	    s->rooms.count);
	reply_numeric(c, RPL_LUSERME, RPL_LUSERME_FMT, users);
	reply_numeric(c, RPL_LOCALUSERS, RPL_LOCALUSERS_FMT, users,
	    s->max_registered, users, s->max_registered);
	reply_numeric(c, RPL_GLOBALUSERS, RPL_GLOBALUSERS_FMT, users,
	    s->max_registered, users, s->max_registered);
}

/* LUSERS: how many people and rooms. */
enum client_status
cmd_lusers(struct client *c, struct irc_message *msg)
{
	(void)msg;
	info_send_lusers(c);
	return CLIENT_ALIVE;
}

/* ISON nick [nick...]: which of them are here (nicks may also come space-separated in one param). */
enum client_status
cmd_ison(struct client *c, struct irc_message *msg)
{
	char online[IRC_LINE_MAX] = "", words[IRC_LINE_MAX], *rest, *nick;
	struct client *t;
	size_t i;

	for (i = 0; i < msg->nparams; i++) {
		strlcpy(words, msg->params[i], sizeof words);
		rest = words;
		while ((nick = strsep(&rest, " ")) != NULL) {
			if (*nick == '\0' ||
			    (t = info_find_nick(c->server, nick)) == NULL)
				continue;
			if (online[0] != '\0')
				strlcat(online, " ", sizeof online);
			strlcat(online, t->nick, sizeof online);
		}
	}
	reply_numeric(c, RPL_ISON, RPL_ISON_FMT, online);
	return CLIENT_ALIVE;
}

/* USERHOST nick [nick...] (up to 5): nick[*]=+|-user@host. */
enum client_status
cmd_userhost(struct client *c, struct irc_message *msg)
{
	char reply[IRC_LINE_MAX] = "", entry[IRC_LINE_MAX];
	struct client *t;
	size_t i;

	for (i = 0; i < msg->nparams && i < 5; i++) {
		if ((t = info_find_nick(c->server, msg->params[i])) == NULL)
			continue;
		snprintf(entry, sizeof entry, "%s%s%s=%c%s@%s",
		    reply[0] != '\0' ? " " : "", t->nick, t->oper ? "*" : "",
		    t->away[0] != '\0' ? '-' : '+', t->user, t->host);
		strlcat(reply, entry, sizeof reply);
	}
	reply_numeric(c, RPL_USERHOST, RPL_USERHOST_FMT, reply);
	return CLIENT_ALIVE;
}

/* TIME: the server's local time. */
enum client_status
cmd_time(struct client *c, struct irc_message *msg)
{
	time_t now = time(NULL);
	char when[64];
	struct tm tm;

	(void)msg;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%A %B %d %Y -- %H:%M:%S %z", &tm);
	reply_numeric(c, RPL_TIME, RPL_TIME_FMT, c->server->name, when);
	return CLIENT_ALIVE;
}

/* VERSION: ours, and the 005 limits again. */
enum client_status
cmd_version(struct client *c, struct irc_message *msg)
{
	(void)msg;
	reply_numeric(c, RPL_VERSION, RPL_VERSION_FMT, SERVER_VERSION ".",
	    c->server->name, "natter LAN chat server");
	welcome_send_isupport(c);
	return CLIENT_ALIVE;
}
