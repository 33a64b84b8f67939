/*
 * Unit tests of the hub ring: who gets which event, membership as of each
 * event, wrap-around, the SendQ case, who is woken, and many threads at once.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/hub.h"
#include "server/wake_word.h"
#include "check_run.h"

/* Append a one-line event with the given routing. */
static uint64_t
put(struct hub *hub, struct hub_event ev, const char *text)
{
	return hub_append(hub, &ev, text, strlen(text));
}

/* Shorthands for a join and a leave of view v in room r. */
static void
join(struct hub *hub, struct hub_room *r, struct hub_view *v, const char *text)
{
	put(hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = r,
	    .membership = HUB_MEMBER_JOIN, .client = v }, text);
}

static void
leave(struct hub *hub, struct hub_room *r, struct hub_view *v, const char *text)
{
	put(hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = r,
	    .membership = HUB_MEMBER_LEAVE, .client = v }, text);
}

/* Collect for view into a fresh string (caller frees). */
static char *
take(struct hub *hub, struct hub_view *view, enum hub_collect_result *r)
{
	struct buffer out;
	enum hub_collect_result got;
	char *s;

	buffer_init(&out);
	got = hub_collect(hub, view, &out, SIZE_MAX);
	if (r != NULL)
		*r = got;
	s = malloc(out.len + 1);
	if (out.len > 0)
		memcpy(s, out.data, out.len);
	s[out.len] = '\0';
	buffer_free(&out);
	return s;
}

#define ASSERT_TAKE(hub, view, expected) do {				\
	char *got_ = take((hub), (view), NULL);				\
	ck_assert_str_eq(got_, (expected));				\
	free(got_);							\
} while (0)

/* Free views and rooms the way the server does: views first. */
static void
finish(struct hub *hub, struct hub_view *views[], size_t nviews,
    struct hub_room *rooms[], size_t nrooms)
{
	size_t i;

	for (i = 0; i < nviews; i++)
		hub_view_free(hub, views[i]);
	for (i = 0; i < nrooms; i++)
		hub_room_free(rooms[i]);
	hub_destroy(hub);
}

/*
 * What wakes a view's writer: the wake words it sleeps on in
 * hub_view_wait, its slot's and, where it sleeps on two, everybody's.
 * A test reads them before hub_unlock and compares after.
 */
struct words {
	uint32_t	mine, all;
};

static struct words
words(const struct hub *hub, const struct hub_view *v)
{
	return (struct words){ __atomic_load_n(&hub->slots[v->slot],
	    __ATOMIC_SEQ_CST), __atomic_load_n(&hub->everybody,
	    __ATOMIC_SEQ_CST) };
}

/* How many times v's writer was woken since seen. */
static unsigned
woken(const struct hub *hub, const struct hub_view *v, struct words seen)
{
	struct words now = words(hub, v);

	return (now.mine - seen.mine) +
	    (wake_word_pairs() ? now.all - seen.all : 0);
}

START_TEST(test_to_client_only_reaches_its_client)
{
	struct hub hub;
	struct hub_view a, b;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a }, "for-a;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &b }, "for-b;");
	ck_assert(hub_view_pending(&hub, &a));
	ASSERT_TAKE(&hub, &a, "for-a;");
	ASSERT_TAKE(&hub, &b, "for-b;");
	ck_assert(!hub_view_pending(&hub, &a));
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2, NULL, 0);
}
END_TEST

START_TEST(test_new_view_sees_only_later_events)
{
	struct hub hub;
	struct hub_view a;
	struct hub_room r = { 0 };

	hub_init(&hub, 16, 4096);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r }, "old;");
	hub_view_init(&hub, &a);
	join(&hub, &r, &a, "join;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r }, "new;");
	ASSERT_TAKE(&hub, &a, "join;new;");
	finish(&hub, (struct hub_view *[]){ &a }, 1,
	    (struct hub_room *[]){ &r }, 1);
}
END_TEST

START_TEST(test_room_membership_as_of_each_event)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room r = { 0 };

	hub_init(&hub, 64, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	/* a joins; a message; b joins; a message; a leaves; a message. */
	join(&hub, &r, &a, "a-joins;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r,
	    .except = &a }, "m1;");
	join(&hub, &r, &b, "b-joins;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r }, "m2;");
	leave(&hub, &r, &a, "a-leaves;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r }, "m3;");
	/* Collected only now: each event went to the members of its moment. */
	ASSERT_TAKE(&hub, &a, "a-joins;b-joins;m2;a-leaves;");
	ASSERT_TAKE(&hub, &b, "b-joins;m2;a-leaves;m3;");
	ck_assert_uint_eq(a.nrooms, 0);
	ck_assert_uint_eq(b.nrooms, 1);
	ck_assert_uint_eq(r.nmembers, 1);
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2,
	    (struct hub_room *[]){ &r }, 1);
}
END_TEST

