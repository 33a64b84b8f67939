/*
 * Unit tests of the hub ring: who gets which event, membership as of each
 * event, wrap-around, the SendQ case, and many threads at once.
 */
#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "check_run.h"

/* Append a one-line event with the given routing. */
static uint64_t
put(struct hub *hub, struct hub_event ev, const char *text)
{
	return hub_append(hub, &ev, text, strlen(text));
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

START_TEST(test_to_client_only_reaches_its_client)
{
	struct hub hub;
	struct hub_view a, b;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a, 1);
	hub_view_init(&hub, &b, 2);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1 }, "for-a;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 2 }, "for-b;");
	ck_assert(hub_view_pending(&hub, &a));
	ASSERT_TAKE(&hub, &a, "for-a;");
	ASSERT_TAKE(&hub, &b, "for-b;");
	ck_assert(!hub_view_pending(&hub, &a));
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_new_view_sees_only_later_events)
{
	struct hub hub;
	struct hub_view a;

	hub_init(&hub, 16, 4096);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1 }, "old;");
	hub_view_init(&hub, &a, 1);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1 }, "new;");
	ASSERT_TAKE(&hub, &a, "new;");
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_room_membership_as_of_each_event)
{
	struct hub hub;
	struct hub_view a, b;

	hub_init(&hub, 64, 4096);
	hub_view_init(&hub, &a, 1);
	hub_view_init(&hub, &b, 2);
	/* a joins #7; a message; b joins; a message; a leaves; a message. */
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7,
	    .membership = HUB_MEMBER_JOIN, .client = 1 }, "a-joins;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7,
	    .except = 1 }, "m1;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7,
	    .membership = HUB_MEMBER_JOIN, .client = 2 }, "b-joins;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7 }, "m2;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7,
	    .membership = HUB_MEMBER_LEAVE, .client = 1 }, "a-leaves;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 7 }, "m3;");
	/* Collected only now: the views still follow each event's moment. */
	ASSERT_TAKE(&hub, &a, "a-joins;b-joins;m2;a-leaves;");
	ASSERT_TAKE(&hub, &b, "b-joins;m2;a-leaves;m3;");
	ck_assert_uint_eq(a.nrooms, 0);
	ck_assert_uint_eq(b.nrooms, 1);
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_sender_is_excepted)
{
	struct hub hub;
	struct hub_view a, b;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a, 1);
	hub_view_init(&hub, &b, 2);
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 3,
	    .membership = HUB_MEMBER_JOIN, .client = 1 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 3,
	    .membership = HUB_MEMBER_JOIN, .client = 2 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 3,
	    .except = 1 }, "from-a;");
	ASSERT_TAKE(&hub, &a, "");
	ASSERT_TAKE(&hub, &b, "from-a;");
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_to_rooms_reaches_each_peer_once)
{
	struct hub hub;
	struct hub_view a, b, c;
	uint64_t rooms[] = { 5, 6 };

	hub_init(&hub, 64, 4096);
	hub_view_init(&hub, &a, 1);
	hub_view_init(&hub, &b, 2);
	hub_view_init(&hub, &c, 3);
	/* a and b share rooms 5 and 6; c is only in room 9. */
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 5,
	    .membership = HUB_MEMBER_JOIN, .client = 1 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 6,
	    .membership = HUB_MEMBER_JOIN, .client = 1 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 5,
	    .membership = HUB_MEMBER_JOIN, .client = 2 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 6,
	    .membership = HUB_MEMBER_JOIN, .client = 2 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 9,
	    .membership = HUB_MEMBER_JOIN, .client = 3 }, "");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOMS, .client = 1,
	    .rooms = rooms, .nrooms = 2, .to_subject = true }, "nick;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOMS, .client = 1,
	    .rooms = rooms, .nrooms = 2 }, "quit;");
	ASSERT_TAKE(&hub, &a, "nick;");
	ASSERT_TAKE(&hub, &b, "nick;quit;");
	ASSERT_TAKE(&hub, &c, "");
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_wraps_around_without_loss)
{
	struct hub hub;
	struct hub_view a;
	char text[32], expected[8 * 32];
	int i, j;

	hub_init(&hub, 8, 1 << 20);
	hub_view_init(&hub, &a, 1);
	/* 25 rounds of 6 events through an 8-slot ring: 150 events in all. */
	for (i = 0; i < 25; i++) {
		expected[0] = '\0';
		for (j = 0; j < 6; j++) {
			snprintf(text, sizeof text, "%d.%d;", i, j);
			put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
			    .client = 1 }, text);
			strcat(expected, text);
		}
		ASSERT_TAKE(&hub, &a, expected);
	}
	ck_assert_uint_eq(a.cursor, hub.head);
	ck_assert_uint_eq(hub.head - hub.tail, 8);
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_lapped_view_is_lost)
{
	struct hub hub;
	struct hub_view slow, fast;
	enum hub_collect_result r;
	char *got;
	int i;

	hub_init(&hub, 8, 1 << 20);
	hub_view_init(&hub, &slow, 1);
	hub_view_init(&hub, &fast, 2);
	for (i = 0; i < 8; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = 2 }, "x");
	/* Exactly a full ring behind: still fine. */
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_OK);
	free(got);
	hub_view_init(&hub, &slow, 1);
	for (i = 0; i < 9; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = 2 }, "x");
	/* One more than the ring holds: the slow view lost an event. */
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_LOST);
	ck_assert_str_eq(got, "");
	free(got);
	/* The fast one was lapped too (it never collected), also lost. */
	got = take(&hub, &fast, &r);
	ck_assert_int_eq(r, HUB_COLLECT_LOST);
	free(got);
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_byte_budget_evicts_and_bounds_memory)
{
	struct hub hub;
	struct hub_view slow;
	enum hub_collect_result r;
	char big[1001];
	char *got;
	int i;

	memset(big, 'b', 1000);
	big[1000] = '\0';
	hub_init(&hub, 1024, 4000);
	hub_view_init(&hub, &slow, 1);
	for (i = 0; i < 10; i++) {
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = 2 }, big);
		ck_assert_uint_le(hub.bytes, 4000);
	}
	ck_assert_uint_eq(hub.head - hub.tail, 4);
	got = take(&hub, &slow, &r);
	ck_assert_int_eq(r, HUB_COLLECT_LOST);
	free(got);
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_close_after_stops_collection)
{
	struct hub hub;
	struct hub_view a;
	enum hub_collect_result r;
	char *got;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &a, 1);
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1 }, "last-words;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1,
	    .close_after = true }, "ERROR;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT, .client = 1 }, "too-late;");
	got = take(&hub, &a, &r);
	ck_assert_int_eq(r, HUB_COLLECT_CLOSE);
	ck_assert_str_eq(got, "last-words;ERROR;");
	free(got);
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_collect_limit_leaves_the_rest_in_the_ring)
{
	struct hub hub;
	struct hub_view a;
	struct buffer out;
	int i;

	hub_init(&hub, 64, 1 << 20);
	hub_view_init(&hub, &a, 1);
	for (i = 0; i < 10; i++)
		put(&hub, (struct hub_event){ .scope = HUB_TO_CLIENT,
		    .client = 1 }, "0123456789");
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
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_each_view_takes_its_dialect)
{
	struct hub hub;
	struct hub_view plain, timed, tagged;
	struct hub_text texts[HUB_DIALECTS] = {
		[HUB_DIALECT_PLAIN] = { "m;", 2 },
		[HUB_DIALECT_TIME] = { "@t m;", 5 },
		[HUB_DIALECT_TAGS] = { "m;", 2 },
		[HUB_DIALECT_TIME_TAGS] = { "@t m;", 5 },
	};
	struct hub_event ev = { .scope = HUB_TO_ROOM, .room = 1 };

	/* Aliased texts are stored once: the event costs 7 bytes, not 14. */
	texts[HUB_DIALECT_TAGS].s = texts[HUB_DIALECT_PLAIN].s;
	texts[HUB_DIALECT_TIME_TAGS].s = texts[HUB_DIALECT_TIME].s;
	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &plain, 1);
	hub_view_init(&hub, &timed, 2);
	hub_view_init(&hub, &tagged, 3);
	timed.dialect = HUB_DIALECT_TIME;
	tagged.dialect = HUB_DIALECT_TIME_TAGS;
	plain.rooms[plain.nrooms++] = 1;
	timed.rooms[timed.nrooms++] = 1;
	tagged.rooms[tagged.nrooms++] = 1;
	hub_append_dialects(&hub, &ev, texts);
	ck_assert_uint_eq(hub.bytes, 7);
	ASSERT_TAKE(&hub, &plain, "m;");
	ASSERT_TAKE(&hub, &timed, "@t m;");
	ASSERT_TAKE(&hub, &tagged, "@t m;");
	hub_destroy(&hub);
}
END_TEST

