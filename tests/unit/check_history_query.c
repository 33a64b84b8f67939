/*
 * Unit tests of draft/chathistory's selection: references, timestamps,
 * each subcommand's bounds and limits, the want filter, and msgid
 * references to messages no longer held.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/history_query.h"
#include "server/msgid.h"
#include "server/replay.h"
#include "server_time.h"
#include "check_run.h"

/* Entry n (0..9): time 1000 + 10n ms, msgid 100 + n; odd ones are TOPICs. */
static void
fill(struct history *h)
{
	char line[64], tags[64];
	int n;

	history_init(h, 32);
	for (n = 0; n < 10; n++) {
		snprintf(line, sizeof line, ":a!a@h %s #r :%d",
		    n % 2 ? "TOPIC" : "PRIVMSG", n);
		snprintf(tags, sizeof tags, "msgid=%016x", 100 + n);
		history_add(h, 1000 + 10 * n, line, tags);
	}
}

/* The numbers of the selected entries as a string "2 3 4". */
static const char *
picked(const struct history *h, const size_t *sel, size_t n)
{
	static char out[128];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *line = history_get(h, sel[i])->line;

		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
		    i > 0 ? " " : "", strrchr(line, ':') + 1);
	}
	return out;
}

static const char *
run(const struct history *h, enum history_query_kind kind, const char *a,
    const char *b, size_t limit, history_want_fn *want)
{
	struct history_ref ra, rb = { .kind = HISTORY_REF_ANY };
	size_t sel[32], n;
	bool newest;

	ck_assert(history_parse_ref(a, kind == HISTORY_LATEST, &ra));
	if (b != NULL)
		ck_assert(history_parse_ref(b, false, &rb));
	n = history_select(h, kind, &ra, &rb, limit, want, NULL, sel, &newest);
	return picked(h, sel, n);
}

static bool
only_privmsg(const struct history_entry *e, void *arg)
{
	(void)arg;
	return strstr(e->line, " PRIVMSG ") != NULL;
}

START_TEST(test_parse)
{
	struct history_ref r;
	int64_t ms;

	ck_assert(history_parse_time("1970-01-01T00:00:01.234Z", &ms));
	ck_assert_int_eq(ms, 1234);
	ck_assert(history_parse_time("2026-12-05T07:00:00Z", &ms));
	ck_assert_int_eq(ms, 1796454000000LL);
	ck_assert(!history_parse_time("2026-12-05 07:00:00.000Z", &ms));
	ck_assert(!history_parse_time("2026-13-05T07:00:00.000Z", &ms));
	ck_assert(!history_parse_time("2026-12-05T07:00:00.00Z", &ms));
	ck_assert(!history_parse_time("2026-12-05T07:00:00.000", &ms));
	ck_assert(history_parse_ref("*", true, &r));
	ck_assert_int_eq(r.kind, HISTORY_REF_ANY);
	ck_assert(!history_parse_ref("*", false, &r));
	ck_assert(history_parse_ref("msgid=00000000000000ff", false, &r));
	ck_assert_int_eq(r.kind, HISTORY_REF_MSGID);
	ck_assert_uint_eq(r.msgid, 255);
	ck_assert(!history_parse_ref("msgid=abc", false, &r));
	ck_assert(!history_parse_ref("id=00000000000000ff", false, &r));
	ck_assert(history_parse_ref("timestamp=1970-01-01T00:00:01.000Z",
	    false, &r));
	ck_assert_int_eq(r.time_ms, 1000);
}
END_TEST

