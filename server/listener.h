/*
 * The listening sockets and the accept thread: one thread accepts for
 * every address natterd listens on, and starts a client for each
 * connection.
 */
#ifndef NATTER_LISTENER_H
#define NATTER_LISTENER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "log_limit.h"

struct server;

/* Sockets natterd listens on at most (one per address of -b's name). */
#define LISTENER_MAX	8
/* The backlog of each listening socket (the kernel caps it at somaxconn). */
#define LISTENER_BACKLOG 4096

struct listener {
	struct server	*server;
	int		 fds[LISTENER_MAX];
	bool		 tls[LISTENER_MAX];	/* fds[i] speaks TLS */
	size_t		 nfds;
	int		 wake[2];	/* a pipe: a byte in it stops the thread */
	pthread_t	 thread;
	/* accept() failures for want of descriptors, logged in bounds */
	struct log_limit accept_failures;
};

/* A listener with no socket yet. */
void	listener_init(struct listener *l, struct server *s);
/*
 * Bind and listen on addr (NULL: every interface, IPv6 and IPv4) and port;
 * logs "listening on ADDR port N" for each socket (with " (TLS)" after it
 * when tls: its connections make a TLS handshake first).  Returns the
 * port bound (port 0 picks one).  Exits on failure.
 */
unsigned listener_open(struct listener *l, const char *addr, const char *port,
	    bool tls);
/* Start the accept thread. */
void	listener_start(struct listener *l);
/* Stop accepting: end the thread and close the sockets. */
void	listener_stop(struct listener *l);

#endif