START_TEST(test_sender_is_excepted)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room r = { 0 };

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	join(&hub, &r, &a, "");
	join(&hub, &r, &b, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &r,
	    .except = &a }, "from-a;");
	ASSERT_TAKE(&hub, &a, "");
	ASSERT_TAKE(&hub, &b, "from-a;");
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2,
	    (struct hub_room *[]){ &r }, 1);
}
END_TEST

START_TEST(test_to_rooms_reaches_each_peer_once)
{
	struct hub hub;
	struct hub_view a, b, c;
	struct hub_room r5 = { 0 }, r6 = { 0 }, r9 = { 0 };
	struct hub_room *rooms[] = { &r5, &r6 };

	hub_init(&hub, 64, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	hub_view_init(&hub, &c);
	/* a and b share rooms 5 and 6; c is only in room 9. */
	join(&hub, &r5, &a, "");
	join(&hub, &r6, &a, "");
	join(&hub, &r5, &b, "");
	join(&hub, &r6, &b, "");
	join(&hub, &r9, &c, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOMS, .client = &a,
	    .rooms = rooms, .nrooms = 2, .to_subject = true }, "nick;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOMS, .client = &a,
	    .rooms = rooms, .nrooms = 2 }, "quit;");
	ASSERT_TAKE(&hub, &a, "nick;");
	ASSERT_TAKE(&hub, &b, "nick;quit;");
	ASSERT_TAKE(&hub, &c, "");
	finish(&hub, (struct hub_view *[]){ &a, &b, &c }, 3,
	    (struct hub_room *[]){ &r5, &r6, &r9 }, 3);
}
END_TEST

START_TEST(test_wraps_around_without_loss)
{
	struct hub hub;
	struct hub_view a;
	char text[32], expected[8 * 32];
	int i, j;

	hub_init(&hub, 8, 1 << 20);
	hub_view_init(&hub, &a);
	/* 25 rounds of 6 events through an 8-slot ring: 150 events in all. */
	for (i = 0; i < 25; i++) {
		expected[0] = '\0';
		for (j = 0; j < 6; j++) {
			snprintf(text, sizeof text, "%d.%d;", i, j);
			put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
			    .client = &a }, text);
			strcat(expected, text);
		}
		ASSERT_TAKE(&hub, &a, expected);
	}
	ck_assert(!hub_view_pending(&hub, &a));
	ck_assert_uint_eq(hub.head - hub.tail, 8);
	finish(&hub, (struct hub_view *[]){ &a }, 1, NULL, 0);
}
END_TEST

START_TEST(test_lapped_view_is_lost)
{
	struct hub hub;
	struct hub_view slow, idle;
	enum hub_collect_result r;
	char *got;
	int i;

	hub_init(&hub, 8, 1 << 20);
	hub_view_init(&hub, &slow);
	hub_view_init(&hub, &idle);
	for (i = 0; i < 8; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &slow }, "x");
	/* Exactly a full ring pending: still fine. */
	ck_assert(!hub_view_lost(&hub, &slow));
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_OK);
	ck_assert_str_eq(got, "xxxxxxxx");
	free(got);
	for (i = 0; i < 9; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &slow }, "x");
	/* One more than the ring holds: the slow view lost an event. */
	ck_assert(hub_view_lost(&hub, &slow));
	ck_assert(hub_view_pending(&hub, &slow));
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_LOST);
	ck_assert_str_eq(got, "");
	free(got);
	/* Lapped twice over by events that were not for it: nothing lost. */
	ck_assert(!hub_view_pending(&hub, &idle));
	got = take(&hub, &idle, &r);
	ck_assert_int_eq(r, HUB_COLLECT_OK);
	free(got);
	finish(&hub, (struct hub_view *[]){ &slow, &idle }, 2, NULL, 0);
}
END_TEST

/* A clock the tests move by hand (hub_set_clock). */
static int64_t
fake_clock(void *arg)
{
	return *(const int64_t *)arg;
}

