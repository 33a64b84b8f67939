/*
 * The input line editor.  Every edit goes through editor_replace, which
 * keeps the length bound and puts the cursor back on a cluster boundary;
 * every action first calls editor_begin, which is how successive kills
 * add up and successive Tabs cycle.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "cluster.h"
#include "editor.h"
#include "irc_names.h"
#include "utf8.h"
#include "xmalloc.h"

static void	editor_comp_end(struct editor *);

/* An empty editor. */
void
editor_init(struct editor *e, size_t histmax)
{
	memset(e, 0, sizeof *e);
	e->cap = 64;
	e->buf = xmalloc(e->cap);
	e->buf[0] = '\0';
	e->histmax = histmax == 0 ? EDITOR_HISTORY_DEFAULT : histmax;
	e->last = EDITOR_LAST_OTHER;
}

/* Free everything an editor holds. */
void
editor_free(struct editor *e)
{
	size_t	i;

	editor_comp_end(e);
	for (i = 0; i < e->nhist; i++)
		free(e->hist[i]);
	free(e->hist);
	free(e->draft);
	free(e->kill);
	free(e->buf);
	memset(e, 0, sizeof *e);
}

/* The line being edited. */
const char *
editor_text(const struct editor *e)
{
	return e->buf;
}

/* Its length in bytes. */
size_t
editor_len(const struct editor *e)
{
	return e->len;
}

/* The cursor, a byte offset into the line. */
size_t
editor_cursor(const struct editor *e)
{
	return e->cursor;
}

/* Forget a completion cycle. */
static void
editor_comp_end(struct editor *e)
{
	size_t	i;

	for (i = 0; i < e->nmatches; i++)
		free(e->matches[i]);
	free(e->matches);
	e->matches = NULL;
	e->nmatches = e->match = 0;
}

/* Start an action of the given kind; returns the kind of the previous one. */
static enum editor_last
editor_begin(struct editor *e, enum editor_last now)
{
	enum editor_last	prev = e->last;

	e->last = now;
	if (now != EDITOR_LAST_COMPLETE)
		editor_comp_end(e);
	return prev;
}

/* Make s[0..len) fit the line: valid UTF-8, no control characters. */
static void
editor_sanitize(struct buffer *out, const char *s, size_t len)
{
	char		enc[UTF8_LEN_MAX];
	uint32_t	cp;
	size_t		off = 0, start, n;

	while (off < len) {
		start = off;
		while (off < len && (unsigned char)s[off] >= 0x20 &&
		    (unsigned char)s[off] < 0x7F)
			off++;
		buffer_append(out, s + start, off - start);
		if (off >= len)
			break;
		n = utf8_decode(s + off, len - off, &cp, NULL);
		off += n;
		if (cp == '\t' || cp == '\r' || cp == '\n')
			buffer_append(out, " ", 1);
		else if (!utf8_cp_is_control(cp))
			buffer_append(out, enc, utf8_encode(cp, enc));
	}
}

/* Move the cursor forward out of a cluster it may have landed in. */
static void
editor_snap(struct editor *e)
{
	size_t	start, end;

	if (e->cursor > e->len)
		e->cursor = e->len;
	if (e->cursor == 0 || e->cursor == e->len)
		return;
	start = cluster_prev(e->buf, e->len, e->cursor);
	end = cluster_next(e->buf, e->len, start, NULL, NULL);
	if (end > e->cursor)
		e->cursor = end;
}

/*
 * Replace buf[start..end) by s[0..len) (already sanitized) and put the
 * cursor after it.  Returns false if s had to be cut to fit.
 */
