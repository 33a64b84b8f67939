/* Rooms: created by the first JOIN, gone with the last member. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irc_names.h"
#include "room.h"
#include "server.h"
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
			break;
		}
	}
	if (r->nmembers > 0)
		return;
	irc_casefold(folded, r->name, sizeof folded);
	strmap_remove(&s->rooms, folded);
	free(r->members);
	free(r);
}
