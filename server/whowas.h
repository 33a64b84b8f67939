/*
 * WHOWAS: who used a nick that is gone.  A bounded ring of the identities
 * of registered clients that quit or changed their nick, newest last; the
 * oldest entry makes room for a new one, so memory is fixed at start.
 * Protected by hub.lock like the rest of the server's state.
 */
#ifndef NATTER_WHOWAS_H
#define NATTER_WHOWAS_H

#include <stddef.h>
#include <time.h>

#include "wire.h"

/* Identities remembered (about 300 bytes each). */
#define WHOWAS_ENTRIES		512

struct whowas_entry {
	char	nick[IRC_NICKLEN + 1];
	char	folded[IRC_NICKLEN + 1];	/* nick, case-folded */
	char	user[IRC_USERLEN + 1];
	char	host[64];
	char	realname[IRC_REALNAMELEN + 1];
	time_t	gone;				/* when it quit or changed nick */
};

struct whowas {
	struct whowas_entry	*ring;
	size_t			 cap;
	size_t			 next;		/* where the next entry goes */
	size_t			 count;		/* entries held, <= cap */
};

/* Called with each entry found, newest first. */
typedef void whowas_fn(const struct whowas_entry *e, void *arg);

void	whowas_init(struct whowas *w, size_t cap);
void	whowas_free(struct whowas *w);
/* Remember that nick (user@host, realname) was given up at `gone`. */
void	whowas_add(struct whowas *w, const char *nick, const char *user,
	    const char *host, const char *realname, time_t gone);
/*
 * Call fn for the entries of nick (any case), newest first, at most max
 * of them (0: all); returns how many were found.
 */
size_t	whowas_find(const struct whowas *w, const char *nick, size_t max,
	    whowas_fn *fn, void *arg);
/*
 * The same for several case-folded nicks at once (WHOWAS a,b): their
 * entries interleaved, newest first, at most max of each (0: all);
 * found[i] gets how many of folded[i] were.
 */
void	whowas_find_each(const struct whowas *w, const char *const folded[],
	    size_t n, size_t max, size_t found[], whowas_fn *fn, void *arg);

#endif
