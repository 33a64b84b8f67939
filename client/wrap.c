/*
 * Word wrapping by display width.  One pass over the clusters of a text,
 * remembering the last place a row may end; a row is cut there when the
 * next cluster does not fit, or before that cluster when the row holds a
 * single word.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cluster.h"
#include "wrap.h"
#include "xmalloc.h"

/* No rows yet. */
void
wrap_init(struct wrap *w)
{
	w->rows = NULL;
	w->nrows = w->cap = 0;
}

/* Free the rows. */
void
wrap_free(struct wrap *w)
{
	free(w->rows);
	wrap_init(w);
}

/* The indent continuation rows get: none when it leaves too few columns. */
int
wrap_indent(int width, int indent)
{
	if (indent <= 0 || width - indent < WRAP_MIN_COLS)
		return 0;
	return indent;
}

/* Store one row when w is not NULL. */
static void
wrap_emit(struct wrap *w, size_t nrows, size_t start, size_t end,
    int indent, int cols)
{
	if (w == NULL)
		return;
	if (nrows >= w->cap) {
		w->cap = w->cap == 0 ? 8 : w->cap * 2;
		w->rows = xreallocarray(w->rows, w->cap, sizeof *w->rows);
	}
	w->rows[nrows].start = start;
	w->rows[nrows].end = end;
	w->rows[nrows].indent = indent;
	w->rows[nrows].cols = cols;
}

/* Skip the spaces at s[off]: where the next non-space cluster starts, and
 * their columns in *cols. */
static size_t
wrap_skip_spaces(const char *s, size_t len, size_t off, int *cols)
{
	size_t		next;
	uint32_t	cp;
	int		cw;

	*cols = 0;
	while (off < len) {
		next = cluster_next(s, len, off, &cw, &cp);
		if (!cluster_is_space(cp))
			break;
		*cols += cw;
		off = next;
	}
	return off;
}

/* Wrap, storing the rows in w unless it is NULL; returns the row count. */
static size_t
wrap_run(struct wrap *w, const char *s, size_t len, int width, int indent)
{
	size_t		nrows = 0, pos = 0, off, next, content_end;
	size_t		brk_end = 0, brk_next = 0, row_end, row_next;
	uint32_t	cp, prev_cp;
	int		ind, avail, cols, brk_cols, pending, cw, prev_cw, dummy;
	int		row_cols;
	bool		have_brk, leading;

	if (width < 1)
		width = 1;
	ind = wrap_indent(width, indent);
	for (;;) {
		if (nrows > 0) {
			/* A continuation row never starts with spaces. */
			pos = wrap_skip_spaces(s, len, pos, &dummy);
			if (pos >= len)
				break;
		}
		avail = nrows == 0 ? width : width - ind;
		off = content_end = pos;
		cols = brk_cols = pending = prev_cw = 0;
		prev_cp = 0;
		have_brk = false;
		leading = nrows == 0;	/* the first row keeps leading spaces */
		row_end = row_next = len;
		row_cols = -1;
		while (off < len) {
			next = cluster_next(s, len, off, &cw, &cp);
			if (cluster_is_space(cp) && !leading) {
				/* A run of spaces: the row may end before it. */
				brk_end = content_end;
				brk_cols = cols;
				off = wrap_skip_spaces(s, len, off, &pending);
				brk_next = off;
				have_brk = true;
				prev_cp = ' ';
				prev_cw = 1;
				continue;
			}
			/* The row may also end before or after a wide character. */
			if (pending == 0 && content_end > pos &&
			    (cw == 2 || prev_cw == 2) &&
			    !cluster_no_break_before(cp) &&
			    !cluster_no_break_after(prev_cp)) {
				brk_end = brk_next = off;
				brk_cols = cols;
				have_brk = true;
			}
			if (cw + pending <= avail - cols) {
				cols += pending + cw;
				pending = 0;
				if (!cluster_is_space(cp))
					leading = false;
				content_end = off = next;
				prev_cp = cp;
				prev_cw = cw;
				continue;
			}
			if (have_brk && brk_end > pos) {
				row_end = brk_end;
				row_next = brk_next;
				row_cols = brk_cols;
			} else if (content_end > pos) {
				/* One word wider than the row: cut it here. */
				row_end = row_next = content_end;
				row_cols = cols;
			} else {
				/* A character wider than the row: alone. */
				row_end = row_next = next;
				row_cols = cw;
			}
			break;
		}
		if (row_cols < 0) {
			/* The text ends on this row; trailing spaces are dropped. */
			wrap_emit(w, nrows, pos, content_end,
			    nrows == 0 ? 0 : ind, cols);
			nrows++;
			break;
		}
		wrap_emit(w, nrows, pos, row_end, nrows == 0 ? 0 : ind,
		    row_cols);
		nrows++;
		pos = row_next;
		if (pos >= len)
			break;
	}
	if (nrows == 0)
		wrap_emit(w, nrows++, 0, 0, 0, 0);
	if (w != NULL)
		w->nrows = nrows;
	return nrows;
}

/* Wrap a text into rows; see wrap.h. */
size_t
wrap_text(struct wrap *w, const char *s, size_t len, int width, int indent)
{
	return wrap_run(w, s, len, width, indent);
}

/* Count the rows of a text without storing them. */
size_t
wrap_count(const char *s, size_t len, int width, int indent)
{
	return wrap_run(NULL, s, len, width, indent);
}