START_TEST(test_byte_budget_evicts_and_bounds_memory)
{
	struct hub hub;
	struct hub_view slow;
	enum hub_collect_result r;
	char big[1001];
	char *got;
	int64_t now = 0;
	int i;

	memset(big, 'b', 1000);
	big[1000] = '\0';
	hub_init(&hub, 1024, 4000);
	hub_set_clock(&hub, fake_clock, &now);
	hub_view_init(&hub, &slow);
	for (i = 0; i < 10; i++) {
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &slow }, big);
		ck_assert_uint_le(hub.bytes, 4000);
		/* Each had its fair chance before the next came. */
		now += HUB_FAIR_MS;
	}
	/*
	 * The fifth event evicted the first: slow was lapped, and let go of
	 * the rest, which the ring no longer holds for anybody.
	 */
	ck_assert(hub_view_lost(&hub, &slow));
	ck_assert_uint_eq(slow.qlen, 0);
	ck_assert_uint_eq(slow.backlog, 0);
	ck_assert_uint_eq(hub.bytes, 0);
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_LOST);
	free(got);
	finish(&hub, (struct hub_view *[]){ &slow }, 1, NULL, 0);
}
END_TEST

START_TEST(test_young_events_outlast_the_byte_cap)
{
	struct hub hub;
	struct hub_view reader, flooder;
	char big[1001];
	char *got;
	int64_t now = 0;
	int i;

	memset(big, 'b', 1000);
	big[1000] = '\0';
	hub_init(&hub, 1024, 4000);
	hub_set_clock(&hub, fake_clock, &now);
	hub_view_init(&hub, &reader);
	hub_view_init(&hub, &flooder);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
	    .client = &reader }, "mine\r\n");
	/* Bytes beyond the cap, all within HUB_FAIR_MS: nothing is lost. */
	for (i = 0; i < 10; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &flooder }, big);
	ck_assert_uint_gt(hub.bytes, 4000);
	ck_assert(!hub_view_lost(&hub, &reader));
	ck_assert(!hub_view_lost(&hub, &flooder));
	ASSERT_TAKE(&hub, &reader, "mine\r\n");
	/* Once they are old, the byte cap holds again: the flooder is lapped. */
	now += HUB_FAIR_MS;
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
	    .client = &reader }, "again\r\n");
	ck_assert_uint_le(hub.bytes, 4000);
	ck_assert(hub_view_lost(&hub, &flooder));
	ASSERT_TAKE(&hub, &reader, "again\r\n");
	got = take(&hub, &flooder, NULL);
	free(got);
	finish(&hub, (struct hub_view *[]){ &reader, &flooder }, 2, NULL, 0);
}
END_TEST

START_TEST(test_make_room_waits_for_a_fair_chance)
{
	struct hub hub;
	struct hub_view slow;
	int64_t now = 0;
	int i;

	hub_init(&hub, 8, 1 << 20);
	hub_set_clock(&hub, fake_clock, &now);
	hub_view_init(&hub, &slow);
	for (i = 0; i < 8; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &slow }, "x");
	/* Every slot young and pending: no room, and nothing evicted. */
	ck_assert(!hub_make_room(&hub, 2, 0));
	ck_assert(!hub_view_lost(&hub, &slow));
	ck_assert_uint_eq(hub.head - hub.tail, 8);
	/* Taken events make room at once. */
	free(take(&hub, &slow, NULL));
	ck_assert(hub_make_room(&hub, 2, 0));
	ck_assert_uint_eq(hub.head - hub.tail, 6);
	/* Pending ones once they had HUB_FAIR_MS: the slow view is lapped. */
	for (i = 0; i < 2; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &slow }, "y");
	ck_assert(!hub_make_room(&hub, 7, 0));
	now += HUB_FAIR_MS - 1;
	ck_assert(!hub_make_room(&hub, 7, 0));
	now += 1;
	ck_assert(hub_make_room(&hub, 7, 0));
	ck_assert(hub_view_lost(&hub, &slow));
	/* Bytes the same way: no room for more than the cap's worth. */
	ck_assert(!hub_make_room(&hub, 0, (1 << 20) + 1));
	finish(&hub, (struct hub_view *[]){ &slow }, 1, NULL, 0);
}
END_TEST

