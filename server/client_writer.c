/*
 * A client's writer thread: sleeps on the hub's condition variable,
 * collects what concerns its client, and sends it with the lock dropped.
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
 * reading) checks whether the ring has lapped this writer meanwhile: then
 * waiting longer is pointless, the client has lost events.
 */
static enum writer_result
writer_send(struct client *c)
{
	struct hub *hub = &c->server->hub;
	size_t off = 0;
	ssize_t n;
	bool lagged;

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
			pthread_mutex_lock(&hub->lock);
			lagged = c->view.cursor < hub->tail;
			pthread_mutex_unlock(&hub->lock);
			if (lagged)
				return WRITER_LAGGED;
			continue;
		}
		return WRITER_FAILED;
	}
	buffer_reset(&c->out, 64 * 1024);
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

	pthread_mutex_lock(&hub->lock);
	for (;;) {
		while (!hub_view_pending(hub, &c->view))
			pthread_cond_wait(&hub->cond, &hub->lock);
		collected = hub_collect(hub, &c->view, &c->out, WRITER_BATCH);
		if (collected == HUB_COLLECT_LOST) {
			sent = WRITER_LAGGED;
			break;
		}
		pthread_mutex_unlock(&hub->lock);
		sent = writer_send(c);
		pthread_mutex_lock(&hub->lock);
		if (sent != WRITER_SENT || collected == HUB_COLLECT_CLOSE)
			break;
	}
	if (sent == WRITER_LAGGED)
		client_end(c, "SendQ exceeded", NULL);
	else if (sent == WRITER_FAILED)
		client_end(c, "Write error", NULL);
	plain = c->plain;
	pthread_mutex_unlock(&hub->lock);

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
