/*
 * natterd's TLS (GnuTLS): the certificate it serves, reloaded on SIGHUP,
 * and the handshake of each TLS connection.
 *
 * How a session is shared.  GnuTLS's manual ("Thread safety") allows one
 * session to be used by two threads at once, one only sending and one
 * only receiving, which is natterd's reader and writer.  So:
 *
 * - The reader makes the handshake (before the writer exists), with a
 *   deadline of TLS_HANDSHAKE_SECONDS; then it only ever receives, and
 *   the writer only ever sends.  No lock is taken around records.
 * - Nothing may make the reader send: natterd never asks for
 *   renegotiation, post-handshake authentication (no
 *   GNUTLS_POST_HANDSHAKE_AUTH, no GNUTLS_AUTO_REAUTH) or sends session
 *   tickets (GNUTLS_NO_TICKETS).  A TLS 1.2 client that asks for a new
 *   handshake (GNUTLS_E_REHANDSHAKE) is disconnected: answering it, even
 *   with a refusal alert, would be a send from the reader.
 * - A TLS 1.3 KeyUpdate from the peer is taken in by gnutls_record_recv
 *   (the reader): it renews the receiving keys and, if the peer asks for
 *   ours to be renewed too, GnuTLS only marks it, and the writer's next
 *   gnutls_record_send sends our KeyUpdate.  Keys natterd renews of its
 *   own accord are renewed by the writer, inside gnutls_record_send.
 *   The manual's guarantee does not cover the peer's KeyUpdate: GnuTLS
 *   3.7 applies it by copying the sending state (its sequence number)
 *   into a new epoch while the writer may be sending on the old one, and
 *   sets the mark with a plain store.  So the writer holds a per-client
 *   mutex around each send (uncontended: one lock per batch, not per
 *   line), and the reader takes it only while GnuTLS applies a KeyUpdate
 *   (a handshake hook, released when gnutls_record_recv returns); see
 *   transport.c.  GnuTLS allows a peer one KeyUpdate a second.
 * - Closing: the writer, and only it, sends close_notify with
 *   gnutls_bye(GNUTLS_SHUT_WR) after its last line, then shuts the socket
 *   down, which ends the reader's gnutls_record_recv; GnuTLS documents
 *   this as the way for a sending and a receiving thread to end a session.
 *   The session is freed by the last of the two threads.
 * - Credentials are shared read-only by every session (the manual allows
 *   that) and reference-counted: a SIGHUP that loads a new certificate
 *   gives it to new connections while live sessions keep the old one.
 */
#ifndef NATTER_TLS_H
#define NATTER_TLS_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

#include "fingerprint.h"

/* Seconds a new TLS connection has to finish its handshake. */
#define TLS_HANDSHAKE_SECONDS	10
/* Milliseconds between checks, during a handshake, that the client has not ended. */
#define TLS_HANDSHAKE_SLICE_MS	250

/*
 * A loaded certificate and key, shared by the sessions made with it, and
 * the default priorities (one cache for every session, not 8 KiB each).
 */
struct tls_creds {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	char		 fp[FINGERPRINT_LEN + 1];	/* the certificate's */
	unsigned	 refs;		/* under tls->lock */
};

struct tls {
	pthread_mutex_t	 lock;
	struct tls_creds *current;	/* what new connections get */
	char		 cert_path[PATH_MAX];
	char		 key_path[PATH_MAX];
};

/*
 * Where the certificate and key are: --tls-cert and --tls-key (the key
 * defaults to the certificate's file), else TLS_CERT_FILE and
 * TLS_KEY_FILE in state_dir, made self-signed for name when missing.
 * Returns false with a reason in err; with neither given, false and "".
 */
bool	tls_paths(struct tls *t, const char *cert, const char *key,
	    const char *state_dir, const char *name, char *err, size_t errlen);
/* Load the certificate (tls_paths first); false with a reason in err. */
bool	tls_open(struct tls *t, char *err, size_t errlen);
/*
 * SIGHUP: load the files again.  A certificate that loads is used for new
 * connections from now on; one that does not is refused with a log line
 * and the old one kept.
 */
void	tls_reload(struct tls *t);
/* The fingerprint of what new connections get, into fp (FINGERPRINT_LEN + 1). */
void	tls_served_fingerprint(struct tls *t, char *fp, size_t size);
/* Take a reference to the current credentials; tls_creds_put gives it back. */
struct tls_creds *tls_creds_get(struct tls *t);
void	tls_creds_put(struct tls *t, struct tls_creds *cr);

/*
 * A server session on fd with cr's certificate, asking the client for a
 * certificate of its own (not requiring one).  NULL when out of memory.
 */
gnutls_session_t tls_session_new(struct tls_creds *cr, int fd);
/*
 * Make the handshake on s (its socket fd is blocking and stays so), by
 * TLS_HANDSHAKE_SECONDS; every TLS_HANDSHAKE_SLICE_MS it asks
 * abandon(arg) whether to give up (natterd shuts down).  Returns true, or
 * false with the reason in *error.
 */
bool	tls_accept(gnutls_session_t s, int fd, bool (*abandon)(void *),
	    void *arg, const char **error);
/*
 * The fingerprint of the certificate the client presented into fp
 * (FINGERPRINT_LEN + 1), or "" when it sent none.
 */
void	tls_peer_fingerprint(gnutls_session_t s, char *fp, size_t size);

#endif