START_TEST(test_make_room_wakes_lazy_writers)
{
	struct hub hub;
	struct hub_view member, joiner, flooder, idle[4];
	struct hub_room room = { 0 };
	struct words seen;
	int64_t now = 0;
	int i;

	hub_init(&hub, 16, 1 << 20);
	hub_set_clock(&hub, fake_clock, &now);
	hub_view_init(&hub, &member);
	hub_view_init(&hub, &joiner);
	hub_view_init(&hub, &flooder);
	/* Others idle: 3 of 7 writers wanting is not most, so slots ring. */
	for (i = 0; i < 4; i++)
		hub_view_init(&hub, &idle[i]);
	hub_lock(&hub);
	join(&hub, &room, &member, "j1");
	hub_unlock(&hub);
	free(take(&hub, &member, NULL));
	seen = words(&hub, &member);
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room,
	    .membership = HUB_MEMBER_JOIN, .client = &joiner, .lazy = true },
	    "j2");
	hub_unlock(&hub);
	/* The member's writer waits for the ticker (none runs here)... */
	ck_assert(hub_view_pending(&hub, &member));
	ck_assert_uint_eq(woken(&hub, &member, seen), 0);
	hub_lock(&hub);
	for (i = 0; i < 7; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &flooder }, "f");
	ck_assert_uint_eq(woken(&hub, &member, seen), 0);
	/* ...until the ring runs short: then it is woken at once. */
	ck_assert(!hub_make_room(&hub, 9, 0));
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &member, seen), 1);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(hub_view_backlog(&idle[i]), 0);
	hub_room_leave(&room, &member);
	hub_room_leave(&room, &joiner);
	finish(&hub, (struct hub_view *[]){ &member, &joiner, &flooder,
	    &idle[0], &idle[1], &idle[2], &idle[3] }, 7,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_backlog_counts_what_the_writer_has_yet_to_take)
{
	struct hub hub;
	struct hub_view v;
	struct buffer out;

	hub_init(&hub, 16, 1 << 20);
	hub_view_init(&hub, &v);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &v },
	    "12345");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &v },
	    "123");
	ck_assert_uint_eq(hub_view_backlog(&v), 8);
	buffer_init(&out);
	ck_assert_int_eq(hub_collect(&hub, &v, &out, 1), HUB_COLLECT_OK);
	ck_assert_uint_eq(hub_view_backlog(&v), 3);
	ck_assert_int_eq(hub_collect(&hub, &v, &out, SIZE_MAX),
	    HUB_COLLECT_OK);
	ck_assert_uint_eq(hub_view_backlog(&v), 0);
	buffer_free(&out);
	finish(&hub, (struct hub_view *[]){ &v }, 1, NULL, 0);
}
END_TEST

START_TEST(test_close_after_stops_collection)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room room = { 0 };
	enum hub_collect_result r;
	char *got;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	join(&hub, &room, &a, "");
	join(&hub, &room, &b, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a }, "last-words;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a,
	    .close_after = true }, "ERROR;");
	/* A closed view is out of its rooms and takes nothing more. */
	ck_assert_uint_eq(room.nmembers, 1);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a }, "too-late;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "room;");
	got = take(&hub, &a, &r);
	ck_assert_int_eq(r, HUB_COLLECT_CLOSE);
	ck_assert_str_eq(got, "last-words;ERROR;");
	free(got);
	ck_assert(!hub_view_pending(&hub, &a));
	ASSERT_TAKE(&hub, &b, "room;");
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_leave_without_event_stops_delivery)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room room = { 0 };

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	join(&hub, &room, &a, "");
	join(&hub, &room, &b, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "before;");
	hub_room_leave(&room, &a);	/* as a QUIT does */
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "after;");
	ASSERT_TAKE(&hub, &a, "before;");
	ASSERT_TAKE(&hub, &b, "before;after;");
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_collect_limit_leaves_the_rest_in_the_ring)
{
	struct hub hub;
	struct hub_view a;
	struct buffer out;
	int i;

	hub_init(&hub, 64, 1 << 20);
	hub_view_init(&hub, &a);
	for (i = 0; i < 10; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = &a }, "0123456789");
	buffer_init(&out);
	/* The event that crosses the limit is taken whole, then it stops. */
	ck_assert_int_eq(hub_collect(&hub, &a, &out, 25), HUB_COLLECT_OK);
	ck_assert_uint_eq(out.len, 30);
	ck_assert(hub_view_pending(&hub, &a));
	buffer_reset(&out, 0);
	ck_assert_int_eq(hub_collect(&hub, &a, &out, SIZE_MAX), HUB_COLLECT_OK);
	ck_assert_uint_eq(out.len, 70);
	ck_assert(!hub_view_pending(&hub, &a));
	buffer_free(&out);
	finish(&hub, (struct hub_view *[]){ &a }, 1, NULL, 0);
}
END_TEST

