/* The status line; see status.h. */
#include <stdio.h>
#include <string.h>

#include "cluster.h"
#include "dcc.h"
#include "options.h"
#include "render.h"
#include "scrollback.h"
#include "session.h"
#include "status.h"

/* The activity colours (mIRC): messages blue, highlights red. */
#define STATUS_COLOR_MESSAGE	12
#define STATUS_COLOR_HIGHLIGHT	4

/* Append a piece in attr. */
static void
status_put(struct render_text *out, const char *s, unsigned attr)
{
	struct render_style	st = render_style_plain;

	st.attr = attr;
	render_plain(out, s, strlen(s), st);
}

/* Append a piece in attr and a mIRC colour (none without colours). */
static void
status_put_color(const struct session *s, struct render_text *out,
    const char *text, unsigned attr, int color)
{
	struct render_style	st = render_style_plain;

	st.attr = attr;
	if (s->opt->color)
		st.fg = color;
	render_plain(out, text, strlen(text), st);
}

/* The connection state, "" when online. */
static void
status_state(struct session *s, char *buf, size_t size)
{
	switch (s->state) {
	case SESSION_CONNECTING:
		snprintf(buf, size, "connecting to %s port %s%s", s->opt->host,
		    s->opt->port, s->opt->tls ? " with TLS" : "");
		break;
	case SESSION_REGISTERING:
		snprintf(buf, size, "logging in to %s", s->opt->host);
		break;
	case SESSION_OFFLINE:
		if (s->retry_in >= 0)
			snprintf(buf, size, "disconnected, retrying in %ds",
			    s->retry_in);
		else if (s->stop)
			snprintf(buf, size, "stopped: %s", s->status_note);
		else
			snprintf(buf, size, "disconnected");
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

/* Write the status line. */
void
status_format(struct session *s, struct render_text *out)
{
	struct window		*cur = session_current(s), *w;
	enum scrollback_activity act;
	char			 buf[256];
	size_t			 i;
	bool			 any = false;
	int			 start;

	render_clear(out);
	status_put(out, " ", 0);
	status_put(out, s->nick, RENDER_BOLD);
	if (s->away)
		status_put(out, " (away)", 0);
	status_state(s, buf, sizeof buf);
	if (buf[0] == '\0') {
		snprintf(buf, sizeof buf, " on %s", s->opt->host);
		status_put(out, buf, 0);
		/* Encrypted, and trusted (trust.c refuses the rest). */
		if (s->tls_desc[0] != '\0')
			status_put(out, " [TLS]", RENDER_BOLD);
	} else {
		status_put(out, " | ", 0);
		status_put(out, buf, RENDER_BOLD);
	}

	status_put(out, " | ", 0);
	snprintf(buf, sizeof buf, "%zu:", s->current + 1);
	status_put(out, buf, 0);
	status_put(out, cur->name, RENDER_BOLD);
	switch (cur->kind) {
	case WINDOW_ROOM:
		if (cur->joined)
			snprintf(buf, sizeof buf, ", %zu %s", cur->nmembers,
			    cur->nmembers == 1 ? "person" : "people");
		else
			snprintf(buf, sizeof buf, " (not joined)");
		break;
	case WINDOW_QUERY:
		snprintf(buf, sizeof buf, " (private)");
		break;
	default:
		snprintf(buf, sizeof buf, " (server)");
		break;
	}
	status_put(out, buf, 0);

	s->nstatus_hits = 0;
	for (i = 0; i < s->nwindows; i++) {
		w = s->windows[i];
		act = scrollback_activity(&w->sb);
		if (w == cur || act == SCROLLBACK_ACTIVITY_NONE)
			continue;
		status_put(out, any ? " " : " | act: ", 0);
		any = true;
		start = cluster_cols(out->text, out->len);
		/* Levels in colour: joins and parts < messages <
		 * highlights (and private messages). */
		if (act == SCROLLBACK_ACTIVITY_HIGHLIGHT ||
		    (w->kind == WINDOW_QUERY &&
		    act == SCROLLBACK_ACTIVITY_MESSAGE)) {
			snprintf(buf, sizeof buf, "%zu!", i + 1);
			status_put_color(s, out, buf, RENDER_HIGHLIGHT,
			    STATUS_COLOR_HIGHLIGHT);
		} else if (act == SCROLLBACK_ACTIVITY_MESSAGE) {
			snprintf(buf, sizeof buf, "%zu", i + 1);
			status_put_color(s, out, buf, RENDER_BOLD,
			    STATUS_COLOR_MESSAGE);
		} else {
			snprintf(buf, sizeof buf, "%zu", i + 1);
			status_put(out, buf, RENDER_DIM);
		}
		/* Where a mouse click picks this window. */
		if (s->nstatus_hits < SESSION_STATUS_HITS) {
			s->status_hits[s->nstatus_hits].start = start;
			s->status_hits[s->nstatus_hits].end =
			    cluster_cols(out->text, out->len);
			s->status_hits[s->nstatus_hits].window = i;
			s->nstatus_hits++;
		}
	}
	if (!scrollback_at_bottom(&cur->sb))
		status_put(out, " | scrolled", 0);
	/* Files moving, or offers waiting (dcc.h). */
	if (s->dcc != NULL && dcc_status(s->dcc, buf, sizeof buf)) {
		status_put(out, " | ", 0);
		status_put(out, buf, RENDER_BOLD);
	}
	if (s->paste_note[0] != '\0') {
		status_put(out, " | ", 0);
		status_put(out, s->paste_note, RENDER_BOLD);
	}
	if (cur->kind == WINDOW_ROOM && cur->topic != NULL) {
		status_put(out, " | ", 0);
		render_irc(out, cur->topic, strlen(cur->topic),
		    render_style_plain);
	}
}