static bool
editor_replace(struct editor *e, size_t start, size_t end, const char *s,
    size_t len)
{
	size_t	room = EDITOR_LEN_MAX - (e->len - (end - start));
	bool	whole = true;

	if (len > room) {
		len = utf8_prefix_len(s, len, room);
		whole = false;
	}
	if (e->len - (end - start) + len + 1 > e->cap) {
		while (e->len - (end - start) + len + 1 > e->cap)
			e->cap *= 2;
		e->buf = xrealloc(e->buf, e->cap);
	}
	memmove(e->buf + start + len, e->buf + end, e->len - end);
	if (len > 0)	/* s may be NULL then: an empty struct buffer */
		memcpy(e->buf + start, s, len);
	e->len = e->len - (end - start) + len;
	e->buf[e->len] = '\0';
	e->cursor = start + len;
	editor_snap(e);
	return whole;
}

/* Replace the whole line, cursor at the end. */
static void
editor_load(struct editor *e, const char *text)
{
	struct buffer	b;

	buffer_init(&b);
	editor_sanitize(&b, text, strlen(text));
	editor_replace(e, 0, e->len, b.data, b.len);
	buffer_free(&b);
	e->scroll = 0;
}

/* Replace the line, as when the caller recalls one. */
void
editor_set_text(struct editor *e, const char *text)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	editor_load(e, text);
}

/* Insert text at the cursor. */
bool
editor_insert(struct editor *e, const char *s, size_t len)
{
	struct buffer	b;
	size_t		before = e->len;
	bool		whole;

	editor_begin(e, EDITOR_LAST_OTHER);
	buffer_init(&b);
	editor_sanitize(&b, s, len);
	whole = editor_replace(e, e->cursor, e->cursor, b.data, b.len);
	buffer_free(&b);
	return whole && e->len > before;
}

/* Start of the cluster after the one at off. */
static size_t
editor_next(const struct editor *e, size_t off)
{
	return cluster_next(e->buf, e->len, off, NULL, NULL);
}

/* Start of the cluster before off. */
static size_t
editor_prev(const struct editor *e, size_t off)
{
	return cluster_prev(e->buf, e->len, off);
}

/* The base character of the cluster just before off (off > 0). */
static uint32_t
editor_base_before(const struct editor *e, size_t off)
{
	uint32_t	cp;

	cluster_next(e->buf, e->len, editor_prev(e, off), NULL, &cp);
	return cp;
}

/* The base character of the cluster at off (off < len). */
static uint32_t
editor_base_at(const struct editor *e, size_t off)
{
	uint32_t	cp;

	cluster_next(e->buf, e->len, off, NULL, &cp);
	return cp;
}

/* Set the cursor; true if it moved. */
static bool
editor_move(struct editor *e, size_t to)
{
	bool	moved = to != e->cursor;

	e->cursor = to;
	return moved;
}

/* C-b, Left: back one character. */
bool
editor_left(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, editor_prev(e, e->cursor));
}

/* C-f, Right: forward one character. */
bool
editor_right(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, editor_next(e, e->cursor));
}

/* Where M-f goes: past non-word characters, then past a word. */
static size_t
editor_word_end(const struct editor *e, size_t off)
{
	while (off < e->len && !cluster_is_word(editor_base_at(e, off)))
		off = editor_next(e, off);
	while (off < e->len && cluster_is_word(editor_base_at(e, off)))
		off = editor_next(e, off);
	return off;
}

/* Where M-b goes: back over non-word characters, then over a word. */
static size_t
editor_word_start(const struct editor *e, size_t off)
{
	while (off > 0 && !cluster_is_word(editor_base_before(e, off)))
		off = editor_prev(e, off);
	while (off > 0 && cluster_is_word(editor_base_before(e, off)))
		off = editor_prev(e, off);
	return off;
}

/* M-b: back to the start of a word. */
bool
editor_word_left(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, editor_word_start(e, e->cursor));
}

/* M-f: forward to the end of a word. */
bool
editor_word_right(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, editor_word_end(e, e->cursor));
}

/* C-a, Home: to the start of the line. */
bool
editor_home(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, 0);
}