START_TEST(test_each_view_takes_its_dialect)
{
	struct hub hub;
	struct hub_view plain, timed, tagged;
	struct hub_room room = { 0 };
	struct hub_text texts[HUB_DIALECTS] = {
		[HUB_DIALECT_PLAIN] = { "m;", 2 },
		[HUB_DIALECT_TIME] = { "@t m;", 5 },
		[HUB_DIALECT_TAGS] = { "m;", 2 },
		[HUB_DIALECT_TIME_TAGS] = { "@t m;", 5 },
	};
	struct hub_event ev = { .scope = HUB_TO_ROOM, .room = &room };

	/* Aliased texts are stored once: the event costs 7 bytes, not 14. */
	texts[HUB_DIALECT_TAGS].s = texts[HUB_DIALECT_PLAIN].s;
	texts[HUB_DIALECT_TIME_TAGS].s = texts[HUB_DIALECT_TIME].s;
	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &plain);
	hub_view_init(&hub, &timed);
	hub_view_init(&hub, &tagged);
	timed.dialect = HUB_DIALECT_TIME;
	tagged.dialect = HUB_DIALECT_TIME_TAGS;
	join(&hub, &room, &plain, "");
	join(&hub, &room, &timed, "");
	join(&hub, &room, &tagged, "");
	hub_append_dialects(&hub, &ev, texts);
	ck_assert_uint_eq(hub.bytes, 7);
	ASSERT_TAKE(&hub, &plain, "m;");
	ASSERT_TAKE(&hub, &timed, "@t m;");
	ASSERT_TAKE(&hub, &tagged, "@t m;");
	finish(&hub, (struct hub_view *[]){ &plain, &timed, &tagged }, 3,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_required_caps_filter_views)
{
	struct hub hub;
	struct hub_view with, without;
	struct hub_room room = { 0 };

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &with);
	hub_view_init(&hub, &without);
	with.caps = 0x5;
	without.caps = 0x1;
	join(&hub, &room, &with, "");
	join(&hub, &room, &without, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room,
	    .required_caps = 0x4 }, "away;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "all;");
	ASSERT_TAKE(&hub, &with, "away;all;");
	ASSERT_TAKE(&hub, &without, "all;");
	finish(&hub, (struct hub_view *[]){ &with, &without }, 2,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_only_recipients_are_woken)
{
	struct hub hub;
	struct hub_view a, b, c, d, e;
	struct hub_room room = { 0 };
	struct words seen_a, seen_b, seen_c, seen_d, seen_e;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	/* Three more, not in the room: 2 of 5 wanting is not most writers. */
	hub_view_init(&hub, &c);
	hub_view_init(&hub, &d);
	hub_view_init(&hub, &e);
	ck_assert_uint_ne(a.slot, b.slot);
	ck_assert_uint_ne(b.slot, c.slot);
	hub_lock(&hub);
	join(&hub, &room, &a, "");
	join(&hub, &room, &b, "");
	hub_unlock(&hub);
	ASSERT_TAKE(&hub, &a, "");
	ASSERT_TAKE(&hub, &b, "");
	seen_a = words(&hub, &a);
	seen_b = words(&hub, &b);
	seen_c = words(&hub, &c);
	seen_d = words(&hub, &d);
	seen_e = words(&hub, &e);
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "m;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "n;");
	/* Nobody is woken into the held lock... */
	ck_assert_uint_eq(woken(&hub, &a, seen_a), 0);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 0);
	hub_unlock(&hub);
	/* ...then two events for a and b, nothing for c: each woken once. */
	ck_assert_uint_eq(woken(&hub, &a, seen_a), 1);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 1);
	ck_assert_uint_eq(woken(&hub, &c, seen_c), 0);
	ck_assert_uint_eq(woken(&hub, &d, seen_d), 0);
	ck_assert_uint_eq(woken(&hub, &e, seen_e), 0);
	/* The wake-ups are spent: the next unlock rings nothing. */
	hub_lock(&hub);
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &a, seen_a), 1);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 1);
	ASSERT_TAKE(&hub, &a, "m;n;");
	ASSERT_TAKE(&hub, &b, "m;n;");
	ASSERT_TAKE(&hub, &c, "");
	finish(&hub, (struct hub_view *[]){ &a, &b, &c, &d, &e }, 5,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_quiet_unlock_leaves_the_wake_for_the_next)
{
	struct hub hub;
	struct hub_view a;
	struct words seen;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	seen = words(&hub, &a);
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a }, "m;");
	hub_unlock_quietly(&hub);
	/* Not rung yet, but remembered ... */
	ck_assert_uint_eq(woken(&hub, &a, seen), 0);
	/* ... and rung by the next unlock, whoever's, and only by it. */
	hub_lock(&hub);
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &a, seen), 1);
	ck_assert_uint_eq(hub.slots[a.slot], seen.mine + 1);
	hub_lock(&hub);
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &a, seen), 1);
	ASSERT_TAKE(&hub, &a, "m;");
	finish(&hub, (struct hub_view *[]){ &a }, 1, NULL, 0);
}
END_TEST

