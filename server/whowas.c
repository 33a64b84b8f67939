/* WHOWAS: a bounded ring of the identities of nicks given up. */
#include <stdlib.h>
#include <string.h>

#include "irc_names.h"
#include "whowas.h"
#include "xmalloc.h"

void
whowas_init(struct whowas *w, size_t cap)
{
	memset(w, 0, sizeof *w);
	w->cap = cap;
	if (cap > 0)
		w->ring = xcalloc(cap, sizeof *w->ring);
}

void
whowas_free(struct whowas *w)
{
	free(w->ring);
	memset(w, 0, sizeof *w);
}

void
whowas_add(struct whowas *w, const char *nick, const char *user,
    const char *host, const char *realname, time_t gone)
{
	struct whowas_entry *e;

	if (w->cap == 0 || nick[0] == '\0')
		return;
	e = &w->ring[w->next];
	strlcpy(e->nick, nick, sizeof e->nick);
	irc_casefold(e->folded, nick, sizeof e->folded);
	strlcpy(e->user, user, sizeof e->user);
	strlcpy(e->host, host, sizeof e->host);
	strlcpy(e->realname, realname, sizeof e->realname);
	e->gone = gone;
	w->next = (w->next + 1) % w->cap;
	if (w->count < w->cap)
		w->count++;
}

size_t
whowas_find(const struct whowas *w, const char *nick, size_t max,
    whowas_fn *fn, void *arg)
{
	char folded[IRC_NICKLEN + 1];
	size_t i, found = 0;

	if (strlen(nick) > IRC_NICKLEN)
		return 0;
	irc_casefold(folded, nick, sizeof folded);
	/* Newest first: back from the slot before w->next. */
	for (i = 1; i <= w->count && (max == 0 || found < max); i++) {
		const struct whowas_entry *e =
		    &w->ring[(w->next + w->cap - i) % w->cap];

		if (strcmp(e->folded, folded) == 0) {
			fn(e, arg);
			found++;
		}
	}
	return found;
}

void
whowas_find_each(const struct whowas *w, const char *const folded[], size_t n,
    size_t max, size_t found[], whowas_fn *fn, void *arg)
{
	size_t i, j;

	for (j = 0; j < n; j++)
		found[j] = 0;
	for (i = 1; i <= w->count; i++) {
		const struct whowas_entry *e =
		    &w->ring[(w->next + w->cap - i) % w->cap];

		for (j = 0; j < n; j++) {
			if (strcmp(e->folded, folded[j]) != 0)
				continue;
			/* A nick named twice is answered once. */
			if (max == 0 || found[j] < max) {
				fn(e, arg);
				found[j]++;
			}
			break;
		}
	}
}
