/*
 * Rendering of received IRC text into styled runs that are safe to print.
 *
 * mIRC formatting (as in the modern.ircdocs.horse formatting spec) becomes
 * run styles: \x02 bold, \x1d italic, \x1f underline, \x1e strikethrough,
 * \x11 monospace, \x16 reverse, \x0f reset, \x03 colours (fg[,bg], 0-98,
 * 99 the default) and \x04 hex colours (mapped to the nearest of the 16
 * standard colours).  Every other control character (C0, DEL, C1, so also
 * the ESC of an escape sequence) is shown as text in the RENDER_CONTROL
 * style: ^A, ^[, ^?, <U+0085>; a tab becomes one space; invalid UTF-8
 * bytes become U+FFFD.  Line and paragraph separators and the bidi
 * embedding, override and isolate controls are shown as <U+202E> too, so
 * a message cannot reorder or break what is drawn around it.
 *
 * The result is one valid UTF-8 text with no control character in it,
 * and runs that cover it in order; wrap.h wraps that text and the curses
 * layer draws each run's part of a row in its style.
 */
#ifndef NATTER_RENDER_H
#define NATTER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RENDER_BOLD		0x01
#define RENDER_ITALIC		0x02
#define RENDER_UNDERLINE	0x04
#define RENDER_STRIKE		0x08
#define RENDER_MONO		0x10
#define RENDER_REVERSE		0x20
/* A control character made visible: the curses layer gives it a style of
 * its own (reverse video), whatever the formatting around it. */
#define RENDER_CONTROL		0x40
/* Not from mIRC codes: what layout.c gives events (joins, parts...) and
 * the nick of a line that mentions ours; the curses layer picks how. */
#define RENDER_DIM		0x80
#define RENDER_HIGHLIGHT	0x100

/* No colour: the terminal's default. */
#define RENDER_COLOR_DEFAULT	(-1)
/* mIRC colours are 0..RENDER_COLORS-1; 99 means "the default". */
#define RENDER_COLORS		99
/* The standard colours (0 white ... 15 light grey) \x04 maps to. */
#define RENDER_BASIC_COLORS	16

struct render_style {
	unsigned	attr;	/* RENDER_* bits */
	int		fg;	/* 0..98 or RENDER_COLOR_DEFAULT */
	int		bg;	/* 0..98 or RENDER_COLOR_DEFAULT */
};

/* text[off..off+len) drawn in style. */
struct render_run {
	size_t			off;
	size_t			len;
	struct render_style	style;
};

/* A rendered line: the text to draw and its runs, in order, no gaps. */
struct render_text {
	char			*text;	/* NUL-terminated */
	size_t			 len;
	size_t			 cap;
	struct render_run	*runs;
	size_t			 nruns;
	size_t			 runcap;
};

/* The plain style: no attribute, default colours. */
extern const struct render_style render_style_plain;

/* An empty line: text is "" (never NULL) until render_free. */
void	render_init(struct render_text *r);
void	render_free(struct render_text *r);
/* Empty r, keeping its memory for the next line. */
void	render_clear(struct render_text *r);
/*
 * Append s[0..len), a text received from the network, with its mIRC
 * formatting applied on top of base; \x0f and colour 99 go back to base.
 * Formatting does not outlive the call.
 */
void	render_irc(struct render_text *r, const char *s, size_t len,
	    struct render_style base);
/* Append s[0..len) in style, formatting codes shown as controls too. */
void	render_plain(struct render_text *r, const char *s, size_t len,
	    struct render_style style);
/* True if two styles draw the same. */
bool	render_style_eq(struct render_style a, struct render_style b);
/* The standard colour (0..15) nearest to a 0xRRGGBB colour. */
int	render_hex_color(uint32_t rgb);
/* A stable colour index 0..ncolors-1 for a nick (ASCII case ignored, as
 * CASEMAPPING=ascii compares nicks); 0 when ncolors < 1. */
int	render_nick_color(const char *nick, int ncolors);
/*
 * If text[0..len) is a CTCP message (\x01COMMAND args\x01, the closing
 * \x01 optional), point cmd and cmdlen at its command, args and argslen at
 * its arguments (empty when there are none) and return true.
 */
bool	render_ctcp(const char *text, size_t len, const char **cmd,
	    size_t *cmdlen, const char **args, size_t *argslen);
/* True if text is a CTCP ACTION (/me); body and bodylen get the action. */
bool	render_ctcp_action(const char *text, size_t len, const char **body,
	    size_t *bodylen);

#endif
