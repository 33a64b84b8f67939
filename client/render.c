/*
 * Received text into styled runs.  One pass: formatting codes change the
 * current style, control characters are written out as visible text in
 * the control style, everything else is copied as valid UTF-8.  Runs of
 * the same style are merged as they are appended.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "utf8.h"
#include "xmalloc.h"

/* The mIRC formatting characters. */
#define FMT_BOLD	0x02
#define FMT_COLOR	0x03
#define FMT_HEX		0x04
#define FMT_RESET	0x0F
#define FMT_MONO	0x11
#define FMT_REVERSE	0x16
#define FMT_ITALIC	0x1D
#define FMT_STRIKE	0x1E
#define FMT_UNDERLINE	0x1F
/* The CTCP delimiter. */
#define CTCP_DELIM	0x01
/* mIRC's "default colour". */
#define COLOR_MIRC_DEFAULT 99

const struct render_style render_style_plain = {
	0, RENDER_COLOR_DEFAULT, RENDER_COLOR_DEFAULT
};

/* The style every visible control character is drawn in. */
static const struct render_style render_style_control = {
	RENDER_CONTROL, RENDER_COLOR_DEFAULT, RENDER_COLOR_DEFAULT
};

/* RGB values of the 16 standard mIRC colours. */
static const uint32_t render_basic_rgb[RENDER_BASIC_COLORS] = {
	0xFFFFFF, 0x000000, 0x00007F, 0x009300, 0xFF0000, 0x7F0000,
	0x9C009C, 0xFC7F00, 0xFFFF00, 0x00FC00, 0x009393, 0x00FFFF,
	0x0000FC, 0xFF00FF, 0x7F7F7F, 0xD2D2D2,
};

/* An empty rendered line. */
void
render_init(struct render_text *r)
{
	memset(r, 0, sizeof *r);
	r->cap = 128;
	r->text = xmalloc(r->cap);
	r->text[0] = '\0';
}

/* Free a rendered line. */
void
render_free(struct render_text *r)
{
	free(r->text);
	free(r->runs);
	memset(r, 0, sizeof *r);
}

/* Empty r, keeping its memory. */
void
render_clear(struct render_text *r)
{
	r->len = 0;
	r->nruns = 0;
	r->text[0] = '\0';
}

/* Compare two styles. */
bool
render_style_eq(struct render_style a, struct render_style b)
{
	return a.attr == b.attr && a.fg == b.fg && a.bg == b.bg;
}

/* Append bytes in a style, extending the last run when the style matches. */
static void
render_append(struct render_text *r, const char *s, size_t len,
    struct render_style style)
{
	struct render_run	*last;

	if (len == 0)
		return;
	if (r->len + len + 1 > r->cap) {
		while (r->len + len + 1 > r->cap)
			r->cap = r->cap == 0 ? 128 : r->cap * 2;
		r->text = xrealloc(r->text, r->cap);
	}
	memcpy(r->text + r->len, s, len);
	last = r->nruns > 0 ? &r->runs[r->nruns - 1] : NULL;
	if (last != NULL && render_style_eq(last->style, style))
		last->len += len;
	else {
		if (r->nruns == r->runcap) {
			r->runcap = r->runcap == 0 ? 8 : r->runcap * 2;
			r->runs = xreallocarray(r->runs, r->runcap,
			    sizeof *r->runs);
		}
		r->runs[r->nruns].off = r->len;
		r->runs[r->nruns].len = len;
		r->runs[r->nruns].style = style;
		r->nruns++;
	}
	r->len += len;
	r->text[r->len] = '\0';
}

/* Append one code point, made visible when it is a control. */
static void
render_cp(struct render_text *r, uint32_t cp, struct render_style style)
{
	char	buf[16];
	int	n;

	if (cp == '\t') {
		render_append(r, " ", 1, style);
		return;
	}
	if (cp < 0x20 || cp == 0x7F) {
		buf[0] = '^';
		buf[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		render_append(r, buf, 2, render_style_control);
		return;
	}
	/* Also drawn as <U+XXXX>: the line and paragraph separators, bidi
	 * controls and invisible format characters (utf8_cp_is_layout),
	 * the same ones natterd's plain door shows so. */
	if (utf8_cp_is_control(cp) || utf8_cp_is_layout(cp)) {
		n = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);
		render_append(r, buf, (size_t)n, render_style_control);
		return;
	}
	n = (int)utf8_encode(cp, buf);
	if (n == 0)
		n = (int)utf8_encode(UTF8_REPLACEMENT, buf);
	render_append(r, buf, (size_t)n, style);
}