START_TEST(test_lazy_event_waits_for_a_tick_or_company)
{
	struct hub hub;
	struct hub_view a, b, c;
	struct hub_room room = { 0 };
	struct hub_event lazy_join = { .scope = HUB_TO_ROOM, .room = &room,
	    .membership = HUB_MEMBER_JOIN, .client = &c, .lazy = true };
	struct words seen_a, seen_b, seen_c;
	uint32_t ticker;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	hub_view_init(&hub, &c);
	hub_lock(&hub);
	join(&hub, &room, &a, "");
	join(&hub, &room, &b, "");
	hub_unlock(&hub);
	ASSERT_TAKE(&hub, &a, "");
	ASSERT_TAKE(&hub, &b, "");

	/* c joins lazily: only c (its subject) is woken, a and b wait ... */
	seen_a = words(&hub, &a);
	seen_b = words(&hub, &b);
	seen_c = words(&hub, &c);
	ticker = hub.ticker;
	hub_lock(&hub);
	put(&hub, lazy_join, "c-joined;");
	/* ... though the event is queued for them, in order. */
	ck_assert(hub_view_pending(&hub, &a));
	ck_assert(hub_view_pending(&hub, &b));
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &c, seen_c), 1);
	ck_assert_uint_eq(woken(&hub, &a, seen_a), 0);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 0);
	/* The ticker is told, once, to come round for them. */
	ck_assert_uint_eq(hub.ticker, ticker + 1);
	hub_lock(&hub);
	hub_unlock(&hub);
	ck_assert_uint_eq(hub.ticker, ticker + 1);
	ASSERT_TAKE(&hub, &c, "c-joined;");

	/* An urgent event for a wakes it, and it takes both in order. */
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &a },
	    "for-a;");
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &a, seen_a), 1);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 0);
	ASSERT_TAKE(&hub, &a, "c-joined;for-a;");

	/* b's wake-up comes with the tick, and only then. */
	hub_lock(&hub);
	hub_tick(&hub);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 0);
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 1);
	/* The tick's round is spent. */
	seen_b = words(&hub, &b);
	hub_lock(&hub);
	hub_tick(&hub);
	hub_unlock(&hub);
	ck_assert_uint_eq(woken(&hub, &b, seen_b), 0);
	ASSERT_TAKE(&hub, &b, "c-joined;");
	finish(&hub, (struct hub_view *[]){ &a, &b, &c }, 3,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_ticker_wakes_lazy_writers)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room room = { 0 };
	struct timespec start, now;
	uint32_t slot;
	double waited;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	hub_ticker_start(&hub);
	hub_lock(&hub);
	join(&hub, &room, &a, "");
	hub_unlock(&hub);
	ASSERT_TAKE(&hub, &a, "");
	slot = __atomic_load_n(&hub.slots[a.slot], __ATOMIC_SEQ_CST);
	clock_gettime(CLOCK_MONOTONIC, &start);
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room,
	    .membership = HUB_MEMBER_JOIN, .client = &b, .lazy = true },
	    "b-joined;");
	hub_unlock(&hub);
	/* a's slot is rung by the ticker, HUB_LAZY_MS later. */
	do {
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (double)(now.tv_sec - start.tv_sec) +
		    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		ck_assert_msg(waited < 5, "the ticker never rang");
		usleep(1000);
	} while (__atomic_load_n(&hub.slots[a.slot], __ATOMIC_SEQ_CST) ==
	    slot && __atomic_load_n(&hub.everybody, __ATOMIC_SEQ_CST) == 0);
	ck_assert(waited >= HUB_LAZY_MS / 1000.0 * 0.9);
	hub_ticker_stop(&hub);
	hub_lock(&hub);
	ASSERT_TAKE(&hub, &a, "b-joined;");
	ASSERT_TAKE(&hub, &b, "b-joined;");
	hub_unlock(&hub);
	finish(&hub, (struct hub_view *[]){ &a, &b }, 2,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_most_writers_woken_by_one_ring)
{
	struct hub hub;
	struct hub_view v[4];
	struct hub_room room = { 0 };
	uint32_t everybody, slot0, slot1;
	int i;

	hub_init(&hub, 16, 4096);
	for (i = 0; i < 4; i++) {
		hub_view_init(&hub, &v[i]);
		hub_lock(&hub);
		join(&hub, &room, &v[i], "");
		hub_unlock(&hub);
	}
	for (i = 0; i < 4; i++)
		ASSERT_TAKE(&hub, &v[i], "");
	/* A message to the room everybody is in: one ring for everybody. */
	everybody = hub.everybody;
	slot0 = hub.slots[v[0].slot];
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "all;");
	hub_unlock(&hub);
	if (hub.waitv) {
		ck_assert_uint_eq(hub.everybody, everybody + 1);
		ck_assert_uint_eq(hub.slots[v[0].slot], slot0);
	} else
		ck_assert_uint_eq(hub.slots[v[0].slot], slot0 + 1);
	for (i = 0; i < 4; i++)
		ASSERT_TAKE(&hub, &v[i], "all;");
	/* A reply to one writer rings its slot only. */
	everybody = hub.everybody;
	slot0 = hub.slots[v[0].slot];
	slot1 = hub.slots[v[1].slot];
	hub_lock(&hub);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &v[0] }, "one;");
	hub_unlock(&hub);
	ck_assert_uint_eq(hub.everybody, everybody);
	ck_assert_uint_eq(hub.slots[v[0].slot], slot0 + 1);
	ck_assert_uint_eq(hub.slots[v[1].slot], slot1);
	ASSERT_TAKE(&hub, &v[0], "one;");
	finish(&hub, (struct hub_view *[]){ &v[0], &v[1], &v[2], &v[3] }, 4,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

START_TEST(test_text_freed_once_every_recipient_took_it)
{
	struct hub hub;
	struct hub_view a, b;
	struct hub_room room = { 0 };

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a);
	hub_view_init(&hub, &b);
	join(&hub, &room, &a, "");
	join(&hub, &room, &b, "");
	ASSERT_TAKE(&hub, &a, "");
	ASSERT_TAKE(&hub, &b, "");
	ck_assert_uint_eq(hub.bytes, 0);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room }, "12345;");
	ck_assert_uint_eq(hub.bytes, 6);
	ASSERT_TAKE(&hub, &a, "12345;");
	ck_assert_uint_eq(hub.bytes, 6);	/* b has yet to take it */
	ASSERT_TAKE(&hub, &b, "12345;");
	ck_assert_uint_eq(hub.bytes, 0);
	/* Nobody to take it: never held. */
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = &room,
	    .except = &a, .required_caps = 1 }, "nobody;");
	ck_assert_uint_eq(hub.bytes, 0);
	/* A view that goes away lets go of what was queued for it. */
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = &b }, "gone;");
	ck_assert_uint_eq(hub.bytes, 5);
	hub_view_free(&hub, &b);
	ck_assert_uint_eq(hub.bytes, 0);
	finish(&hub, (struct hub_view *[]){ &a }, 1,
	    (struct hub_room *[]){ &room }, 1);
}
END_TEST

