/* Rooms: created by the first JOIN, gone with the last member. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "irc_names.h"
#include "room.h"
#include "server.h"
#include "state_dir.h"
#include "xmalloc.h"

struct room *
room_find(struct server *s, const char *name)
{
	char folded[IRC_CHANNELLEN + 1];

	if (strlen(name) > IRC_CHANNELLEN)
		return NULL;
	irc_casefold(folded, name, sizeof folded);
	return strmap_get(&s->rooms, folded);
}

struct room *
room_create(struct server *s, const char *name)
{
	char folded[IRC_CHANNELLEN + 1];
	struct room *r = xcalloc(1, sizeof *r);

	r->id = server_new_id(s);
	strlcpy(r->name, name, sizeof r->name);
	history_init(&r->history, s->config.history_lines);
	r->created = time(NULL);
	/* +nt: the defaults of every common IRC server. */
	r->topic_ops_only = true;
	r->no_outside = true;
	irc_casefold(folded, name, sizeof folded);
	strmap_put(&s->rooms, folded, r);
	return r;
}

struct room_member *
room_add_member(struct room *r, struct client *c)
{
	struct room_member *m;

	if (r->nmembers == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->members = xreallocarray(r->members, r->cap,
		    sizeof *r->members);
	}
	m = &r->members[r->nmembers++];
	m->client = c;
	/* Whoever opens a room runs it. */
	m->op = r->nmembers == 1;
	return m;
}

struct room_member *
room_member(const struct room *r, const struct client *c)
{
	size_t i;

	for (i = 0; i < r->nmembers; i++)
		if (r->members[i].client == c)
			return &r->members[i];
	return NULL;
}

const char *
room_member_prefix(const struct room_member *m)
{
	return m->op ? "@" : "";
}

void
room_remove_member(struct server *s, struct room *r, struct client *c)
{
	char folded[IRC_CHANNELLEN + 1];
	size_t i;

	for (i = 0; i < r->nmembers; i++) {
		if (r->members[i].client == c) {
			/* Keep join order: NAMES lists members as they came. */
			memmove(&r->members[i], &r->members[i + 1],
			    (r->nmembers - i - 1) * sizeof *r->members);
			r->nmembers--;
			hub_room_leave(&r->hub, &c->view);
			break;
		}
	}
	if (r->nmembers > 0 || history_count(&r->history) > 0 ||
	    r->topic[0] != '\0' || r->key[0] != '\0' || r->limit > 0)
		return;
	irc_casefold(folded, r->name, sizeof folded);
	strmap_remove(&s->rooms, folded);
	history_free(&r->history);
	hub_room_free(&r->hub);
	free(r->members);
	free(r);
}

void
room_record(struct server *s, struct room *r, int64_t time_ms,
    const char *line, size_t len, const char *tags)
{
	char plain[IRC_LINE_MAX + 1];

	/* History keeps the message without its CRLF. */
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len >= sizeof plain)
		len = sizeof plain - 1;
	memcpy(plain, line, len);
	plain[len] = '\0';
	history_add(&r->history, time_ms, plain, tags);
	if (s->state != NULL)
		state_dir_append(s->state, r->name, time_ms, tags, plain);
}

void
room_save_state(struct server *s, const struct room *r)
{
	struct room_state st = {
		.created = r->created,
		.topic = r->topic,
		.topic_setter = r->topic_setter,
		.topic_time = r->topic_time,
		.topic_ops_only = r->topic_ops_only,
		.no_outside = r->no_outside,
		.key = r->key,
		.limit = r->limit,
	};

	if (s->state != NULL)
		state_dir_save_room(s->state, r->name, &st);
}
