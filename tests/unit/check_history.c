/*
 * Unit tests of a room's in-memory history: order, the cap, wrap-around,
 * tags, changing the cap, and a capacity of 0.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/history.h"
#include "server/msgid.h"
#include "check_run.h"

/* Add entry n: time n, line "... :line n", tags "+n=<n>" when n is odd. */
static void
add_numbered(struct history *h, int n)
{
	char line[64], tags[64];

	snprintf(line, sizeof line, ":a!a@h PRIVMSG #r :line %d", n);
	snprintf(tags, sizeof tags, "+n=%d", n);
	history_add(h, n, line, n % 2 ? tags : NULL);
}

/* Check that h holds exactly the numbered entries first..last, in order. */
static void
assert_numbered(const struct history *h, int first, int last)
{
	char line[64], tags[64];
	const struct history_entry *e;
	int n;

	ck_assert_uint_eq(history_count(h), (size_t)(last - first + 1));
	for (n = first; n <= last; n++) {
		e = history_get(h, (size_t)(n - first));
		ck_assert_ptr_nonnull(e);
		snprintf(line, sizeof line, ":a!a@h PRIVMSG #r :line %d", n);
		ck_assert_int_eq(e->time_ms, n);
		ck_assert_str_eq(e->line, line);
		if (n % 2) {
			snprintf(tags, sizeof tags, "+n=%d", n);
			ck_assert_ptr_nonnull(e->tags);
			ck_assert_str_eq(e->tags, tags);
		} else
			ck_assert_ptr_null(e->tags);
	}
	ck_assert_ptr_null(history_get(h, history_count(h)));
}

START_TEST(test_empty)
{
	struct history h;

	history_init(&h, HISTORY_DEFAULT_CAP);
	ck_assert_uint_eq(history_count(&h), 0);
	ck_assert_ptr_null(history_get(&h, 0));
	history_free(&h);
	history_free(&h);	/* twice is harmless */
}
END_TEST

START_TEST(test_order_below_cap)
{
	struct history h;
	int n;

	history_init(&h, 100);
	for (n = 0; n < 37; n++)
		add_numbered(&h, n);
	assert_numbered(&h, 0, 36);
	history_free(&h);
}
END_TEST

START_TEST(test_keeps_last_cap)
{
	struct history h;
	int n;

	history_init(&h, 100);
	for (n = 0; n < 1000; n++) {
		add_numbered(&h, n);
		ck_assert_uint_le(history_count(&h), 100);
	}
	assert_numbered(&h, 900, 999);
	ck_assert_uint_le(h.alloc, 100);
	history_free(&h);
}
END_TEST

START_TEST(test_cap_one)
{
	struct history h;

	history_init(&h, 1);
	add_numbered(&h, 1);
	add_numbered(&h, 2);
	add_numbered(&h, 3);
	assert_numbered(&h, 3, 3);
	history_free(&h);
}
END_TEST

START_TEST(test_cap_zero_disables)
{
	struct history h;

	history_init(&h, 0);
	add_numbered(&h, 1);
	ck_assert_uint_eq(history_count(&h), 0);
	ck_assert_ptr_null(history_get(&h, 0));
	ck_assert_ptr_null(h.ring);
	history_free(&h);
}
END_TEST

START_TEST(test_empty_tags_are_null)
{
	struct history h;

	history_init(&h, 4);
	history_add(&h, 5, ":a PRIVMSG #r :x", "");
	history_add(&h, 6, ":a PRIVMSG #r :y", "+draft/react=1;+c");
	ck_assert_ptr_null(history_get(&h, 0)->tags);
	ck_assert_str_eq(history_get(&h, 1)->tags, "+draft/react=1;+c");
	history_free(&h);
}
END_TEST

