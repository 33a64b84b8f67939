/*
 * The discovery responder: a thread that answers natter's UDP probes
 * (common/discovery.h has the format) on the addresses natterd serves,
 * one answer datagram per valid probe, rate-limited per source address.
 */
#ifndef NATTER_RESPONDER_H
#define NATTER_RESPONDER_H

#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "discovery.h"

struct server;
struct tls;

/*
 * Sockets at most: per address family, the wildcard; with -b also one on
 * the address served itself.
 */
#define RESPONDER_SOCKETS	4
/* Answers per second to one source address, at most. */
#define RESPONDER_RATE_PER_SOURCE 3
/* Answers per second to all sources together, at most. */
#define RESPONDER_RATE_TOTAL	100
/* Source addresses the rate limiter remembers at once. */
#define RESPONDER_RATE_SLOTS	64

/*
 * One UDP socket.  Without -b: the family's wildcard, answering every
 * probe.  With -b ADDR: one bound to ADDR, for unicast probes, and the
 * wildcard (shared with other natterds by SO_REUSEADDR), for broadcast
 * and multicast probes that arrive on ADDR's interface, answered from ADDR.
 */
struct responder_socket {
	int		 fd;
	int		 family;
	bool		 group_only;	/* the wildcard with -b */
	struct in6_addr	 local6;	/* ADDR, when group_only */
	struct in_addr	 local4;
	struct in_addr	 bcast4;	/* ADDR's broadcast address, if any */
	unsigned	 ifindex;	/* ADDR's interface, 0: unknown */
};

/* A source address and how many answers it got in the current second. */
struct responder_rate {
	struct in6_addr	 addr;		/* IPv4 as a v4-mapped address */
	time_t		 second;	/* 0: slot unused */
	unsigned	 answers;
};

struct responder {
	struct server		*server;
	unsigned		 tcp_port;	/* what the answers say */
	unsigned		 tls_port;	/* tls=, 0: none */
	struct tls		*tls;		/* fp= is its certificate's; NULL: none */
	char			 id[DISCOVERY_ID_MAX + 1];
	struct responder_socket	 sockets[RESPONDER_SOCKETS];
	size_t			 nsockets;
	int			 wake[2];	/* a byte in it stops the thread */
	pthread_t		 thread;
	struct responder_rate	 rate[RESPONDER_RATE_SLOTS];
	time_t			 total_second;
	unsigned		 total_answers;
};

/*
 * Open the UDP sockets for bind_addr (NULL: every interface) on udp_port;
 * answers will name tcp_port (and tls_port with tls's fingerprint, when
 * the caller sets them before responder_start).  Logs what it does; false (with a warning,
 * natterd goes on without discovery) when no socket could be opened.
 */
bool	responder_open(struct responder *r, struct server *s,
	    const char *bind_addr, unsigned udp_port, unsigned tcp_port);
/* Start the responder thread. */
void	responder_start(struct responder *r);
/* Stop the thread and close the sockets. */
void	responder_stop(struct responder *r);

#endif
