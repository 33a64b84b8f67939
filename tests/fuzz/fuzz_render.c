/*
 * Fuzz target: natter's renderer of received text (client/render.c) and
 * the wrapper that lays it out (client/wrap.c).
 *
 * The input is one received text, rendered with mIRC formatting
 * (render_irc) in two base styles one after the other, and as plain text
 * (render_plain).  The result must be valid UTF-8 holding no control
 * character and none of the line, paragraph or bidi controls that could
 * move what a terminal draws (the styling lives in the runs, never in
 * the bytes); the runs must cover the text in order, without gaps or
 * empty runs, with valid styles.  The text is then wrapped at a width the
 * input chooses: rows in order, never splitting a character cluster, only
 * spaces between them, none wider than the row unless one cluster alone.
 *
 * The same input is also a line as natter logs it (client/chatlog.c lays
 * log lines out with layout.c, read back here: never a control byte),
 * after the CP1252 fallback for text that is not UTF-8, and the text the
 * link finder (client/urls.c) and /lastlog's marker (client/search.c)
 * work on: links lie inside the text, start with a scheme and hold no
 * space or control; marking adds only reverse codes around matches.
 */
#include <stdbool.h>
#include <string.h>

#include "chatlog.h"
#include "cluster.h"
#include "cp1252.h"
#include "fuzz.h"
#include "layout.h"
#include "render.h"
#include "scrollback.h"
#include "search.h"
#include "urls.h"
#include "utf8.h"
#include "wrap.h"

#define ATTR_ALL	(RENDER_BOLD | RENDER_ITALIC | RENDER_UNDERLINE | \
	RENDER_STRIKE | RENDER_MONO | RENDER_REVERSE | RENDER_CONTROL | \
	RENDER_DIM | RENDER_HIGHLIGHT)

