/*
 * The connection's life in chat.c's loop: connecting, reading what the
 * server sends into handle.c, losing it and scheduling the next attempt
 * with a back-off that doubles, and quitting.  The TLS trust decision at
 * the end of the handshake is chat_trust.c's.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "chat_private.h"
#include "conn.h"
#include "handle.h"
#include "options.h"
#include "session.h"

/* Socket reads per loop round at most, so a flood cannot keep the
 * keyboard waiting. */
#define CHAT_READS_PER_ROUND	16

/* The connection is gone: say so and schedule the next attempt. */
void
chat_lost(struct chat *c, const char *why)
{
	char	reason[256];

	strlcpy(reason, why[0] != '\0' ? why : "connection lost",
	    sizeof reason);
	conn_close(&c->conn, NULL);
	if (c->s.quit) {
		c->done = true;
		return;
	}
	if (c->s.stop) {
		/* Retrying cannot help: the user decides what next. */
		strlcpy(reason, c->s.status_note, sizeof reason);
		session_disconnected(&c->s, reason);
		c->retry_at = 0;
		c->s.retry_in = -1;
		session_info(&c->s, c->s.windows[0], "Not reconnecting; "
		    "/quit to leave");
		return;
	}
	session_disconnected(&c->s, reason);
	c->retry_at = c->now + (int64_t)c->backoff * 1000;
	c->s.retry_in = c->backoff;
	session_info(&c->s, c->s.windows[0], "Reconnecting in %ds",
	    c->backoff);
	c->backoff = c->backoff * 2 > CHAT_BACKOFF_MAX ? CHAT_BACKOFF_MAX :
	    c->backoff * 2;
}

/* Start connecting. */
void
chat_connect(struct chat *c)
{
	c->retry_at = 0;
	c->s.retry_in = -1;
	c->s.state = SESSION_CONNECTING;
	c->s.dirty_status = true;
	c->connect_at = c->now;
	session_info(&c->s, c->s.windows[0], "Connecting to %s port %s%s...",
	    c->opt->host, c->opt->port, c->creds != NULL ? " with TLS" : "");
	if (!conn_start(&c->conn, c->opt->host, c->opt->port))
		chat_lost(c, c->conn.error);
}

/* The socket is ready. */
void
chat_conn_io(struct chat *c, short revents)
{
	enum conn_io		 r;
	enum session_state	 before = c->s.state;
	char			*line;
	size_t			 len;

	int			 reads = 0;

	for (;;) {
		r = conn_io(&c->conn, revents);
		if (r == CONN_IO_OPENED && c->conn.tls != NULL &&
		    !chat_trust(c)) {
			r = CONN_IO_LOST;
			break;
		}
		if (r == CONN_IO_OPENED) {
			c->last_recv = c->now;
			c->pinged = false;
			session_connected(&c->s);
			session_info(&c->s, c->s.windows[0], "Connected; "
			    "logging in as %s", c->s.nick);
		}
		while (!c->s.stop && conn_next_line(&c->conn, &line, &len)) {
			c->last_recv = c->now;
			c->pinged = false;
			handle_line(&c->s, line);
		}
		if (c->s.stop) {
			r = CONN_IO_LOST;
			break;
		}
		/* A few reads in a row, then the terminal gets its turn. */
		if (r != CONN_IO_OK || !c->conn.more ||
		    ++reads == CHAT_READS_PER_ROUND)
			break;
		revents = POLLIN;
	}
	if (c->s.state == SESSION_ONLINE && before != SESSION_ONLINE)
		c->backoff = CHAT_BACKOFF_MIN;
	if (r == CONN_IO_LOST)
		chat_lost(c, c->conn.error);

}

/* Ask to quit: QUIT is sent, then the loop ends. */
void
chat_quit(struct chat *c, const char *reason)
{
	if (c->s.quit)
		return;
	if (c->conn.state == CONN_OPEN)
		session_send(&c->s, "QUIT", 1, (const char *const[]){ reason });
	c->s.quit = true;
}
