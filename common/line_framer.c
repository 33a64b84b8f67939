/*
 * The buffer is one fixed allocation of 2 * (max_line + 2) bytes.  Bytes
 * not yet returned are buf[start, end); reads go to buf[end, cap).  Once
 * line_framer_next has said NEED_MORE, at most max_line + 1 bytes are
 * pending (a full line and the CR that may precede its LF), so after moving
 * them to the front more than half the buffer is free for the next read.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "line_framer.h"
#include "log.h"
#include "xmalloc.h"

static void	line_framer_reset(struct line_framer *);
static void	line_framer_compact(struct line_framer *);

/* Set up a framer for lines of at most max_line bytes (CR/LF excluded). */
void
line_framer_init(struct line_framer *f, size_t max_line)
{
	memset(f, 0, sizeof *f);
	if (max_line > (SIZE_MAX - 4) / 2)
		log_fatalx("line_framer_init: max_line %zu too big", max_line);
	f->max_line = max_line;
	f->full = 2 * (max_line + 2);
	f->cap = f->full < LINE_FRAMER_START ? f->full : LINE_FRAMER_START;
	f->buf = xmalloc(f->cap);
}

/* Free the buffer. */
void
line_framer_free(struct line_framer *f)
{
	free(f->buf);
	memset(f, 0, sizeof *f);
}

/* Forget every buffered byte: reads start at the front again. */
static void
line_framer_reset(struct line_framer *f)
{
	f->start = f->end = f->scan = 0;
}

/* Move the pending bytes to the front of the buffer. */
static void
line_framer_compact(struct line_framer *f)
{
	size_t	pending = f->end - f->start;

	memmove(f->buf, f->buf + f->start, pending);
	f->scan -= f->start;
	f->end = pending;
	f->start = 0;
}

/* Return where the next read should go and how many bytes fit. */
char *
line_framer_space(struct line_framer *f, size_t *avail)
{
	if (f->start == f->end)
		line_framer_reset(f);
	else if (f->start > 0 &&
	    (f->start >= f->cap / 2 || f->cap - f->end < f->cap / 4)) {
		/*
		 * Moving at most max_line + 1 bytes only when half the buffer
		 * has been consumed, or when under a quarter is left to read
		 * into, keeps the copying to a couple of bytes per byte read,
		 * however short the lines.
		 */
		line_framer_compact(f);
	}
	/*
	 * Under a quarter left and no line end in it: a long line (IRCv3
	 * tags) is coming.  Only then the buffer grows to its full size.
	 */
	if (f->cap < f->full && f->cap - f->end < f->cap / 4) {
		f->buf = xrealloc(f->buf, f->full);
		f->cap = f->full;
	}
	if (f->end == f->cap) {
		log_fatalx("line_framer_space: buffer full; "
		    "line_framer_next must be called until it needs more");
	}
	*avail = f->cap - f->end;
	return f->buf + f->end;
}

/* Record n bytes read into the space line_framer_space gave. */
void
line_framer_commit(struct line_framer *f, size_t n)
{
	if (n > f->cap - f->end)
		log_fatalx("line_framer_commit: %zu bytes, %zu fit", n,
		    f->cap - f->end);
	f->end += n;
}

/* Take the next line or overlong report out of the buffer. */
enum line_framer_result
line_framer_next(struct line_framer *f, char **line, size_t *len)
{
	char	*lf;
	size_t	 at, n, pending;

	for (;;) {
		/* Only bytes not searched before: a line dripping in a byte
		 * at a time is searched once, not once per byte. */
		lf = memchr(f->buf + f->scan, '\n', f->end - f->scan);

		if (f->discarding) {
			if (lf == NULL) {
				f->dropped += f->end - f->start;
				line_framer_reset(f);
				return LINE_FRAMER_NEED_MORE;
			}
			at = (size_t)(lf - f->buf);
			f->dropped += at + 1 - f->start;
			f->start = f->scan = at + 1;
			f->discarding = false;
			continue;
		}

		if (lf == NULL) {
			f->scan = f->end;
			pending = f->end - f->start;
			/*
			 * max_line + 1 bytes fit a full line and the CR of its
			 * CRLF; one more, or a last byte that is no CR, and the
			 * line is overlong whatever comes next.
			 */
			if (pending > f->max_line + 1 ||
			    (pending == f->max_line + 1 &&
			    f->buf[f->end - 1] != '\r')) {
				f->overlong++;
				f->dropped += pending;
				f->discarding = true;
				line_framer_reset(f);
				return LINE_FRAMER_OVERLONG;
			}
			if (pending == 0)
				line_framer_reset(f);
			return LINE_FRAMER_NEED_MORE;
		}

		at = (size_t)(lf - f->buf);
		n = at - f->start;
		if (n > 0 && f->buf[at - 1] == '\r')
			n--;
		*line = f->buf + f->start;
		*len = n;
		if (n > f->max_line) {
			/* Its LF is already here: nothing to skip. */
			f->overlong++;
			f->dropped += at + 1 - f->start;
			f->start = f->scan = at + 1;
			*line = NULL;
			*len = 0;
			return LINE_FRAMER_OVERLONG;
		}
		/* The CR or LF is overwritten: it is not part of the line. */
		(*line)[n] = '\0';
		f->start = f->scan = at + 1;
		f->lines++;
		return LINE_FRAMER_LINE;
	}
}

/* Bytes buffered that are not yet part of a returned line. */
size_t
line_framer_pending(const struct line_framer *f)
{
	return f->end - f->start;
}

/*
 * Whether the bytes buffered end a line (or an overlong line being
 * dropped): line_framer_next has more to say without a read.
 */
bool
line_framer_has_line(const struct line_framer *f)
{
	return memchr(f->buf + f->start, '\n', f->end - f->start) != NULL;
}

/* Bytes of buffer the framer holds. */
size_t
line_framer_capacity(const struct line_framer *f)
{
	return f->cap;
}