/* What must never reach a terminal from another person. */
static bool
dangerous(uint32_t cp)
{
	return utf8_cp_is_control(cp) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool
color_ok(int c)
{
	return c == RENDER_COLOR_DEFAULT || (c >= 0 && c < RENDER_COLORS);
}

/* Check a rendered text made of inlen bytes of input. */
static void
check_rendered(const struct render_text *r, size_t inlen)
{
	size_t off = 0, i, n;
	uint32_t cp;
	bool valid;

	FUZZ_CHECK(r->text != NULL && r->text[r->len] == '\0' &&
	    strlen(r->text) == r->len, "text of %zu bytes not a C string",
	    r->len);
	/* Each input byte becomes at most "<U+XXXX>". */
	FUZZ_CHECK(r->len <= 8 * inlen, "%zu bytes from %zu", r->len, inlen);
	while (off < r->len) {
		n = utf8_decode(r->text + off, r->len - off, &cp, &valid);
		FUZZ_CHECK(valid, "invalid UTF-8 at %zu", off);
		FUZZ_CHECK(!dangerous(cp), "U+%04X at %zu", cp, off);
		off += n;
	}
	for (i = 0, off = 0; i < r->nruns; i++) {
		FUZZ_CHECK(r->runs[i].off == off, "run %zu at %zu, not %zu", i,
		    r->runs[i].off, off);
		FUZZ_CHECK(r->runs[i].len > 0, "run %zu is empty", i);
		FUZZ_CHECK((r->runs[i].style.attr & ~ATTR_ALL) == 0 &&
		    color_ok(r->runs[i].style.fg) &&
		    color_ok(r->runs[i].style.bg), "run %zu style %x %d %d", i,
		    r->runs[i].style.attr, r->runs[i].style.fg,
		    r->runs[i].style.bg);
		if (i > 0)
			FUZZ_CHECK(!render_style_eq(r->runs[i - 1].style,
			    r->runs[i].style), "runs %zu and %zu not merged",
			    i - 1, i);
		off += r->runs[i].len;
	}
	FUZZ_CHECK(off == r->len, "runs cover %zu of %zu bytes", off, r->len);
}

/* Whether s[a..b) holds only spaces, cluster by cluster. */
static bool
only_spaces(const char *s, size_t len, size_t a, size_t b)
{
	uint32_t cp;

	while (a < b) {
		a = cluster_next(s, len, a, NULL, &cp);
		if (!cluster_is_space(cp))
			return false;
	}
	return a == b;
}

/* Wrap the rendered text and check the rows. */
static void
check_wrap(const char *s, size_t len, int width, int indent)
{
	struct wrap w;
	bool *boundary = calloc(len + 1, sizeof *boundary);
	size_t nrows, i, prev_end = 0, off;
	int ind = wrap_indent(width, indent), avail;
	const struct wrap_row *row;

	for (off = 0; off < len; off = cluster_next(s, len, off, NULL, NULL))
		boundary[off] = true;
	boundary[len] = true;

	wrap_init(&w);
	nrows = wrap_text(&w, s, len, width, indent);
	FUZZ_CHECK(nrows >= 1 && nrows == w.nrows, "%zu rows", nrows);
	FUZZ_CHECK(wrap_count(s, len, width, indent) == nrows,
	    "wrap_count differs");
	for (i = 0; i < nrows; i++) {
		row = &w.rows[i];
		FUZZ_CHECK(row->start <= row->end && row->end <= len,
		    "row %zu [%zu, %zu) of %zu", i, row->start, row->end, len);
		FUZZ_CHECK(boundary[row->start] && boundary[row->end],
		    "row %zu [%zu, %zu) splits a cluster", i, row->start,
		    row->end);
		FUZZ_CHECK(i == 0 ? row->start == 0 : row->start >= prev_end,
		    "row %zu starts at %zu, before %zu", i, row->start,
		    prev_end);
		FUZZ_CHECK(only_spaces(s, len, prev_end, row->start),
		    "row %zu: more than spaces before it", i);
		FUZZ_CHECK(row->indent == (i == 0 ? 0 : ind), "row %zu indent %d",
		    i, row->indent);
		FUZZ_CHECK(row->cols == cluster_cols(s + row->start,
		    row->end - row->start), "row %zu: %d cols, text has %d", i,
		    row->cols, cluster_cols(s + row->start,
		    row->end - row->start));
		avail = (width < 1 ? 1 : width) - row->indent;
		FUZZ_CHECK(row->cols <= avail || cluster_next(s, len,
		    row->start, NULL, NULL) == row->end, "row %zu: %d cols in %d",
		    i, row->cols, avail);
		FUZZ_CHECK(i + 1 == nrows || row->end > row->start,
		    "row %zu is empty", i);
		prev_end = row->end;
	}
	FUZZ_CHECK(only_spaces(s, len, prev_end, len), "text after the rows");
	wrap_free(&w);
	free(boundary);
}

/* A nick's colour is in range, and the same in any ASCII case. */
static void
check_nick_color(const uint8_t *data, size_t size)
{
	char nick[32], upper[32];
	int ncolors = size > 0 ? data[0] % 20 - 2 : 16, c;
	size_t i, n = size < sizeof nick - 1 ? size : sizeof nick - 1;

	memcpy(nick, data, n);
	nick[n] = '\0';
	for (i = 0; i <= n; i++)
		upper[i] = nick[i] >= 'a' && nick[i] <= 'z' ?
		    (char)(nick[i] - 'a' + 'A') : nick[i];
	c = render_nick_color(nick, ncolors);
	FUZZ_CHECK(ncolors < 1 ? c == 0 : c >= 0 && c < ncolors,
	    "nick colour %d of %d", c, ncolors);
	FUZZ_CHECK(render_nick_color(upper, ncolors) == c,
	    "nick colour depends on case");
}

/* A time from the input's first bytes (any, negative too). */
static long long
data_time(const char *s, size_t size)
{
	long long	t = 0;
	size_t		i;

	for (i = 0; i < size && i < 5; i++)
		t = t * 256 + (unsigned char)s[i];
	return t - (1LL << 38);
}

/* Valid UTF-8 with nothing dangerous in it. */
static void
check_safe(const char *s, size_t len, const char *what)
{
	size_t		off = 0, n;
	uint32_t	cp;
	bool		valid;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp, &valid);
		FUZZ_CHECK(valid, "%s: invalid UTF-8 at %zu", what, off);
		FUZZ_CHECK(!dangerous(cp), "%s: U+%04X at %zu", what, cp, off);
		off += n;
	}
}

/* The input as a logged line: nick from its first bytes, the rest text,
 * each kind; and the CP1252 fallback. */