START_TEST(test_required_caps_filter_views)
{
	struct hub hub;
	struct hub_view with, without;

	hub_init(&hub, 16, 4096);
	hub_view_init(&hub, &with, 1);
	hub_view_init(&hub, &without, 2);
	with.caps = 0x5;
	without.caps = 0x1;
	with.rooms[with.nrooms++] = 1;
	without.rooms[without.nrooms++] = 1;
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 1,
	    .required_caps = 0x4 }, "away;");
	put(&hub, (struct hub_event){ .scope = HUB_TO_ROOM, .room = 1 }, "all;");
	ASSERT_TAKE(&hub, &with, "away;all;");
	ASSERT_TAKE(&hub, &without, "all;");
	hub_destroy(&hub);
}
END_TEST

/* --- Many threads: the real use, under the lock and the condition variable. */

#define PRODUCERS	4
#define CONSUMERS	3
#define PER_PRODUCER	5000

struct shared {
	struct hub	hub;
	int		done_producers;
};

struct consumer {
	struct shared	*shared;
	uint64_t	 id;
	int		 next[PRODUCERS];	/* next sequence expected per producer */
	int		 errors;
	int		 lost;
};

/* Append PER_PRODUCER numbered messages to room 1, broadcasting each time. */
static void *
producer_main(void *arg)
{
	struct shared *sh = ((void **)arg)[0];
	int p = *(int *)((void **)arg)[1], i;
	char text[32];

	for (i = 0; i < PER_PRODUCER; i++) {
		snprintf(text, sizeof text, "%d:%d\n", p, i);
		pthread_mutex_lock(&sh->hub.lock);
		put(&sh->hub, (struct hub_event){ .scope = HUB_TO_ROOM,
		    .room = 1 }, text);
		pthread_cond_broadcast(&sh->hub.cond);
		pthread_mutex_unlock(&sh->hub.lock);
	}
	pthread_mutex_lock(&sh->hub.lock);
	sh->done_producers++;
	pthread_cond_broadcast(&sh->hub.cond);
	pthread_mutex_unlock(&sh->hub.lock);
	return NULL;
}

