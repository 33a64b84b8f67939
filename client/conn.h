/*
 * The connection to the server: name lookup, a non-blocking connect that
 * tries each address in turn, a send queue flushed when the socket is
 * writable, and received bytes framed into lines (line_framer.h) with a
 * hard cap.  Nothing here blocks but the name lookup (getaddrinfo).
 *
 * With TLS credentials set (tls_creds), the connect is followed by a TLS
 * handshake driven by the same poll loop (conn_events asks for the
 * direction GnuTLS waits for), and reads and writes go through the
 * session; CONN_IO_OPENED comes once the handshake is done, before a
 * byte of the server's is taken, so the caller decides whether to trust
 * the peer (tls.h, trust.h) before anything is sent.
 *
 * A conn with capture set queues what is sent to it even when closed,
 * which is how the Check suites see what the client would send.
 */
#ifndef NATTER_CONN_H
#define NATTER_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"
#include "line_framer.h"

/* The send queue never holds more than this: a server that stops reading
 * is as good as gone. */
#define CONN_SENDQ_MAX		(1024 * 1024)

enum conn_state {
	CONN_CLOSED,
	CONN_CONNECTING,	/* connect(2) in progress */
	CONN_HANDSHAKE,		/* TLS handshake in progress */
	CONN_OPEN,
};

/* What conn_io saw. */
enum conn_io {
	CONN_IO_OK,		/* nothing to report, or lines to read */
	CONN_IO_OPENED,		/* the connect just completed */
	CONN_IO_LOST,		/* closed: error says why */
};

struct addrinfo;
struct tls;
struct tls_creds;

struct conn {
	enum conn_state		 state;
	int			 fd;
	struct addrinfo		*addrs;		/* getaddrinfo's list */
	struct addrinfo		*next_addr;	/* next to try */
	struct buffer		 sendq;
	struct line_framer	 framer;
	char			 error[256];	/* why it closed */
	bool			 capture;	/* tests: queue while closed */
	bool			 more;		/* the last read filled its space */
	struct tls_creds	*tls_creds;	/* the caller's; NULL: plain */
	struct tls		*tls;		/* the session, once connected */
	char			*host;		/* as given, for SNI */
};

void	conn_init(struct conn *c);
void	conn_free(struct conn *c);
/*
 * Look host up and start connecting to its first address.  False with
 * c->error set when the name does not resolve or no address can even be
 * tried.  Drops whatever was queued or buffered.
 */
bool	conn_start(struct conn *c, const char *host, const char *port);
/* Close the socket (queued data is dropped); error, if not NULL, says
 * why. */
void	conn_close(struct conn *c, const char *error);
/* The poll(2) events to wait for: 0 when closed. */
short	conn_events(const struct conn *c);
/* Handle the poll revents of the socket: finish connecting, flush, read
 * once.  Take the lines (conn_next_line) before calling it again; when
 * c->more is set, more may be waiting right away. */
enum conn_io conn_io(struct conn *c, short revents);
/* The next received line (NUL-terminated, CR LF stripped, valid until the
 * next call); false when none is complete. Overlong lines are dropped. */
bool	conn_next_line(struct conn *c, char **line, size_t *len);
/* Queue one line; "\r\n" is added.  A line with CR or LF in it or longer
 * than an IRC line is refused (false). */
bool	conn_send(struct conn *c, const char *line, size_t len);
/* Try to write the queue now (after conn_send, to save a poll round). */
enum conn_io conn_flush(struct conn *c);
/* Bytes waiting to be sent. */
size_t	conn_pending(const struct conn *c);
/* Whether received bytes wait inside the TLS session, where poll cannot
 * see them: call conn_io with POLLIN without polling. */
bool	conn_buffered(const struct conn *c);

#endif