static void
check_log_line(const char *s, size_t size)
{
	static struct layout		lo;
	static bool			ready;
	struct render_text		r;
	struct scrollback_line		line;
	char				*text, nick[16], *fixed;
	size_t				nlen = size < 8 ? size : 8;
	int				kind;

	if (!ready) {
		layout_init(&lo);
		lo.time_format = CHATLOG_TIME_FORMAT;
		ready = true;
	}
	text = malloc(size + 1);
	memcpy(text, s, size);
	text[size] = '\0';
	memcpy(nick, s, nlen);
	nick[nlen] = '\0';
	render_init(&r);
	memset(&line, 0, sizeof line);
	line.time = size > 0 ? (time_t)data_time(s, size) : 0;
	line.sender = nick;
	line.text = text;
	for (kind = SCROLLBACK_MESSAGE; kind <= SCROLLBACK_DAY; kind++) {
		line.kind = (enum scrollback_kind)kind;
		layout_line(&lo, &line, &r);
		FUZZ_CHECK(strlen(r.text) == r.len, "log line has a NUL");
		check_safe(r.text, r.len, "log line");
	}
	render_free(&r);
	fixed = malloc(size * CP1252_UTF8_MAX + 1);
	if (cp1252_fallback(s, size, fixed, size * CP1252_UTF8_MAX + 1))
		FUZZ_CHECK(utf8_valid(fixed, strlen(fixed)),
		    "CP1252 fallback is not UTF-8");
	free(fixed);
	free(text);
}

/* Links and /lastlog's marks in the input. */
static void
check_links(const char *s, size_t size)
{
	struct urls_span	sp[URLS_MAX];
	char			*text, *marked, query[4];
	size_t			n, i, k, prev = 0, qlen;

	text = malloc(size + 1);
	memcpy(text, s, size);
	text[size] = '\0';
	size = strlen(text);
	n = urls_find(text, size, sp, URLS_MAX);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(sp[i].off >= prev && sp[i].off + sp[i].len <= size,
		    "link %zu out of the text", i);
		FUZZ_CHECK(sp[i].len > 4 && sp[i].len <= URLS_LEN_MAX,
		    "link %zu of %zu bytes", i, sp[i].len);
		for (k = 0; k < sp[i].len; k++)
			FUZZ_CHECK((unsigned char)text[sp[i].off + k] > ' ' &&
			    text[sp[i].off + k] != 0x7f, "link %zu has a "
			    "space or control", i);
		prev = sp[i].off + sp[i].len;
	}
	/* The first bytes as a query: marking only adds \x16 pairs. */
	qlen = size < 3 ? size : 3;
	memcpy(query, text, qlen);
	query[qlen] = '\0';
	marked = malloc(size * 3 + 8);
	search_mark(text, query, marked, size * 3 + 8);
	for (i = 0, k = 0; marked[i] != '\0'; i++)
		if (marked[i] != '\x16' || text[k] == '\x16')
			k++;
	FUZZ_CHECK(k == size, "marking changed the text (%zu of %zu)", k,
	    size);
	free(marked);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *a, *b;
	struct render_style base = {
		.attr = size > 0 ? data[0] & (RENDER_BOLD | RENDER_DIM) : 0,
		.fg = size > 1 ? data[1] % (RENDER_COLORS + 1) - 1 : -1,
		.bg = size > 2 ? data[2] % (RENDER_COLORS + 1) - 1 : -1,
	};
	struct render_text r;
	size_t alen, blen;

	render_init(&r);
	check_rendered(&r, 0);
	render_irc(&r, s, size, render_style_plain);
	check_rendered(&r, size);
	/* A second text after the first, as layout.c builds a line. */
	render_irc(&r, s, size, base);
	check_rendered(&r, 2 * size);
	check_wrap(r.text, r.len, size > 3 ? data[3] % 90 - 5 : 20,
	    size > 4 ? data[4] % 40 - 5 : 0);

	render_clear(&r);
	render_plain(&r, s, size, base);
	check_rendered(&r, size);
	render_free(&r);

	if (render_ctcp(s, size, &a, &alen, &b, &blen)) {
		FUZZ_CHECK(a > s && alen > 0 && a + alen <= s + size,
		    "CTCP command out of the text");
		FUZZ_CHECK(b >= a + alen && b + blen <= s + size,
		    "CTCP args out of the text");
		FUZZ_CHECK(memchr(a, ' ', alen) == NULL, "CTCP command "
		    "with a space");
	}
	check_nick_color(data, size);
	check_log_line(s, size);
	check_links(s, size);
	return 0;
}
