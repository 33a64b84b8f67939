/* Listening sockets and the accept thread. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "listener.h"
#include "log.h"
#include "server.h"

/* The numeric address and port a socket is bound to, for the log. */
static void
listener_describe(int fd, char *host, size_t hostlen, char *port,
    size_t portlen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, len, host, (socklen_t)hostlen,
	    port, (socklen_t)portlen, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		strlcpy(host, "?", hostlen);
		strlcpy(port, "?", portlen);
	}
}

/*
 * A port number from text: the option as given (natterd's options take
 * numbers only) or what getnameinfo said; 0 when neither says one ("?").
 */
static uint16_t
listener_port(const char *s)
{
	return (uint16_t)strtonum(s, 0, 65535, NULL);
}

/* Open one listening socket for ai; returns the fd or -1 (errno set). */
static int
listener_bind(const struct addrinfo *ai)
{
	int fd, one = 1, saved;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol);
	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* IPv4 gets its own socket: keep the IPv6 one to IPv6. */
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, LISTENER_BACKLOG) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
listener_init(struct listener *l, struct server *s)
{
	memset(l, 0, sizeof *l);
	l->server = s;
	log_limit_init(&l->accept_failures);
	if (pipe2(l->wake, O_CLOEXEC) == -1)
		log_fatal("pipe");
}

unsigned
listener_open(struct listener *l, const char *addr, const char *port, bool tls)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	}, *res, *ai;
	char host[NI_MAXHOST], serv[NI_MAXSERV], bound_port[NI_MAXSERV];
	size_t first = l->nfds;
	int error, fd;

	error = getaddrinfo(addr, port, &hints, &res);
	if (error != 0)
		log_fatalx("cannot listen on %s port %s: %s",
		    addr != NULL ? addr : "*", port, gai_strerror(error));
	strlcpy(bound_port, port, sizeof bound_port);
	for (ai = res; ai != NULL && l->nfds < LISTENER_MAX; ai = ai->ai_next) {
		/* With port 0, every address shares the port the first one got. */
		if (ai->ai_family == AF_INET)
			((struct sockaddr_in *)ai->ai_addr)->sin_port =
			    htons(listener_port(bound_port));
		else if (ai->ai_family == AF_INET6)
			((struct sockaddr_in6 *)ai->ai_addr)->sin6_port =
			    htons(listener_port(bound_port));
		if ((fd = listener_bind(ai)) == -1) {
			/* No IPv6 on this box is no reason not to serve IPv4. */
			if (addr == NULL && ai->ai_family == AF_INET6 &&
			    (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL))
				continue;
			log_fatal("cannot listen on %s port %s",
			    addr != NULL ? addr : "*", port);
		}
		listener_describe(fd, host, sizeof host, serv, sizeof serv);
		strlcpy(bound_port, serv, sizeof bound_port);
		log_info("listening on %s port %s%s", host, serv,
		    tls ? " (TLS)" : "");
		l->tls[l->nfds] = tls;
		l->fds[l->nfds++] = fd;
	}
	freeaddrinfo(res);
	if (l->nfds == first)
		log_fatalx("no address to listen on");
	return listener_port(bound_port);
}

/* Accept one pending connection on fd and start its client. */
static void
listener_accept(struct listener *l, int fd, bool tls)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int cfd;

	cfd = accept4(fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (cfd == -1) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			/* Out of descriptors: back off instead of spinning. */
			if (log_limit_allow(&l->accept_failures, time(NULL)))
				log_warn("accept: %s", strerror(errno));
			nanosleep(&(struct timespec){ .tv_nsec = 100000000L },
			    NULL);
		}
		return;
	}
	client_start(l->server, cfd, (struct sockaddr *)&ss, len, tls);
}

/* Say how many accept() failures were not logged one by one. */
static void
listener_log_held(struct listener *l, time_t now)
{
	unsigned held = log_limit_over(&l->accept_failures, now);

	if (held > 0)
		log_warn("accept failed %u more time%s (out of descriptors)",
		    held, held == 1 ? "" : "s");
}

/*
 * How long poll may wait: for ever, unless lines were held back from the
 * log (refusals, accept failures) and their summary is due.
 */
static int
listener_timeout(const struct listener *l)
{
	time_t due = log_limit_due(&l->server->refusals), now = time(NULL);
	time_t failures = log_limit_due(&l->accept_failures);

	if (due == 0 || (failures != 0 && failures < due))
		due = failures;
	if (due == 0)
		return -1;
	return due <= now ? 0 : (int)(due - now) * 1000;
}

/* The accept thread: poll the listening sockets until woken to stop. */
static void *
listener_main(void *arg)
{
	struct listener *l = arg;
	struct pollfd pfd[LISTENER_MAX + 1];
	size_t i;

	server_name_thread("natterd-accept");
	for (i = 0; i < l->nfds; i++)
		pfd[i] = (struct pollfd){ .fd = l->fds[i], .events = POLLIN };
	pfd[l->nfds] = (struct pollfd){ .fd = l->wake[0], .events = POLLIN };
	for (;;) {
		if (poll(pfd, l->nfds + 1, listener_timeout(l)) == -1) {
			if (errno == EINTR)
				continue;
			log_fatal("poll");
		}
		listener_log_held(l, time(NULL));
		client_log_held_refusals(l->server, time(NULL));
		if (pfd[l->nfds].revents != 0)
			break;
		for (i = 0; i < l->nfds; i++)
			if (pfd[i].revents & POLLIN)
				listener_accept(l, l->fds[i], l->tls[i]);
	}
	return NULL;
}

void
listener_start(struct listener *l)
{
	int error = pthread_create(&l->thread, NULL, listener_main, l);

	if (error != 0)
		log_fatalx("cannot start the accept thread: %s",
		    strerror(error));
}

void
listener_stop(struct listener *l)
{
	size_t i;

	(void)!write(l->wake[1], "x", 1);
	pthread_join(l->thread, NULL);
	/* What the thread held back, said now. */
	listener_log_held(l, log_limit_due(&l->accept_failures));
	for (i = 0; i < l->nfds; i++)
		close(l->fds[i]);
	close(l->wake[0]);
	close(l->wake[1]);
}
