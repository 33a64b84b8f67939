/* Unit tests of common/line_framer.c: line ends, partial reads, caps. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "line_framer.h"
#include "wire.h"
#include "check_run.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof (lit) - 1)

/* Most events one test looks at. */
#define EVENTS_MAX	64

/* What line_framer_next gave, in order. */
struct events {
	size_t			 n;
	enum line_framer_result	 type[EVENTS_MAX];
	char			*line[EVENTS_MAX];
	size_t			 len[EVENTS_MAX];
};

static void	 events_free(struct events *);
static void	 drain(struct line_framer *, struct events *);
static void	 feed(struct line_framer *, const char *, size_t, size_t,
		     struct events *);
static void	 expect_line(const struct events *, size_t, const char *,
		     size_t);
static uint32_t	 rng_next(uint32_t *);
static Suite	*line_framer_suite(void);

/* Free the copies of the lines. */
static void
events_free(struct events *ev)
{
	size_t	i;

	for (i = 0; i < ev->n; i++)
		free(ev->line[i]);
	ev->n = 0;
}

/* Take events until the framer needs more, copying the lines. */
static void
drain(struct line_framer *f, struct events *ev)
{
	enum line_framer_result	 r;
	char			*line;
	size_t			 len;

	while ((r = line_framer_next(f, &line, &len)) !=
	    LINE_FRAMER_NEED_MORE) {
		ck_assert_uint_lt(ev->n, EVENTS_MAX);
		ev->type[ev->n] = r;
		ev->line[ev->n] = NULL;
		ev->len[ev->n] = 0;
		if (r == LINE_FRAMER_LINE) {
			ck_assert_uint_le(len, f->max_line);
			ck_assert(line[len] == '\0');
			ev->line[ev->n] = malloc(len + 1);
			ck_assert_ptr_nonnull(ev->line[ev->n]);
			memcpy(ev->line[ev->n], line, len + 1);
			ev->len[ev->n] = len;
		}
		ev->n++;
	}
	/* Whatever is left is at most a line and the CR of its CRLF. */
	ck_assert_uint_le(line_framer_pending(f), f->max_line + 1);
}

/* Read data in as reads of at most chunk bytes, draining after each. */
static void
feed(struct line_framer *f, const char *data, size_t len, size_t chunk,
    struct events *ev)
{
	char	*space;
	size_t	 avail, n;

	while (len > 0) {
		space = line_framer_space(f, &avail);
		ck_assert_uint_gt(avail, 0);
		n = len < chunk ? len : chunk;
		if (n > avail)
			n = avail;
		memcpy(space, data, n);
		line_framer_commit(f, n);
		data += n;
		len -= n;
		drain(f, ev);
	}
}

/* Check event i is the line want[0..len). */
static void
expect_line(const struct events *ev, size_t i, const char *want, size_t len)
{
	ck_assert_uint_lt(i, ev->n);
	ck_assert_int_eq(ev->type[i], LINE_FRAMER_LINE);
	ck_assert_uint_eq(ev->len[i], len);
	ck_assert_mem_eq(ev->line[i], want, len);
}

