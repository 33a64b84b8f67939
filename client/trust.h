/*
 * Whether natter trusts the TLS server it reached, and what it tells the
 * user: the CAs vouch for the certificate and the host name (an internet
 * network); else a key pinned with --tls-fingerprint; else the key
 * remembered for this host and port in known_servers; else, for a server
 * on the LAN, trust on first use (silently when it is the key the
 * discovery answer announced).  A changed key is refused, never accepted
 * silently.  Plain C over what tls.c and known_servers.c found, so the
 * Check suite tests every case.
 */
#ifndef NATTER_TRUST_H
#define NATTER_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include "known_servers.h"

struct sockaddr;

/* What natter knows when the handshake is done. */
struct trust_facts {
	const char	*key;		/* "host:port" (known_servers_key) */
	const char	*fp;		/* the server's key, "SHA256:..." */
	bool		 ca_ok;		/* the CAs vouch for it and the name */
	const char	*ca_why;	/* why not, in words */
	const char	*pinned;	/* --tls-fingerprint, or NULL */
	const char	*discovered;	/* the discovery answer's fp=, or NULL */
	bool		 local;		/* the peer's address is on the LAN */
	enum known_servers_found known;	/* the known_servers lookup */
	const char	*known_fp;	/* ... its fingerprint on MATCH */
	size_t		 known_line;	/* ... its line on MATCH, MALFORMED */
	const char	*path;		/* the known_servers file, for words */
};

enum trust_verdict {
	TRUST_CA,		/* the CAs vouch for it */
	TRUST_PINNED,		/* --tls-fingerprint matches */
	TRUST_KNOWN,		/* known_servers has this key */
	TRUST_FIRST_ANNOUNCED,	/* first use, the key discovery announced:
				 * remember it, say it in one line */
	TRUST_FIRST,		/* first use on the LAN: remember it and
				 * show the fingerprint */
	TRUST_REFUSE,		/* do not talk to it; do not retry */
};

/*
 * Decide; the lines to show go into msg (size bytes, lines separated by
 * '\n', no final one): the fingerprint on first use, both fingerprints
 * and the line to delete when a key changed, what to do on a refusal.
 */
enum trust_verdict trust_decide(const struct trust_facts *f, char *msg,
	    size_t size);
/* Whether addr is loopback, link-local or a private (RFC 1918, ULA)
 * address: where trust on first use is offered. */
bool	trust_addr_local(const struct sockaddr *addr);

#endif