/* --- Many threads: the real use, under the lock, with real wake-ups. */

#define PRODUCERS	4
#define CONSUMERS	3
#define PER_PRODUCER	5000

struct shared {
	struct hub	hub;
	struct hub_room	room;
};

struct consumer {
	struct shared	*shared;
	struct hub_view	 view;
	int		 next[PRODUCERS];	/* next sequence expected per producer */
	int		 ended;			/* producers whose "end" came */
	int		 errors;
	int		 lost;
};

/* Append PER_PRODUCER numbered messages to the room, then "p:end". */
static void *
producer_main(void *arg)
{
	struct shared *sh = ((void **)arg)[0];
	int p = *(int *)((void **)arg)[1], i;
	char text[32];

	for (i = 0; i <= PER_PRODUCER; i++) {
		if (i < PER_PRODUCER)
			snprintf(text, sizeof text, "%d:%d\n", p, i);
		else
			snprintf(text, sizeof text, "%d:end\n", p);
		hub_lock(&sh->hub);
		put(&sh->hub, (struct hub_event){ .scope = HUB_TO_ROOM,
		    .room = &sh->room }, text);
		hub_unlock(&sh->hub);
	}
	return NULL;
}

/* Check one "p:i" line against the per-producer order. */
static void
consumer_check(struct consumer *c, const char *line)
{
	int p, i;

	if (sscanf(line, "%d:%d", &p, &i) == 2 && p >= 0 && p < PRODUCERS &&
	    i == c->next[p])
		c->next[p]++;
	else if (sscanf(line, "%d:end", &p) == 1 && p >= 0 && p < PRODUCERS &&
	    strstr(line, "end") != NULL)
		c->ended++;
	else
		c->errors++;
}

