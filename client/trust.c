/* Whether natter trusts a TLS server; see trust.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "known_servers.h"
#include "trust.h"

/* Decide. */
enum trust_verdict
trust_decide(const struct trust_facts *f, char *msg, size_t size)
{
	msg[0] = '\0';
	if (f->pinned != NULL) {
		if (strcmp(f->pinned, f->fp) == 0)
			return TRUST_PINNED;
		snprintf(msg, size, "REFUSED: %s does not have the pinned key "
		    "(--tls-fingerprint)\nexpected: %s\nthe server has: %s",
		    f->key, f->pinned, f->fp);
		return TRUST_REFUSE;
	}
	if (f->ca_ok)
		return TRUST_CA;
	switch (f->known) {
	case KNOWN_SERVERS_MATCH:
		if (strcmp(f->known_fp, f->fp) == 0)
			return TRUST_KNOWN;
		snprintf(msg, size, "WARNING: THE KEY OF %s HAS CHANGED; "
		    "REFUSED.\nSomebody may be listening in (a "
		    "man-in-the-middle), or the server got a new key.\n"
		    "remembered: %s\nthe server has now: %s\n"
		    "If the new key is right, delete line %zu of %s "
		    "(\"%s %s\") and connect again.", f->key, f->known_fp,
		    f->fp, f->known_line, f->path, f->key, f->known_fp);
		return TRUST_REFUSE;
	case KNOWN_SERVERS_MALFORMED:
		snprintf(msg, size, "REFUSED: line %zu of %s is about %s but "
		    "is not \"HOST:PORT SHA256:...\"; fix or delete it "
		    "(the server has %s)", f->known_line, f->path, f->key,
		    f->fp);
		return TRUST_REFUSE;
	default:
		break;
	}
	if (f->discovered != NULL) {
		if (strcmp(f->discovered, f->fp) == 0) {
			snprintf(msg, size, "%s has the key its discovery "
			    "answer announced, %s; remembered in %s", f->key,
			    f->fp, f->path);
			return TRUST_FIRST_ANNOUNCED;
		}
		snprintf(msg, size, "REFUSED: %s does not have the key its "
		    "discovery answer announced\nannounced: %s\nthe server "
		    "has: %s", f->key, f->discovered, f->fp);
		return TRUST_REFUSE;
	}
	if (f->local) {
		snprintf(msg, size, "First connection to %s, a server on the "
		    "LAN with a certificate of its own (%s).  Its key is\n"
		    "    %s\nremembered in %s: a different key will be "
		    "refused.  Compare it with what natterd --fingerprint "
		    "prints on the server.", f->key,
		    f->ca_why != NULL ? f->ca_why : "?", f->fp, f->path);
		return TRUST_FIRST;
	}
	snprintf(msg, size, "REFUSED: the certificate of %s is not valid: "
	    "%s\nIts key is %s; if you know it is the right one, pin it "
	    "with --tls-fingerprint %s", f->key,
	    f->ca_why != NULL ? f->ca_why : "?", f->fp, f->fp);
	return TRUST_REFUSE;
}

/* Whether an IPv4 address (host order) is on the LAN. */
static bool
trust_v4_local(uint32_t a)
{
	return (a >> 24) == 127 ||		/* loopback */
	    (a >> 24) == 10 ||			/* RFC 1918 */
	    (a >> 20) == (172u << 4 | 1) ||	/* 172.16/12 */
	    (a >> 16) == (192u << 8 | 168) ||	/* 192.168/16 */
	    (a >> 16) == (169u << 8 | 254);	/* link-local */
}

/* Whether the address is on the LAN. */
bool
trust_addr_local(const struct sockaddr *addr)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	const uint8_t			*b;

	switch (addr->sa_family) {
	case AF_INET:
		sin = (const struct sockaddr_in *)(const void *)addr;
		return trust_v4_local(ntohl(sin->sin_addr.s_addr));
	case AF_INET6:
		sin6 = (const struct sockaddr_in6 *)(const void *)addr;
		b = sin6->sin6_addr.s6_addr;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
			return trust_v4_local((uint32_t)b[12] << 24 |
			    (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
			    b[15]);
		return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) ||
		    IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) ||
		    (b[0] & 0xfe) == 0xfc;		/* ULA, fc00::/7 */
	default:
		return false;
	}
}
