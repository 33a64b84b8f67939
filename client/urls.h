/*
 * Links in what people said: /urls lists a window's recent ones,
 * numbered, newest first; /open N hands one to $BROWSER (or xdg-open),
 * /copy N puts it on the terminal's clipboard with OSC 52, which works
 * over ssh and in tmux.  A link starts with http://, https://, ftp:// or
 * www. and runs to a space or a control character; punctuation at its
 * end is left out (a closing parenthesis only when it closes none of the
 * link's own).  Plain C, no curses; unit-tested (and fuzzed with the
 * renderer).
 */
#ifndef NATTER_URLS_H
#define NATTER_URLS_H

#include <stdbool.h>
#include <stddef.h>

#include "scrollback.h"

/* Links /urls lists at most. */
#define URLS_MAX	20
/* The longest link kept. */
#define URLS_LEN_MAX	2048

struct urls_span {
	size_t	off;
	size_t	len;
};

/* The links in text[0..len), in order, at most max; returns how many. */
size_t	urls_find(const char *text, size_t len, struct urls_span *out,
	    size_t max);
/* The window's last distinct links, newest first, at most max (each
 * allocated, into out); returns how many. */
size_t	urls_recent(const struct scrollback *sb, char **out, size_t max);
/* The OSC 52 sequence that puts url on the clipboard (allocated). */
char	*urls_osc52(const char *url);
/*
 * Open url with browser (NULL or "": xdg-open), in the background, its
 * output to /dev/null, never through a shell; false with err set when it
 * cannot even start.
 */
bool	urls_open(const char *url, const char *browser, char *err,
	    size_t errsize);

#endif