/* Copy s[0..len) made safe, in one style: no formatting codes. */
static void
render_safe(struct render_text *r, const char *s, size_t len,
    struct render_style style)
{
	size_t		off = 0, start, n;
	uint32_t	cp;

	while (off < len) {
		/* Copy printable ASCII in one go: most text is that. */
		start = off;
		while (off < len && (unsigned char)s[off] >= 0x20 &&
		    (unsigned char)s[off] < 0x7F)
			off++;
		render_append(r, s + start, off - start, style);
		if (off >= len)
			break;
		n = utf8_decode(s + off, len - off, &cp, NULL);
		render_cp(r, cp, style);
		off += n;
	}
}

/* Append s in style, as plain text. */
void
render_plain(struct render_text *r, const char *s, size_t len,
    struct render_style style)
{
	render_safe(r, s, len, style);
}

/* The value of an ASCII digit, or -1. */
static int
render_digit(const char *s, size_t len, size_t off)
{
	if (off < len && s[off] >= '0' && s[off] <= '9')
		return s[off] - '0';
	return -1;
}

/* Parse one or two digits at s[*off] as a colour; -1 if there is none. */
static int
render_color_number(const char *s, size_t len, size_t *off)
{
	int	d, value;

	if ((d = render_digit(s, len, *off)) < 0)
		return -1;
	value = d;
	(*off)++;
	if ((d = render_digit(s, len, *off)) >= 0) {
		value = value * 10 + d;
		(*off)++;
	}
	return value;
}

/* An mIRC colour number as a style colour: 99 (and above) is base's. */
static int
render_color_value(int mirc, int base)
{
	return mirc >= COLOR_MIRC_DEFAULT ? base : mirc;
}

