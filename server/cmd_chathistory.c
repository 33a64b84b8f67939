/*
 * CHATHISTORY (IRCv3 draft/chathistory): a client asks for the part of a
 * room's history it wants, by msgid or by time, and gets it in a
 * chathistory batch; TARGETS lists the rooms with messages in a time
 * range.  The selection is history_query.c's; this file answers.
 *
 * natterd keeps history for rooms only: a nick's conversation is answered
 * with an empty batch.  Without draft/event-playback only PRIVMSG and
 * NOTICE come back; with it, topic changes too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "history_query.h"
#include "irc_message.h"
#include "irc_names.h"
#include "relay.h"
#include "replay.h"
#include "reply.h"
#include "room.h"
#include "server.h"

/* Answer "FAIL CHATHISTORY code context :text". */
static void
chathistory_fail(struct client *c, const char *code, const char *context,
    const char *text)
{
	reply_line(c, ":%s FAIL CHATHISTORY %s %s :%s", c->server->name, code,
	    context, text);
}

/* The limit parameter: 1 and more, cut to CHATHISTORY_MAX.  0: malformed. */
static size_t
chathistory_limit(const char *s)
{
	const char *error;
	long long n;

	/* strtonum would take leading blanks and a sign too. */
	if (*s < '0' || *s > '9')
		return 0;
	n = strtonum(s, 1, CHATHISTORY_MAX, &error);
	if (error == NULL)
		return (size_t)n;
	/* A limit is an upper bound: any number past ours asks for all. */
	return strcmp(error, "too large") == 0 ? CHATHISTORY_MAX : 0;
}

/* The command word of a history line (":src CMD ..."), into buf. */
static const char *
chathistory_command(const char *line, char *buf, size_t size)
{
	size_t n;

	if (*line == ':' && (line = strchr(line, ' ')) != NULL)
		line++;
	if (line == NULL)
		line = "";
	n = strcspn(line, " ");
	if (n >= size)
		n = size - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
	return buf;
}

/* history_want_fn: messages, and other events for event-playback. */
static bool
chathistory_want(const struct history_entry *e, void *arg)
{
	const struct client *c = arg;
	char cmd[16];

	chathistory_command(e->line, cmd, sizeof cmd);
	if (strcmp(cmd, "PRIVMSG") == 0 || strcmp(cmd, "NOTICE") == 0)
		return true;
	return (c->caps & CAP_EVENT_PLAYBACK) != 0;
}

/* Open a batch of type (with its parameter) if c has batch; its id. */
static const char *
chathistory_open(struct client *c, const char *type, const char *param,
    char *id, size_t size)
{
	if ((c->caps & CAP_BATCH) == 0)
		return NULL;
	snprintf(id, size, "h%llu", (unsigned long long)++c->batches);
	reply_line(c, ":%s BATCH +%s %s%s%s", c->server->name, id, type,
	    param != NULL ? " " : "", param != NULL ? param : "");
	return id;
}

/* Close the batch chathistory_open opened (batch NULL: none). */
static void
chathistory_close(struct client *c, const char *batch)
{
	if (batch != NULL)
		reply_line(c, ":%s BATCH -%s", c->server->name, batch);
}

/* Send one history entry with the tags c asked for. */
static void
chathistory_send_entry(struct client *c, const char *batch,
    const struct history_entry *e)
{
	char tags[IRC_CLIENT_TAGS_MAX + 96], when[32];
	size_t n = 0;

	tags[0] = '\0';
	if (batch != NULL)
		n += (size_t)snprintf(tags + n, sizeof tags - n, "batch=%s", batch);
	if (c->caps & CAP_SERVER_TIME) {
		relay_format_time(e->time_ms, when, sizeof when);
		n += (size_t)snprintf(tags + n, sizeof tags - n, "%stime=%s",
		    n > 0 ? ";" : "", when);
	}
	if ((c->caps & CAP_MESSAGE_TAGS) && n + 1 < sizeof tags) {
		if (n > 0)
			tags[n++] = ';';
		history_entry_tags(e, tags + n, sizeof tags - n);
		n += strlen(tags + n);
	}
	if (n == 0)
		reply_line(c, "%s", e->line);
	else
		reply_tagged_line(c, "@%s %s", tags, e->line);
}

/* Send the selected entries, at most REPLAY_MAX_BYTES of them: those
 * nearest the reference (newest first when newest is set) stay. */
static void
chathistory_send(struct client *c, const char *target, const struct history *h,
    const size_t *sel, size_t n, bool newest)
{
	char id[32];
	const char *batch;
	size_t i, first = 0, last = n, bytes = 0;

	if (newest) {
		while (first < last && replay_fits(&bytes,
		    history_get(h, sel[last - 1])))
			last--;
		first = last;
		last = n;
	} else {
		for (i = 0; i < n && replay_fits(&bytes, history_get(h, sel[i]));
		    i++)
			;
		last = i;
	}
	batch = chathistory_open(c, "chathistory", target, id, sizeof id);
	for (i = first; i < last; i++)
		chathistory_send_entry(c, batch, history_get(h, sel[i]));
	chathistory_close(c, batch);
}

