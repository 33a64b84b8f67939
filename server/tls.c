/* The certificate natterd serves, its reloads, and each connection's handshake. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "client_input.h"
#include "log.h"
#include "tls.h"
#include "tls_cert.h"
#include "xmalloc.h"

bool
tls_paths(struct tls *t, const char *cert, const char *key,
    const char *state_dir, const char *name, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	pthread_mutex_init(&t->lock, NULL);
	err[0] = '\0';
	if (cert != NULL) {
		strlcpy(t->cert_path, cert, sizeof t->cert_path);
		strlcpy(t->key_path, key != NULL ? key : cert,
		    sizeof t->key_path);
		return true;
	}
	if (state_dir == NULL)
		return false;
	if (snprintf(t->cert_path, sizeof t->cert_path, "%s/%s", state_dir,
	    TLS_CERT_FILE) >= (int)sizeof t->cert_path ||
	    snprintf(t->key_path, sizeof t->key_path, "%s/%s", state_dir,
	    TLS_KEY_FILE) >= (int)sizeof t->key_path) {
		snprintf(err, errlen, "%s: name too long", state_dir);
		return false;
	}
	/* The state dir is made 0700 by natterd, or was made by its user. */
	if (mkdir(state_dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", state_dir,
		    strerror(errno));
		return false;
	}
	return tls_cert_ensure(t->cert_path, t->key_path, name, err, errlen);
}

static void
tls_creds_free(struct tls_creds *cr)
{
	gnutls_priority_deinit(cr->prio);
	gnutls_certificate_free_credentials(cr->cred);
	free(cr);
}

/* Load the certificate and key files into new credentials. */
static struct tls_creds *
tls_load(const struct tls *t, char *err, size_t errlen)
{
	struct tls_creds *cr = xcalloc(1, sizeof *cr);
	gnutls_datum_t der;
	int r;

	if ((r = gnutls_certificate_allocate_credentials(&cr->cred)) < 0) {
		snprintf(err, errlen, "%s", gnutls_strerror(r));
		free(cr);
		return NULL;
	}
	if ((r = gnutls_priority_init(&cr->prio, NULL, NULL)) < 0) {
		snprintf(err, errlen, "%s", gnutls_strerror(r));
		gnutls_certificate_free_credentials(cr->cred);
		free(cr);
		return NULL;
	}
	r = gnutls_certificate_set_x509_key_file2(cr->cred, t->cert_path,
	    t->key_path, GNUTLS_X509_FMT_PEM, NULL, 0);
	if (r >= 0)
		r = gnutls_certificate_get_crt_raw(cr->cred, 0, 0, &der);
	if (r >= 0 && !tls_cert_fingerprint(&der, cr->fp, sizeof cr->fp))
		r = GNUTLS_E_INTERNAL_ERROR;
	if (r < 0) {
		snprintf(err, errlen, "%s, %s: %s", t->cert_path, t->key_path,
		    gnutls_strerror(r));
		tls_creds_free(cr);
		return NULL;
	}
	cr->refs = 1;
	return cr;
}

bool
tls_open(struct tls *t, char *err, size_t errlen)
{
	return (t->current = tls_load(t, err, errlen)) != NULL;
}

void
tls_reload(struct tls *t)
{
	struct tls_creds *cr, *old;
	char err[PATH_MAX * 2 + 128];

	if ((cr = tls_load(t, err, sizeof err)) == NULL) {
		log_warn("SIGHUP: TLS certificate not reloaded, keeping the "
		    "old one: %s", err);
		return;
	}
	pthread_mutex_lock(&t->lock);
	old = t->current;
	t->current = cr;
	pthread_mutex_unlock(&t->lock);
	log_info("SIGHUP: TLS certificate %s reloaded, fingerprint %s%s",
	    t->cert_path, cr->fp, strcmp(old->fp, cr->fp) == 0 ?
	    " (unchanged)" : "");
	tls_creds_put(t, old);
}

void
tls_served_fingerprint(struct tls *t, char *fp, size_t size)
{
	pthread_mutex_lock(&t->lock);
	strlcpy(fp, t->current->fp, size);
	pthread_mutex_unlock(&t->lock);
}

struct tls_creds *
tls_creds_get(struct tls *t)
{
	struct tls_creds *cr;

	pthread_mutex_lock(&t->lock);
	cr = t->current;
	cr->refs++;
	pthread_mutex_unlock(&t->lock);
	return cr;
}

void
tls_creds_put(struct tls *t, struct tls_creds *cr)
{
	bool last;

	pthread_mutex_lock(&t->lock);
	last = --cr->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		tls_creds_free(cr);
}

gnutls_session_t
tls_session_new(struct tls_creds *cr, int fd)
{
	gnutls_session_t s;

	/*
	 * No tickets: nothing for the server to send after the handshake
	 * (and no ticket key to keep).  No GNUTLS_POST_HANDSHAKE_AUTH: see
	 * tls.h for why the reader must never send.
	 */
	if (gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL |
	    GNUTLS_NO_TICKETS) < 0)
		return NULL;
	if (gnutls_priority_set(s, cr->prio) < 0 ||
	    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cr->cred) < 0) {
		gnutls_deinit(s);
		return NULL;
	}
	/* A client certificate is welcome (CertFP in WHOIS), never needed. */
	gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUEST);
	gnutls_transport_set_int(s, fd);
	return s;
}

/* Milliseconds on the reader's monotonic clock. */
static long long
tls_now_ms(void)
{
	return client_clock_real.now_ms(client_clock_real.arg);
}

bool
tls_accept(gnutls_session_t s, int fd, bool (*abandon)(void *), void *arg,
    const char **error)
{
	long long deadline = tls_now_ms() + TLS_HANDSHAKE_SECONDS * 1000LL;
	long long left;
	struct pollfd pfd = { .fd = fd };
	int flags = fcntl(fd, F_GETFL), r;
	bool ok = false;

	/* Non-blocking while it lasts, so the deadline is ours to keep. */
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
		*error = strerror(errno);
		return false;
	}
	for (;;) {
		r = gnutls_handshake(s);
		if (r == GNUTLS_E_SUCCESS) {
			ok = true;
			break;
		}
		if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED &&
		    gnutls_error_is_fatal(r)) {
			*error = gnutls_strerror(r);
			break;
		}
		if (r != GNUTLS_E_AGAIN)
			continue;	/* a warning alert: carry on */
		if ((left = deadline - tls_now_ms()) <= 0) {
			*error = "handshake timed out";
			break;
		}
		pfd.events = gnutls_record_get_direction(s) ? POLLOUT : POLLIN;
		if (poll(&pfd, 1, left < TLS_HANDSHAKE_SLICE_MS ? (int)left :
		    TLS_HANDSHAKE_SLICE_MS) == -1 && errno != EINTR) {
			*error = strerror(errno);
			break;
		}
		if (abandon(arg)) {
			*error = "server shutting down";
			break;
		}
	}
	if (fcntl(fd, F_SETFL, flags) == -1 && ok) {
		*error = strerror(errno);
		ok = false;
	}
	return ok;
}

void
tls_peer_fingerprint(gnutls_session_t s, char *fp, size_t size)
{
	const gnutls_datum_t *certs;
	unsigned n = 0;

	fp[0] = '\0';
	certs = gnutls_certificate_get_peers(s, &n);
	if (certs != NULL && n > 0 &&
	    gnutls_certificate_type_get(s) == GNUTLS_CRT_X509)
		tls_cert_fingerprint(&certs[0], fp, size);
}