/* Parse six hex digits at s[off] into *rgb. */
static bool
render_hex6(const char *s, size_t len, size_t off, uint32_t *rgb)
{
	uint32_t	v = 0;
	size_t		i;
	char		c;

	if (len < off + 6)
		return false;
	for (i = 0; i < 6; i++) {
		c = s[off + i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return false;
	}
	*rgb = v;
	return true;
}

/* Apply the \x03 colour code whose digits start at s[*off]. */
static void
render_parse_color(const char *s, size_t len, size_t *off,
    struct render_style *cur, struct render_style base)
{
	size_t	p = *off;
	int	fg, bg;

	if ((fg = render_color_number(s, len, &p)) < 0) {
		/* \x03 alone resets both colours. */
		cur->fg = base.fg;
		cur->bg = base.bg;
		return;
	}
	cur->fg = render_color_value(fg, base.fg);
	/* A comma is part of the code only when a digit follows it. */
	if (p < len && s[p] == ',' && render_digit(s, len, p + 1) >= 0) {
		p++;
		bg = render_color_number(s, len, &p);
		cur->bg = render_color_value(bg, base.bg);
	}
	*off = p;
}

/* Apply the \x04 hex colour code whose digits start at s[*off]. */
static void
render_parse_hex(const char *s, size_t len, size_t *off,
    struct render_style *cur, struct render_style base)
{
	uint32_t	rgb;

	if (!render_hex6(s, len, *off, &rgb)) {
		cur->fg = base.fg;
		cur->bg = base.bg;
		return;
	}
	cur->fg = render_hex_color(rgb);
	*off += 6;
	if (*off < len && s[*off] == ',' &&
	    render_hex6(s, len, *off + 1, &rgb)) {
		cur->bg = render_hex_color(rgb);
		*off += 7;
	}
}

/* True for the bytes that are mIRC formatting codes. */
static bool
render_is_format(unsigned char c)
{
	switch (c) {
	case FMT_BOLD: case FMT_COLOR: case FMT_HEX: case FMT_RESET:
	case FMT_MONO: case FMT_REVERSE: case FMT_ITALIC: case FMT_STRIKE:
	case FMT_UNDERLINE:
		return true;
	default:
		return false;
	}
}

/* Append received text with its mIRC formatting applied. */
void
render_irc(struct render_text *r, const char *s, size_t len,
    struct render_style base)
{
	struct render_style	cur = base;
	size_t			off = 0, start;
	unsigned char		c;

	while (off < len) {
		start = off;
		while (off < len && !render_is_format((unsigned char)s[off]))
			off++;
		render_safe(r, s + start, off - start, cur);
		if (off >= len)
			break;
		c = (unsigned char)s[off++];
		switch (c) {
		case FMT_BOLD:
			cur.attr ^= RENDER_BOLD;
			break;
		case FMT_ITALIC:
			cur.attr ^= RENDER_ITALIC;
			break;
		case FMT_UNDERLINE:
			cur.attr ^= RENDER_UNDERLINE;
			break;
		case FMT_STRIKE:
			cur.attr ^= RENDER_STRIKE;
			break;
		case FMT_MONO:
			cur.attr ^= RENDER_MONO;
			break;
		case FMT_REVERSE:
			cur.attr ^= RENDER_REVERSE;
			break;
		case FMT_RESET:
			cur = base;
			break;
		case FMT_COLOR:
			render_parse_color(s, len, &off, &cur, base);
			break;
		case FMT_HEX:
			render_parse_hex(s, len, &off, &cur, base);
			break;
		default:
			break;
		}
	}
}

/* Nearest standard colour to an RGB value. */
int
render_hex_color(uint32_t rgb)
{
	int		i, best = 0;
	long		dr, dg, db, d, bestd = -1;

	for (i = 0; i < RENDER_BASIC_COLORS; i++) {
		dr = (long)((rgb >> 16) & 0xFF) -
		    (long)((render_basic_rgb[i] >> 16) & 0xFF);
		dg = (long)((rgb >> 8) & 0xFF) -
		    (long)((render_basic_rgb[i] >> 8) & 0xFF);
		db = (long)(rgb & 0xFF) - (long)(render_basic_rgb[i] & 0xFF);
		d = dr * dr + dg * dg + db * db;
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* A stable colour for a nick: FNV-1a of its ASCII-folded bytes. */
int
render_nick_color(const char *nick, int ncolors)
{
	uint32_t	h = 2166136261u;
	unsigned char	c;

	if (ncolors < 1)
		return 0;
	for (; *nick != '\0'; nick++) {
		c = (unsigned char)*nick;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 16777619u;
	}
	/* Fold the high bits in: FNV's low bits alone spread less well. */
	h ^= h >> 16;
	return (int)(h % (uint32_t)ncolors);
}

/* Split a CTCP message into command and arguments. */
bool
render_ctcp(const char *text, size_t len, const char **cmd, size_t *cmdlen,
    const char **args, size_t *argslen)
{
	size_t	end, sp;

	if (len < 2 || text[0] != CTCP_DELIM)
		return false;
	end = text[len - 1] == CTCP_DELIM ? len - 1 : len;
	if (end <= 1)
		return false;
	for (sp = 1; sp < end && text[sp] != ' '; sp++)
		continue;
	if (sp == 1)
		return false;
	*cmd = text + 1;
	*cmdlen = sp - 1;
	if (sp < end) {
		*args = text + sp + 1;
		*argslen = end - sp - 1;
	} else {
		*args = text + end;
		*argslen = 0;
	}
	return true;
}

/* Recognise a CTCP ACTION and point at its text. */
bool
render_ctcp_action(const char *text, size_t len, const char **body,
    size_t *bodylen)
{
	const char	*cmd;
	size_t		 cmdlen;

	if (!render_ctcp(text, len, &cmd, &cmdlen, body, bodylen))
		return false;
	return cmdlen == 6 && memcmp(cmd, "ACTION", 6) == 0;
}
