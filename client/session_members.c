/*
 * A room window's members, kept in the order the server named them, and
 * the nicks tab completion offers from them (who spoke last first).  Part
 * of the session (session.h); apart because it is the one piece that is
 * about people, not windows or the connection.
 */
#include <stdlib.h>
#include <string.h>

#include "irc_names.h"
#include "session.h"
#include "xmalloc.h"

/* A member of a room. */
struct member *
session_member(struct window *w, const char *nick)
{
	size_t	i;

	for (i = 0; i < w->nmembers; i++)
		if (irc_casecmp(w->members[i].nick, nick) == 0)
			return &w->members[i];
	return NULL;
}

/* Add a member (or update its prefix). */
struct member *
session_member_add(struct window *w, const char *nick, char prefix)
{
	struct member	*m;

	if ((m = session_member(w, nick)) != NULL) {
		m->prefix = prefix;
		return m;
	}
	if (w->nmembers == w->membercap) {
		w->membercap = w->membercap == 0 ? 16 : w->membercap * 2;
		w->members = xreallocarray(w->members, w->membercap,
		    sizeof *w->members);
	}
	m = &w->members[w->nmembers++];
	m->nick = xstrdup(nick);
	m->prefix = prefix;
	m->spoke = 0;
	return m;
}

/* Remove a member; false if it was not there. */
bool
session_member_remove(struct window *w, const char *nick)
{
	struct member	*m;
	size_t		 i;

	if ((m = session_member(w, nick)) == NULL)
		return false;
	i = (size_t)(m - w->members);
	free(m->nick);
	memmove(m, m + 1, (w->nmembers - i - 1) * sizeof *m);
	w->nmembers--;
	return true;
}

/* Forget every member. */
void
session_members_clear(struct window *w)
{
	size_t	i;

	for (i = 0; i < w->nmembers; i++)
		free(w->members[i].nick);
	w->nmembers = 0;
}

/* qsort: who spoke last first, then by name. */
static int
session_member_cmp(const void *a, const void *b)
{
	const struct member	*ma = *(const struct member *const *)a;
	const struct member	*mb = *(const struct member *const *)b;

	if (ma->spoke != mb->spoke)
		return ma->spoke > mb->spoke ? -1 : 1;
	return irc_casecmp(ma->nick, mb->nick);
}

/* Nicks for tab completion, best first. */
size_t
session_completions(struct session *s, struct window *w, const char **nicks,
    size_t max)
{
	const struct member	**sorted;
	size_t			  i, n = 0;

	if (max == 0)
		return 0;
	if (w->kind == WINDOW_QUERY) {
		nicks[n++] = w->name;
		return n;
	}
	if (w->nmembers == 0)
		return 0;
	sorted = xreallocarray(NULL, w->nmembers, sizeof *sorted);
	for (i = 0; i < w->nmembers; i++)
		sorted[i] = &w->members[i];
	qsort(sorted, w->nmembers, sizeof *sorted, session_member_cmp);
	for (i = 0; i < w->nmembers && n < max; i++)
		if (irc_casecmp(sorted[i]->nick, s->nick) != 0)
			nicks[n++] = sorted[i]->nick;
	free(sorted);
	return n;
}
