/*
 * Finding natterd on the LAN: a probe (common/discovery.h) broadcast on
 * every up, broadcast-capable IPv4 interface, sent to ff02::1 on every up,
 * multicast-capable IPv6 interface and to 127.0.0.1, then the answers
 * that come back within a timeout, one entry per server.  No curses here.
 */
#ifndef NATTER_DISCOVER_H
#define NATTER_DISCOVER_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "discovery.h"

/* Servers kept at most. */
#define DISCOVER_MAX		32
/* How long natter waits for answers, in milliseconds. */
#define DISCOVER_WAIT_MS	1000

/* A server that answered. */
struct discover_server {
	char			 addr[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	struct discovery_answer	 answer;
};

/* The outcome of one round. */
struct discover_result {
	struct discover_server	 servers[DISCOVER_MAX];
	size_t			 count;
	char			 tried[1024];	/* "10.0.0.255 (eth0), ..." */
};

/*
 * Probe UDP port (a number, 1..65535) and collect the answers for wait_ms.
 * Returns 0, or -1 with res->tried saying why nothing could be sent.
 */
int	discover_run(const char *port, int wait_ms, struct discover_result *res);
/* port as a number, 1..65535 (strtonum(3): a sign or blanks before the
 * digits are taken, nothing after them); 0 when it is not one. */
uint16_t discover_port(const char *port);
/* One line describing a server: "ADDR PORT NAME users=N rooms=N". */
void	discover_describe(const struct discover_server *s, char *buf,
	    size_t size);

#endif
