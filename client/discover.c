/* Finding natterd on the LAN; see discover.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "discover.h"

/* Append ", what" (or "what" first) to res->tried. */
static void
discover_tried(struct discover_result *res, const char *what)
{
	if (res->tried[0] != '\0')
		strlcat(res->tried, ", ", sizeof res->tried);
	strlcat(res->tried, what, sizeof res->tried);
}

/* Send the probe to sa; note it in res->tried as label. */
static void
discover_send(int fd, const char *probe, size_t len,
    const struct sockaddr *sa, socklen_t salen, struct discover_result *res,
    const char *label)
{
	if (sendto(fd, probe, len, 0, sa, salen) == (ssize_t)len)
		discover_tried(res, label);
}

/* Whether ifa (an IPv6 address) is the first of its interface in the list. */
static bool
discover_first_v6(const struct ifaddrs *all, const struct ifaddrs *ifa)
{
	const struct ifaddrs *i;

	for (i = all; i != ifa; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET6 &&
		    strcmp(i->ifa_name, ifa->ifa_name) == 0)
			return false;
	return true;
}

/* Send the probes: broadcasts, ff02::1 per interface, 127.0.0.1. */
static void
discover_probe(int fd4, int fd6, uint16_t port, struct discover_result *res)
{
	char probe[DISCOVERY_PROBE_SIZE + 1], host[INET_ADDRSTRLEN];
	char label[INET_ADDRSTRLEN + IF_NAMESIZE + 16];
	struct ifaddrs *all, *ifa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	size_t len = discovery_format_probe(probe, sizeof probe);

	if (getifaddrs(&all) == -1)
		all = NULL;
	for (ifa = all; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
			continue;
		if (fd4 != -1 && ifa->ifa_addr->sa_family == AF_INET &&
		    (ifa->ifa_flags & IFF_BROADCAST) &&
		    ifa->ifa_broadaddr != NULL) {
			sin = *(struct sockaddr_in *)ifa->ifa_broadaddr;
			sin.sin_port = htons(port);
			inet_ntop(AF_INET, &sin.sin_addr, host, sizeof host);
			snprintf(label, sizeof label, "%s (%s)", host,
			    ifa->ifa_name);
			discover_send(fd4, probe, len, (struct sockaddr *)&sin,
			    sizeof sin, res, label);
		}
		if (fd6 != -1 && ifa->ifa_addr->sa_family == AF_INET6 &&
		    (ifa->ifa_flags & IFF_MULTICAST) &&
		    !(ifa->ifa_flags & IFF_LOOPBACK) &&
		    discover_first_v6(all, ifa)) {
			memset(&sin6, 0, sizeof sin6);
			sin6.sin6_family = AF_INET6;
			sin6.sin6_port = htons(port);
			inet_pton(AF_INET6, "ff02::1", &sin6.sin6_addr);
			sin6.sin6_scope_id = if_nametoindex(ifa->ifa_name);
			snprintf(label, sizeof label, "ff02::1%%%s",
			    ifa->ifa_name);
			discover_send(fd6, probe, len, (struct sockaddr *)&sin6,
			    sizeof sin6, res, label);
		}
	}
	if (all != NULL)
		freeifaddrs(all);
	/* This box itself: lo has no broadcast. */
	if (fd4 != -1) {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		discover_send(fd4, probe, len, (struct sockaddr *)&sin,
		    sizeof sin, res, "127.0.0.1");
	}
}

/* Keep the answer in buf from src, once per server (its id, else its address). */
static void
discover_keep(struct discover_result *res, const char *buf, size_t len,
    const struct sockaddr_storage *src, socklen_t srclen)
{
	struct discover_server *s;
	struct discovery_answer a;
	char host[NI_MAXHOST];
	size_t i;

	if (!discovery_parse_answer(buf, len, &a) ||
	    getnameinfo((const struct sockaddr *)src, srclen, host,
	    sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		return;
	for (i = 0; i < res->count; i++) {
		s = &res->servers[i];
		if (a.id[0] != '\0' ? strcmp(s->answer.id, a.id) == 0 :
		    strcmp(s->addr, host) == 0 && s->answer.port == a.port) {
			/* Seen: an IPv4 address reads better than a link-local one. */
			if (src->ss_family == AF_INET && strchr(s->addr, ':'))
				strlcpy(s->addr, host, sizeof s->addr);
			return;
		}
	}
	if (res->count == DISCOVER_MAX)
		return;
	s = &res->servers[res->count++];
	strlcpy(s->addr, host, sizeof s->addr);
	s->answer = a;
}

/* Milliseconds on a monotonic clock. */
static long long
discover_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* port as a number, by strtonum(3); see discover.h. */
uint16_t
discover_port(const char *port)
{
	return (uint16_t)strtonum(port, 1, 65535, NULL);
}

int
discover_run(const char *port, int wait_ms, struct discover_result *res)
{
	struct pollfd pfd[2];
	struct sockaddr_storage src;
	socklen_t srclen;
	char buf[DISCOVERY_ANSWER_MAX + 1];
	long long deadline;
	uint16_t p;
	int one = 1, n, i;
	ssize_t len;

	memset(res, 0, sizeof *res);
	if ((p = discover_port(port)) == 0) {
		snprintf(res->tried, sizeof res->tried, "bad port %s", port);
		return -1;
	}
	pfd[0].fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	pfd[1].fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (pfd[0].fd != -1)
		setsockopt(pfd[0].fd, SOL_SOCKET, SO_BROADCAST, &one,
		    sizeof one);
	if (pfd[1].fd != -1)
		setsockopt(pfd[1].fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof one);
	discover_probe(pfd[0].fd, pfd[1].fd, p, res);
	if (res->tried[0] == '\0') {
		snprintf(res->tried, sizeof res->tried,
		    "no interface to send a probe on: %s", strerror(errno));
		for (i = 0; i < 2; i++)
			if (pfd[i].fd != -1)
				close(pfd[i].fd);
		return -1;
	}

	deadline = discover_now_ms() + wait_ms;
	for (;;) {
		long long left = deadline - discover_now_ms();

		if (left <= 0)
			break;
		pfd[0].events = pfd[1].events = POLLIN;
		n = poll(pfd, 2, (int)left);
		if (n == -1 && errno != EINTR)
			break;
		for (i = 0; n > 0 && i < 2; i++) {
			if (pfd[i].fd == -1 || !(pfd[i].revents & POLLIN))
				continue;
			srclen = sizeof src;
			len = recvfrom(pfd[i].fd, buf, sizeof buf, MSG_DONTWAIT,
			    (struct sockaddr *)&src, &srclen);
			if (len > 0)
				discover_keep(res, buf, (size_t)len, &src,
				    srclen);
		}
	}
	for (i = 0; i < 2; i++)
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	return 0;
}

void
discover_describe(const struct discover_server *s, char *buf, size_t size)
{
	char users[24], rooms[24], tls[16] = "";

	if (s->answer.tls_port != 0)
		snprintf(tls, sizeof tls, " tls=%u", s->answer.tls_port);
	if (s->answer.users >= 0)
		snprintf(users, sizeof users, "%ld", s->answer.users);
	else
		strlcpy(users, "?", sizeof users);
	if (s->answer.rooms >= 0)
		snprintf(rooms, sizeof rooms, "%ld", s->answer.rooms);
	else
		strlcpy(rooms, "?", sizeof rooms);
	snprintf(buf, size, "%s %u %s users=%s rooms=%s%s", s->addr,
	    s->answer.port, s->answer.name[0] != '\0' ? s->answer.name : "-",
	    users, rooms, tls);
}
