/*
 * Line framing over a byte stream.  The reader asks the framer where to
 * read(2) to, records how much arrived, then takes lines out until it is
 * told to read more: no byte-at-a-time reads, no copy between buffers.
 *
 * A line ends at LF; a CR just before the LF is stripped, a CR anywhere
 * else is data.  The buffer is small until a long line comes, then about
 * twice the longest line: a line longer than max_line is dropped and
 * reported once, and the framer skips to the next LF before framing
 * again, so a peer sending endless data without a line end costs no
 * memory.
 */
#ifndef NATTER_LINE_FRAMER_H
#define NATTER_LINE_FRAMER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A new framer's buffer: two untagged IRC lines.  Most peers never send
 * more than that at once; one that sends a longer line (IRCv3 tags) gets
 * the full size.  Ten thousand idle clients add up.
 */
#define LINE_FRAMER_START	1024

enum line_framer_result {
	/* *line, *len hold one line, NUL-terminated, CR/LF stripped; valid
	 * until the next call on the framer. */
	LINE_FRAMER_LINE,
	/* No complete line is buffered: read more. */
	LINE_FRAMER_NEED_MORE,
	/* A line longer than max_line was seen and its bytes dropped;
	 * reported once per overlong line, before its LF if need be. */
	LINE_FRAMER_OVERLONG,
};

struct line_framer {
	char	*buf;
	size_t	 cap;		/* bytes allocated now */
	size_t	 full;		/* what it may grow to: two longest lines */
	size_t	 max_line;	/* longest line, CR/LF excluded */
	size_t	 start;		/* first byte not yet returned */
	size_t	 end;		/* one past the last byte read */
	size_t	 scan;		/* [start, scan) is known to hold no LF */
	bool	 discarding;	/* dropping the rest of an overlong line */

	unsigned long long lines;	/* lines returned */
	unsigned long long overlong;	/* overlong lines reported */
	unsigned long long dropped;	/* bytes of overlong lines dropped */
};

/* Set up a framer for lines of at most max_line bytes (CR/LF excluded). */
void	 line_framer_init(struct line_framer *f, size_t max_line);
/* Free the framer's buffer; it may be set up again with line_framer_init. */
void	 line_framer_free(struct line_framer *f);
/* Where the next read(2) should put its bytes, and how many fit (always > 0
 * once line_framer_next has returned LINE_FRAMER_NEED_MORE). */
char	*line_framer_space(struct line_framer *f, size_t *avail);
/* Record that n bytes were stored at the space returned above. */
void	 line_framer_commit(struct line_framer *f, size_t n);
/* Take the next event; call until it returns LINE_FRAMER_NEED_MORE. */
enum line_framer_result line_framer_next(struct line_framer *f, char **line,
	    size_t *len);
/* Bytes buffered that are not yet part of a returned line. */
size_t	 line_framer_pending(const struct line_framer *f);
bool	 line_framer_has_line(const struct line_framer *f);
/* Bytes of buffer the framer holds, fixed at init (for tests). */
size_t	 line_framer_capacity(const struct line_framer *f);

#endif
