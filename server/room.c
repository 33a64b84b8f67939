/*
 * Rooms: created by the first JOIN, gone with the last member.  With a
 * state dir an empty room lives on disk only and comes back with the next
 * joiner; without one, an empty room with something to keep waits in
 * memory, the oldest going first when --max-rooms is reached.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "irc_message.h"
#include "irc_names.h"
#include "log.h"
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

/* Take r off the list of empty rooms kept in memory. */
static void
room_idle_unlink(struct server *s, struct room *r)
{
	if (!r->idle)
		return;
	if (r->idle_prev != NULL)
		r->idle_prev->idle_next = r->idle_next;
	else
		s->idle_head = r->idle_next;
	if (r->idle_next != NULL)
		r->idle_next->idle_prev = r->idle_prev;
	else
		s->idle_tail = r->idle_prev;
	r->idle_prev = r->idle_next = NULL;
	r->idle = false;
}

/* Forget r: out of the room table, memory freed. */
static void
room_free(struct server *s, struct room *r)
{
	char folded[IRC_CHANNELLEN + 1];

	room_idle_unlink(s, r);
	irc_casefold(folded, r->name, sizeof folded);
	strmap_remove(&s->rooms, folded);
	history_free(&r->history);
	room_masks_free(&r->bans);
	room_masks_free(&r->excepts);
	room_masks_free(&r->invex);
	hub_room_free(&r->hub);
	free(r->members);
	free(r);
}

void
room_release(struct server *s, struct room *r)
{
	if (r->nmembers > 0 || r->idle)
		return;
	/* On disk, or nothing to keep: gone from memory. */
	if (s->state != NULL || (history_count(&r->history) == 0 &&
	    r->topic[0] == '\0' && r->key[0] == '\0' && r->limit == 0 &&
	    !r->invite_only && !r->moderated && !r->secret &&
	    r->bans.count == 0 && r->excepts.count == 0 &&
	    r->invex.count == 0)) {
		room_free(s, r);
		return;
	}
	r->idle = true;
	r->idle_prev = s->idle_tail;
	if (s->idle_tail != NULL)
		s->idle_tail->idle_next = r;
	else
		s->idle_head = r;
	s->idle_tail = r;
}

/* Put a saved mask back on its list, when it is one natterd would have set. */
static void
room_restore_mask(struct room *r, const struct room_state_mask *m)
{
	struct room_masks *l = m->list == 'b' ? &r->bans :
	    m->list == 'e' ? &r->excepts : &r->invex;
	char canon[IRC_MASKLEN + 1];

	if (!room_masks_canon(m->mask, canon, sizeof canon) ||
	    strcmp(canon, m->mask) != 0) {
		log_warn("%s: saved mask \"%s\" is not canonical, dropped",
		    r->name, m->mask);
		return;
	}
	(void)room_masks_add(l, m->mask, m->setter, m->set_at);
}

/* state_dir_room_fn of room_open: fill the new room as it was saved. */
static void
room_restore(void *arg, const char *name, const struct history *hist,
    const struct room_state *st)
{
	struct room *r = arg;
	const struct history_entry *e;
	size_t i;

	/* The name as first joined, in its saved case. */
	strlcpy(r->name, name, sizeof r->name);
	for (i = 0; (e = history_get(hist, i)) != NULL; i++)
		history_add_copy(&r->history, e);
	if (st == NULL)
		return;
	if (st->created > 0)
		r->created = (time_t)st->created;
	strlcpy(r->topic, st->topic != NULL ? st->topic : "", sizeof r->topic);
	strlcpy(r->topic_setter, st->topic_setter != NULL ? st->topic_setter :
	    "", sizeof r->topic_setter);
	r->topic_time = (time_t)st->topic_time;
	r->topic_ops_only = st->topic_ops_only;
	r->no_outside = st->no_outside;
	strlcpy(r->key, st->key != NULL ? st->key : "", sizeof r->key);
	r->limit = st->limit <= 1000000 ? (unsigned)st->limit : 0;
	r->invite_only = st->invite_only;
	r->moderated = st->moderated;
	r->secret = st->secret;
	for (i = 0; i < st->nmasks; i++)
		room_restore_mask(r, &st->masks[i]);
}

struct room *
room_open(struct server *s, const char *name)
{
	struct room *r = room_find(s, name);

	if (r != NULL)
		return r;
	if (s->rooms.count >= s->config.max_rooms) {
		if (s->idle_head == NULL)
			return NULL;
		log_debug("%s: forgotten, empty, for a new room (--max-rooms)",
		    s->idle_head->name);
		room_free(s, s->idle_head);
	}
	r = room_create(s, name);
	if (s->state != NULL)
		(void)state_dir_load_room(s->state, name,
		    s->config.history_lines, room_restore, r);
	return r;
}