/* C-e, End: to the end of the line. */
bool
editor_end(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_move(e, e->len);
}

/* Delete buf[start..end) without keeping it. */
static bool
editor_erase(struct editor *e, size_t start, size_t end)
{
	if (start >= end)
		return false;
	editor_replace(e, start, end, "", 0);
	return true;
}

/* Backspace: delete the character before the cursor. */
bool
editor_backspace(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_erase(e, editor_prev(e, e->cursor), e->cursor);
}

/* Delete, C-d: delete the character at the cursor. */
bool
editor_delete(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	return editor_erase(e, e->cursor, editor_next(e, e->cursor));
}

/*
 * Delete buf[start..end) into the kill buffer: it replaces the kill buffer,
 * or is added to it (in front when killing backwards) right after a kill.
 */
static bool
editor_kill(struct editor *e, size_t start, size_t end, bool backward)
{
	enum editor_last	prev = editor_begin(e, EDITOR_LAST_KILL);
	size_t			n = end - start;
	char			*k;

	if (start >= end)
		return false;
	if (prev != EDITOR_LAST_KILL || e->kill == NULL) {
		free(e->kill);
		e->kill = xstrndup(e->buf + start, n);
		e->killlen = n;
	} else {
		k = xmalloc(e->killlen + n + 1);
		if (backward) {
			memcpy(k, e->buf + start, n);
			memcpy(k + n, e->kill, e->killlen);
		} else {
			memcpy(k, e->kill, e->killlen);
			memcpy(k + e->killlen, e->buf + start, n);
		}
		k[e->killlen + n] = '\0';
		free(e->kill);
		e->kill = k;
		e->killlen += n;
	}
	editor_replace(e, start, end, "", 0);
	return true;
}

/* C-w: kill back over spaces, then to the previous whitespace. */
bool
editor_kill_word_back(struct editor *e)
{
	size_t	off = e->cursor;

	while (off > 0 && cluster_is_space(editor_base_before(e, off)))
		off = editor_prev(e, off);
	while (off > 0 && !cluster_is_space(editor_base_before(e, off)))
		off = editor_prev(e, off);
	return editor_kill(e, off, e->cursor, true);
}

/* M-d: kill to the end of the next word. */
bool
editor_kill_word_forward(struct editor *e)
{
	return editor_kill(e, e->cursor, editor_word_end(e, e->cursor), false);
}

/* C-u: kill to the start of the line. */
bool
editor_kill_home(struct editor *e)
{
	return editor_kill(e, 0, e->cursor, true);
}

/* C-k: kill to the end of the line. */
bool
editor_kill_end(struct editor *e)
{
	return editor_kill(e, e->cursor, e->len, false);
}

/* C-y: insert the last kill. */
bool
editor_yank(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	if (e->kill == NULL || e->killlen == 0)
		return false;
	return editor_replace(e, e->cursor, e->cursor, e->kill, e->killlen);
}

/* C-t: swap two characters. */
bool
editor_transpose(struct editor *e)
{
	size_t	a, b, c;
	char	*tmp;

	editor_begin(e, EDITOR_LAST_OTHER);
	if (e->cursor == 0 || e->len == 0)
		return false;
	if (e->cursor == e->len) {
		c = e->len;
		b = editor_prev(e, c);
		if (b == 0)
			return false;
		a = editor_prev(e, b);
	} else {
		b = e->cursor;
		a = editor_prev(e, b);
		c = editor_next(e, b);
	}
	/* buf[a..b) and buf[b..c) change places. */
	tmp = xmalloc(c - a);
	memcpy(tmp, e->buf + b, c - b);
	memcpy(tmp + (c - b), e->buf + a, b - a);
	memcpy(e->buf + a, tmp, c - a);
	free(tmp);
	e->cursor = c;
	editor_snap(e);
	return true;
}

