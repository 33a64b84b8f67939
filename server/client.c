/* A client's life: start with two threads, end once, freed by the last thread. */
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "client.h"
#include "irc_names.h"
#include "log.h"
#include "plain_text.h"
#include "relay.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "tls.h"
#include "xmalloc.h"
#include "monitor.h"

/* What a connection is told when natterd cannot start its threads. */

/* The peer's numeric address, IPv4-mapped addresses shown as IPv4. */
static void
client_set_host(struct client *c, const struct sockaddr *addr,
    socklen_t addrlen)
{
	char host[sizeof c->host - 1];	/* room for the '0' below */
	const char *h = host;

	if (getnameinfo(addr, addrlen, host, sizeof host, NULL, 0,
	    NI_NUMERICHOST) != 0)
		strlcpy(host, "unknown", sizeof host);
	if (strncmp(h, "::ffff:", 7) == 0 && strchr(h + 7, ':') == NULL)
		h += 7;
	/* A host starting with ':' would read as a trailing parameter. */
	snprintf(c->host, sizeof c->host, "%s%s", h[0] == ':' ? "0" : "", h);
}

/* Socket options every client connection gets. */
static void
client_set_socket_options(int fd, int tick)
{
	struct timeval send_timeout = { .tv_sec = SERVER_SEND_TIMEOUT };
	struct timeval recv_timeout = { .tv_sec = tick };
	int one = 1;

	/* Chat lines are small and latency matters: no Nagle delay. */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1)
		log_debug("TCP_NODELAY: %s", strerror(errno));
	/* A writer blocked on a peer that does not read wakes up to check the ring. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout,
	    sizeof send_timeout) == -1)
		log_debug("SO_SNDTIMEO: %s", strerror(errno));
	/* A reader wakes up now and then to run the ping timers. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &recv_timeout,
	    sizeof recv_timeout) == -1)
		log_debug("SO_RCVTIMEO: %s", strerror(errno));
}

/*
 * Start one thread of c with natterd's small explicit stack.  Returns 0
 * or pthread_create's error: the caller logs it, each with the limiter of
 * its own thread (the accept thread's refusals, or a TLS reader's).
 */
int
client_spawn(struct client *c, void *(*fn)(void *))
{
	pthread_attr_t attr;
	pthread_t thread;
	int error;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* GnuTLS's handshake and record code runs deeper than ours. */
	pthread_attr_setstacksize(&attr, c->io.tls != NULL ?
	    SERVER_TLS_THREAD_STACK : SERVER_THREAD_STACK);
	error = pthread_create(&thread, &attr, fn, c);
	pthread_attr_destroy(&attr);
	return error;
}

/*
 * The accept thread could not start a thread of c: log it with the
 * refusals (in bounds: a flood of connections while threads run out logs
 * ten lines and a count).
 */
static void
client_log_no_thread(struct client *c, int error)
{
	struct server *s = c->server;
	time_t now = time(NULL);

	client_log_held_refusals(s, now);
	if (log_limit_allow(&s->refusals, now))
		log_warn("refused %s: cannot start a thread: %s", c->host,
		    strerror(error));
}