START_TEST(test_add_copies)
{
	struct history h;
	char line[] = ":a PRIVMSG #r :before";
	char tags[] = "+x=1";

	history_init(&h, 4);
	history_add(&h, 1, line, tags);
	strcpy(line, ":a PRIVMSG #r :after!");
	strcpy(tags, "+y=2");
	ck_assert_str_eq(history_get(&h, 0)->line, ":a PRIVMSG #r :before");
	ck_assert_str_eq(history_get(&h, 0)->tags, "+x=1");
	history_free(&h);
}
END_TEST

START_TEST(test_shrink_keeps_newest)
{
	struct history h;
	int n;

	history_init(&h, 10);
	for (n = 0; n < 25; n++)	/* wrapped: start is not 0 */
		add_numbered(&h, n);
	history_set_cap(&h, 4);
	assert_numbered(&h, 21, 24);
	add_numbered(&h, 25);
	assert_numbered(&h, 22, 25);
	ck_assert_uint_le(h.alloc, 4);
	history_free(&h);
}
END_TEST

START_TEST(test_grow_after_wrap)
{
	struct history h;
	int n;

	history_init(&h, 5);
	for (n = 0; n < 13; n++)
		add_numbered(&h, n);
	history_set_cap(&h, 50);
	assert_numbered(&h, 8, 12);
	for (n = 13; n < 100; n++)
		add_numbered(&h, n);
	assert_numbered(&h, 50, 99);
	history_free(&h);
}
END_TEST

START_TEST(test_set_cap_zero_then_back)
{
	struct history h;
	int n;

	history_init(&h, 8);
	for (n = 0; n < 5; n++)
		add_numbered(&h, n);
	history_set_cap(&h, 0);
	ck_assert_uint_eq(history_count(&h), 0);
	ck_assert_ptr_null(h.ring);
	add_numbered(&h, 5);
	ck_assert_uint_eq(history_count(&h), 0);
	history_set_cap(&h, 3);
	for (n = 6; n < 10; n++)
		add_numbered(&h, n);
	assert_numbered(&h, 7, 9);
	history_free(&h);
}
END_TEST

START_TEST(test_clear)
{
	struct history h;
	int n;

	history_init(&h, 3);
	for (n = 0; n < 7; n++)
		add_numbered(&h, n);
	history_clear(&h);
	ck_assert_uint_eq(history_count(&h), 0);
	add_numbered(&h, 40);
	add_numbered(&h, 41);
	assert_numbered(&h, 40, 41);
	history_free(&h);
}
END_TEST

/* A long line and a UTF-8 one come back byte for byte. */
START_TEST(test_long_and_utf8_lines)
{
	struct history h;
	char *big = malloc(8192);

	memset(big, 'x', 8191);
	big[8191] = '\0';
	history_init(&h, 2);
	history_add(&h, 1, big, NULL);
	history_add(&h, 2, ":小明!x@h PRIVMSG #小明的房间 :你好", "+tag=ü");
	ck_assert_str_eq(history_get(&h, 0)->line, big);
	ck_assert_str_eq(history_get(&h, 1)->line,
	    ":小明!x@h PRIVMSG #小明的房间 :你好");
	ck_assert_str_eq(history_get(&h, 1)->tags, "+tag=ü");
	history_free(&h);
	free(big);
}
END_TEST

START_TEST(test_msgid_text)
{
	char buf[MSGID_LEN + 1];
	uint64_t id;

	msgid_format(0x0658d0c14a3c0400ull, buf, sizeof buf);
	ck_assert_str_eq(buf, "0658d0c14a3c0400");
	ck_assert(msgid_parse(buf, strlen(buf), &id));
	ck_assert_uint_eq(id, 0x0658d0c14a3c0400ull);
	ck_assert(!msgid_parse("0658D0C14A3C0400", 16, &id));	/* upper case */
	ck_assert(!msgid_parse("658d0c14a3c0400", 15, &id));	/* short */
	ck_assert(!msgid_parse("0658d0c14a3c040g", 16, &id));
}
END_TEST

