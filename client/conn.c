/* The connection to the server; see conn.h. */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "conn.h"
#include "line_framer.h"
#include "tls.h"
#include "wire.h"
#include "xmalloc.h"

/* A closed connection with empty queues. */
void
conn_init(struct conn *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->state = CONN_CLOSED;
	buffer_init(&c->sendq);
	line_framer_init(&c->framer, IRC_WIRE_LINE_MAX);
}

/* Close and free everything. */
void
conn_free(struct conn *c)
{
	conn_close(c, NULL);
	buffer_free(&c->sendq);
	line_framer_free(&c->framer);
	free(c->host);
	c->host = NULL;
}

/* Close the socket. */
void
conn_close(struct conn *c, const char *error)
{
	tls_free(c->tls, c->state == CONN_OPEN);
	c->tls = NULL;
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	c->state = CONN_CLOSED;
	if (c->addrs != NULL)
		freeaddrinfo(c->addrs);
	c->addrs = c->next_addr = NULL;
	buffer_reset(&c->sendq, 4096);
	if (error != NULL)
		strlcpy(c->error, error, sizeof c->error);
}

/* Start connecting to the next address; false when none is left. */
static bool
conn_try_next(struct conn *c)
{
	struct addrinfo	*ai;
	int		 fd, saved = 0;

	while ((ai = c->next_addr) != NULL) {
		c->next_addr = ai->ai_next;
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS) {
			c->fd = fd;
			c->state = CONN_CONNECTING;
			return true;
		}
		saved = errno;
		close(fd);
	}
	if (saved != 0)
		snprintf(c->error, sizeof c->error, "connect: %s",
		    strerror(saved));
	return false;
}

