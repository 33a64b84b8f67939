/* The discovery responder: answers natter's UDP probes. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "responder.h"
#include "tls.h"
#include "room.h"
#include "server.h"

/*
 * The interface that has address sa (AF_INET or AF_INET6), into *index (0
 * when none has), and its IPv4 subnet's broadcast address into *bcast (0
 * if none).
 */
static void
responder_interface(const struct sockaddr *sa, unsigned *index,
    struct in_addr *bcast)
{
	struct ifaddrs *ifa, *i;

	*index = 0;
	bcast->s_addr = 0;
	if (getifaddrs(&ifa) == -1)
		return;
	for (i = ifa; i != NULL && *index == 0; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family !=
		    sa->sa_family)
			continue;
		if (sa->sa_family == AF_INET &&
		    ((const struct sockaddr_in *)sa)->sin_addr.s_addr ==
		    ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr) {
			*index = if_nametoindex(i->ifa_name);
			/* From the netmask: an address added without "brd" has none. */
			if ((i->ifa_flags & IFF_BROADCAST) &&
			    i->ifa_netmask != NULL)
				bcast->s_addr = ((const struct sockaddr_in *)
				    sa)->sin_addr.s_addr | ~((struct sockaddr_in *)
				    i->ifa_netmask)->sin_addr.s_addr;
		} else if (sa->sa_family == AF_INET6 &&
		    memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr,
		    &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr,
		    sizeof(struct in6_addr)) == 0)
			*index = if_nametoindex(i->ifa_name);
	}
	freeifaddrs(ifa);
}

/* Whether sa is its family's wildcard address. */
static bool
responder_is_wildcard(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ((const struct sockaddr_in *)sa)->sin_addr.s_addr ==
		    htonl(INADDR_ANY);
	return IN6_IS_ADDR_UNSPECIFIED(
	    &((const struct sockaddr_in6 *)sa)->sin6_addr);
}

/*
 * Open a UDP socket bound to sa (its port already set); group_only, a
 * wildcard that answers group probes for served (see responder.h).
 * Returns false with errno set.
 */
static bool
responder_bind(struct responder *r, const struct sockaddr *sa,
    socklen_t salen, bool group_only, const struct sockaddr *served)
{
	struct responder_socket *rs = &r->sockets[r->nsockets];
	int one = 1, saved;

	memset(rs, 0, sizeof *rs);
	rs->family = sa->sa_family;
	rs->group_only = group_only;
	if (group_only) {
		if (served->sa_family == AF_INET)
			rs->local4 = ((const struct sockaddr_in *)served)->
			    sin_addr;
		else
			rs->local6 = ((const struct sockaddr_in6 *)served)->
			    sin6_addr;
		responder_interface(served, &rs->ifindex, &rs->bcast4);
	}
	rs->fd = socket(rs->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (rs->fd == -1)
		return false;
	/* Two natterds on one box serving two addresses share the wildcard. */
	setsockopt(rs->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (rs->family == AF_INET6) {
		setsockopt(rs->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		setsockopt(rs->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
		    sizeof one);
	} else
		setsockopt(rs->fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
	if (bind(rs->fd, sa, salen) == -1) {
		saved = errno;
		close(rs->fd);
		errno = saved;
		return false;
	}
	r->nsockets++;
	return true;
}

/* Open the sockets for one address ai of bind_addr (NULL: every interface). */
static void
responder_open_one(struct responder *r, const struct addrinfo *ai,
    const char *bind_addr, unsigned port)
{
	struct sockaddr_storage any;
	char host[NI_MAXHOST];
	bool served = bind_addr != NULL && !responder_is_wildcard(ai->ai_addr);

	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host,
	    NULL, 0, NI_NUMERICHOST) != 0)
		strlcpy(host, "?", sizeof host);
	/* With -b: unicast probes to the address itself. */
	if (served && !responder_bind(r, ai->ai_addr, ai->ai_addrlen, false,
	    NULL)) {
		log_warn("no discovery on UDP %s port %u: %s", host, port,
		    strerror(errno));
		return;
	}
	/* Broadcasts and multicasts reach only the wildcard. */
	memset(&any, 0, sizeof any);
	any.ss_family = (sa_family_t)ai->ai_family;
	if (ai->ai_family == AF_INET)
		((struct sockaddr_in *)&any)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&any)->sin6_port =
		    htons((uint16_t)port);
	if (!responder_bind(r, (struct sockaddr *)&any, ai->ai_addrlen, served,
	    ai->ai_addr)) {
		if (!served && ai->ai_family == AF_INET6 &&
		    (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL))
			return;
		log_warn("no discovery by broadcast on UDP port %u for %s: %s",
		    port, host, strerror(errno));
		if (!served)
			return;
	}
	log_info("answering discovery probes on UDP port %u for %s", port,
	    host);
}

bool
responder_open(struct responder *r, struct server *s, const char *bind_addr,
    unsigned udp_port, unsigned tcp_port)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	}, *res, *ai;
	char serv[16];
	bool seen4 = false, seen6 = false;
	uint32_t id;
	int error;
	size_t i;

	memset(r, 0, sizeof *r);
	r->server = s;
	r->tcp_port = tcp_port;
	if (getrandom(&id, sizeof id, GRND_NONBLOCK) != sizeof id)
		id = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16);
	snprintf(r->id, sizeof r->id, "%08x", id);

	snprintf(serv, sizeof serv, "%u", udp_port);
	error = getaddrinfo(bind_addr, serv, &hints, &res);
	if (error != 0) {
		log_warn("no discovery: %s: %s", bind_addr != NULL ?
		    bind_addr : "*", gai_strerror(error));
		return false;
	}
	/* One address per family, as the listener serves it. */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET && !seen4)
			seen4 = true;
		else if (ai->ai_family == AF_INET6 && !seen6)
			seen6 = true;
		else
			continue;
		responder_open_one(r, ai, bind_addr, udp_port);
	}
	freeaddrinfo(res);
	if (r->nsockets == 0)
		return false;
	if (pipe2(r->wake, O_CLOEXEC) == -1) {
		for (i = 0; i < r->nsockets; i++)
			close(r->sockets[i].fd);
		r->nsockets = 0;
		log_warn("no discovery: pipe: %s", strerror(errno));
		return false;
	}
	return true;
}

