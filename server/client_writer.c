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
	const char *error;
	size_t off = 0;
	ssize_t n;
	bool lagged, ended;

	while (off < c->out.len) {
		n = transport_send(&c->io, c->out.data + off, c->out.len - off,
		    &error);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == TRANSPORT_AGAIN) {
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

	server_name_thread("natterd-writer");
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

	/*
	 * Straight to the connection: the ring has moved past this client.
	 * Closing wakes the reader out of its receive: the client is over.
	 */
	if (sent == WRITER_LAGGED && plain)
		transport_close(&c->io, sendq_words, sizeof sendq_words - 1);
	else if (sent == WRITER_LAGGED)
		transport_close(&c->io, sendq, sizeof sendq - 1);
	else
		transport_close(&c->io, NULL, 0);
	client_release(c);
	return NULL;
}