/* Look host up and start connecting. */
bool
conn_start(struct conn *c, const char *host, const char *port)
{
	struct addrinfo	 hints;
	int		 rc;

	conn_close(c, NULL);
	line_framer_free(&c->framer);
	line_framer_init(&c->framer, IRC_WIRE_LINE_MAX);
	c->error[0] = '\0';
	free(c->host);
	c->host = xstrdup(host);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	rc = getaddrinfo(host, port, &hints, &c->addrs);
	if (rc == EAI_BADFLAGS || (rc != 0 && rc != EAI_NONAME &&
	    rc != EAI_AGAIN)) {
		/* AI_ADDRCONFIG hides loopback on a box with no network. */
		hints.ai_flags = 0;
		rc = getaddrinfo(host, port, &hints, &c->addrs);
	}
	if (rc != 0) {
		c->addrs = NULL;
		snprintf(c->error, sizeof c->error, "%s: %s", host,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return false;
	}
	c->next_addr = c->addrs;
	if (!conn_try_next(c)) {
		conn_close(c, NULL);
		return false;
	}
	return true;
}

/* The events to poll for. */
short
conn_events(const struct conn *c)
{
	switch (c->state) {
	case CONN_CONNECTING:
		return POLLOUT;
	case CONN_HANDSHAKE:
		return tls_wants_write(c->tls) ? POLLOUT : POLLIN;
	case CONN_OPEN:
		return POLLIN | (c->sendq.len > 0 ||
		    (c->tls != NULL && tls_write_pending(c->tls)) ?
		    POLLOUT : 0);
	default:
		return 0;
	}
}

/* Write some of the queue through the TLS session. */
static enum conn_io
conn_flush_tls(struct conn *c)
{
	size_t	sent;

	while (c->state == CONN_OPEN && (c->sendq.len > 0 ||
	    tls_write_pending(c->tls))) {
		switch (tls_write(c->tls, c->sendq.data, c->sendq.len, &sent,
		    c->error, sizeof c->error)) {
		case TLS_DONE:
			buffer_consume(&c->sendq, sent);
			break;
		case TLS_AGAIN:
			return CONN_IO_OK;
		default:
			conn_close(c, NULL);
			return CONN_IO_LOST;
		}
	}
	return CONN_IO_OK;
}

/* Write what the queue holds, as much as the socket takes. */
enum conn_io
conn_flush(struct conn *c)
{
	ssize_t	n;

	if (c->tls != NULL)
		return conn_flush_tls(c);
	while (c->state == CONN_OPEN && c->sendq.len > 0) {
		n = send(c->fd, c->sendq.data, c->sendq.len, MSG_NOSIGNAL);
		if (n > 0) {
			buffer_consume(&c->sendq, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		snprintf(c->error, sizeof c->error, "write: %s",
		    strerror(errno));
		conn_close(c, NULL);
		return CONN_IO_LOST;
	}
	return CONN_IO_OK;
}

/* A step of the TLS handshake. */
static enum conn_io
conn_handshake(struct conn *c)
{
	switch (tls_handshake(c->tls, c->error, sizeof c->error)) {
	case TLS_DONE:
		c->state = CONN_OPEN;
		/* Bytes that came with the last flight wait in the session. */
		c->more = tls_pending(c->tls) > 0;
		return CONN_IO_OPENED;
	case TLS_AGAIN:
		return CONN_IO_OK;
	default:
		conn_close(c, NULL);
		return CONN_IO_LOST;
	}
}

/* The connect finished one way or the other. */
static enum conn_io
conn_connected(struct conn *c)
{
	int		err = 0;
	socklen_t	len = sizeof err;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		err = errno;
	if (err == 0) {
		freeaddrinfo(c->addrs);
		c->addrs = c->next_addr = NULL;
		if (c->tls_creds == NULL) {
			c->state = CONN_OPEN;
			return CONN_IO_OPENED;
		}
		c->tls = tls_new(c->tls_creds, c->fd, c->host, c->error,
		    sizeof c->error);
		if (c->tls == NULL) {
			conn_close(c, NULL);
			return CONN_IO_LOST;
		}
		c->state = CONN_HANDSHAKE;
		return conn_handshake(c);
	}
	snprintf(c->error, sizeof c->error, "connect: %s", strerror(err));
	close(c->fd);
	c->fd = -1;
	c->state = CONN_CLOSED;
	if (conn_try_next(c))
		return CONN_IO_OK;
	conn_close(c, NULL);
	return CONN_IO_LOST;
}

/* Read through the TLS session: one record's worth at most. */
static enum conn_io
conn_read_tls(struct conn *c, char *space, size_t avail)
{
	size_t	got;

	switch (tls_read(c->tls, space, avail, &got, c->error,
	    sizeof c->error)) {
	case TLS_DONE:
		line_framer_commit(&c->framer, got);
		c->more = got == avail || tls_pending(c->tls) > 0;
		return CONN_IO_OK;
	case TLS_AGAIN:
		return CONN_IO_OK;
	case TLS_CLOSED:
		strlcpy(c->error, "connection closed by the server",
		    sizeof c->error);
		break;
	default:
		break;
	}
	conn_close(c, NULL);
	return CONN_IO_LOST;
}

/* Read what has arrived into the framer: one read(2), as the framer
 * wants its lines taken before it gives more space (see conn->more). */
static enum conn_io
conn_read(struct conn *c)
{
	char	*space;
	size_t	 avail;
	ssize_t	 n;

	c->more = false;
	space = line_framer_space(&c->framer, &avail);
	if (c->tls != NULL)
		return conn_read_tls(c, space, avail);
	do
		n = read(c->fd, space, avail);
	while (n == -1 && errno == EINTR);
	if (n > 0) {
		line_framer_commit(&c->framer, (size_t)n);
		c->more = (size_t)n == avail;
		return CONN_IO_OK;
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return CONN_IO_OK;
	if (n == 0)
		strlcpy(c->error, "connection closed by the server",
		    sizeof c->error);
	else
		snprintf(c->error, sizeof c->error, "read: %s",
		    strerror(errno));
	conn_close(c, NULL);
	return CONN_IO_LOST;
}

/* Handle poll's revents. */
enum conn_io
conn_io(struct conn *c, short revents)
{
	enum conn_io	r;

	if (c->state == CONN_CONNECTING) {
		if (revents & (POLLOUT | POLLERR | POLLHUP))
			return conn_connected(c);
		return CONN_IO_OK;
	}
	if (c->state == CONN_HANDSHAKE) {
		if (revents & (POLLIN | POLLOUT | POLLERR | POLLHUP))
			return conn_handshake(c);
		return CONN_IO_OK;
	}
	if (c->state != CONN_OPEN)
		return CONN_IO_OK;
	if (revents & POLLOUT) {
		if ((r = conn_flush(c)) != CONN_IO_OK)
			return r;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR))
		return conn_read(c);
	return CONN_IO_OK;
}

/* The next complete line. */
bool
conn_next_line(struct conn *c, char **line, size_t *len)
{
	for (;;) {
		switch (line_framer_next(&c->framer, line, len)) {
		case LINE_FRAMER_LINE:
			return true;
		case LINE_FRAMER_OVERLONG:
			continue;
		default:
			return false;
		}
	}
}

/* Queue one line. */
bool
conn_send(struct conn *c, const char *line, size_t len)
{
	if (len + 2 > IRC_LINE_MAX || memchr(line, '\r', len) != NULL ||
	    memchr(line, '\n', len) != NULL || memchr(line, '\0', len) != NULL)
		return false;
	if (c->sendq.len + len + 2 > CONN_SENDQ_MAX)
		return false;
	buffer_append(&c->sendq, line, len);
	buffer_append(&c->sendq, "\r\n", 2);
	return true;
}

/* Bytes queued. */
size_t
conn_pending(const struct conn *c)
{
	return c->sendq.len;
}

/* Bytes waiting in the TLS session. */
bool
conn_buffered(const struct conn *c)
{
	return c->state == CONN_OPEN && c->tls != NULL &&
	    tls_pending(c->tls) > 0;
}
