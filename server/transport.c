/* A client's bytes over the plain socket or a TLS session. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "transport.h"

void
transport_init(struct transport *t, int fd, int recv_wait_ms)
{
	memset(t, 0, sizeof *t);
	t->fd = fd;
	t->recv_wait_ms = recv_wait_ms;
	pthread_mutex_init(&t->send_lock, NULL);
}

/*
 * GnuTLS is about to apply a KeyUpdate the peer sent (in the reader's
 * gnutls_record_recv): keep the writer out of the session until
 * transport_recv returns, since renewing the keys copies the sending
 * state (its sequence number) into a new epoch.
 */
static int
transport_key_update_hook(gnutls_session_t s, unsigned htype, unsigned when,
    unsigned incoming, const gnutls_datum_t *msg)
{
	struct transport *t = gnutls_session_get_ptr(s);

	(void)htype;
	(void)when;
	(void)msg;
	/* Our own KeyUpdate goes out in the writer, which holds the lock. */
	if (incoming && !t->key_update_held) {
		pthread_mutex_lock(&t->send_lock);
		t->key_update_held = true;
	}
	return 0;
}

void
transport_use_tls(struct transport *t, gnutls_session_t s)
{
	t->tls = s;
	gnutls_session_set_ptr(s, t);
	gnutls_handshake_set_hook_function(s, GNUTLS_HANDSHAKE_KEY_UPDATE,
	    GNUTLS_HOOK_PRE, transport_key_update_hook);
}

ssize_t
transport_recv(struct transport *t, void *buf, size_t len, const char **error)
{
	ssize_t n;
	int first;

	if (t->tls == NULL) {
		n = recv(t->fd, buf, len, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return TRANSPORT_AGAIN;
		*error = strerror(errno);
		return TRANSPORT_FAILED;
	}
	/*
	 * Ask GnuTLS for a record only when it holds bytes already or the
	 * socket has some within the receive timeout: waiting inside
	 * gnutls_record_recv would keep a record-sized receive buffer (about
	 * 17 KiB) allocated for the whole wait, in every idle client.  (With
	 * its own socket functions GnuTLS reads no further than the record
	 * it needs, so nothing whole waits unseen in it.)  An error or a
	 * hang-up counts as bytes: gnutls_record_recv reports it.
	 */
	if (!transport_wait_first(t, t->recv_wait_ms, &first))
		return TRANSPORT_AGAIN;
	n = gnutls_record_recv(t->tls, buf, len);
	if (t->key_update_held) {
		t->key_update_held = false;
		pthread_mutex_unlock(&t->send_lock);
	}
	if (n >= 0)
		return n;
	switch (n) {
	case GNUTLS_E_AGAIN:
	case GNUTLS_E_INTERRUPTED:
		return TRANSPORT_AGAIN;
	case GNUTLS_E_PREMATURE_TERMINATION:
		/* Most IRC clients close without close_notify: a close. */
		return 0;
	case GNUTLS_E_REHANDSHAKE:
		*error = "TLS renegotiation is not supported";
		return TRANSPORT_FAILED;
	}
	if (!gnutls_error_is_fatal((int)n))
		return TRANSPORT_AGAIN;	/* a warning alert */
	*error = gnutls_strerror((int)n);
	return TRANSPORT_FAILED;
}

bool
transport_wait_first(struct transport *t, int ms, int *first)
{
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
	unsigned char byte;
	int n;

	*first = -1;
	if (t->tls != NULL && gnutls_record_check_pending(t->tls) > 0)
		return true;
	while ((n = poll(&pfd, 1, ms)) == -1 && errno == EINTR)
		;
	if (n == 0)
		return false;
	if (t->tls == NULL && recv(t->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 1)
		*first = byte;
	return true;
}

ssize_t
transport_send(struct transport *t, const void *buf, size_t len,
    const char **error)
{
	ssize_t n;

	if (t->tls == NULL) {
		n = send(t->fd, buf, len, MSG_NOSIGNAL);
		if (n >= 0)
			return n;
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return TRANSPORT_AGAIN;
		*error = strerror(errno);
		return TRANSPORT_FAILED;
	}
	/*
	 * After GNUTLS_E_AGAIN GnuTLS wants the same bytes again: the
	 * writer's loop does that; send_cut remembers it meanwhile.
	 */
	pthread_mutex_lock(&t->send_lock);
	n = gnutls_record_send(t->tls, buf, len);
	pthread_mutex_unlock(&t->send_lock);
	t->send_cut = n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED;
	if (n >= 0)
		return n;
	if (t->send_cut)
		return TRANSPORT_AGAIN;
	*error = gnutls_strerror((int)n);
	return TRANSPORT_FAILED;
}

void
transport_close(struct transport *t, const void *last, size_t len)
{
	if (t->tls == NULL) {
		if (len > 0)
			(void)!send(t->fd, last, len,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
	} else if (!t->send_cut) {
		/*
		 * Bounded by the socket's send timeout; skipped when a record
		 * is half sent, since GnuTLS would finish that one first.
		 */
		pthread_mutex_lock(&t->send_lock);
		if (len > 0 && gnutls_record_send(t->tls, last, len) < 0)
			t->send_cut = true;
		if (!t->send_cut)
			(void)gnutls_bye(t->tls, GNUTLS_SHUT_WR);
		pthread_mutex_unlock(&t->send_lock);
	}
	shutdown(t->fd, SHUT_RDWR);
}

void
transport_free(struct transport *t)
{
	if (t->tls != NULL)
		gnutls_deinit(t->tls);
	t->tls = NULL;
	pthread_mutex_destroy(&t->send_lock);
}
