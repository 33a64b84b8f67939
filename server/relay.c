/* Relayed messages, formatted once per dialect. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "msgid.h"
#include "plain_text.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "server_time.h"

void
relay_format_time(int64_t time_ms, char *buf, size_t size)
{
	time_t secs = (time_t)(time_ms / 1000);
	struct tm tm;
	char day[24];

	gmtime_r(&secs, &tm);
	strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03dZ", day, (int)(time_ms % 1000));
}

/* Append "@tags " + the plain line to r->tagged; returns where it starts. */
static size_t
relay_add_dialect(struct relay *r, const char *time_tag, const char *tags)
{
	size_t start = r->tagged.len;

	buffer_append(&r->tagged, "@", 1);
	if (time_tag != NULL) {
		buffer_append(&r->tagged, "time=", 5);
		buffer_append(&r->tagged, time_tag, strlen(time_tag));
	}
	if (tags != NULL) {
		if (time_tag != NULL)
			buffer_append(&r->tagged, ";", 1);
		buffer_append(&r->tagged, tags, strlen(tags));
	}
	buffer_append(&r->tagged, " ", 1);
	buffer_append(&r->tagged, r->line, r->len);
	return start;
}

void
relay_init(struct relay *r, const char *source, const char *command,
    size_t nparams, const char *const params[], const char *client_tags)
{
	char time_tag[32], id[MSGID_LEN + 1];
	size_t off[HUB_DIALECTS];
	int d;

	r->len = line_format(r->line, source, command, nparams, params);
	r->time_ms = server_time_now_ms();
	r->msgid = msgid_next();
	buffer_init(&r->words);
	plain_render_event(&r->words, r->time_ms, source, command, nparams,
	    params);
	r->text[HUB_DIALECT_TEXT] = (struct hub_text){ r->words.data != NULL ?
	    r->words.data : "", r->words.len };
	r->client_tags = client_tags != NULL && *client_tags != '\0' ?
	    client_tags : NULL;
	buffer_init(&r->tags);
	msgid_format(r->msgid, id, sizeof id);
	buffer_append(&r->tags, "msgid=", 6);
	buffer_append(&r->tags, id, strlen(id));
	if (r->client_tags != NULL) {
		buffer_append(&r->tags, ";", 1);
		buffer_append(&r->tags, r->client_tags, strlen(r->client_tags));
	}
	buffer_append(&r->tags, "", 1);	/* a C string */
	buffer_init(&r->tagged);
	relay_format_time(r->time_ms, time_tag, sizeof time_tag);

	off[HUB_DIALECT_TIME] = relay_add_dialect(r, time_tag, NULL);
	off[HUB_DIALECT_TAGS] = relay_add_dialect(r, NULL, r->tags.data);
	off[HUB_DIALECT_TIME_TAGS] = relay_add_dialect(r, time_tag,
	    r->tags.data);
	/* Offsets first, pointers after: the buffer may have moved. */
	r->text[HUB_DIALECT_PLAIN] = (struct hub_text){ r->line, r->len };
	for (d = HUB_DIALECT_TIME; d <= HUB_DIALECT_TIME_TAGS; d++) {
		size_t end = d == HUB_DIALECT_TIME_TAGS ? r->tagged.len :
		    off[d + 1];

		r->text[d] = (struct hub_text){ r->tagged.data + off[d],
		    end - off[d] };
	}
}

void
relay_free(struct relay *r)
{
	buffer_free(&r->words);
	buffer_free(&r->tags);
	buffer_free(&r->tagged);
}

/*
 * Whether ev, a room event, reaches actor: a member not excepted, or the
 * joiner of a JOIN, or the subject of a quit or nick change it sees too.
 */
static bool
relay_reaches_actor(const struct client *actor, const struct hub_event *ev)
{
	if (ev->scope == HUB_TO_ROOMS)
		return ev->to_subject && ev->client == &actor->view;
	return ev->scope == HUB_TO_ROOM && ev->except != &actor->view &&
	    (hub_view_in(&actor->view, ev->room) ||
	    (ev->membership == HUB_MEMBER_JOIN && ev->client == &actor->view));
}

/* Queue actor's own copy of r with its replies (labeled-response). */
static void
relay_to_replies(struct client *actor, const struct relay *r,
    unsigned required_caps)
{
	const struct hub_text *t = &r->text[actor->view.dialect];

	if ((actor->view.caps & required_caps) == required_caps)
		buffer_append(&actor->replies, t->s, t->len);
}

/*
 * Append r as an event shaped by ev, after actor's queued replies.  While
 * actor's command is labeled, its own copy of a room event goes with its
 * replies instead, to be labeled with them.
 */
static void
relay_append(struct client *actor, struct hub_event *ev, const struct relay *r,
    unsigned required_caps)
{
	ev->required_caps = required_caps;
	if (actor->label[0] != '\0' && relay_reaches_actor(actor, ev)) {
		relay_to_replies(actor, r, required_caps);
		if (ev->scope == HUB_TO_ROOMS)
			ev->to_subject = false;
		else
			ev->except = &actor->view;
	}
	reply_flush(actor);
	hub_append_dialects(&actor->server->hub, ev, r->text);
}

void
relay_echo(struct client *actor, const struct relay *r, unsigned required_caps)
{
	struct hub_event ev = { .scope = HUB_TO_CLIENT, .client = &actor->view };

	if (actor->label[0] != '\0') {
		relay_to_replies(actor, r, required_caps);
		return;
	}
	relay_append(actor, &ev, r, required_caps);
}

void
relay_to_client(struct client *actor, struct client *to,
    const struct relay *r, unsigned required_caps)
{
	struct hub_event ev = { .scope = HUB_TO_CLIENT, .client = &to->view };

	relay_append(actor, &ev, r, required_caps);
}

void
relay_to_room(struct client *actor, struct room *room,
    const struct client *except, enum hub_membership change,
    struct client *subject, const struct relay *r,
    unsigned required_caps)
{
	struct hub_event ev = {
		.scope = HUB_TO_ROOM,
		.room = &room->hub,
		.except = except != NULL ? &except->view : NULL,
		.membership = subject != NULL ? change : HUB_MEMBER_NONE,
		.client = subject != NULL ? &subject->view : NULL,
		/* Joins and parts: no reason to wake a whole room at once. */
		.lazy = subject != NULL && change != HUB_MEMBER_NONE,
	};

	relay_append(actor, &ev, r, required_caps);
}

void
relay_to_peers(struct client *actor, bool to_self, const struct relay *r,
    unsigned required_caps)
{
	struct hub_room *rooms[IRC_CHANLIMIT];
	struct hub_event ev = {
		.scope = HUB_TO_ROOMS,
		.client = &actor->view,
		.to_subject = to_self,
		.rooms = rooms,
		.nrooms = actor->nrooms,
		.lazy = true,	/* quits, nick changes, away notices */
	};
	size_t i;

	for (i = 0; i < actor->nrooms; i++)
		rooms[i] = &actor->rooms[i]->hub;
	relay_append(actor, &ev, r, required_caps);
}
