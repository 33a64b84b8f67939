/* TLS by GnuTLS, non-blocking; see tls.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "fingerprint.h"
#include "tls.h"
#include "xmalloc.h"

/* How GnuTLS starts its words on a certificate that failed. */
#define TLS_NOT_TRUSTED	"The certificate is NOT trusted. "

struct tls_creds {
	gnutls_certificate_credentials_t cred;
};

struct tls {
	gnutls_session_t	 session;
	bool			 established;
	size_t			 unsent;	/* given to a send that said again */
};

/* An error of GnuTLS in words, with what we were doing. */
static void
tls_error(char *err, size_t errsize, const char *what, int rc)
{
	snprintf(err, errsize, "TLS %s: %s", what, gnutls_strerror(rc));
}

/* Load the credentials. */
struct tls_creds *
tls_creds_new(const char *ca_file, const char *cert_file,
    const char *key_file, char *err, size_t errsize)
{
	struct tls_creds	*cr = xcalloc(1, sizeof *cr);
	int			 rc;

	if ((rc = gnutls_certificate_allocate_credentials(&cr->cred)) < 0) {
		tls_error(err, errsize, "credentials", rc);
		free(cr);
		return NULL;
	}
	if (ca_file != NULL)
		rc = gnutls_certificate_set_x509_trust_file(cr->cred, ca_file,
		    GNUTLS_X509_FMT_PEM);
	else
		rc = gnutls_certificate_set_x509_system_trust(cr->cred);
	/* No system CAs at all is not fatal: trust on first use still
	 * works, and verification says what is missing. */
	if (rc < 0 && ca_file != NULL) {
		snprintf(err, errsize, "%s: %s", ca_file, gnutls_strerror(rc));
		goto fail;
	}
	if (rc == 0 && ca_file != NULL) {
		snprintf(err, errsize, "%s: no certificate in it", ca_file);
		goto fail;
	}
	if (cert_file != NULL) {
		rc = gnutls_certificate_set_x509_key_file(cr->cred, cert_file,
		    key_file != NULL ? key_file : cert_file,
		    GNUTLS_X509_FMT_PEM);
		if (rc < 0) {
			snprintf(err, errsize, "%s: %s", key_file != NULL &&
			    rc == GNUTLS_E_BASE64_DECODING_ERROR ? key_file :
			    cert_file, gnutls_strerror(rc));
			goto fail;
		}
	}
	return cr;
fail:
	gnutls_certificate_free_credentials(cr->cred);
	free(cr);
	return NULL;
}

/* Free the credentials. */
void
tls_creds_free(struct tls_creds *cr)
{
	if (cr == NULL)
		return;
	gnutls_certificate_free_credentials(cr->cred);
	free(cr);
}

/* Whether host is an IP address (no SNI for those, RFC 6066). */
static bool
tls_is_address(const char *host)
{
	unsigned char	buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1;
}

/* A session over fd. */
struct tls *
tls_new(struct tls_creds *cr, int fd, const char *host, char *err,
    size_t errsize)
{
	struct tls	*t = xcalloc(1, sizeof *t);
	int		 rc;

	if ((rc = gnutls_init(&t->session, GNUTLS_CLIENT |
	    GNUTLS_NONBLOCK)) < 0) {
		tls_error(err, errsize, "session", rc);
		free(t);
		return NULL;
	}
	if ((rc = gnutls_set_default_priority(t->session)) < 0 ||
	    (rc = gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE,
	    cr->cred)) < 0 ||
	    (host != NULL && !tls_is_address(host) &&
	    (rc = gnutls_server_name_set(t->session, GNUTLS_NAME_DNS, host,
	    strlen(host))) < 0)) {
		tls_error(err, errsize, "session", rc);
		gnutls_deinit(t->session);
		free(t);
		return NULL;
	}
	gnutls_transport_set_int(t->session, fd);
	/* The loop's own registration deadline bounds the handshake. */
	gnutls_handshake_set_timeout(t->session, 0);
	return t;
}