struct room_member *
room_add_member(struct room *r, struct client *c)
{
	struct room_member *m;

	room_idle_unlink(c->server, r);

	if (r->nmembers == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->members = xreallocarray(r->members, r->cap,
		    sizeof *r->members);
	}
	m = &r->members[r->nmembers++];
	m->client = c;
	/* Whoever opens a room runs it. */
	m->op = r->nmembers == 1;
	m->voice = false;
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
room_member_prefix(const struct room_member *m, bool all)
{
	if (m->op && m->voice && all)
		return "@+";
	return m->op ? "@" : m->voice ? "+" : "";
}

bool
room_visible(const struct room *r, const struct client *c)
{
	return !r->secret || room_member(r, c) != NULL;
}

char
room_names_symbol(const struct room *r)
{
	return r->secret ? '@' : '=';
}

/* Whether c matches list l (mutes included when mutes is set). */
static bool
room_matches(const struct room_masks *l, const struct client *c, bool mutes)
{
	char who[IRC_LINE_MAX];

	if (l->count == 0)
		return false;
	client_prefix(c, who, sizeof who);
	return room_masks_match(l, who, mutes);
}

bool
room_banned(const struct room *r, const struct client *c)
{
	return room_matches(&r->bans, c, false) &&
	    !room_matches(&r->excepts, c, false);
}

bool
room_invex(const struct room *r, const struct client *c)
{
	return room_matches(&r->invex, c, false);
}

bool
room_silenced(const struct room *r, const struct room_member *m)
{
	return !m->op && !m->voice && room_matches(&r->bans, m->client, true) &&
	    !room_matches(&r->excepts, m->client, true);
}

const char *
room_cannot_speak(const struct room *r, const struct client *c,
    const struct room_member *m)
{
	if (m == NULL && r->no_outside)
		return ERR_CANNOTSENDTOCHAN_FMT;
	if (m != NULL && (m->op || m->voice))
		return NULL;
	if (r->moderated)
		return ERR_CANNOTSENDTOCHAN_MODERATED_FMT;
	if (room_matches(&r->bans, c, true) &&
	    !room_matches(&r->excepts, c, true))
		return ERR_CANNOTSENDTOCHAN_BANNED_FMT;
	return NULL;
}

void
room_remove_member(struct server *s, struct room *r, struct client *c)
{
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
	room_release(s, r);
}

void
room_record(struct server *s, struct room *r, int64_t time_ms,
    const char *line, size_t len, const char *tags)
{
	char plain[IRC_LINE_MAX + 1];

	/* History keeps the message without its CRLF. */
	len = irc_trim_crlf(line, len);
	if (len >= sizeof plain)
		len = sizeof plain - 1;
	memcpy(plain, line, len);
	plain[len] = '\0';
	history_add(&r->history, time_ms, plain, tags);
	if (s->state != NULL)
		state_dir_append(s->state, r->name, time_ms, tags, plain);
}

/* Add list l (letter list) to the masks of st, which has room for them. */
static void
room_state_masks(struct room_state *st, struct room_state_mask *masks,
    char list, const struct room_masks *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		masks[st->nmasks++] = (struct room_state_mask){ .list = list,
		    .mask = l->entries[i].mask, .setter = l->entries[i].setter,
		    .set_at = l->entries[i].set_at };
}

void
room_save_state(struct server *s, const struct room *r)
{
	struct room_state_mask *masks;
	struct room_state st = {
		.created = r->created,
		.topic = r->topic,
		.topic_setter = r->topic_setter,
		.topic_time = r->topic_time,
		.topic_ops_only = r->topic_ops_only,
		.no_outside = r->no_outside,
		.key = r->key,
		.limit = r->limit,
		.invite_only = r->invite_only,
		.moderated = r->moderated,
		.secret = r->secret,
	};

	if (s->state == NULL)
		return;
	masks = xreallocarray(NULL, r->bans.count + r->excepts.count +
	    r->invex.count + 1, sizeof *masks);
	room_state_masks(&st, masks, 'b', &r->bans);
	room_state_masks(&st, masks, 'e', &r->excepts);
	room_state_masks(&st, masks, 'I', &r->invex);
	st.masks = masks;
	state_dir_save_room(s->state, r->name, &st);
	free(masks);
}
