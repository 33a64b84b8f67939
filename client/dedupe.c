/* Lines a window already shows; see dedupe.h. */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "dedupe.h"
#include "scrollback.h"

/* Is a line like this one already in sb? */
bool
dedupe_seen(const struct scrollback *sb, time_t when,
    enum scrollback_kind kind, const char *sender, const char *text)
{
	const struct scrollback_line	*l;
	size_t				 i = scrollback_count(sb);
	time_t				 d;

	if (sender == NULL)
		sender = "";
	while (i-- > 0) {
		l = scrollback_line(sb, i);
		/* The time first: it rules out nearly every line cheaply. */
		d = l->time > when ? l->time - when : when - l->time;
		if (d > DEDUPE_SLACK)
			continue;
		if (l->kind != kind)
			continue;
		if (strcmp(l->text, text) == 0 && strcmp(l->sender, sender) == 0)
			return true;
	}
	return false;
}