/* End and free. */
void
tls_free(struct tls *t, bool bye)
{
	if (t == NULL)
		return;
	/* Best effort: a non-blocking bye sends close_notify if the socket
	 * takes it, and never waits for the answer. */
	if (bye && t->established)
		(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
	gnutls_deinit(t->session);
	free(t);
}

/* One handshake step. */
enum tls_result
tls_handshake(struct tls *t, char *err, size_t errsize)
{
	int	rc;

	do
		rc = gnutls_handshake(t->session);
	while (rc < 0 && gnutls_error_is_fatal(rc) == 0 &&
	    rc != GNUTLS_E_AGAIN);
	if (rc == GNUTLS_E_AGAIN)
		return TLS_AGAIN;
	if (rc < 0) {
		if (rc == GNUTLS_E_PREMATURE_TERMINATION)
			snprintf(err, errsize, "TLS handshake: the server "
			    "closed the connection (is it a TLS port?)");
		else if (rc == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ||
		    rc == GNUTLS_E_UNEXPECTED_PACKET ||
		    rc == GNUTLS_E_UNSUPPORTED_VERSION_PACKET)
			snprintf(err, errsize, "TLS handshake: %s (is it a "
			    "TLS port?)", gnutls_strerror(rc));
		else
			tls_error(err, errsize, "handshake", rc);
		return TLS_FAILED;
	}
	t->established = true;
	return TLS_DONE;
}

/* The direction GnuTLS waits for. */
bool
tls_wants_write(const struct tls *t)
{
	return gnutls_record_get_direction(t->session) == 1;
}

/* Read. */
enum tls_result
tls_read(struct tls *t, void *buf, size_t size, size_t *got, char *err,
    size_t errsize)
{
	ssize_t	n;

	for (;;) {
		n = gnutls_record_recv(t->session, buf, size);
		if (n > 0) {
			*got = (size_t)n;
			return TLS_DONE;
		}
		if (n == 0)
			return TLS_CLOSED;
		if (n == GNUTLS_E_AGAIN)
			return TLS_AGAIN;
		/* A TLS 1.2 server asking to handshake again is declined
		 * by going on; warnings and interruptions likewise. */
		if (n == GNUTLS_E_REHANDSHAKE || n == GNUTLS_E_INTERRUPTED ||
		    gnutls_error_is_fatal((int)n) == 0)
			continue;
		if (n == GNUTLS_E_PREMATURE_TERMINATION)
			return TLS_CLOSED;
		tls_error(err, errsize, "read", (int)n);
		return TLS_FAILED;
	}
}

/* Decrypted bytes waiting. */
size_t
tls_pending(struct tls *t)
{
	return gnutls_record_check_pending(t->session);
}

/* Write. */
enum tls_result
tls_write(struct tls *t, const void *buf, size_t len, size_t *sent,
    char *err, size_t errsize)
{
	ssize_t	n;

	do {
		/* After "again", GnuTLS holds the record: no new data. */
		if (t->unsent > 0)
			n = gnutls_record_send(t->session, NULL, 0);
		else
			n = gnutls_record_send(t->session, buf, len);
	} while (n == GNUTLS_E_INTERRUPTED);
	if (n == GNUTLS_E_AGAIN) {
		if (t->unsent == 0)
			t->unsent = len;
		return TLS_AGAIN;
	}
	if (n < 0) {
		tls_error(err, errsize, "write", (int)n);
		return TLS_FAILED;
	}
	t->unsent = 0;
	*sent = (size_t)n;
	return TLS_DONE;
}

/* A write half done. */
bool
tls_write_pending(const struct tls *t)
{
	return t->unsent > 0;
}

/* The fingerprint of a DER certificate. */
static bool
tls_fingerprint_der(const gnutls_datum_t *der, char *fp, size_t size)
{
	unsigned char	digest[FINGERPRINT_DIGEST_LEN];
	size_t		dlen = sizeof digest;

	if (size < TLS_FP_SIZE || gnutls_fingerprint(GNUTLS_DIG_SHA256, der,
	    digest, &dlen) < 0 || dlen != sizeof digest)
		return false;
	return fingerprint_format(digest, fp, size)[0] != '\0';
}

/* The peer's fingerprint. */
bool
tls_fingerprint(struct tls *t, char *fp, size_t size)
{
	const gnutls_datum_t	*certs;
	unsigned		 n = 0;

	certs = gnutls_certificate_get_peers(t->session, &n);
	return certs != NULL && n > 0 && tls_fingerprint_der(&certs[0], fp,
	    size);
}

/* Our own certificate's fingerprint, if we sent one. */
bool
tls_own_fingerprint(struct tls *t, char *fp, size_t size)
{
	const gnutls_datum_t	*cert;

	cert = gnutls_certificate_get_ours(t->session);
	return cert != NULL && tls_fingerprint_der(cert, fp, size);
}

/* The CAs' word on the peer. */
bool
tls_verify(struct tls *t, const char *host, char *why, size_t size)
{
	unsigned	 status = 0;
	gnutls_datum_t	 words = { NULL, 0 };
	const char	*p;
	size_t		 len;
	int		 rc;

	rc = gnutls_certificate_verify_peers3(t->session, host, &status);
	if (rc < 0) {
		snprintf(why, size, "%s", gnutls_strerror(rc));
		return false;
	}
	if (status == 0)
		return true;
	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &words, 0) == 0) {
		/* "The certificate is NOT trusted. " says nothing new. */
		p = (const char *)words.data;
		if (strncmp(p, TLS_NOT_TRUSTED, strlen(TLS_NOT_TRUSTED)) == 0)
			p += strlen(TLS_NOT_TRUSTED);
		snprintf(why, size, "%s", p);
		gnutls_free(words.data);
		for (len = strlen(why); len > 0 && why[len - 1] == ' '; len--)
			why[len - 1] = '\0';
	} else
		snprintf(why, size, "not verified");
	return false;
}

/* The protocol and cipher in words. */
void
tls_describe(struct tls *t, char *buf, size_t size)
{
	gnutls_session_t	 s = t->session;
	const char		*proto, *cipher, *kx, *group, *mac;

	proto = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
	cipher = gnutls_cipher_get_name(gnutls_cipher_get(s));
	mac = gnutls_mac_get_name(gnutls_mac_get(s));
	group = gnutls_group_get_name(gnutls_group_get(s));
	kx = gnutls_kx_get_name(gnutls_kx_get(s));
	/* TLS 1.3 names the group; older versions the exchange. */
	snprintf(buf, size, "%s, cipher %s%s%s, key exchange %s",
	    proto != NULL ? proto : "?", cipher != NULL ? cipher : "?",
	    mac != NULL && strcmp(mac, "AEAD") != 0 ? " with " : "",
	    mac != NULL && strcmp(mac, "AEAD") != 0 ? mac : "",
	    group != NULL ? group : kx != NULL ? kx : "?");
}