/* Up: the previous history line, keeping the one being typed. */
bool
editor_history_up(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	if (e->histpos == 0)
		return false;
	if (e->histpos == e->nhist) {
		free(e->draft);
		e->draft = xstrdup(e->buf);
	}
	e->histpos--;
	editor_load(e, e->hist[e->histpos]);
	return true;
}

/* Down: the next history line, or the one being typed. */
bool
editor_history_down(struct editor *e)
{
	editor_begin(e, EDITOR_LAST_OTHER);
	if (e->histpos >= e->nhist)
		return false;
	e->histpos++;
	if (e->histpos == e->nhist) {
		editor_load(e, e->draft != NULL ? e->draft : "");
		free(e->draft);
		e->draft = NULL;
	} else
		editor_load(e, e->hist[e->histpos]);
	return true;
}

/* Add a line to the history, dropping the oldest when full. */
static void
editor_history_add(struct editor *e, const char *line)
{
	if (line[0] == '\0')
		return;
	if (e->nhist > 0 && strcmp(e->hist[e->nhist - 1], line) == 0)
		return;
	if (e->hist == NULL)
		e->hist = xcalloc(e->histmax, sizeof *e->hist);
	if (e->nhist == e->histmax) {
		free(e->hist[0]);
		memmove(e->hist, e->hist + 1, (e->nhist - 1) * sizeof *e->hist);
		e->nhist--;
	}
	e->hist[e->nhist++] = xstrdup(line);
}

/* Enter: hand the line over, remember it, start a new one. */
char *
editor_accept(struct editor *e)
{
	char	*line;

	editor_begin(e, EDITOR_LAST_OTHER);
	line = xstrndup(e->buf, e->len);
	editor_history_add(e, line);
	e->histpos = e->nhist;
	free(e->draft);
	e->draft = NULL;
	e->len = e->cursor = e->scroll = 0;
	e->buf[0] = '\0';
	return line;
}

