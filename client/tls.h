/*
 * TLS for natter's connection, by GnuTLS: the credentials (the system's
 * CAs, or a CA file, and a client certificate), a session over a
 * non-blocking socket whose handshake, reads and writes say "again"
 * instead of blocking (the poll loop waits for the direction GnuTLS
 * needs), and what natter shows about it: the peer's fingerprint,
 * whether the CAs vouch for the certificate and the host name, the
 * protocol and cipher in words.  Deciding whether to trust a peer is
 * trust.c's; this only calls the library.
 */
#ifndef NATTER_TLS_H
#define NATTER_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "fingerprint.h"

/* "SHA256:" and 43 bytes of unpadded base64, NUL included. */
#define TLS_FP_SIZE		(FINGERPRINT_LEN + 1)

struct tls_creds;
struct tls;

/* What a step of the session did. */
enum tls_result {
	TLS_DONE,		/* finished (handshake) or moved data */
	TLS_AGAIN,		/* call again when tls_wants_write says */
	TLS_CLOSED,		/* the peer closed the session */
	TLS_FAILED,		/* err says why */
};

/*
 * Credentials for every connection of this run: ca_file (PEM) or, when
 * NULL, the system's CAs; cert_file with key_file (NULL: the key is in
 * cert_file) when not NULL.  NULL with err set when a file cannot be
 * loaded.
 */
struct tls_creds *tls_creds_new(const char *ca_file, const char *cert_file,
	    const char *key_file, char *err, size_t errsize);
void	tls_creds_free(struct tls_creds *cr);

/*
 * A client session on the connected socket fd; host goes into SNI when
 * it is a name, not an address.  NULL with err set on failure.
 */
struct tls *tls_new(struct tls_creds *cr, int fd, const char *host,
	    char *err, size_t errsize);
/* End the session (a close_notify is tried when bye, without waiting)
 * and free it; the socket is the caller's. */
void	tls_free(struct tls *t, bool bye);

/* One step of the handshake. */
enum tls_result tls_handshake(struct tls *t, char *err, size_t errsize);
/* After TLS_AGAIN: whether GnuTLS waits to write (else to read). */
bool	tls_wants_write(const struct tls *t);
/* Read up to size bytes; *got is set on TLS_DONE. */
enum tls_result tls_read(struct tls *t, void *buf, size_t size, size_t *got,
	    char *err, size_t errsize);
/* Bytes already decrypted and waiting for tls_read (poll cannot see
 * them). */
size_t	tls_pending(struct tls *t);
/*
 * Send up to len bytes at buf; *sent is set on TLS_DONE.  After
 * TLS_AGAIN the bytes are GnuTLS's: call again (with any buf) and the
 * same count comes back as sent once they are out.
 */
enum tls_result tls_write(struct tls *t, const void *buf, size_t len,
	    size_t *sent, char *err, size_t errsize);
/* Whether a write is half done (wait for POLLOUT). */
bool	tls_write_pending(const struct tls *t);

/* The peer certificate's fingerprint, "SHA256:..." (TLS_FP_SIZE
 * bytes); false when there is none. */
bool	tls_fingerprint(struct tls *t, char *fp, size_t size);
/* The same of the client certificate sent (--tls-cert); false when the
 * server asked for none or there is none. */
bool	tls_own_fingerprint(struct tls *t, char *fp, size_t size);
/*
 * Whether the CAs vouch for the peer's certificate and it is host's
 * (NULL: any host); why says what is wrong when not.
 */
bool	tls_verify(struct tls *t, const char *host, char *why, size_t size);
/* The protocol and cipher in words ("TLS 1.3, AES-256-GCM, ..."). */
void	tls_describe(struct tls *t, char *buf, size_t size);

#endif
