/* A paste of several lines, asked for and paced; see paste.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paste.h"
#include "xmalloc.h"

/* Forget the lines. */
static void
paste_clear(struct paste *p)
{
	size_t	i;

	for (i = 0; i < p->count; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->target);
	p->lines = NULL;
	p->target = NULL;
	p->count = p->sent = p->dropped = 0;
	p->state = PASTE_IDLE;
}

/* Idle, with a pace. */
void
paste_init(struct paste *p, int burst, int rate)
{
	memset(p, 0, sizeof *p);
	p->burst = burst > 0 ? burst : PASTE_BURST;
	p->rate = rate > 0 ? rate : PASTE_RATE;
}

void
paste_free(struct paste *p)
{
	paste_clear(p);
}

/* Is s[0..n) nothing but spaces? */
static bool
paste_blank(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Take a paste. */
bool
paste_offer(struct paste *p, const char *text, size_t len,
    const char *target)
{
	const char	*line = text, *end = text + len, *nl;
	size_t		 n, cap = 0;

	if (memchr(text, '\n', len) == NULL)
		return false;
	paste_clear(p);
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = (size_t)((nl != NULL ? nl : end) - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (!paste_blank(line, n)) {
			if (p->count == PASTE_LINES_MAX)
				p->dropped++;
			else {
				if (p->count == cap) {
					cap = cap == 0 ? 16 : cap * 2;
					p->lines = xreallocarray(p->lines, cap,
					    sizeof *p->lines);
				}
				p->lines[p->count++] = xstrndup(line, n);
			}
		}
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	if (p->count + p->dropped <= 1) {
		/* One line after all (a trailing newline): the caller's. */
		paste_clear(p);
		return false;
	}
	p->target = xstrdup(target);
	p->state = PASTE_ASKING;
	return true;
}

/* Start sending. */
void
paste_confirm(struct paste *p, int64_t now)
{
	if (p->state != PASTE_ASKING)
		return;
	p->state = PASTE_SENDING;
	/* The whole burst is available at once. */
	p->clock = now - (int64_t)(p->burst - 1) * 1000 / p->rate;
}

/* The next line, if due. */
const char *
paste_next(struct paste *p, int64_t now)
{
	if (p->state != PASTE_SENDING)
		return NULL;
	if (p->sent == p->count || p->clock > now)
		return NULL;
	/* Each line costs one interval; idle time refills up to a burst. */
	if (p->clock < now - (int64_t)(p->burst - 1) * 1000 / p->rate)
		p->clock = now - (int64_t)(p->burst - 1) * 1000 / p->rate;
	p->clock += 1000 / p->rate;
	return p->lines[p->sent++];
}

/* When the next line is due. */
int64_t
paste_due(const struct paste *p)
{
	if (p->state != PASTE_SENDING)
		return -1;
	return p->clock;
}

/* Stop. */
size_t
paste_cancel(struct paste *p)
{
	size_t	left = paste_left(p);

	paste_clear(p);
	return left;
}

/* Lines not sent. */
size_t
paste_left(const struct paste *p)
{
	return p->count - p->sent + p->dropped;
}
