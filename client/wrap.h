/*
 * Word wrapping of a UTF-8 text into rows of at most a given number of
 * display columns (common/utf8.h widths: CJK 2, combining marks 0).
 *
 * Rows break at spaces (the spaces at a break are shown on neither row),
 * before and after a wide (CJK) character except before closing and after
 * opening CJK punctuation, and inside a word only when the word alone is
 * wider than a row, at a character boundary that keeps a base character
 * with its combining marks.  Continuation rows are indented by a given
 * number of columns (the width of "[12:04] <alice> ") so they line up
 * under the message text; the caller draws the indent.
 *
 * The result is byte offsets into the text, so a line kept as received is
 * wrapped again for any width after a resize.
 */
#ifndef NATTER_WRAP_H
#define NATTER_WRAP_H

#include <stddef.h>

/* Continuation rows keep their indent only if it leaves this many columns. */
#define WRAP_MIN_COLS	10

/* One row: text[start..end) drawn after indent blank columns. */
struct wrap_row {
	size_t	start;
	size_t	end;
	int	indent;		/* 0 on the first row */
	int	cols;		/* columns of text[start..end) */
};

/* The rows of one text; reusable across calls. */
struct wrap {
	struct wrap_row	*rows;
	size_t		 nrows;
	size_t		 cap;
};

void	wrap_init(struct wrap *w);
void	wrap_free(struct wrap *w);
/*
 * Wrap s[0..len) into rows of at most width columns (values below 1 count
 * as 1), continuation rows indented by indent columns (ignored when it
 * would leave fewer than WRAP_MIN_COLS).  A character wider than a row
 * gets a row of its own.  Control characters and invalid bytes never make
 * it fail: they count UTF8_CONTROL_COLS and 1 columns.  Returns the number
 * of rows, at least 1 (an empty text is one empty row).
 */
size_t	wrap_text(struct wrap *w, const char *s, size_t len, int width,
	    int indent);
/* The number of rows wrap_text would give, without storing them. */
size_t	wrap_count(const char *s, size_t len, int width, int indent);
/* The indent continuation rows really get for this width and indent. */
int	wrap_indent(int width, int indent);

#endif
