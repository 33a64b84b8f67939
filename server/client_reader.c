/*
 * A client's reader thread: waits at the door for a first word, reads
 * bytes into the line framer and hands them to client_input (which runs
 * the lines under the hub lock and wakes the writers), and runs the
 * client's timers every tick.
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
#include "server.h"
#include "telnet.h"

/*
 * Wait up to --plain-wait for the first bytes: IRC software speaks at
 * once, a person at nc or telnet waits to be spoken to.
 */
static void
reader_door(struct client *c)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int wait = c->server->config.plain_wait_ms, n;
	unsigned char first;

	if (wait <= 0)
		return;
	while ((n = poll(&pfd, 1, wait)) == -1 && errno == EINTR)
		;
	/*
	 * Bytes came: IRC, unless they open with telnet's IAC (a telnet
	 * client that negotiates options first, as PuTTY does), which no IRC
	 * software sends.
	 */
	if (n != 0 && (recv(c->fd, &first, 1, MSG_PEEK | MSG_DONTWAIT) != 1 ||
	    first != TELNET_IAC))
		return;
	client_input_greet(c);
}

/* The connection closed or failed: end the client. */
static void
reader_lost(struct client *c, ssize_t n, int error)
{
	struct hub *hub = &c->server->hub;
	char reason[128];

	if (n == 0)
		snprintf(reason, sizeof reason, "Connection closed");
	else
		snprintf(reason, sizeof reason, "Read error: %s",
		    strerror(error));
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
	ssize_t n;
	time_t now, next_tick = time(NULL) + c->server->timer_tick;

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
		n = recv(c->fd, space, avail, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			continue;
		if (n <= 0) {
			reader_lost(c, n, errno);
			break;
		}
		if (!client_input_bytes(c, &in, space, (size_t)n))
			break;
	}
	client_release(c);
	return NULL;
}