/* Check one "p:i" line against the per-producer order. */
static void
consumer_check(struct consumer *c, const char *line)
{
	int p, i;

	if (sscanf(line, "%d:%d", &p, &i) != 2 || p < 0 || p >= PRODUCERS ||
	    i != c->next[p])
		c->errors++;
	else
		c->next[p]++;
}

/* A writer's loop: wait, collect, "send" (parse) with the lock dropped. */
static void *
consumer_main(void *arg)
{
	struct consumer *c = arg;
	struct hub *hub = &c->shared->hub;
	struct hub_view view;
	struct buffer out;
	char *line, *save;
	bool finished = false;

	buffer_init(&out);
	/* Joined before any producer starts: sees everything. */
	pthread_mutex_lock(&hub->lock);
	memset(&view, 0, sizeof view);
	view.client = c->id;
	view.cursor = 1;
	view.rooms[view.nrooms++] = 1;
	while (!finished) {
		while (!hub_view_pending(hub, &view) &&
		    c->shared->done_producers < PRODUCERS)
			pthread_cond_wait(&hub->cond, &hub->lock);
		finished = !hub_view_pending(hub, &view) &&
		    c->shared->done_producers == PRODUCERS;
		if (hub_collect(hub, &view, &out, 4096) == HUB_COLLECT_LOST) {
			c->lost++;
			break;
		}
		pthread_mutex_unlock(&hub->lock);
		buffer_append(&out, "", 1);
		for (line = strtok_r(out.data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (*line != '\0')
				consumer_check(c, line);
		buffer_reset(&out, 1 << 16);
		pthread_mutex_lock(&hub->lock);
	}
	pthread_mutex_unlock(&hub->lock);
	buffer_free(&out);
	return NULL;
}

START_TEST(test_threads_exactly_once_in_order)
{
	static struct shared sh;
	struct consumer consumers[CONSUMERS];
	pthread_t pt[PRODUCERS], ct[CONSUMERS];
	int ids[PRODUCERS];
	void *args[PRODUCERS][2];
	int i, p;

	memset(&sh, 0, sizeof sh);
	/* Big enough that no consumer is lapped: this tests delivery, not SendQ. */
	hub_init(&sh.hub, 1 << 15, 1 << 24);
	for (i = 0; i < CONSUMERS; i++) {
		memset(&consumers[i], 0, sizeof consumers[i]);
		consumers[i].shared = &sh;
		consumers[i].id = (uint64_t)(100 + i);
		pthread_create(&ct[i], NULL, consumer_main, &consumers[i]);
	}
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
	}
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
	tcase_add_test(tc, test_close_after_stops_collection);
	tcase_add_test(tc, test_collect_limit_leaves_the_rest_in_the_ring);
	tcase_add_test(tc, test_each_view_takes_its_dialect);
	tcase_add_test(tc, test_required_caps_filter_views);
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
