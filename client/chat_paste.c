/*
 * A paste in chat.c's loop (bracketed paste): its keys collected, one
 * line put on the input line, several asked about (Enter sends, Esc keeps
 * them back) and then sent at paste.h's pace, with its progress in the
 * status line and a word when it stops early.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buffer.h"
#include "chat_private.h"
#include "editor.h"
#include "input.h"
#include "keymap.h"
#include "paste.h"
#include "session.h"
#include "utf8.h"

/* A paste keeps at most this many bytes (paste.h caps its lines). */
#define CHAT_PASTE_MAX		(256 * 1024)

/* The paste's progress in the status line. */
static void
chat_paste_note(struct chat *c)
{
	if (c->pz.state == PASTE_SENDING)
		snprintf(c->s.paste_note, sizeof c->s.paste_note,
		    "paste %zu/%zu to %s (Esc stops)", c->pz.sent, c->pz.count,
		    c->pz.target);
	else
		c->s.paste_note[0] = '\0';
	c->s.dirty_status = true;
}

/* Paste ends: one line goes on the input line; several are asked for,
 * then sent paced (chat_paste_send). */
void
chat_paste_end(struct chat *c)
{
	struct window	*w = session_current(&c->s);
	char		*text;

	c->pasting = false;
	buffer_append(&c->paste, "", 1);
	text = c->paste.data;
	if (strchr(text, '\n') != NULL && c->pz.state != PASTE_IDLE) {
		session_error(&c->s, w, "Not sent: the last paste is still "
		    "going out (Esc stops it); paste again after it");
	} else if (strchr(text, '\n') != NULL && w->kind == WINDOW_SERVER) {
		session_error(&c->s, w, "Not sent: this is the server window; "
		    "switch to a room or private window and paste again");
	} else if (paste_offer(&c->pz, text, c->paste.len - 1, w->name)) {
		if (c->pz.dropped > 0)
			snprintf(c->s.prompt, sizeof c->s.prompt, "Send the "
			    "first %zu of %zu lines to %s? Enter/Esc",
			    c->pz.count, c->pz.count + c->pz.dropped, w->name);
		else
			snprintf(c->s.prompt, sizeof c->s.prompt, "Send %zu "
			    "lines to %s? Enter/Esc", c->pz.count, w->name);
	} else {
		/* One line (maybe with newlines around it): typed in. */
		text += strspn(text, "\r\n");
		text[strcspn(text, "\r\n")] = '\0';
		editor_insert(&w->ed, text, strlen(text));
	}
	c->s.dirty_input = true;
	buffer_reset(&c->paste, 4096);
}

/* The paste's answer: Enter sends, Esc keeps it back. */
void
chat_paste_answer(struct chat *c, bool yes)
{
	size_t	n = c->pz.count;
	struct window *w = session_find(&c->s, c->pz.target, NULL);

	c->s.prompt[0] = '\0';
	c->s.dirty_input = true;
	if (yes) {
		paste_confirm(&c->pz, c->now);
		chat_paste_note(c);
		return;
	}
	paste_cancel(&c->pz);
	session_info(&c->s, w != NULL ? w : session_current(&c->s),
	    "Paste of %zu lines not sent", n);
}

/* Stop a paste, saying how far it went and why. */
void
chat_paste_stop(struct chat *c, const char *why)
{
	struct window	*w = session_find(&c->s, c->pz.target, NULL);
	size_t		 sent = c->pz.sent, left;

	left = paste_cancel(&c->pz);
	session_error(&c->s, w != NULL ? w : session_current(&c->s),
	    "Paste stopped (%s): %zu lines sent, %zu not sent", why, sent,
	    left);
	chat_paste_note(c);
}

/* Send the paste's lines that are due. */
void
chat_paste_send(struct chat *c)
{
	struct window	*w;
	const char	*line;
	size_t		 dropped;

	if (c->pz.state != PASTE_SENDING)
		return;
	if ((w = session_find(&c->s, c->pz.target, NULL)) == NULL) {
		chat_paste_stop(c, "its window was closed");
		return;
	}
	if (c->s.state != SESSION_ONLINE) {
		chat_paste_stop(c, "not connected");
		return;
	}
	while ((line = paste_next(&c->pz, c->now)) != NULL) {
		if (!input_paste(&c->s, w, line)) {
			chat_paste_stop(c, "could not send");
			return;
		}
		chat_paste_note(c);
	}
	if (c->pz.state == PASTE_SENDING && c->pz.sent == c->pz.count) {
		dropped = c->pz.dropped;
		paste_cancel(&c->pz);
		if (dropped > 0)
			session_error(&c->s, w, "Paste: %zu lines after the "
			    "first %d were not sent", dropped,
			    PASTE_LINES_MAX);
		chat_paste_note(c);
	}
}

/* A key during a paste: collected. */
void
chat_paste_key(struct chat *c, const struct keymap_key *k)
{
	char	enc[UTF8_LEN_MAX];
	size_t	n;

	if (c->paste.len >= CHAT_PASTE_MAX)
		return;
	if (k->code == KEYMAP_ENTER ||
	    (k->code == KEYMAP_CHAR && (k->ch == '\r' || k->ch == '\n'))) {
		buffer_append(&c->paste, "\n", 1);
		return;
	}
	if (k->code != KEYMAP_CHAR)
		return;
	if (k->ch == '\t') {
		buffer_append(&c->paste, " ", 1);
		return;
	}
	if (k->ch < 0x20 || k->ch == 0x7f)
		return;
	if ((n = utf8_encode(k->ch, enc)) > 0)
		buffer_append(&c->paste, enc, n);
}
