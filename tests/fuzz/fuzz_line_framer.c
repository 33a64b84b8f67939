/*
 * Fuzz target: the line framer (common/line_framer.c) fed a byte stream in
 * chunks the input chooses, as recv(2) would deliver it.
 *
 * Input: one byte choosing max_line, then records of a length byte and
 * that many bytes of stream; each record is one commit.  The framer's
 * events are compared with a model that splits the whole stream at LF:
 * every line (one CR before its LF stripped) of at most max_line bytes
 * comes out as it was, every longer one as one OVERLONG, in order; a
 * line never holds an LF; the buffer keeps its size and never holds more
 * than a line and a CR once the framer needs more.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "line_framer.h"
#include "wire.h"

/* One event the model expects: a line stream[off..off+len) or OVERLONG. */
struct expect {
	bool	overlong;
	size_t	off, len;
};

/* The max_line values the first byte chooses from. */
static const size_t max_lines[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 31, 64, 100, 510, IRC_WIRE_LINE_MAX
};

/* Split stream into the events the framer must give; returns how many. */
static size_t
model(const char *stream, size_t len, size_t max_line, struct expect *ev)
{
	size_t n = 0, start = 0, i, linelen;

	for (i = 0; i < len; i++) {
		if (stream[i] != '\n')
			continue;
		linelen = i - start;
		if (linelen > 0 && stream[i - 1] == '\r')
			linelen--;
		ev[n].overlong = linelen > max_line;
		ev[n].off = start;
		ev[n].len = linelen;
		n++;
		start = i + 1;
	}
	/* A tail without LF is overlong once nothing can make it fit. */
	linelen = len - start;
	if (linelen > max_line + 1 ||
	    (linelen == max_line + 1 && stream[len - 1] != '\r')) {
		ev[n].overlong = true;
		ev[n].off = start;
		ev[n].len = linelen;
		n++;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line_framer f;
	struct expect *ev;
	enum line_framer_result got;
	char *stream, *space, *line;
	size_t max_line, cap, len = 0, nev, next = 0, i, pos, n, avail;
	size_t linelen, lines = 0, overlong = 0;

	if (size < 1)
		return 0;
	max_line = max_lines[data[0] % (sizeof max_lines / sizeof max_lines[0])];

	/* The stream, without the length bytes. */
	stream = malloc(size);
	for (pos = 1; pos < size; pos += 1 + n) {
		n = data[pos];
		if (n > size - pos - 1)
			n = size - pos - 1;
		memcpy(stream + len, data + pos + 1, n);
		len += n;
	}
	ev = malloc((len + 1) * sizeof *ev);
	nev = model(stream, len, max_line, ev);

	line_framer_init(&f, max_line);
	/* It starts small and may grow, never beyond two longest lines. */
	cap = 2 * max_line + 4;
	FUZZ_CHECK(line_framer_capacity(&f) <= cap,
	    "capacity %zu for max_line %zu", line_framer_capacity(&f),
	    max_line);
	len = 0;
	for (pos = 1; pos < size; pos += 1 + n) {
		n = data[pos];
		if (n > size - pos - 1)
			n = size - pos - 1;
		/* What does not fit in one read arrives in the next. */
		for (i = 0; i < n; i += avail) {
			space = line_framer_space(&f, &avail);
			FUZZ_CHECK(avail > 0, "no space to read into");
			if (avail > n - i)
				avail = n - i;
			memcpy(space, data + pos + 1 + i, avail);
			line_framer_commit(&f, avail);
			len += avail;
			while ((got = line_framer_next(&f, &line, &linelen)) !=
			    LINE_FRAMER_NEED_MORE) {
				FUZZ_CHECK(next < nev, "event %zu not expected",
				    next);
				if (got == LINE_FRAMER_OVERLONG) {
					FUZZ_CHECK(ev[next].overlong, "event %zu: "
					    "OVERLONG for a line of %zu", next,
					    ev[next].len);
					overlong++;
				} else {
					FUZZ_CHECK(!ev[next].overlong, "event %zu: "
					    "a line for an overlong one", next);
					FUZZ_CHECK(linelen == ev[next].len &&
					    memcmp(line, stream + ev[next].off,
					    linelen) == 0, "event %zu: line "
					    "differs", next);
					FUZZ_CHECK(line[linelen] == '\0',
					    "line not terminated");
					FUZZ_CHECK(memchr(line, '\n', linelen) ==
					    NULL, "line holds an LF");
					FUZZ_CHECK(linelen <= max_line,
					    "line of %zu", linelen);
					lines++;
				}
				next++;
			}
			FUZZ_CHECK(line_framer_pending(&f) <= max_line + 1,
			    "%zu bytes pending", line_framer_pending(&f));
			FUZZ_CHECK(line_framer_capacity(&f) <= cap,
			    "capacity %zu beyond %zu", line_framer_capacity(&f),
			    cap);
		}
	}
	FUZZ_CHECK(next == nev, "%zu events, %zu expected", next, nev);
	FUZZ_CHECK(f.lines == lines && f.overlong == overlong,
	    "counters %llu/%llu, seen %zu/%zu", f.lines, f.overlong, lines,
	    overlong);
	line_framer_free(&f);
	free(ev);
	free(stream);
	return 0;
}
