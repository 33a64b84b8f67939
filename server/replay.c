/* History replay for a client that joins a room. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "client.h"
#include "history.h"
#include "irc_message.h"
#include "plain_text.h"
#include "relay.h"
#include "replay.h"
#include "reply.h"
#include "room.h"
#include "server.h"

bool
replay_fits(size_t *bytes, const struct history_entry *e)
{
	size_t len = strlen(e->line) + REPLAY_LINE_EXTRA +
	    (e->tags != NULL ? strlen(e->tags) : 0);

	if (*bytes + len > REPLAY_MAX_BYTES)
		return false;
	*bytes += len;
	return true;
}

/* Index of the oldest history line a replay sends (REPLAY_MAX_BYTES). */
static size_t
replay_first(const struct room *r)
{
	size_t i = history_count(&r->history), bytes = 0;

	while (i > 0 && replay_fits(&bytes, history_get(&r->history, i - 1)))
		i--;
	return i;
}

/* Replay inside "BATCH +id chathistory #room", each line with its time. */
static void
replay_batch(struct client *c, const struct room *r)
{
	const struct history_entry *e;
	char id[32], when[32], tags[IRC_CLIENT_TAGS_MAX + 32];
	size_t i;
	bool with_tags = (c->caps & CAP_MESSAGE_TAGS) != 0;

	snprintf(id, sizeof id, "h%llu", (unsigned long long)++c->batches);
	reply_line(c, ":%s BATCH +%s chathistory %s", c->server->name, id,
	    r->name);
	for (i = replay_first(r); (e = history_get(&r->history, i)) != NULL;
	    i++) {
		relay_format_time(e->time_ms, when, sizeof when);
		/* msgid and client tags go only to clients that asked for them. */
		reply_tagged_line(c, "@batch=%s;time=%s%s%s %s", id, when,
		    with_tags ? ";" : "", with_tags ?
		    history_entry_tags(e, tags, sizeof tags) : "", e->line);
	}
	reply_line(c, ":%s BATCH -%s", c->server->name, id);
}

/*
 * One history line in words: "<alice> hi", "* alice waves",
 * "-alice- notice", "-- alice set the topic: ...".  False for a line that
 * does not parse (then it is not shown).
 */
static bool
replay_describe(const char *line, char *out, size_t size)
{
	char copy[IRC_LINE_MAX + 1], nick[IRC_LINE_MAX];
	struct irc_message msg;
	const char *text, *bang;
	size_t len;

	strlcpy(copy, line, sizeof copy);
	if (irc_message_parse(&msg, copy) != IRC_PARSE_OK ||
	    msg.source == NULL || msg.nparams < 2)
		return false;
	strlcpy(nick, msg.source, sizeof nick);
	if ((bang = strchr(nick, '!')) != NULL)
		nick[bang - nick] = '\0';
	text = msg.params[1];
	len = strlen(text);
	if (strcmp(msg.command, "PRIVMSG") == 0 &&
	    strncmp(text, "\001ACTION ", 8) == 0) {
		snprintf(out, size, "* %s %.*s", nick,
		    (int)(len - 8 - (text[len - 1] == '\001')), text + 8);
	} else if (strcmp(msg.command, "PRIVMSG") == 0)
		snprintf(out, size, "<%s> %s", nick, text);
	else if (strcmp(msg.command, "NOTICE") == 0)
		snprintf(out, size, "-%s- %s", nick, text);
	else if (strcmp(msg.command, "TOPIC") == 0)
		snprintf(out, size, "-- %s set the topic: %s", nick, text);
	else
		return false;
	return true;
}

/* Replay as NOTICEs from the server, marked as history, time in the text. */
static void
replay_notices(struct client *c, const struct room *r)
{
	const struct history_entry *e;
	char what[IRC_LINE_MAX * 2 + 64], when[32];
	size_t first = replay_first(r), i, n = history_count(&r->history) - first;
	time_t secs;
	struct tm tm;

	reply_line(c, ":%s NOTICE %s :-- %zu earlier message%s in %s --",
	    c->server->name, r->name, n, n == 1 ? "" : "s", r->name);
	for (i = first; (e = history_get(&r->history, i)) != NULL; i++) {
		if (!replay_describe(e->line, what, sizeof what))
			continue;
		secs = (time_t)(e->time_ms / 1000);
		localtime_r(&secs, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		reply_line(c, ":%s NOTICE %s :[%s] %s", c->server->name,
		    r->name, when, what);
	}
	reply_line(c, ":%s NOTICE %s :-- end of earlier messages --",
	    c->server->name, r->name);
}

/* Replay in words for a plain-door user, as the lines were shown live. */
static void
replay_words(struct client *c, const struct room *r)
{
	const struct history_entry *e;
	char copy[IRC_LINE_MAX + 1];
	struct irc_message msg;
	struct buffer words;
	size_t i;

	buffer_init(&words);
	reply_text(c, "-- Earlier in %s:", r->name);
	for (i = replay_first(r); (e = history_get(&r->history, i)) != NULL;
	    i++) {
		strlcpy(copy, e->line, sizeof copy);
		if (irc_message_parse(&msg, copy) != IRC_PARSE_OK ||
		    msg.source == NULL)
			continue;
		plain_render_event(&words, e->time_ms, msg.source, msg.command,
		    msg.nparams, (const char *const *)msg.params);
	}
	buffer_append(&c->replies, words.data, words.len);
	buffer_free(&words);
	reply_text(c, "-- (that was before you came)");
}

void
replay_history(struct client *c, const struct room *r)
{
	/* A client with draft/chathistory asks for what it lacks. */
	if (history_count(&r->history) == 0 || (c->caps & CAP_CHATHISTORY))
		return;
	if (c->plain) {
		replay_words(c, r);
		return;
	}
	if ((c->caps & (CAP_BATCH | CAP_SERVER_TIME)) ==
	    (CAP_BATCH | CAP_SERVER_TIME))
		replay_batch(c, r);
	else
		replay_notices(c, r);
}