START_TEST(test_subcommands)
{
	struct history h;
	const char *m4 = "msgid=0000000000000068";	/* entry 4 */

	fill(&h);
	ck_assert_str_eq(run(&h, HISTORY_LATEST, "*", NULL, 3, NULL), "7 8 9");
	ck_assert_str_eq(run(&h, HISTORY_LATEST, m4, NULL, 20, NULL),
	    "5 6 7 8 9");
	ck_assert_str_eq(run(&h, HISTORY_BEFORE, m4, NULL, 2, NULL), "2 3");
	ck_assert_str_eq(run(&h, HISTORY_AFTER, m4, NULL, 2, NULL), "5 6");
	ck_assert_str_eq(run(&h, HISTORY_AFTER,
	    "timestamp=1970-01-01T00:00:01.040Z", NULL, 2, NULL), "5 6");
	ck_assert_str_eq(run(&h, HISTORY_AROUND, m4, NULL, 1, NULL), "4");
	ck_assert_str_eq(run(&h, HISTORY_AROUND, m4, NULL, 3, NULL), "3 4 5");
	ck_assert_str_eq(run(&h, HISTORY_AROUND, "msgid=0000000000000064",
	    NULL, 3, NULL), "0 1 2");
	ck_assert_str_eq(run(&h, HISTORY_BETWEEN, "msgid=0000000000000064",
	    "msgid=000000000000006d", 3, NULL), "1 2 3");
	ck_assert_str_eq(run(&h, HISTORY_BETWEEN, "msgid=000000000000006d",
	    "msgid=0000000000000064", 3, NULL), "6 7 8");
	/* Mixed references order by time. */
	ck_assert_str_eq(run(&h, HISTORY_BETWEEN,
	    "timestamp=1970-01-01T00:00:01.085Z", "msgid=0000000000000064", 20,
	    NULL), "1 2 3 4 5 6 7 8");
	/* The filter: limits count only what is wanted. */
	ck_assert_str_eq(run(&h, HISTORY_LATEST, "*", NULL, 2, only_privmsg),
	    "6 8");
	ck_assert_str_eq(run(&h, HISTORY_AFTER, m4, NULL, 2, only_privmsg),
	    "6 8");
	history_free(&h);
}
END_TEST

START_TEST(test_msgid_no_longer_held)
{
	struct history h;

	fill(&h);
	/* Ids sort as handed out: an id older than all held is before all. */
	ck_assert_str_eq(run(&h, HISTORY_AFTER, "msgid=0000000000000001", NULL,
	    3, NULL), "0 1 2");
	ck_assert_str_eq(run(&h, HISTORY_BEFORE, "msgid=0000000000000001",
	    NULL, 3, NULL), "");
	ck_assert_str_eq(run(&h, HISTORY_AFTER, "msgid=00000000000000ff", NULL,
	    3, NULL), "");
	history_free(&h);
}
END_TEST

/*
 * A new id is the wall clock's millisecond (server_time_now_ms, which
 * server-time tags carry too) times MSGID_PER_MS, plus a count.
 */
START_TEST(test_msgid_from_the_clock)
{
	int64_t before, after;
	uint64_t id;

	before = (int64_t)time(NULL) * 1000;
	id = msgid_next();
	after = server_time_now_ms();
	ck_assert_int_le(before, (int64_t)(id / MSGID_PER_MS));
	ck_assert_int_le((int64_t)(id / MSGID_PER_MS), after);
	ck_assert_int_lt(after, ((int64_t)time(NULL) + 1) * 1000);
	ck_assert_uint_gt(msgid_next(), id);
}
END_TEST

/*
 * What a replay or a CHATHISTORY answer may send: each entry counts its
 * line, its tags and REPLAY_LINE_EXTRA, up to REPLAY_MAX_BYTES exactly.
 */
START_TEST(test_replay_budget)
{
	char line[] = "0123456789", tags[] = "+a=b";
	struct history_entry plain = { 0, 1, line, NULL };
	struct history_entry tagged = { 0, 2, line, tags };
	size_t bytes = 0, n = 0;

	ck_assert(replay_fits(&bytes, &plain));
	ck_assert_uint_eq(bytes, 10 + REPLAY_LINE_EXTRA);
	ck_assert(replay_fits(&bytes, &tagged));
	ck_assert_uint_eq(bytes, 2 * (10 + REPLAY_LINE_EXTRA) + 4);
	bytes = REPLAY_MAX_BYTES - (10 + REPLAY_LINE_EXTRA);
	ck_assert(replay_fits(&bytes, &plain));
	ck_assert_uint_eq(bytes, REPLAY_MAX_BYTES);
	bytes = REPLAY_MAX_BYTES - (10 + REPLAY_LINE_EXTRA) - 3;
	ck_assert(!replay_fits(&bytes, &tagged));
	ck_assert_uint_eq(bytes, REPLAY_MAX_BYTES - (10 + REPLAY_LINE_EXTRA) - 3);
	for (bytes = 0; replay_fits(&bytes, &plain); n++)
		;
	ck_assert_uint_eq(n, REPLAY_MAX_BYTES / (10 + REPLAY_LINE_EXTRA));
}
END_TEST

static Suite *
history_query_suite(void)
{
	Suite *s = suite_create("history_query");
	TCase *tc = tcase_create("select");

	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_subcommands);
	tcase_add_test(tc, test_msgid_no_longer_held);
	tcase_add_test(tc, test_msgid_from_the_clock);
	tcase_add_test(tc, test_replay_budget);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(history_query_suite());
}