/* A writer's loop: wait, collect, "send" (parse) with the lock dropped. */
static void *
consumer_main(void *arg)
{
	struct consumer *c = arg;
	struct hub *hub = &c->shared->hub;
	struct buffer out;
	char *line, *save;

	buffer_init(&out);
	hub_lock(hub);
	while (c->ended < PRODUCERS) {
		while (!hub_view_pending(hub, &c->view))
			hub_view_wait(hub, &c->view);
		if (hub_collect(hub, &c->view, &out, 4096) == HUB_COLLECT_LOST) {
			c->lost++;
			break;
		}
		hub_unlock(hub);
		buffer_append(&out, "", 1);
		for (line = strtok_r(out.data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (*line != '\0')
				consumer_check(c, line);
		buffer_reset(&out, 1 << 16);
		hub_lock(hub);
	}
	hub_unlock(hub);
	buffer_free(&out);
	return NULL;
}

START_TEST(test_threads_exactly_once_in_order)
{
	static struct shared sh;
	static struct consumer consumers[CONSUMERS];
	pthread_t pt[PRODUCERS], ct[CONSUMERS];
	int ids[PRODUCERS];
	void *args[PRODUCERS][2];
	int i, p;

	memset(&sh, 0, sizeof sh);
	/* Big enough that no consumer is lapped: this tests delivery, not SendQ. */
	hub_init(&sh.hub, 1 << 15, 1 << 24);
	/* Every consumer joins before any producer starts: sees everything. */
	for (i = 0; i < CONSUMERS; i++) {
		memset(&consumers[i], 0, sizeof consumers[i]);
		consumers[i].shared = &sh;
		hub_view_init(&sh.hub, &consumers[i].view);
		join(&sh.hub, &sh.room, &consumers[i].view, "");
	}
	for (i = 0; i < CONSUMERS; i++)
		pthread_create(&ct[i], NULL, consumer_main, &consumers[i]);
	for (p = 0; p < PRODUCERS; p++) {
		ids[p] = p;
		args[p][0] = &sh;
		args[p][1] = &ids[p];
		pthread_create(&pt[p], NULL, producer_main, args[p]);
	}
	for (p = 0; p < PRODUCERS; p++)
		pthread_join(pt[p], NULL);
	for (i = 0; i < CONSUMERS; i++) {
		pthread_join(ct[i], NULL);
		ck_assert_int_eq(consumers[i].lost, 0);
		ck_assert_int_eq(consumers[i].errors, 0);
		for (p = 0; p < PRODUCERS; p++)
			ck_assert_int_eq(consumers[i].next[p], PER_PRODUCER);
		hub_view_free(&sh.hub, &consumers[i].view);
	}
	hub_room_free(&sh.room);
	hub_destroy(&sh.hub);
}
END_TEST

static Suite *
hub_suite(void)
{
	Suite *s = suite_create("hub");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_to_client_only_reaches_its_client);
	tcase_add_test(tc, test_new_view_sees_only_later_events);
	tcase_add_test(tc, test_room_membership_as_of_each_event);
	tcase_add_test(tc, test_sender_is_excepted);
	tcase_add_test(tc, test_to_rooms_reaches_each_peer_once);
	tcase_add_test(tc, test_wraps_around_without_loss);
	tcase_add_test(tc, test_lapped_view_is_lost);
	tcase_add_test(tc, test_byte_budget_evicts_and_bounds_memory);
	tcase_add_test(tc, test_young_events_outlast_the_byte_cap);
	tcase_add_test(tc, test_make_room_waits_for_a_fair_chance);
	tcase_add_test(tc, test_make_room_wakes_lazy_writers);
	tcase_add_test(tc, test_backlog_counts_what_the_writer_has_yet_to_take);
	tcase_add_test(tc, test_close_after_stops_collection);
	tcase_add_test(tc, test_leave_without_event_stops_delivery);
	tcase_add_test(tc, test_collect_limit_leaves_the_rest_in_the_ring);
	tcase_add_test(tc, test_each_view_takes_its_dialect);
	tcase_add_test(tc, test_required_caps_filter_views);
	tcase_add_test(tc, test_only_recipients_are_woken);
	tcase_add_test(tc, test_text_freed_once_every_recipient_took_it);
	tcase_add_test(tc, test_most_writers_woken_by_one_ring);
	tcase_add_test(tc, test_quiet_unlock_leaves_the_wake_for_the_next);
	tcase_add_test(tc, test_lazy_event_waits_for_a_tick_or_company);
	tcase_add_test(tc, test_ticker_wakes_lazy_writers);
	tcase_add_test(tc, test_threads_exactly_once_in_order);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(hub_suite());
}
