/*
 * A client's reader thread: makes a TLS client's handshake and starts its
 * writer, waits at the door for a first word, reads bytes into the line
 * framer and hands them to client_input (which runs the lines under the
 * hub lock and wakes the writers), and runs the client's timers every
 * tick.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "client.h"
#include "client_input.h"
#include "line_framer.h"
#include "log.h"
#include "server.h"
#include "telnet.h"
#include "tls.h"

/*
 * Wait up to --plain-wait for the first bytes: IRC software speaks at
 * once, a person at nc or telnet waits to be spoken to.
 */
static void
reader_door(struct client *c)
{
	int wait = c->server->config.plain_wait_ms, first;

	if (wait <= 0)
		return;
	/*
	 * Bytes came: IRC, unless they open with telnet's IAC (a telnet
	 * client that negotiates options first, as PuTTY does), which no IRC
	 * software sends.  (Over TLS the first byte is not known before it
	 * is read, and telnet does not speak TLS.)
	 */
	if (transport_wait_first(&c->io, wait, &first) && first != TELNET_IAC)
		return;
	client_input_greet(c);
}

/* Whether a client in its handshake should give up: it was ended (shutdown). */
static bool
reader_abandon(void *arg)
{
	struct client *c = arg;
	bool ended;

	hub_lock(&c->server->hub);
	ended = c->ended;
	hub_unlock(&c->server->hub);
	return ended;
}

/* A handshake failed: logged within bounds, like refused connections. */
/*
 * Log what went wrong with a TLS client before it was served: in bounds,
 * with the failed handshakes' limiter (readers share it, so under the
 * lock; the accept thread's refusals are its own).
 */
static void
reader_log_failure(struct client *c, const char *what, const char *why)
{
	struct server *s = c->server;
	time_t now = time(NULL);
	bool allow;

	client_log_held_handshakes(s, now);
	hub_lock(&s->hub);
	allow = log_limit_allow(&s->handshake_failures, now);
	hub_unlock(&s->hub);
	if (allow)
		log_info(what, c->host, why);
}

/*
 * A TLS client: make the handshake (with its deadline), note the client
 * certificate's fingerprint and start the writer.  False when the client
 * is over (both threads' shares of it released but the reader's).
 */
static bool
reader_handshake(struct client *c)
{
	struct hub *hub = &c->server->hub;
	char fp[FINGERPRINT_LEN + 1], line[256];
	const char *why = NULL;
	size_t len;
	int failed;

	if (!tls_accept(c->io.tls, c->fd, reader_abandon, c, &why)) {
		if (strcmp(why, "server shutting down") != 0)
			reader_log_failure(c, "TLS handshake with %s failed: %s",
			    why);
		hub_lock(hub);
		client_end(c, "TLS handshake failed", NULL);
		hub_unlock(hub);
		client_release(c);	/* for the writer that never ran */
		return false;
	}
	tls_peer_fingerprint(c->io.tls, fp, sizeof fp);
	hub_lock(hub);
	strlcpy(c->certfp, fp, sizeof c->certfp);
	hub_unlock(hub);
	if ((failed = client_spawn(c, client_writer_main)) != 0) {
		reader_log_failure(c, "refused %s after its TLS handshake: "
		    "cannot start a thread: %s", strerror(failed));
		/* No writer to say it: the reader says it, and closes. */
		len = client_refusal_line(line, sizeof line, c->host,
		    CLIENT_NO_RESOURCES);
		transport_close(&c->io, line, len);
		hub_lock(hub);
		client_end(c, NULL, NULL);
		hub_unlock(hub);
		client_release(c);	/* for the writer that never ran */
		return false;
	}
	return true;
}

/* The connection closed or failed: end the client. */
static void
reader_lost(struct client *c, ssize_t n, const char *error)
{
	struct hub *hub = &c->server->hub;
	char reason[128];

	if (n == 0)
		snprintf(reason, sizeof reason, "Connection closed");
	else
		snprintf(reason, sizeof reason, "Read error: %s", error);
	hub_lock(hub);
	client_end(c, reason, NULL);
	hub_unlock(hub);
}

void *
client_reader_main(void *arg)
{
	struct client *c = arg;
	struct client_input in;
	size_t avail;
	char *space;
	const char *error = NULL;
	ssize_t n;
	time_t now, next_tick;

	server_name_thread("natterd-reader");
	if (c->io.tls != NULL && !reader_handshake(c)) {
		client_release(c);
		return NULL;
	}
	next_tick = time(NULL) + c->server->timer_tick;
	client_input_init(&in, &client_clock_real);
	reader_door(c);

	for (;;) {
		/*
		 * Timers run on every tick, whether the socket was quiet
		 * (recv timed out) or busy: a peer trickling bytes that never
		 * make a line must not dodge the registration timeout.
		 */
		if ((now = time(NULL)) >= next_tick) {
			next_tick = now + c->server->timer_tick;
			if (!client_input_timers(c, &in))
				break;
		}
		space = line_framer_space(&c->framer, &avail);
		n = transport_recv(&c->io, space, avail, &error);
		if (n == TRANSPORT_AGAIN)
			continue;
		if (n <= 0) {
			reader_lost(c, n, error);
			break;
		}
		if (!client_input_bytes(c, &in, space, (size_t)n))
			break;
	}
	client_release(c);
	return NULL;
}