size_t
client_refusal_line(char *buf, size_t size, const char *host, const char *why)
{
	int n = snprintf(buf, size, CLIENT_CLOSING_LINK_FMT "\r\n", host,
	    why);

	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/*
 * Tell a connection no thread of ours serves why it is closed: one
 * non-blocking send, as a refused connection gets it.
 */
static void
client_say_refusal(int fd, const char *host, const char *why)
{
	char error[256];
	size_t len = client_refusal_line(error, sizeof error, host, why);

	(void)!send(fd, error, len, MSG_NOSIGNAL | MSG_DONTWAIT);
}

void
client_log_held_refusals(struct server *s, time_t now)
{
	unsigned held = log_limit_over(&s->refusals, now);

	if (held > 0)
		log_info("refused %u more connection%s (too many to log each)",
		    held, held == 1 ? "" : "s");
}

void
client_log_held_handshakes(struct server *s, time_t now)
{
	unsigned held;

	hub_lock(&s->hub);
	if (now == 0)
		now = log_limit_due(&s->handshake_failures);
	held = log_limit_over(&s->handshake_failures, now);
	hub_unlock(&s->hub);
	if (held > 0)
		log_info("%u more TLS handshake%s failed (too many to log "
		    "each)", held, held == 1 ? "" : "s");
}

bool
client_start(struct server *s, int fd, const struct sockaddr *addr,
    socklen_t addrlen, bool tls)
{
	struct client *c = xcalloc(1, sizeof *c);
	const char *refusal;
	time_t now;
	int failed;

	c->fd = fd;
	transport_init(&c->io, fd, s->timer_tick * 1000);
	c->server = s;
	client_set_host(c, addr, addrlen);
	client_set_socket_options(fd, s->timer_tick);
	line_framer_init(&c->framer, IRC_WIRE_LINE_MAX);
	telnet_init(&c->telnet);
	buffer_init(&c->replies);
	buffer_init(&c->out);

	if ((c->tls = tls)) {
		gnutls_session_t session;

		c->creds = tls_creds_get(s->tls);
		if ((session = tls_session_new(c->creds, fd)) != NULL)
			transport_use_tls(&c->io, session);
	}
	hub_lock(&s->hub);
	refusal = s->shutting_down ? "Server shutting down" :
	    tls && c->io.tls == NULL ? CLIENT_NO_RESOURCES :
	    server_admit(s, c->host);
	if (refusal != NULL) {
		hub_unlock(&s->hub);
		now = time(NULL);
		client_log_held_refusals(s, now);
		if (log_limit_allow(&s->refusals, now))
			log_info("refused %s: %s", c->host, refusal);
		/* No handshake for a refusal: a TLS client just sees the close. */
		if (!tls)
			client_say_refusal(fd, c->host, refusal);
		close(fd);
		transport_free(&c->io);
		if (c->creds != NULL)
			tls_creds_put(s->tls, c->creds);
		line_framer_free(&c->framer);
		free(c);
		return false;
	}
	client_enter(c, 2, time(NULL));
	hub_unlock(&s->hub);

	/* Once its threads run, c may end and be freed at any moment. */
	log_debug("client %llu connected from %s%s", (unsigned long long)c->id,
	    c->host, tls ? " (TLS)" : "");
	if (tls) {
		/* Its reader makes the handshake, then starts the writer. */
		if ((failed = client_spawn(c, client_reader_main)) != 0) {
			client_log_no_thread(c, failed);
			hub_lock(&s->hub);
			client_end(c, NULL, NULL);
			hub_unlock(&s->hub);
			client_release(c);
			client_release(c);
			return false;
		}
		return true;
	}
	if ((failed = client_spawn(c, client_writer_main)) != 0) {
		client_log_no_thread(c, failed);
		/* No writer to say it: say it here, before c is let go. */
		client_say_refusal(c->fd, c->host, CLIENT_NO_RESOURCES);
		hub_lock(&s->hub);
		client_end(c, NULL, NULL);
		hub_unlock(&s->hub);
		client_release(c);	/* for the writer that never ran */
		client_release(c);	/* for the reader we will not start */
		return false;
	}
	if ((failed = client_spawn(c, client_reader_main)) != 0) {
		client_log_no_thread(c, failed);
		hub_lock(&s->hub);
		client_close_link(c, CLIENT_NO_RESOURCES);
		hub_unlock(&s->hub);
		client_release(c);	/* for the reader */
		return false;
	}
	return true;
}

void
client_enter(struct client *c, int threads, time_t now)
{
	struct server *s = c->server;

	c->id = server_new_id(s);
	c->signon = c->last_heard = now;
	c->threads = threads;
	s->nthreads += (size_t)threads;
	c->next = s->clients;
	if (s->clients != NULL)
		s->clients->prev = c;
	s->clients = c;
	s->nclients++;
	hub_view_init(&s->hub, &c->view);
}

/*
 * The first half of ending c: out of its rooms (peers see QUIT
 * :quit_reason), the nick table and the client list, with what its last
 * command queued handed on before the farewell.  False when c had ended.
 */
static bool
client_leave(struct client *c, const char *quit_reason)
{
	struct server *s = c->server;
	char prefix[IRC_LINE_MAX];
	char folded[IRC_NICKLEN + 1];
	struct relay relay;
	size_t i;

	if (c->ended)
		return false;
	c->ended = true;
	c->label[0] = '\0';	/* what was said goes, unlabeled, before ERROR */
	/* At shutdown each client gets its own ERROR, not everybody's QUIT. */
	if (c->registered && c->nrooms > 0 && !s->shutting_down) {
		client_prefix(c, prefix, sizeof prefix);
		relay_init(&relay, prefix, "QUIT", 1, (const char *const[]){
		    quit_reason != NULL ? quit_reason : "Client exited" }, NULL);
		relay_to_peers(c, false, &relay, 0);
		relay_free(&relay);
	}
	for (i = 0; i < c->nrooms; i++)
		room_remove_member(s, c->rooms[i], c);
	if (c->oper)
		s->nopers--;
	if (c->invisible)
		s->ninvisible--;
	c->nrooms = 0;
	if (c->nick[0] != '\0') {
		irc_casefold(folded, c->nick, sizeof folded);
		if (strmap_get(&s->nicks, folded) == c)
			strmap_remove(&s->nicks, folded);
	}
	if (c->registered) {
		whowas_add(&s->whowas, c->nick, c->user, c->host, c->realname,
		    time(NULL));
		monitor_offline(s, c->nick);
	}
	monitor_forget(c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		s->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	s->nclients--;
	server_release_host(s, c->host);
	if (c->registered)
		s->nregistered--;

	/* Whatever the command had queued goes out before the farewell. */
	reply_flush(c);
	log_debug("client %llu (%s) ended: %s", (unsigned long long)c->id,
	    c->host, quit_reason != NULL ? quit_reason : "-");
	return true;
}

void
client_end(struct client *c, const char *quit_reason, const char *error_text)
{
	if (!client_leave(c, quit_reason))
		return;
	/* A quit or kill reason may hold CR or LF: reply_line keeps it one line. */
	if (error_text != NULL)
		reply_line(c, "%s", error_text);
	reply_close(c);
}

void
client_close_link(struct client *c, const char *reason)
{
	if (!client_leave(c, reason))
		return;
	reply_line(c, CLIENT_CLOSING_LINK_FMT, c->host, reason);
	reply_close(c);
}

const char *
client_prefix(const struct client *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s!%s@%s", client_nick(c),
	    c->user[0] != '\0' ? c->user : "u", c->host);
	return buf;
}

const char *
client_nick(const struct client *c)
{
	return c->nick[0] != '\0' ? c->nick : "*";
}

int
client_room_index(const struct client *c, const struct room *r)
{
	size_t i;

	for (i = 0; i < c->nrooms; i++)
		if (c->rooms[i] == r)
			return (int)i;
	return -1;
}

void
client_release(struct client *c)
{
	struct server *s = c->server;
	bool last;

	hub_lock(&s->hub);
	last = --c->threads == 0;
	if (s->nthreads > 0 && --s->nthreads == 0)
		pthread_cond_broadcast(&s->threads_done);
	if (last)
		hub_view_free(&s->hub, &c->view);
	hub_unlock(&s->hub);
	if (!last)
		return;
	transport_free(&c->io);
	if (c->creds != NULL)
		tls_creds_put(s->tls, c->creds);
	close(c->fd);
	free(c->plain_kept);
	line_framer_free(&c->framer);
	buffer_free(&c->replies);
	buffer_free(&c->out);
	free(c);
}
