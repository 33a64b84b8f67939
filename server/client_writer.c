/*
 * A client's writer thread: sleeps until the hub has events for its
 * client, collects them, and sends them with the lock dropped.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

#include "client.h"
#include "hub.h"
#include "log.h"
#include "server.h"

/* Bytes a writer takes from the hub per send: its own share of a backlog. */
#define WRITER_BATCH	(64 * 1024)

enum writer_result {
	WRITER_SENT,
	WRITER_FAILED,		/* the connection is broken */
	WRITER_LAGGED,		/* the peer stopped reading and the ring lapped it */
};

/*
 * Send everything in c->out.  A send that times out (the peer is not
 * reading) checks whether the ring has lapped this writer meanwhile, or
 * its client has ended: then waiting longer is pointless.
 */
static enum writer_result
writer_send(struct client *c)
{
	struct hub *hub = &c->server->hub;
	size_t off = 0;
	ssize_t n;
	bool lagged, ended;

	while (off < c->out.len) {
		n = send(c->fd, c->out.data + off, c->out.len - off,
		    MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			hub_lock(hub);
			lagged = hub_view_lost(hub, &c->view);
			ended = c->ended;
			hub_unlock(hub);
			if (lagged)
				return WRITER_LAGGED;
			/* Ended (a ping timeout) and still not reading: done. */
			if (ended)
				return WRITER_FAILED;
			continue;
		}
		return WRITER_FAILED;
	}
	/* A burst's big buffer goes back: a thousand idle writers add up. */
	buffer_reset(&c->out, 4096);
	return WRITER_SENT;
}

void *
client_writer_main(void *arg)
{
	static const char sendq[] = "ERROR :SendQ exceeded\r\n";
	static const char sendq_words[] =
	    "-- Disconnected: you were not reading what was sent to you.\r\n";
	struct client *c = arg;
	struct hub *hub = &c->server->hub;
	enum hub_collect_result collected;
	enum writer_result sent;
	bool plain;

	hub_lock(hub);
	for (;;) {
		while (!hub_view_pending(hub, &c->view))
			hub_view_wait(hub, &c->view);
		collected = hub_collect(hub, &c->view, &c->out, WRITER_BATCH);
		if (collected == HUB_COLLECT_LOST) {
			sent = WRITER_LAGGED;
			break;
		}
		hub_unlock(hub);
		sent = writer_send(c);
		hub_lock(hub);
		if (sent != WRITER_SENT || collected == HUB_COLLECT_CLOSE)
			break;
	}
	if (sent == WRITER_LAGGED)
		client_end(c, "SendQ exceeded", NULL);
	else if (sent == WRITER_FAILED)
		client_end(c, "Write error", NULL);
	plain = c->plain;
	hub_unlock(hub);

	/* Straight to the socket: the ring has moved past this client. */
	if (sent == WRITER_LAGGED && plain)
		(void)!send(c->fd, sendq_words, sizeof sendq_words - 1,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
	else if (sent == WRITER_LAGGED)
		(void)!send(c->fd, sendq, sizeof sendq - 1,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
	/* Wakes the reader out of recv(2): the client is over. */
	shutdown(c->fd, SHUT_RDWR);
	client_release(c);
	return NULL;
}