/* CHATHISTORY TARGETS <timestamp> <timestamp> <limit> */
static void
chathistory_targets(struct client *c, struct irc_message *msg)
{
	struct history_ref a, b;
	struct {
		const struct room	*room;
		int64_t			 latest;
	} found[IRC_CHANLIMIT], t;
	char id[32], when[32];
	const char *batch;
	size_t limit, nfound = 0, i, j;
	int64_t lo, hi;

	if (msg->nparams < 4) {
		chathistory_fail(c, "NEED_MORE_PARAMS", "TARGETS",
		    "Missing parameters");
		return;
	}
	if (!history_parse_ref(msg->params[1], false, &a) ||
	    a.kind != HISTORY_REF_TIME ||
	    !history_parse_ref(msg->params[2], false, &b) ||
	    b.kind != HISTORY_REF_TIME ||
	    (limit = chathistory_limit(msg->params[3])) == 0) {
		chathistory_fail(c, "INVALID_PARAMS", "TARGETS",
		    "Give two timestamp= references and a limit");
		return;
	}
	lo = a.time_ms < b.time_ms ? a.time_ms : b.time_ms;
	hi = a.time_ms < b.time_ms ? b.time_ms : a.time_ms;
	for (i = 0; i < c->nrooms; i++) {
		const struct room *r = c->rooms[i];
		const struct history_entry *e;

		for (j = history_count(&r->history); j > 0; j--) {
			e = history_get(&r->history, j - 1);
			if (e->time_ms <= lo)
				break;
			if (e->time_ms < hi && chathistory_want(e, c)) {
				found[nfound].room = r;
				found[nfound++].latest = e->time_ms;
				break;
			}
		}
	}
	/* Oldest latest message first (a few rooms: insertion sort). */
	for (i = 1; i < nfound; i++)
		for (j = i; j > 0 && found[j - 1].latest > found[j].latest; j--) {
			t = found[j];
			found[j] = found[j - 1];
			found[j - 1] = t;
		}
	batch = chathistory_open(c, "draft/chathistory-targets", NULL, id,
	    sizeof id);
	for (i = 0; i < nfound && i < limit; i++) {
		relay_format_time(found[i].latest, when, sizeof when);
		reply_line(c, "%s%s%s:%s CHATHISTORY TARGETS %s timestamp=%s",
		    batch != NULL ? "@batch=" : "", batch != NULL ? batch : "",
		    batch != NULL ? " " : "", c->server->name, found[i].room->name,
		    when);
	}
	chathistory_close(c, batch);
}

/* CHATHISTORY <subcommand> <target> <reference> [<reference>] <limit> */
enum client_status
cmd_chathistory(struct client *c, struct irc_message *msg)
{
	static const struct {
		const char		*name;
		enum history_query_kind	 kind;
		size_t			 refs;
	} subs[] = {
		{ "AFTER",	HISTORY_AFTER,	 1 },
		{ "AROUND",	HISTORY_AROUND,	 1 },
		{ "BEFORE",	HISTORY_BEFORE,	 1 },
		{ "BETWEEN",	HISTORY_BETWEEN, 2 },
		{ "LATEST",	HISTORY_LATEST,	 1 },
	};
	struct history_ref a, b = { .kind = HISTORY_REF_ANY };
	size_t sel[CHATHISTORY_MAX], n, limit, i;
	bool newest;
	const char *sub = msg->params[0], *target;
	struct room *r;

	if (strcasecmp(sub, "TARGETS") == 0) {
		chathistory_targets(c, msg);
		return CLIENT_ALIVE;
	}
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcasecmp(sub, subs[i].name) == 0)
			break;
	if (i == sizeof subs / sizeof subs[0]) {
		chathistory_fail(c, "UNKNOWN_COMMAND", sub, "Unknown subcommand");
		return CLIENT_ALIVE;
	}
	sub = subs[i].name;
	if (msg->nparams < 3 + subs[i].refs) {
		chathistory_fail(c, "NEED_MORE_PARAMS", sub, "Missing parameters");
		return CLIENT_ALIVE;
	}
	target = msg->params[1];
	if (!history_parse_ref(msg->params[2], subs[i].kind == HISTORY_LATEST,
	    &a) || (subs[i].refs == 2 &&
	    !history_parse_ref(msg->params[3], false, &b)) ||
	    (limit = chathistory_limit(msg->params[2 + subs[i].refs])) == 0) {
		reply_line(c, ":%s FAIL CHATHISTORY INVALID_PARAMS %s %s :%s",
		    c->server->name, sub, target,
		    "Give msgid= or timestamp= references and a limit");
		return CLIENT_ALIVE;
	}
	if (!irc_is_channel(target)) {
		char id[32];
		const char *batch;

		/* No history of private messages is kept: an empty answer. */
		if (!irc_nick_valid(target)) {
			reply_line(c, ":%s FAIL CHATHISTORY INVALID_TARGET %s %s "
			    ":No such conversation", c->server->name, sub, target);
			return CLIENT_ALIVE;
		}
		batch = chathistory_open(c, "chathistory", target, id, sizeof id);
		chathistory_close(c, batch);
		return CLIENT_ALIVE;
	}
	/* Only a member reads a room's history. */
	if ((r = room_find(c->server, target)) == NULL ||
	    room_member(r, c) == NULL) {
		reply_line(c, ":%s FAIL CHATHISTORY INVALID_TARGET %s %s "
		    ":You are not in that room", c->server->name, sub, target);
		return CLIENT_ALIVE;
	}
	n = history_select(&r->history, subs[i].kind, &a, &b, limit,
	    chathistory_want, c, sel, &newest);
	chathistory_send(c, r->name, &r->history, sel, n, newest);
	return CLIENT_ALIVE;
}
