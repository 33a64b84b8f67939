/*
 * Whether natter trusts the server at the end of the TLS handshake: the
 * facts (CA verdict, pinned and announced fingerprints, the key
 * known_servers remembers, a loopback or LAN address) gathered for
 * trust.c to decide, its words shown, a first key remembered.  Policy,
 * kept apart from chat_conn.c's mechanics of connecting and reading.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_private.h"
#include "conn.h"
#include "known_servers.h"
#include "options.h"
#include "session.h"
#include "tls.h"
#include "trust.h"

/* Show a message of several lines, each as info or error. */
static void
chat_lines(struct chat *c, const char *msg, bool error)
{
	char		 copy[2048], *p, *line;

	strlcpy(copy, msg, sizeof copy);
	for (p = copy; (line = strsep(&p, "\n")) != NULL;) {
		if (error)
			session_error(&c->s, c->s.windows[0], "%s", line);
		else
			session_info(&c->s, c->s.windows[0], "%s", line);
	}
}

/* The TLS handshake is done: trust the server, or give it up (false,
 * with s.stop set). */
bool
chat_trust(struct chat *c)
{
	struct tls			*t = c->conn.tls;
	struct trust_facts		 f;
	struct known_servers_entry	 e;
	struct sockaddr_storage		 ss;
	socklen_t			 sl = sizeof ss;
	char				 fp[TLS_FP_SIZE], why[256];
	char				 key[KNOWN_SERVERS_KEY_MAX], msg[2048];
	char				 err[512], *text = NULL;
	size_t				 len = 0, line = 0;
	enum trust_verdict		 v;

	memset(&f, 0, sizeof f);
	if (!tls_fingerprint(t, fp, sizeof fp)) {
		session_stop(&c->s, "TLS: the server sent no certificate; "
		    "not reconnecting");
		return false;
	}
	known_servers_key(c->opt->host, c->opt->port, key, sizeof key);
	why[0] = '\0';
	f.key = key;
	f.fp = fp;
	f.ca_ok = tls_verify(t, c->opt->host, why, sizeof why);
	f.ca_why = why;
	f.pinned = c->opt->tls_fingerprint;
	f.discovered = c->opt->discovered_fp;
	f.local = getpeername(c->conn.fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    trust_addr_local((struct sockaddr *)&ss);
	f.path = c->known_path != NULL ? c->known_path :
	    "known_servers (no $HOME: not kept)";
	f.known = KNOWN_SERVERS_ABSENT;
	if (!f.ca_ok && f.pinned == NULL && c->known_path != NULL) {
		if (!known_servers_load(c->known_path, &text, &len, err,
		    sizeof err)) {
			session_stop(&c->s, "TLS: cannot read the known "
			    "servers: %s; not reconnecting", err);
			return false;
		}
		f.known = known_servers_find(text, len, key, &e, &line);
		f.known_fp = e.fp;
		f.known_line = line;
	}
	v = trust_decide(&f, msg, sizeof msg);
	free(text);
	switch (v) {
	case TRUST_REFUSE:
		chat_lines(c, msg, true);
		session_stop(&c->s, "TLS: the server's key is refused; not "
		    "reconnecting");
		return false;
	case TRUST_FIRST:
	case TRUST_FIRST_ANNOUNCED:
		chat_lines(c, msg, false);
		if (c->known_path != NULL && !known_servers_add(c->known_path,
		    key, fp, err, sizeof err))
			session_error(&c->s, c->s.windows[0], "TLS: could not "
			    "remember the key: %s", err);
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "%s on first "
		    "use", v == TRUST_FIRST ? "it was accepted" :
		    "its discovery answer announced it");
		break;
	case TRUST_CA:
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "a CA "
		    "vouches for it as %s", c->opt->host);
		break;
	case TRUST_PINNED:
		strlcpy(c->s.tls_trust, "it is the one pinned with "
		    "--tls-fingerprint", sizeof c->s.tls_trust);
		break;
	case TRUST_KNOWN:
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "it is the "
		    "one remembered in known_servers");
		break;
	}
	strlcpy(c->s.tls_fp, fp, sizeof c->s.tls_fp);
	if (!tls_own_fingerprint(t, c->s.tls_own_fp, sizeof c->s.tls_own_fp))
		c->s.tls_own_fp[0] = '\0';
	tls_describe(t, c->s.tls_desc, sizeof c->s.tls_desc);
	return true;
}
