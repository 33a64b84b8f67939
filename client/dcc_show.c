/* DCC in words: lines, /dcc, the status line; see dcc_private.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dcc.h"
#include "dcc_private.h"
#include "session.h"

/* Speed samples are at least this far apart (ms). */
#define DCC_SHOW_SAMPLE_MS	500

/* A line about x: in its nick's window, and in the window on screen when
 * that is another, so it is seen wherever the user is.  loud: it asks
 * for the user (an offer): the nick's window is marked as for a private
 * message. */
static void
dcc_line(struct dcc *d, const struct dcc_xfer *x, bool error, bool loud,
    const char *line)
{
	struct window	*w, *cur = session_current(d->s);

	if ((w = session_open(d->s, WINDOW_QUERY, x->nick)) == NULL)
		w = d->s->windows[0];
	if (loud)
		session_line(d->s, w, 0, SCROLLBACK_NOTICE, SCROLLBACK_HIGHLIGHT,
		    "DCC", line);
	else if (error)
		session_error(d->s, w, "%s", line);
	else
		session_info(d->s, w, "%s", line);
	if (w == cur)
		return;
	if (error)
		session_error(d->s, cur, "%s", line);
	else
		session_info(d->s, cur, "%s", line);
}

/* A line about x. */
void
dcc_say(struct dcc *d, const struct dcc_xfer *x, bool error,
    const char *fmt, ...)
{
	char		 line[1024];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	dcc_line(d, x, error, false, line);
}

/* The offer to us. */
void
dcc_show_offer(struct dcc *d, const struct dcc_xfer *x)
{
	char	size[32], as[DCC_NAME_MAX + 32] = "", line[6144];

	if (x->size_known)
		dcc_ctcp_size(x->size, size, sizeof size);
	else
		strlcpy(size, "size not given", sizeof size);
	if (strcmp(x->name, x->safe) != 0)
		snprintf(as, sizeof as, " (saved as %s)", x->safe);
	snprintf(line, sizeof line, "%s offers you %s%s, %s%s [%u]: /get %u "
	    "saves it in %s, /reject %u refuses it", x->nick, x->name, as,
	    size, x->passive ? ", passive" : "", x->id, x->id, d->dir, x->id);
	dcc_line(d, x, false, true, line);
}

/* Update the speed. */
void
dcc_show_sample(struct dcc_xfer *x, int64_t now)
{
	double	inst;

	if (now - x->rate_at < DCC_SHOW_SAMPLE_MS)
		return;
	inst = (double)(x->pos - x->rate_pos) * 1000.0 /
	    (double)(now - x->rate_at);
	/* Smoothed, but a stall shows at once as 0 B/s. */
	x->rate = inst == 0 || x->rate == 0 ? inst : 0.5 * x->rate + 0.5 * inst;
	x->rate_at = now;
	x->rate_pos = x->pos;
}

/* A speed in words. */
static void
dcc_show_rate(double rate, char *buf, size_t size)
{
	dcc_ctcp_size((uint64_t)rate, buf, size);
	strlcat(buf, "/s", size);
}

/* How long it took. */
void
dcc_show_took(const struct dcc_xfer *x, int64_t now, char *buf, size_t size)
{
	double	secs = (double)(now - x->began) / 1000.0;
	char	rate[32];

	if (x->began == 0 || secs <= 0) {
		buf[0] = '\0';
		return;
	}
	dcc_show_rate((double)(x->pos - x->start) / secs, rate, sizeof rate);
	snprintf(buf, size, " in %.1f s, %s", secs, rate);
}

/* What a transfer is doing, in words. */
static const char *
dcc_show_state(const struct dcc_xfer *x)
{
	switch (x->state) {
	case DCC_HASHING:	return "hashing before the offer";
	case DCC_OFFERED:	return "offered, waiting for them";
	case DCC_PENDING:	return "offered to you";
	case DCC_RESUMING:	return "asked to resume";
	case DCC_LISTENING:	return "waiting for the sender";
	case DCC_CONNECTING:	return "connecting";
	case DCC_MOVING:	return "moving";
	case DCC_DRAINING:	return "sent, waiting for the last ack";
	case DCC_VERIFYING:	return "checking the SHA-256";
	default:		return "ended";
	}
}

/* One /dcc line. */
static void
dcc_show_one(struct dcc *d, const struct dcc_xfer *x, struct window *w)
{
	char	pos[32], size[32], rate[32], eta[32] = "", pct[16] = "";
	double	left;

	dcc_ctcp_size(x->pos, pos, sizeof pos);
	if (x->size_known)
		dcc_ctcp_size(x->size, size, sizeof size);
	else
		strlcpy(size, "?", sizeof size);
	if (x->state != DCC_MOVING && x->state != DCC_DRAINING) {
		session_info(d->s, w, "  %u %s %s: %s (%s), %s", x->id,
		    x->dir == DCC_OUT ? "to" : "from", x->nick, x->name, size,
		    dcc_show_state(x));
		return;
	}
	if (x->size_known && x->size > 0)
		snprintf(pct, sizeof pct, " (%d%%)", (int)(100.0 *
		    (double)x->pos / (double)x->size));
	dcc_show_rate(x->rate, rate, sizeof rate);
	if (x->rate > 0 && x->size_known && x->size > x->pos) {
		left = (double)(x->size - x->pos) / x->rate;
		snprintf(eta, sizeof eta, ", %d:%02d left", (int)left / 60,
		    (int)left % 60);
	}
	session_info(d->s, w, "  %u %s %s: %s, %s of %s%s, %s%s", x->id,
	    x->dir == DCC_OUT ? "to" : "from", x->nick, x->name, pos, size,
	    pct, rate, eta);
}

/* /dcc */
void
dcc_show_list(struct dcc *d)
{
	struct window	*w = session_current(d->s);
	size_t		 i;

	if (d->n == 0) {
		session_info(d->s, w, "No DCC transfers or offers "
		    "(/send NICK FILE offers one)");
		return;
	}
	session_info(d->s, w, "DCC transfers (/dcc close N ends one; files "
	    "go to %s):", d->dir);
	for (i = 0; i < d->n; i++) {
		if (d->x[i]->state != DCC_ENDED)
			dcc_show_one(d, d->x[i], w);
	}
}

/* The status line's piece. */
bool
dcc_status(const struct dcc *d, char *buf, size_t size)
{
	const struct dcc_xfer	*x;
	uint64_t		 pos = 0, total = 0;
	double			 rate = 0;
	size_t			 i, moving = 0, offers = 0;
	bool			 known = true;
	char			 r[32];

	if (d == NULL)
		return false;
	for (i = 0; i < d->n; i++) {
		x = d->x[i];
		if (x->state == DCC_PENDING)
			offers++;
		if (x->state != DCC_MOVING && x->state != DCC_DRAINING)
			continue;
		moving++;
		pos += x->pos;
		total += x->size;
		known = known && x->size_known;
		rate += x->rate;
	}
	if (moving == 0 && offers == 0)
		return false;
	if (moving == 0) {
		snprintf(buf, size, "DCC: %zu offer%s", offers,
		    offers == 1 ? "" : "s");
		return true;
	}
	dcc_show_rate(rate, r, sizeof r);
	if (known && total > 0 && moving > 1)
		snprintf(buf, size, "DCC x%zu %d%% %s", moving,
		    (int)(100.0 * (double)pos / (double)total), r);
	else if (known && total > 0)
		snprintf(buf, size, "DCC %d%% %s",
		    (int)(100.0 * (double)pos / (double)total), r);
	else
		snprintf(buf, size, "DCC %s", r);
	return true;
}
