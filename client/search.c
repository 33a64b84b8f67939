/* Searching the scrollback; see search.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "scrollback.h"
#include "search.h"

/* Does the line match? */
bool
search_matches(const struct scrollback_line *line, const char *query)
{
	if (query[0] == '\0' || line->kind == SCROLLBACK_DAY ||
	    (line->flags & SCROLLBACK_NOSEARCH))
		return false;
	return strcasestr(line->text, query) != NULL ||
	    strcasestr(line->sender, query) != NULL;
}

/* The nearest match from a line on. */
ssize_t
search_next(const struct scrollback *sb, const char *query, ssize_t from,
    int dir)
{
	ssize_t	n = (ssize_t)scrollback_count(sb), i;

	if (from >= n)
		from = n - 1;
	for (i = from; i >= 0 && i < n; i += dir < 0 ? -1 : 1)
		if (search_matches(scrollback_line(sb, (size_t)i), query))
			return i;
	return -1;
}

/* The last n matches, oldest first. */
size_t
search_last(const struct scrollback *sb, const char *query, size_t n,
    size_t *out)
{
	size_t	count = scrollback_count(sb), found = 0, i, k;

	if (n == 0)
		return 0;
	for (i = count; i-- > 0 && found < n;)
		if (search_matches(scrollback_line(sb, i), query))
			out[found++] = i;
	/* Found newest first: turn them round. */
	for (k = 0; k < found / 2; k++) {
		i = out[k];
		out[k] = out[found - 1 - k];
		out[found - 1 - k] = i;
	}
	return found;
}

/* Mark each match. */
void
search_mark(const char *text, const char *query, char *out, size_t size)
{
	size_t		 qlen = strlen(query), o = 0, n;
	const char	*p = text, *m;

	if (size == 0)
		return;
	out[0] = '\0';
	while (qlen > 0 && (m = strcasestr(p, query)) != NULL) {
		n = (size_t)(m - p);
		if (o + n + qlen + 3 > size)
			break;
		memcpy(out + o, p, n);
		o += n;
		out[o++] = '\x16';
		memcpy(out + o, m, qlen);
		o += qlen;
		out[o++] = '\x16';
		p = m + qlen;
	}
	snprintf(out + o, size - o, "%s", p);
}