/* A small deterministic generator (xorshift32) for the stream tests. */
static uint32_t
rng_next(uint32_t *state)
{
	uint32_t	x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

START_TEST(test_one_line)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, IRC_WIRE_LINE_MAX);
	feed(&f, S("NICK alice\r\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 1);
	expect_line(&ev, 0, S("NICK alice"));
	ck_assert_uint_eq(line_framer_pending(&f), 0);
	ck_assert_uint_eq(f.lines, 1);
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_many_lines_one_read)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 64);
	feed(&f, S("NICK a\r\nUSER a 0 * :A\r\n\r\nJOIN #x\r\nPRIV"), SIZE_MAX,
	    &ev);
	ck_assert_uint_eq(ev.n, 4);
	expect_line(&ev, 0, S("NICK a"));
	expect_line(&ev, 1, S("USER a 0 * :A"));
	expect_line(&ev, 2, S(""));		/* empty lines are lines */
	expect_line(&ev, 3, S("JOIN #x"));
	ck_assert_uint_eq(line_framer_pending(&f), 4);
	feed(&f, S("MSG #x :hi\r\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 5);
	expect_line(&ev, 4, S("PRIVMSG #x :hi"));
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_has_line_says_whether_next_needs_a_read)
{
	struct line_framer	f;
	char			*line, *space;
	size_t			 len, avail;
	static const char	 two[] = "PING a\r\nPING b\r\nPIN";

	line_framer_init(&f, 64);
	ck_assert(!line_framer_has_line(&f));
	space = line_framer_space(&f, &avail);
	memcpy(space, two, sizeof two - 1);
	line_framer_commit(&f, sizeof two - 1);
	ck_assert(line_framer_has_line(&f));
	ck_assert_int_eq(line_framer_next(&f, &line, &len), LINE_FRAMER_LINE);
	ck_assert(line_framer_has_line(&f));	/* "PING b" is whole */
	ck_assert_int_eq(line_framer_next(&f, &line, &len), LINE_FRAMER_LINE);
	ck_assert(!line_framer_has_line(&f));	/* "PIN" needs more */
	ck_assert_int_eq(line_framer_next(&f, &line, &len),
	    LINE_FRAMER_NEED_MORE);
	ck_assert(!line_framer_has_line(&f));
	line_framer_free(&f);
}
END_TEST

START_TEST(test_grows_only_for_a_long_line)
{
	struct line_framer	f;
	char			*line, *space, *big;
	size_t			 len, avail, off = 0, n, i;
	const size_t		 biglen = 6000;

	line_framer_init(&f, IRC_WIRE_LINE_MAX);
	ck_assert_uint_eq(line_framer_capacity(&f), LINE_FRAMER_START);
	/* A thousand short lines, read as they come: no growth. */
	for (i = 0; i < 1000; i++) {
		space = line_framer_space(&f, &avail);
		ck_assert_uint_ge(avail, 12);
		memcpy(space, "PING :12345\n", 12);
		line_framer_commit(&f, 12);
		ck_assert_int_eq(line_framer_next(&f, &line, &len),
		    LINE_FRAMER_LINE);
		ck_assert_int_eq(line_framer_next(&f, &line, &len),
		    LINE_FRAMER_NEED_MORE);
	}
	ck_assert_uint_eq(line_framer_capacity(&f), LINE_FRAMER_START);
	/* A 6000-byte tagged line, 100 bytes per read: it grows, once. */
	big = malloc(biglen + 2);
	big[0] = '@';
	memset(big + 1, 't', biglen - 1);
	memcpy(big + biglen, "\r\n", 2);
	while (off < biglen + 2) {
		space = line_framer_space(&f, &avail);
		n = biglen + 2 - off < 100 ? biglen + 2 - off : 100;
		ck_assert_uint_ge(avail, n);
		memcpy(space, big + off, n);
		line_framer_commit(&f, n);
		off += n;
		if (off < biglen + 2)
			ck_assert_int_eq(line_framer_next(&f, &line, &len),
			    LINE_FRAMER_NEED_MORE);
	}
	ck_assert_int_eq(line_framer_next(&f, &line, &len), LINE_FRAMER_LINE);
	ck_assert_uint_eq(len, biglen);
	ck_assert_mem_eq(line, big, biglen);
	ck_assert_uint_eq(line_framer_capacity(&f), 2 * (IRC_WIRE_LINE_MAX + 2));
	free(big);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_one_byte_reads)
{
	static const char	data[] = "PRIVMSG #room :hello there\r\n"
				    "NICK bob\r\n\n";
	struct line_framer	f;
	struct events		ev = { 0 };
	size_t			i;

	line_framer_init(&f, 32);
	for (i = 0; i < sizeof data - 1; i++) {
		feed(&f, data + i, 1, 1, &ev);
		if (i < 27)
			ck_assert_uint_eq(ev.n, 0);
	}
	ck_assert_uint_eq(ev.n, 3);
	expect_line(&ev, 0, S("PRIVMSG #room :hello there"));
	expect_line(&ev, 1, S("NICK bob"));
	expect_line(&ev, 2, S(""));
	ck_assert_uint_eq(f.overlong, 0);
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_line_ends)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 16);
	feed(&f, S("crlf\r\nlf\nmixed\r\n\n\r\nlast\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 6);
	expect_line(&ev, 0, S("crlf"));
	expect_line(&ev, 1, S("lf"));
	expect_line(&ev, 2, S("mixed"));
	expect_line(&ev, 3, S(""));
	expect_line(&ev, 4, S(""));
	expect_line(&ev, 5, S("last"));
	events_free(&ev);

	/* CR and LF in different reads. */
	feed(&f, S("split\r"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 0);
	feed(&f, S("\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 1);
	expect_line(&ev, 0, S("split"));
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_lone_cr_kept)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 16);
	feed(&f, S("a\rb\r\n\r\r\nc\r\r\r\n\r"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 3);
	expect_line(&ev, 0, S("a\rb"));
	expect_line(&ev, 1, S("\r"));		/* only the last CR goes */
	expect_line(&ev, 2, S("c\r\r"));
	/* A CR followed by data, not LF, is data. */
	feed(&f, S("x\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 4);
	expect_line(&ev, 3, S("\rx"));
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_exact_max_line)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 8);
	feed(&f, S("12345678\r\n12345678\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 2);
	expect_line(&ev, 0, S("12345678"));
	expect_line(&ev, 1, S("12345678"));
	events_free(&ev);

	/* max_line bytes and a CR are no overlong line yet: the LF may come. */
	feed(&f, S("abcdefgh\r"), 1, &ev);
	ck_assert_uint_eq(ev.n, 0);
	ck_assert_uint_eq(line_framer_pending(&f), 9);
	feed(&f, S("\n"), 1, &ev);
	ck_assert_uint_eq(ev.n, 1);
	expect_line(&ev, 0, S("abcdefgh"));
	ck_assert_uint_eq(f.overlong, 0);
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_max_line_plus_one)
{
	struct line_framer	f;
	struct events		ev = { 0 };
	size_t			chunk;

	/* In one read, one byte at a time, with CRLF and with LF only. */
	for (chunk = 1; chunk <= 2; chunk++) {
		line_framer_init(&f, 8);
		feed(&f, S("123456789\r\nok\r\n123456789\nok\n"),
		    chunk == 1 ? 1 : SIZE_MAX, &ev);
		ck_assert_uint_eq(ev.n, 4);
		ck_assert_int_eq(ev.type[0], LINE_FRAMER_OVERLONG);
		expect_line(&ev, 1, S("ok"));
		ck_assert_int_eq(ev.type[2], LINE_FRAMER_OVERLONG);
		expect_line(&ev, 3, S("ok"));
		ck_assert_uint_eq(f.overlong, 2);
		events_free(&ev);
		line_framer_free(&f);
	}

	/* A CR that is data counts: max_line bytes, CR, more data. */
	line_framer_init(&f, 8);
	feed(&f, S("abcdefgh\rX\nok\n"), 1, &ev);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_int_eq(ev.type[0], LINE_FRAMER_OVERLONG);
	expect_line(&ev, 1, S("ok"));
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_megabyte_without_newline)
{
	struct line_framer	f;
	struct events		ev = { 0 };
	static char		junk[4096];
	size_t			cap, total = 0, overlong = 0, n, avail, i;
	char			*space;

	memset(junk, 'x', sizeof junk);
	line_framer_init(&f, IRC_WIRE_LINE_MAX);
	ck_assert_uint_le(line_framer_capacity(&f), LINE_FRAMER_START);
	/* It may grow, never beyond two longest lines. */
	cap = 2 * IRC_WIRE_LINE_MAX + 4;

	while (total < 1024 * 1024) {
		space = line_framer_space(&f, &avail);
		ck_assert_uint_gt(avail, 0);
		n = avail < sizeof junk ? avail : sizeof junk;
		memcpy(space, junk, n);
		line_framer_commit(&f, n);
		total += n;
		drain(&f, &ev);
		for (i = 0; i < ev.n; i++) {
			ck_assert_int_eq(ev.type[i], LINE_FRAMER_OVERLONG);
			overlong++;
		}
		events_free(&ev);
		ck_assert_uint_le(line_framer_capacity(&f), cap);
	}
	ck_assert_uint_eq(overlong, 1);
	/* Only the bytes of a line too long to keep were dropped. */
	ck_assert_uint_ge(f.dropped, total - IRC_WIRE_LINE_MAX - 1);

	feed(&f, S("xxx\r\nPING :still here\r\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 1);
	expect_line(&ev, 0, S("PING :still here"));
	ck_assert_uint_eq(f.overlong, 1);
	ck_assert_uint_eq(f.dropped, total + 5);
	ck_assert_uint_le(line_framer_capacity(&f), cap);
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_overlong_then_line_same_read)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 8);
	feed(&f, S("0123456789abc\r\nok\r\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 2);
	ck_assert_int_eq(ev.type[0], LINE_FRAMER_OVERLONG);
	expect_line(&ev, 1, S("ok"));
	events_free(&ev);

	/* Reported before its LF arrives, then skipped up to the LF. */
	feed(&f, S("0123456789"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 1);
	ck_assert_int_eq(ev.type[0], LINE_FRAMER_OVERLONG);
	ck_assert_uint_eq(line_framer_pending(&f), 0);
	feed(&f, S("more junk\r\nnext\r\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 2);
	expect_line(&ev, 1, S("next"));
	ck_assert_uint_eq(f.overlong, 2);
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_nul_in_line)
{
	struct line_framer	f;
	struct events		ev = { 0 };

	line_framer_init(&f, 16);
	feed(&f, S("a\0b\r\n\0\n"), SIZE_MAX, &ev);
	ck_assert_uint_eq(ev.n, 2);
	expect_line(&ev, 0, S("a\0b"));
	expect_line(&ev, 1, S("\0"));
	events_free(&ev);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_no_compaction_per_line)
{
	struct line_framer	f;
	char			*line, *space;
	size_t			 len, avail;

	line_framer_init(&f, 100);
	space = line_framer_space(&f, &avail);
	ck_assert_ptr_eq(space, f.buf);
	memcpy(space, "a\r\nbc", 5);
	line_framer_commit(&f, 5);
	ck_assert_int_eq(line_framer_next(&f, &line, &len), LINE_FRAMER_LINE);
	ck_assert_int_eq(line_framer_next(&f, &line, &len),
	    LINE_FRAMER_NEED_MORE);
	/* "bc" stays where it is: the next read goes after it. */
	space = line_framer_space(&f, &avail);
	ck_assert_ptr_eq(space, f.buf + 5);
	ck_assert_uint_eq(avail, line_framer_capacity(&f) - 5);
	line_framer_free(&f);
}
END_TEST

START_TEST(test_random_stream)
{
	enum { MAX = 40, LINES = 3000 };
	struct line_framer	f;
	struct events		ev = { 0 };
	char			*stream, *line, *space;
	size_t			 cap, slen = 0, i, k, n, len, avail, off;
	size_t			 want_lines = 0, want_over = 0, got_lines = 0;
	size_t			 got_over = 0, next_line = 0;
	size_t			*starts, *lens;
	uint32_t		 rng = 12345;
	enum line_framer_result	 r;

	/*
	 * Lines of random length (some overlong, some with CRs and NULs
	 * inside), read in random chunks, must come out as a simple split
	 * on LF says they should.
	 */
	stream = malloc(LINES * (3 * MAX + 2));
	starts = malloc(LINES * sizeof *starts);
	lens = malloc(LINES * sizeof *lens);
	ck_assert_ptr_nonnull(stream);
	ck_assert_ptr_nonnull(starts);
	ck_assert_ptr_nonnull(lens);
	for (i = 0; i < LINES; i++) {
		n = rng_next(&rng) % (3 * MAX);
		if (rng_next(&rng) % 2)
			n %= MAX + 2;
		starts[i] = slen;
		for (k = 0; k < n; k++) {
			switch (rng_next(&rng) % 16) {
			case 0:
				stream[slen++] = '\r';
				break;
			case 1:
				stream[slen++] = '\0';
				break;
			default:
				stream[slen++] =
				    (char)('a' + rng_next(&rng) % 26);
				break;
			}
		}
		lens[i] = n;
		if (rng_next(&rng) % 2) {
			stream[slen++] = '\r';
		} else if (n > 0 && stream[slen - 1] == '\r')
			lens[i]--;
		stream[slen++] = '\n';
		if (lens[i] > MAX)
			want_over++;
		else
			want_lines++;
	}

	line_framer_init(&f, MAX);
	cap = line_framer_capacity(&f);
	for (off = 0; off < slen; off += n) {
		space = line_framer_space(&f, &avail);
		ck_assert_uint_gt(avail, 0);
		n = 1 + rng_next(&rng) % (2 * MAX);
		if (n > avail)
			n = avail;
		if (n > slen - off)
			n = slen - off;
		memcpy(space, stream + off, n);
		line_framer_commit(&f, n);
		while ((r = line_framer_next(&f, &line, &len)) !=
		    LINE_FRAMER_NEED_MORE) {
			while (next_line < LINES && lens[next_line] > MAX)
				next_line++;
			if (r == LINE_FRAMER_OVERLONG) {
				got_over++;
				continue;
			}
			ck_assert_uint_lt(next_line, LINES);
			ck_assert_uint_eq(len, lens[next_line]);
			ck_assert_mem_eq(line, stream + starts[next_line], len);
			next_line++;
			got_lines++;
		}
		ck_assert_uint_eq(line_framer_capacity(&f), cap);
	}
	ck_assert_uint_eq(got_lines, want_lines);
	ck_assert_uint_eq(got_over, want_over);
	ck_assert_uint_gt(want_over, 0);
	ck_assert_uint_eq(line_framer_pending(&f), 0);
	ck_assert_uint_le(cap, 2 * MAX + 4);

	line_framer_free(&f);
	events_free(&ev);
	free(stream);
	free(starts);
	free(lens);
}
END_TEST

/* Gather the tests. */
static Suite *
line_framer_suite(void)
{
	Suite	*s = suite_create("line_framer");
	TCase	*tc;

	tc = tcase_create("framing");
	tcase_add_test(tc, test_one_line);
	tcase_add_test(tc, test_many_lines_one_read);
	tcase_add_test(tc, test_one_byte_reads);
	tcase_add_test(tc, test_grows_only_for_a_long_line);
	tcase_add_test(tc, test_has_line_says_whether_next_needs_a_read);
	tcase_add_test(tc, test_line_ends);
	tcase_add_test(tc, test_lone_cr_kept);
	tcase_add_test(tc, test_nul_in_line);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_exact_max_line);
	tcase_add_test(tc, test_max_line_plus_one);
	tcase_add_test(tc, test_megabyte_without_newline);
	tcase_add_test(tc, test_overlong_then_line_same_read);
	tcase_add_test(tc, test_no_compaction_per_line);
	tcase_add_test(tc, test_random_stream);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(line_framer_suite());
}
