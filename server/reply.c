/* Building replies and handing events to the hub. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "irc_message.h"
#include "log.h"
#include "plain_text.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "utf8.h"

/* Queue one finished line for c: as it is, or in words for a plain user. */
static void
reply_queue(struct client *c, const char *line, size_t len)
{
	if (c->plain)
		plain_render_reply(&c->replies, line, len);
	else
		buffer_append(&c->replies, line, len);
}

/* Cut a formatted line to the message-part limit and end it with CRLF. */
static size_t
reply_finish(char *buf, size_t len)
{
	if (len > IRC_LINE_MAX - 2)
		len = utf8_prefix_len(buf, len, IRC_LINE_MAX - 2);
	buf[len++] = '\r';
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}

/*
 * Format into buf (IRC_LINE_MAX + 1 bytes) after its first off bytes,
 * cutting what does not fit.  In place: vsnprintf keeps what fits of a
 * longer line, and the cut moves back to a character boundary below the
 * limit, so no bigger buffer is needed (this frame is under every reply,
 * on every reader's stack).
 */
static size_t
reply_vformat(char *buf, size_t off, const char *fmt, va_list ap)
{
	size_t len;
	int n;

	n = vsnprintf(buf + off, IRC_LINE_MAX + 1 - off, fmt, ap);
	len = off + (n < 0 ? 0 : (size_t)n);
	if (len > IRC_LINE_MAX)
		len = IRC_LINE_MAX;
	/* A reply never carries CR or LF from a parameter. */
	irc_one_line(buf, len);
	return reply_finish(buf, len);
}

void
reply_numeric(struct client *c, const char *numeric, const char *fmt, ...)
{
	char buf[IRC_LINE_MAX + 1];
	va_list ap;
	size_t len;
	int n;

	n = snprintf(buf, sizeof buf, ":%s %s %s ", c->server->name, numeric,
	    client_nick(c));
	if (n < 0 || (size_t)n >= sizeof buf - 2)
		return;
	va_start(ap, fmt);
	len = reply_vformat(buf, (size_t)n, fmt, ap);
	va_end(ap);
	reply_queue(c, buf, len);
}

void
reply_line(struct client *c, const char *fmt, ...)
{
	char buf[IRC_LINE_MAX + 1];
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	len = reply_vformat(buf, 0, fmt, ap);
	va_end(ap);
	reply_queue(c, buf, len);
}

void
reply_line_to(struct client *w, const char *fmt, ...)
{
	struct hub_event ev = { .scope = HUB_TO_CLIENT, .client = &w->view };
	char buf[IRC_LINE_MAX + 1];
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	len = reply_vformat(buf, 0, fmt, ap);
	va_end(ap);
	hub_append(&w->server->hub, &ev, buf, len);
}

void
reply_tagged_line(struct client *c, const char *fmt, ...)
{
	char line[IRC_WIRE_LINE_MAX + 1];
	va_list ap;
	size_t len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len = (size_t)n < sizeof line - 2 ? (size_t)n : sizeof line - 3;
	irc_one_line(line, len);
	len = utf8_prefix_len(line, len, len);
	line[len++] = '\r';
	line[len++] = '\n';
	reply_queue(c, line, len);
}

void
reply_text(struct client *c, const char *fmt, ...)
{
	char line[IRC_WIRE_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buffer_append(&c->replies, line, (size_t)n < sizeof line ?
	    (size_t)n : sizeof line - 1);
	buffer_append(&c->replies, "\r\n", 2);
}

/* Hand c's queued replies to the hub as one event, its last when closing. */
static void
reply_hand(struct client *c, bool closing)
{
	struct hub_event ev = {
		.scope = HUB_TO_CLIENT,
		.client = &c->view,
		.close_after = closing,
	};

	hub_append(&c->server->hub, &ev, c->replies.data != NULL ?
	    c->replies.data : "", c->replies.len);
	buffer_reset(&c->replies, 4096);
}

void
reply_flush(struct client *c)
{
	/* labeled-response holds a command's replies until it ends. */
	if (c->replies.len == 0 || c->label[0] != '\0')
		return;
	reply_hand(c, false);
}

void
reply_close(struct client *c)
{
	reply_hand(c, true);
}

size_t
line_format(char *buf, const char *source, const char *command,
    size_t nparams, const char *const params[])
{
	size_t len;

	/*
	 * Only the last parameter can be cut to fit; when the others alone
	 * are too long, drop parameters from the end rather than send an
	 * invalid line.  Callers bound their middle parameters, so this is a
	 * safety net, said in the log.
	 */
	while ((len = irc_format(buf, IRC_LINE_MAX + 1, source, command,
	    nparams, params, NULL)) == 0 && nparams > 0) {
		log_warn("%s line too long: dropping a parameter", command);
		nparams--;
	}
	if (len == 0)
		log_fatalx("cannot format a %s line", command);
	return len;
}