/* Count a room with members (strmap_foreach callback). */
static void
responder_count_room(const char *key, void *value, void *arg)
{
	const struct room *room = value;
	long *n = arg;

	(void)key;
	if (room->nmembers > 0)
		(*n)++;
}

/*
 * Whether src may have one more answer now: at most
 * RESPONDER_RATE_PER_SOURCE a second each, RESPONDER_RATE_TOTAL in all.
 */
static bool
responder_allow(struct responder *r, const struct sockaddr_storage *src)
{
	struct responder_rate *slot = NULL, *oldest = &r->rate[0];
	struct in6_addr addr;
	time_t now = time(NULL);
	size_t i;

	if (src->ss_family == AF_INET) {
		memset(&addr, 0, sizeof addr);
		addr.s6_addr[10] = addr.s6_addr[11] = 0xff;
		memcpy(&addr.s6_addr[12],
		    &((const struct sockaddr_in *)src)->sin_addr, 4);
	} else
		addr = ((const struct sockaddr_in6 *)src)->sin6_addr;

	if (r->total_second != now) {
		r->total_second = now;
		r->total_answers = 0;
	}
	if (r->total_answers >= RESPONDER_RATE_TOTAL)
		return false;
	for (i = 0; i < RESPONDER_RATE_SLOTS; i++) {
		if (r->rate[i].second != 0 &&
		    memcmp(&r->rate[i].addr, &addr, sizeof addr) == 0) {
			slot = &r->rate[i];
			break;
		}
		if (r->rate[i].second < oldest->second)
			oldest = &r->rate[i];
	}
	if (slot == NULL) {
		/* Every slot busy this second: the total cap still holds. */
		slot = oldest;
		slot->addr = addr;
		slot->second = 0;
	}
	if (slot->second != now) {
		slot->second = now;
		slot->answers = 0;
	}
	if (slot->answers >= RESPONDER_RATE_PER_SOURCE)
		return false;
	slot->answers++;
	r->total_answers++;
	return true;
}

