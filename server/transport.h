/*
 * How a client's bytes cross the network: the plain socket, or a TLS
 * session on it.  The reader only receives and the writer only sends
 * (tls.h says why that makes one session safe for both without a lock);
 * everything above this (framing, SendQ, timers, the flood throttle)
 * is the same for both.
 */
#ifndef NATTER_TRANSPORT_H
#define NATTER_TRANSPORT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <gnutls/gnutls.h>

/* What transport_recv and transport_send return besides a byte count. */
#define TRANSPORT_AGAIN		(-1)	/* timed out or interrupted: call again */
#define TRANSPORT_FAILED	(-2)	/* broken: *error says why */

struct transport {
	int		 fd;
	int		 recv_wait_ms;	/* TLS: the socket's receive timeout */
	gnutls_session_t tls;		/* NULL: plain text */
	bool		 send_cut;	/* the writer left a record half sent */
	/*
	 * TLS: held by the writer around each send, and by the reader while
	 * GnuTLS applies a TLS 1.3 KeyUpdate from the peer (see tls.h).
	 */
	pthread_mutex_t	 send_lock;
	bool		 key_update_held;	/* the reader's: it holds send_lock */
};

/*
 * A plain transport on fd, whose receive timeout (SO_RCVTIMEO) is
 * recv_wait_ms.
 */
void	transport_init(struct transport *t, int fd, int recv_wait_ms);
/* Speak TLS on it from now on, through the server session s. */
void	transport_use_tls(struct transport *t, gnutls_session_t s);
/*
 * The reader's: up to len bytes into buf.  Returns the count, 0 when the
 * peer closed, TRANSPORT_AGAIN when the socket's receive timeout passed,
 * or TRANSPORT_FAILED with the reason in *error.
 */
ssize_t	transport_recv(struct transport *t, void *buf, size_t len,
	    const char **error);
/*
 * The reader's: whether bytes are waiting, within ms milliseconds (the
 * plain door's first wait, and a TLS reader's before each record).  *first gets the first byte when it is known
 * without taking it (plain text), else -1.
 */
bool	transport_wait_first(struct transport *t, int ms, int *first);
/*
 * The writer's: send up to len bytes.  Returns how many went, or
 * TRANSPORT_AGAIN when the socket's send timeout passed (call again with
 * the same bytes), or TRANSPORT_FAILED with the reason in *error.
 */
ssize_t	transport_send(struct transport *t, const void *buf, size_t len,
	    const char **error);
/*
 * The writer's last words: try once to send len bytes (a farewell to a
 * client that stopped reading), then end the stream (TLS close_notify),
 * and shut the socket down, which wakes the reader.
 */
void	transport_close(struct transport *t, const void *last, size_t len);
/* The last thread out: free the session and lock (the caller closes fd). */
void	transport_free(struct transport *t);

#endif
