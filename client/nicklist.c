/* The nick list's order; see nicklist.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "irc_names.h"
#include "nicklist.h"
#include "session.h"

/* The rank order qsort compares by (qsort has no argument for it). */
static const char	*nicklist_prefixes;

/* A prefix's rank: its place in the order, those without one last. */
static size_t
nicklist_rank(char prefix)
{
	const char	*p;

	if (prefix == '\0' || (p = strchr(nicklist_prefixes, prefix)) == NULL)
		return strlen(nicklist_prefixes);
	return (size_t)(p - nicklist_prefixes);
}

/* qsort: by rank, then by nick. */
static int
nicklist_cmp(const void *a, const void *b)
{
	const struct member	*ma = *(const struct member *const *)a;
	const struct member	*mb = *(const struct member *const *)b;
	size_t			 ra = nicklist_rank(ma->prefix);
	size_t			 rb = nicklist_rank(mb->prefix);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return irc_casecmp(ma->nick, mb->nick);
}

/* The members in order. */
void
nicklist_sort(const struct member *members, size_t n, const char *prefixes,
    const struct member **out)
{
	size_t	i;

	for (i = 0; i < n; i++)
		out[i] = &members[i];
	nicklist_prefixes = prefixes;
	qsort(out, n, sizeof *out, nicklist_cmp);
}

/* Does it fit? */
bool
nicklist_fits(bool wanted, int cols)
{
	return wanted && cols >= NICKLIST_MIN_COLS;
}