/* Read one datagram on rs and answer it if it is a probe we should answer. */
static void
responder_read(struct responder *r, struct responder_socket *rs)
{
	char buf[DISCOVERY_PROBE_MAX + 1], out[DISCOVERY_ANSWER_MAX + 1];
	union {
		char		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr	align;
	} control, reply;
	struct sockaddr_storage src;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
	struct msghdr msg = {
		.msg_name = &src, .msg_namelen = sizeof src,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof control.buf,
	};
	struct discovery_answer a;
	struct cmsghdr *cm;
	struct in_addr dst4 = { 0 };
	struct in6_addr dst6 = IN6ADDR_ANY_INIT;
	unsigned ifindex = 0;
	ssize_t n;
	size_t len;
	bool group;

	n = recvmsg(rs->fd, &msg, 0);
	if (n <= 0 || (msg.msg_flags & MSG_TRUNC) ||
	    !discovery_parse_probe(buf, (size_t)n, NULL))
		return;
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof pi);
			ifindex = (unsigned)pi.ipi_ifindex;
			dst4 = pi.ipi_addr;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof pi);
			ifindex = pi.ipi6_ifindex;
			dst6 = pi.ipi6_addr;
		}
	}
	if (rs->group_only) {
		/* The wildcard with -b: group probes on ADDR's interface only. */
		group = rs->family == AF_INET ?
		    IN_MULTICAST(ntohl(dst4.s_addr)) ||
		    dst4.s_addr == htonl(INADDR_BROADCAST) ||
		    (rs->bcast4.s_addr != 0 &&
		    dst4.s_addr == rs->bcast4.s_addr) :
		    IN6_IS_ADDR_MULTICAST(&dst6);
		if (!group || (rs->ifindex != 0 && ifindex != rs->ifindex))
			return;
	}
	if (!responder_allow(r, &src))
		return;

	memset(&a, 0, sizeof a);
	strlcpy(a.name, r->server->name, sizeof a.name);
	strlcpy(a.id, r->id, sizeof a.id);
	a.port = r->tcp_port;
	a.tls_port = r->tls_port;
	/* A SIGHUP may renew the certificate: asked for every answer. */
	if (r->tls != NULL)
		tls_served_fingerprint(r->tls, a.fp, sizeof a.fp);
	hub_lock(&r->server->hub);
	a.users = (long)r->server->nregistered;
	strmap_foreach(&r->server->rooms, responder_count_room, &a.rooms);
	hub_unlock(&r->server->hub);
	len = discovery_format_answer(out, sizeof out,
	    (size_t)n * DISCOVERY_AMPLIFY, &a);
	if (len == 0)
		return;	/* the probe is too short for the answer */

	iov = (struct iovec){ .iov_base = out, .iov_len = len };
	msg.msg_flags = 0;
	msg.msg_control = NULL;
	msg.msg_controllen = 0;
	if (rs->group_only) {
		/* Answer from the address served, not whatever routing picks. */
		memset(&reply, 0, sizeof reply);
		msg.msg_control = reply.buf;
		cm = (struct cmsghdr *)reply.buf;
		if (rs->family == AF_INET) {
			struct in_pktinfo pi = { .ipi_spec_dst = rs->local4 };

			msg.msg_controllen = CMSG_SPACE(sizeof pi);
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_PKTINFO;
			cm->cmsg_len = CMSG_LEN(sizeof pi);
			memcpy(CMSG_DATA(cm), &pi, sizeof pi);
		} else {
			struct in6_pktinfo pi = {
				.ipi6_addr = rs->local6, .ipi6_ifindex = ifindex,
			};

			msg.msg_controllen = CMSG_SPACE(sizeof pi);
			cm->cmsg_level = IPPROTO_IPV6;
			cm->cmsg_type = IPV6_PKTINFO;
			cm->cmsg_len = CMSG_LEN(sizeof pi);
			memcpy(CMSG_DATA(cm), &pi, sizeof pi);
		}
	}
	if (sendmsg(rs->fd, &msg, MSG_DONTWAIT) == -1)
		log_debug("discovery answer: %s", strerror(errno));
}

/* The responder thread: poll the sockets until woken to stop. */
static void *
responder_main(void *arg)
{
	struct responder *r = arg;
	struct pollfd pfd[RESPONDER_SOCKETS + 1];
	size_t i;

	server_name_thread("natterd-discov");
	for (i = 0; i < r->nsockets; i++)
		pfd[i] = (struct pollfd){ .fd = r->sockets[i].fd,
		    .events = POLLIN };
	pfd[r->nsockets] = (struct pollfd){ .fd = r->wake[0],
	    .events = POLLIN };
	for (;;) {
		if (poll(pfd, r->nsockets + 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			log_fatal("poll");
		}
		if (pfd[r->nsockets].revents != 0)
			break;
		for (i = 0; i < r->nsockets; i++)
			if (pfd[i].revents & POLLIN)
				responder_read(r, &r->sockets[i]);
	}
	return NULL;
}

void
responder_start(struct responder *r)
{
	int error = pthread_create(&r->thread, NULL, responder_main, r);

	if (error != 0)
		log_fatalx("cannot start the discovery thread: %s",
		    strerror(error));
}

void
responder_stop(struct responder *r)
{
	size_t i;

	(void)!write(r->wake[1], "x", 1);
	pthread_join(r->thread, NULL);
	for (i = 0; i < r->nsockets; i++)
		close(r->sockets[i].fd);
	close(r->wake[0]);
	close(r->wake[1]);
}