START_TEST(test_msgid_next_is_larger)
{
	uint64_t a = msgid_next(), b = msgid_next(), c;

	ck_assert_uint_gt(b, a);
	/* A seen id far ahead is never handed out again. */
	msgid_seen(b + 5000);
	c = msgid_next();
	ck_assert_uint_gt(c, b + 5000);
	/* Derived from the time, counting up within one millisecond. */
	ck_assert_uint_eq(msgid_derive(7, 0), 7 * MSGID_PER_MS);
	ck_assert_uint_eq(msgid_derive(7, 7 * MSGID_PER_MS), 7 * MSGID_PER_MS + 1);
	ck_assert_uint_eq(msgid_derive(8, 7 * MSGID_PER_MS + 3), 8 * MSGID_PER_MS);
}
END_TEST

START_TEST(test_msgid_split_from_tags)
{
	struct history h, copy;
	const struct history_entry *e;
	char buf[128];

	history_init(&h, 8);
	history_add(&h, 5, ":a PRIVMSG #r :x", "msgid=00000000000000ff;+k=v");
	history_add(&h, 5, ":a PRIVMSG #r :y", "+k=v;msgid=0000000000000100");
	history_add(&h, 6, ":a PRIVMSG #r :old", NULL);
	history_add(&h, 6, ":a PRIVMSG #r :old too", "+t");
	history_add(&h, 7, ":a PRIVMSG #r :bad id", "msgid=xyz;+t");
	e = history_get(&h, 0);
	ck_assert_uint_eq(e->msgid, 0xff);
	ck_assert_str_eq(e->tags, "+k=v");
	ck_assert_str_eq(history_entry_tags(e, buf, sizeof buf),
	    "msgid=00000000000000ff;+k=v");
	e = history_get(&h, 1);
	ck_assert_uint_eq(e->msgid, 0x100);
	ck_assert_str_eq(e->tags, "+k=v");
	/* Lines logged without an id: derived from the time, in order. */
	ck_assert_uint_eq(history_get(&h, 2)->msgid, 6 * MSGID_PER_MS);
	ck_assert_ptr_null(history_get(&h, 2)->tags);
	ck_assert_str_eq(history_entry_tags(history_get(&h, 2), buf, sizeof buf),
	    "msgid=0000000000001800");
	ck_assert_uint_eq(history_get(&h, 3)->msgid, 6 * MSGID_PER_MS + 1);
	ck_assert_str_eq(history_get(&h, 3)->tags, "+t");
	/* Not an id of ours: kept as a tag, and the entry gets one. */
	ck_assert_uint_eq(history_get(&h, 4)->msgid, 7 * MSGID_PER_MS);
	ck_assert_str_eq(history_get(&h, 4)->tags, "msgid=xyz;+t");
	/* A copy keeps the id. */
	history_init(&copy, 2);
	history_add_copy(&copy, history_get(&h, 1));
	ck_assert_uint_eq(history_get(&copy, 0)->msgid, 0x100);
	ck_assert_str_eq(history_get(&copy, 0)->tags, "+k=v");
	history_free(&copy);
	history_free(&h);
	/* Ids loaded are never handed out. */
	ck_assert_uint_gt(msgid_next(), 7 * MSGID_PER_MS);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_order_below_cap);
	tcase_add_test(tc, test_keeps_last_cap);
	tcase_add_test(tc, test_cap_one);
	tcase_add_test(tc, test_cap_zero_disables);
	tcase_add_test(tc, test_empty_tags_are_null);
	tcase_add_test(tc, test_add_copies);
	tcase_add_test(tc, test_shrink_keeps_newest);
	tcase_add_test(tc, test_grow_after_wrap);
	tcase_add_test(tc, test_set_cap_zero_then_back);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_long_and_utf8_lines);
	tcase_add_test(tc, test_msgid_text);
	tcase_add_test(tc, test_msgid_next_is_larger);
	tcase_add_test(tc, test_msgid_split_from_tags);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(history_suite());
}