/* True if name starts with prefix[0..len), ASCII case ignored. */
static bool
editor_prefix_match(const char *name, const char *prefix, size_t len)
{
	unsigned char	a, b;
	size_t		i;

	for (i = 0; i < len; i++) {
		a = (unsigned char)name[i];
		b = (unsigned char)prefix[i];
		if (a == '\0')
			return false;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* Add "lead name suffix" to the completion cycle, unless already there. */
static void
editor_comp_add(struct editor *e, const char *lead, const char *name,
    const char *suffix)
{
	struct buffer	b;
	size_t		i;

	buffer_init(&b);
	buffer_append(&b, lead, strlen(lead));
	editor_sanitize(&b, name, strlen(name));
	buffer_append(&b, suffix, strlen(suffix) + 1);
	for (i = 0; i < e->nmatches; i++) {
		if (irc_casecmp(e->matches[i], b.data) == 0) {
			buffer_free(&b);
			return;
		}
	}
	e->matches = xreallocarray(e->matches, e->nmatches + 1,
	    sizeof *e->matches);
	e->matches[e->nmatches++] = xstrdup(b.data);
	buffer_free(&b);
}

/* Put the current match where the completion goes. */
static bool
editor_comp_insert(struct editor *e)
{
	const char	*m = e->matches[e->match];

	editor_replace(e, e->comp_start, e->comp_end, m, strlen(m));
	e->comp_end = e->cursor;
	return true;
}

/* Tab, Shift-Tab: complete a nick or command, or cycle. */
bool
editor_complete(struct editor *e, const char *const *nicks, size_t nnicks,
    const char *const *commands, size_t ncommands, bool forward)
{
	enum editor_last	 prev = editor_begin(e, EDITOR_LAST_COMPLETE);
	const char		*word, *suffix;
	size_t			 ws, wlen, i;
	bool			 space_follows;

	if (prev == EDITOR_LAST_COMPLETE && e->nmatches > 0) {
		if (forward)
			e->match = (e->match + 1) % e->nmatches;
		else
			e->match = (e->match + e->nmatches - 1) % e->nmatches;
		return editor_comp_insert(e);
	}
	editor_comp_end(e);

	ws = e->cursor;
	while (ws > 0 && !cluster_is_space(editor_base_before(e, ws)))
		ws = editor_prev(e, ws);
	word = e->buf + ws;
	wlen = e->cursor - ws;
	space_follows = e->cursor < e->len && e->buf[e->cursor] == ' ';
	if (ws == 0 && wlen > 0 && word[0] == '/') {
		for (i = 0; i < ncommands; i++) {
			if (editor_prefix_match(commands[i], word + 1, wlen - 1))
				editor_comp_add(e, "/", commands[i],
				    space_follows ? "" : " ");
		}
	} else if (wlen > 0) {
		if (ws == 0)
			suffix = space_follows ? ":" : ": ";
		else
			suffix = space_follows ? "" : " ";
		for (i = 0; i < nnicks; i++) {
			if (editor_prefix_match(nicks[i], word, wlen))
				editor_comp_add(e, "", nicks[i], suffix);
		}
	}
	if (e->nmatches == 0) {
		e->last = EDITOR_LAST_OTHER;
		return false;
	}
	e->comp_start = ws;
	e->comp_end = e->cursor;
	e->match = forward ? 0 : e->nmatches - 1;
	return editor_comp_insert(e);
}

/* Columns before the cursor. */
int
editor_cursor_cols(const struct editor *e)
{
	return cluster_cols(e->buf, e->cursor);
}

/* The cluster boundary at or before column col (round_up false), or at
 * or after it (round_up true). */
static size_t
editor_col_offset(const struct editor *e, int col, bool round_up)
{
	size_t	off = 0, next;
	int	w, at = 0;

	while (off < e->len && at < col) {
		next = cluster_next(e->buf, e->len, off, &w, NULL);
		if (!round_up && at + w > col)
			break;
		at += w;
		off = next;
	}
	return off;
}

/* The part of the line to draw in width columns. */
void
editor_view(struct editor *e, int width, struct editor_view *v)
{
	int	ccol, cw = 1, scol, total;

	if (width < 1)
		width = 1;
	if (e->scroll > e->len)
		e->scroll = e->len;
	/* Put a stale scroll back on a cluster boundary. */
	e->scroll = editor_col_offset(e, cluster_cols(e->buf, e->scroll),
	    false);
	ccol = cluster_cols(e->buf, e->cursor);
	if (e->cursor < e->len)
		cluster_next(e->buf, e->len, e->cursor, &cw, NULL);
	if (cw < 1)
		cw = 1;
	total = cluster_cols(e->buf, e->len);
	scol = cluster_cols(e->buf, e->scroll);

	if (total + 1 <= width)
		e->scroll = 0;
	else {
		if (ccol < scol) {
			/* Left of the view: jump back a quarter width more. */
			e->scroll = editor_col_offset(e,
			    ccol - width / 4 > 0 ? ccol - width / 4 : 0, false);
		} else if (ccol + cw > scol + width) {
			e->scroll = editor_col_offset(e, ccol + cw - width,
			    true);
			if (e->scroll > e->cursor)
				e->scroll = e->cursor;
		}
		/* No empty columns on the right while text hides on the left. */
		scol = cluster_cols(e->buf, e->scroll);
		if (total + 1 - scol < width)
			e->scroll = editor_col_offset(e, total + 1 - width, true);
	}
	scol = cluster_cols(e->buf, e->scroll);
	if (ccol < scol || ccol + cw > scol + width) {
		/* Too narrow for any context: start at the cursor. */
		e->scroll = e->cursor;
		scol = ccol;
	}
	v->start = e->scroll;
	v->end = e->scroll + utf8_prefix_cols(e->buf + e->scroll,
	    e->len - e->scroll, width, NULL);
	v->cursor_col = ccol - scol;
}
