/*
 * DCC sockets and bytes, in the poll loop; see dcc.h.
 *
 * The sender writes with sendfile(2) and reads the receiver's acks (the
 * bytes it has, 32 bits, big endian, as DCC has always had them); it is
 * done when the last ack covers the file or the receiver closes after it
 * all.  The receiver reads into the one shared buffer, writes the file and
 * acks what it has after each round; it closes once the size offered has
 * come (or at the end of the stream when no size was offered).
 */
#include <sys/types.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dcc.h"
#include "dcc_options.h"
#include "dcc_private.h"
#include "session.h"
#include "write_all.h"

/* Bytes one sendfile(2) call is asked for. */
#define DCC_IO_SENDFILE_STEP	(256 * 1024)
/* The status line is refreshed this often while bytes move (ms). */
#define DCC_IO_STATUS_MS	1000

/* A socket address from text. */
static bool
dcc_io_sockaddr(const char *addr, unsigned port, struct sockaddr_storage *ss,
    socklen_t *sl)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*sl = sizeof *s4;
		return true;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*sl = sizeof *s6;
		return true;
	}
	return false;
}

/* Listen on an ephemeral port of addr's family, on every address of it
 * (the address offered may be a router's, with the port forwarded). */
bool
dcc_io_listen(struct dcc *d, struct dcc_xfer *x, const char *addr, char *err,
    size_t errsize)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl;
	int			 fd, off = 0;

	(void)d;
	if (!dcc_io_sockaddr(addr, 0, &ss, &sl)) {
		snprintf(err, errsize, "%s is not an address", addr);
		return false;
	}
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_ANY);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_any;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1)
		goto fail;
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1 || listen(fd, 1) == -1)
		goto fail;
	sl = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1)
		goto fail;
	x->listen_port = ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	x->fd = fd;
	return true;
fail:
	snprintf(err, errsize, "cannot listen: %s", strerror(errno));
	if (fd != -1)
		close(fd);
	return false;
}

/* Start connecting. */
bool
dcc_io_connect(struct dcc *d, struct dcc_xfer *x, const char *addr,
    unsigned port, char *err, size_t errsize)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl;
	int			 fd;

	if (!dcc_io_sockaddr(addr, port, &ss, &sl)) {
		snprintf(err, errsize, "%s is not an address", addr);
		return false;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || (connect(fd, (struct sockaddr *)&ss, sl) == -1 &&
	    errno != EINPROGRESS)) {
		snprintf(err, errsize, "cannot connect to %s port %u: %s",
		    addr, port, strerror(errno));
		if (fd != -1)
			close(fd);
		return false;
	}
	x->fd = fd;
	x->state = DCC_CONNECTING;
	x->last_move = d->s->now;
	return true;
}

/* Hash x's file: ours before offering it, or the one received. */
void
dcc_io_hash_start(struct dcc *d, struct dcc_xfer *x)
{
	int	fd = x->file;

	if (x->dir == DCC_IN) {
		/* The part was opened to write: read it anew. */
		if (x->file != -1)
			close(x->file);
		fd = x->file = open(x->target.part, O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC);
	}
	x->hasher = fd != -1 ? dcc_hash_new(fd) : NULL;
	if (x->hasher == NULL) {
		dcc_say(d, x, true, "Cannot hash %s: %s", x->dir == DCC_OUT ?
		    x->path : x->target.part, fd == -1 ? strerror(errno) :
		    "GnuTLS has no SHA-256");
		dcc_end(d, x);
	}
}

/* Bytes are flowing from now on. */
static void
dcc_io_began(struct dcc *d, struct dcc_xfer *x)
{
	x->state = DCC_MOVING;
	x->began = x->last_move = x->rate_at = d->s->now;
	x->rate_pos = x->pos;
	x->rate = 0;
	d->s->dirty_status = true;
	if (x->dir == DCC_OUT && x->pos >= x->size)
		x->state = DCC_DRAINING;
}

/* The receiver has it all: finish, or check its hash first. */
static void
dcc_io_in_complete(struct dcc *d, struct dcc_xfer *x)
{
	char	took[96], size[32], saved[4096], err[512];

	/* The last ack, if the socket takes it; then the sender may go. */
	if (x->fd != -1) {
		uint32_t	v = htonl((uint32_t)x->pos);

		if (x->ackoutlen == 0)
			(void)!send(x->fd, &v, sizeof v, MSG_NOSIGNAL |
			    MSG_DONTWAIT);
		close(x->fd);
		x->fd = -1;
	}
	if (!x->size_known) {
		x->size = x->pos;
		x->size_known = true;
	}
	if (x->hash[0] != '\0' && x->state != DCC_VERIFYING) {
		x->state = DCC_VERIFYING;
		x->last_move = d->s->now;
		dcc_io_hash_start(d, x);
		return;
	}
	if (x->file != -1) {
		close(x->file);
		x->file = -1;
	}
	dcc_show_took(x, d->s->now, took, sizeof took);
	dcc_ctcp_size(x->size, size, sizeof size);
	if (!dcc_file_finish(&x->target, saved, sizeof saved, err,
	    sizeof err)) {
		dcc_say(d, x, true, "Received %s from %s, but it stays %s: %s",
		    x->name, x->nick, x->target.part, err);
		dcc_end(d, x);
		return;
	}
	dcc_say(d, x, false, "Received %s from %s (%s%s): saved as %s%s",
	    x->name, x->nick, size, took, saved, x->hash[0] != '\0' ?
	    "; SHA-256 verified" : "");
	dcc_end(d, x);
}

/* The received file's hash is known: keep it, or say it does not match. */
static void
dcc_io_verified(struct dcc *d, struct dcc_xfer *x, const char *hex)
{
	if (strcmp(hex, x->hash) == 0) {
		dcc_io_in_complete(d, x);
		return;
	}
	dcc_say(d, x, true, "%s from %s does not match its SHA-256: kept as "
	    "%s", x->name, x->nick, x->target.part);
	dcc_end(d, x);
}

/* A receiving transfer stopped short. */
static void
dcc_io_in_failed(struct dcc *d, struct dcc_xfer *x, const char *why)
{
	char	got[32], size[32];

	dcc_ctcp_size(x->pos, got, sizeof got);
	if (x->pos == 0 && x->file != -1) {
		/* Nothing came: no part to leave behind. */
		unlink(x->target.part);
		dcc_say(d, x, true, "Receiving %s from %s failed: %s", x->name,
		    x->nick, why);
	} else if (x->file != -1) {
		dcc_ctcp_size(x->size, size, sizeof size);
		dcc_say(d, x, true, "Receiving %s from %s stopped at %s of %s: "
		    "%s; kept as %s (taking it again resumes it)", x->name,
		    x->nick, got, x->size_known ? size : "?", why,
		    x->target.part);
	} else
		dcc_say(d, x, true, "Receiving %s from %s failed: %s", x->name,
		    x->nick, why);
	dcc_end(d, x);
}

/* A sending transfer stopped short. */
static void
dcc_io_out_failed(struct dcc *d, struct dcc_xfer *x, const char *why)
{
	char	got[32], size[32];

	dcc_ctcp_size(x->pos, got, sizeof got);
	dcc_ctcp_size(x->size, size, sizeof size);
	dcc_say(d, x, true, "Sending %s to %s stopped at %s of %s: %s",
	    x->name, x->nick, got, size, why);
	dcc_end(d, x);
}

/* The sender is done. */
static void
dcc_io_out_done(struct dcc *d, struct dcc_xfer *x)
{
	char	took[96], size[32];

	dcc_show_took(x, d->s->now, took, sizeof took);
	dcc_ctcp_size(x->size, size, sizeof size);
	dcc_say(d, x, false, "Sent %s to %s (%s%s)", x->name, x->nick, size,
	    took);
	dcc_end(d, x);
}

/* The offer is taken, or the connection made: bytes may flow. */
static void
dcc_io_opened(struct dcc *d, struct dcc_xfer *x)
{
	char	size[32];

	dcc_io_began(d, x);
	dcc_ctcp_size(x->size, size, sizeof size);
	if (x->dir == DCC_OUT)
		dcc_say(d, x, false, "Sending %s (%s) to %s", x->name, size,
		    x->nick);
	else {
		dcc_say(d, x, false, "Receiving %s (%s) from %s into %s",
		    x->name, x->size_known ? size : "size unknown", x->nick,
		    x->target.part);
		if (x->size_known && x->pos >= x->size)
			dcc_io_in_complete(d, x);
	}
}

/* A listener's connection came. */
static void
dcc_io_accept(struct dcc *d, struct dcc_xfer *x)
{
	int	fd;

	fd = accept4(x->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno == EAGAIN || errno == EINTR ||
		    errno == ECONNABORTED)
			return;
		if (x->dir == DCC_OUT)
			dcc_io_out_failed(d, x, strerror(errno));
		else
			dcc_io_in_failed(d, x, strerror(errno));
		return;
	}
	close(x->fd);
	x->fd = fd;
	dcc_io_opened(d, x);
}

/* connect(2) ended. */
static void
dcc_io_connected(struct dcc *d, struct dcc_xfer *x)
{
	int		e = 0;
	socklen_t	el = sizeof e;
	char		why[256];

	if (getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &e, &el) == -1)
		e = errno;
	if (e == EINPROGRESS)
		return;
	if (e != 0) {
		snprintf(why, sizeof why, "cannot connect to %s: %s",
		    x->dir == DCC_IN ? x->addr : "the receiver", strerror(e));
		if (x->dir == DCC_OUT)
			dcc_io_out_failed(d, x, why);
		else
			dcc_io_in_failed(d, x, why);
		return;
	}
	dcc_io_opened(d, x);
}

/* Read the receiver's acks; false when the connection ended (x is then
 * finished, one way or the other). */
static bool
dcc_io_read_acks(struct dcc *d, struct dcc_xfer *x)
{
	unsigned char	buf[256];
	ssize_t		n, i;
	int		reads;

	for (reads = 0; reads < 16; reads++) {
		n = recv(x->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return true;
		if (n <= 0) {
			if (x->pos >= x->size)
				dcc_io_out_done(d, x);
			else
				dcc_io_out_failed(d, x, n == 0 ?
				    "the receiver closed the connection" :
				    strerror(errno));
			return false;
		}
		for (i = 0; i < n; i++) {
			x->ackbuf[x->acklen++] = buf[i];
			if (x->acklen == 4) {
				x->acked = (uint32_t)x->ackbuf[0] << 24 |
				    (uint32_t)x->ackbuf[1] << 16 |
				    (uint32_t)x->ackbuf[2] << 8 | x->ackbuf[3];
				x->acked_any = true;
				x->acklen = 0;
			}
		}
	}
	return true;
}

/* Send more of the file. */
static void
dcc_io_sendfile(struct dcc *d, struct dcc_xfer *x)
{
	uint64_t	moved = 0, left;
	off_t		off;
	ssize_t		n;

	while (x->pos < x->size && moved < DCC_ROUND_BYTES) {
		left = x->size - x->pos;
		off = (off_t)x->pos;
		n = sendfile(x->fd, x->file, &off, left < DCC_IO_SENDFILE_STEP ?
		    (size_t)left : DCC_IO_SENDFILE_STEP);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			dcc_io_out_failed(d, x, n == 0 ? "the file got shorter" :
			    strerror(errno));
			return;
		}
		x->pos += (uint64_t)n;
		moved += (uint64_t)n;
	}
	if (moved > 0)
		x->last_move = d->s->now;
	if (x->pos >= x->size)
		x->state = DCC_DRAINING;
}

/* Finish writing an ack written in part; false while some is left. */
static bool
dcc_io_ack_flush(struct dcc_xfer *x)
{
	ssize_t	n;

	if (x->ackoutlen == 0)
		return true;
	n = send(x->fd, x->ackout + 4 - x->ackoutlen, x->ackoutlen,
	    MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n > 0)
		x->ackoutlen -= (size_t)n;
	return x->ackoutlen == 0;
}

/* Ack what we have (a later ack replaces one the socket had no room for). */
static void
dcc_io_ack(struct dcc_xfer *x)
{
	uint32_t	v = (uint32_t)x->pos;
	ssize_t		n;

	if (!dcc_io_ack_flush(x))
		return;
	x->ackout[0] = (unsigned char)(v >> 24);
	x->ackout[1] = (unsigned char)(v >> 16);
	x->ackout[2] = (unsigned char)(v >> 8);
	x->ackout[3] = (unsigned char)v;
	n = send(x->fd, x->ackout, 4, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n > 0 && n < 4)
		x->ackoutlen = 4 - (size_t)n;
}

/* Move up to want bytes from the socket to the file through the pipe,
 * with no copy in user space; -1 with errno EAGAIN when nothing waits, 0
 * at the end of the stream, -2 with errno when the file cannot take them. */
static ssize_t
dcc_io_splice(struct dcc_xfer *x, size_t want)
{
	ssize_t	n, m, left;

	n = splice(x->fd, NULL, x->pipe[1], NULL, want, SPLICE_F_MOVE |
	    SPLICE_F_NONBLOCK);
	if (n <= 0)
		return n;
	for (left = n; left > 0; left -= m) {
		m = splice(x->pipe[0], NULL, x->file, NULL, (size_t)left,
		    SPLICE_F_MOVE);
		if (m == -1 && errno == EINTR) {
			m = 0;
			continue;
		}
		if (m <= 0)
			return -2;
	}
	return n;
}

/* Receive what has come: by splice(2) when a pipe can be had, else
 * through the shared buffer. */
static void
dcc_io_receive(struct dcc *d, struct dcc_xfer *x)
{
	uint64_t	moved = 0;
	size_t		want;
	ssize_t		n;
	char		why[4096 + 320];

	if (x->pipe[0] == -1 && pipe2(x->pipe, O_NONBLOCK | O_CLOEXEC) == 0)
		(void)fcntl(x->pipe[1], F_SETPIPE_SZ, DCC_BUFFER);
	while (moved < DCC_ROUND_BYTES) {
		want = DCC_BUFFER;
		if (x->size_known && x->size - x->pos < want)
			want = (size_t)(x->size - x->pos);
		if (want == 0)
			break;
		if (x->pipe[0] != -1) {
			n = dcc_io_splice(x, want);
			if (n == -2) {
				snprintf(why, sizeof why, "cannot write %s: %s",
				    x->target.part, strerror(errno));
				dcc_io_in_failed(d, x, why);
				return;
			}
			if (n > 0) {
				x->pos += (uint64_t)n;
				moved += (uint64_t)n;
				continue;
			}
		} else
			n = recv(x->fd, d->buf, want, MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			if (!x->size_known && n == 0) {
				dcc_io_in_complete(d, x);
				return;
			}
			snprintf(why, sizeof why, "%s", n == 0 ? "the sender "
			    "closed the connection" : strerror(errno));
			dcc_io_in_failed(d, x, why);
			return;
		}
		if (!write_all(x->file, d->buf, (size_t)n)) {
			snprintf(why, sizeof why, "cannot write %s: %s",
			    x->target.part, strerror(errno));
			dcc_io_in_failed(d, x, why);
			return;
		}
		x->pos += (uint64_t)n;
		moved += (uint64_t)n;
	}
	if (moved > 0) {
		x->last_move = d->s->now;
		dcc_io_ack(x);
	}
	if (x->size_known && x->pos >= x->size)
		dcc_io_in_complete(d, x);
}

/* The poll slots. */
size_t
dcc_pollfds(struct dcc *d, struct pollfd *pfd, size_t max)
{
	struct dcc_xfer	*x;
	size_t		 i, n = 0;
	short		 ev;

	for (i = 0; i < d->n && n < max && n < DCC_MAX; i++) {
		x = d->x[i];
		if (x->fd == -1)
			continue;
		switch (x->state) {
		case DCC_OFFERED:
		case DCC_LISTENING:
		case DCC_DRAINING:
			ev = POLLIN;
			break;
		case DCC_CONNECTING:
			ev = POLLOUT;
			break;
		case DCC_MOVING:
			ev = x->dir == DCC_OUT ? POLLIN | POLLOUT :
			    POLLIN | (x->ackoutlen > 0 ? POLLOUT : 0);
			break;
		default:
			continue;
		}
		pfd[n].fd = x->fd;
		pfd[n].events = ev;
		pfd[n].revents = 0;
		d->polled[n++] = x;
	}
	d->npolled = n;
	return n;
}

/* One transfer's events. */
static void
dcc_io_one(struct dcc *d, struct dcc_xfer *x, short re)
{
	switch (x->state) {
	case DCC_OFFERED:
	case DCC_LISTENING:
		dcc_io_accept(d, x);
		break;
	case DCC_CONNECTING:
		dcc_io_connected(d, x);
		break;
	case DCC_MOVING:
		if (x->dir == DCC_IN) {
			if (re & POLLOUT)
				dcc_io_ack_flush(x);
			if (re & (POLLIN | POLLHUP | POLLERR))
				dcc_io_receive(d, x);
			break;
		}
		if ((re & (POLLIN | POLLHUP | POLLERR)) &&
		    !dcc_io_read_acks(d, x))
			break;
		if (re & POLLOUT)
			dcc_io_sendfile(d, x);
		if (x->state == DCC_DRAINING && x->acked_any &&
		    x->acked == (uint32_t)x->size)
			dcc_io_out_done(d, x);
		break;
	case DCC_DRAINING:
		if (!dcc_io_read_acks(d, x))
			break;
		if (x->acked_any && x->acked == (uint32_t)x->size)
			dcc_io_out_done(d, x);
		break;
	default:
		break;
	}
}

/* Act on the slots' events. */
void
dcc_io(struct dcc *d, const struct pollfd *pfd, size_t n)
{
	size_t	i;

	for (i = 0; i < n && i < d->npolled; i++) {
		if (pfd[i].revents != 0 && d->polled[i]->state != DCC_ENDED &&
		    d->polled[i]->fd == pfd[i].fd)
			dcc_io_one(d, d->polled[i], pfd[i].revents);
	}
	d->npolled = 0;
	dcc_reap(d);
}

/* Our file is hashed: offer it. */
static void
dcc_io_offer(struct dcc *d, struct dcc_xfer *x)
{
	struct dcc_ctcp	 c;
	char		 err[256], addr[DCC_CTCP_ADDR_MAX], size[32];

	if (!dcc_local_addr(d, addr, sizeof addr, err, sizeof err) ||
	    (!x->passive && !dcc_io_listen(d, x, addr, err, sizeof err))) {
		dcc_say(d, x, true, "Cannot offer %s: %s", x->name, err);
		dcc_end(d, x);
		return;
	}
	/* The hash first: a receiver that takes the offer at once has it
	 * before the file can be complete. */
	memset(&c, 0, sizeof c);
	c.type = DCC_CTCP_SHA256;
	strlcpy(c.name, x->name, sizeof c.name);
	strlcpy(c.hash, x->hash, sizeof c.hash);
	dcc_send_ctcp(d, x->nick, &c);
	c.type = DCC_CTCP_SEND;
	strlcpy(c.addr, addr, sizeof c.addr);
	c.port = x->passive ? 0 : x->listen_port;
	c.size = x->size;
	strlcpy(c.token, x->passive ? x->token : "", sizeof c.token);
	if (!dcc_send_ctcp(d, x->nick, &c)) {
		dcc_say(d, x, true, "Cannot offer %s: not sent", x->name);
		dcc_end(d, x);
		return;
	}
	x->state = DCC_OFFERED;
	x->last_move = d->s->now;
	dcc_ctcp_size(x->size, size, sizeof size);
	dcc_say(d, x, false, "Offering %s (%s) to %s%s [%u]; /dcc close %u "
	    "withdraws it", x->name, size, x->nick, x->passive ?
	    " (passive: they listen)" : "", x->id, x->id);
}

/* One step of hashing. */
static void
dcc_io_hash_step(struct dcc *d, struct dcc_xfer *x)
{
	char	hex[DCC_CTCP_HASH_HEX];
	int	r;

	r = dcc_hash_step(x->hasher, d->buf, DCC_BUFFER, hex);
	if (r == 0)
		return;
	if (r < 0) {
		dcc_say(d, x, true, "Cannot read %s: %s", x->dir == DCC_OUT ?
		    x->path : x->target.part, strerror(errno));
		dcc_end(d, x);
		return;
	}
	dcc_hash_free(x->hasher);
	x->hasher = NULL;
	if (x->dir == DCC_OUT) {
		strlcpy(x->hash, hex, sizeof x->hash);
		dcc_io_offer(d, x);
	} else
		dcc_io_verified(d, x, hex);
}

/* What a transfer waiting too long is told. */
static void
dcc_io_expire(struct dcc *d, struct dcc_xfer *x)
{
	switch (x->state) {
	case DCC_PENDING:
		dcc_say(d, x, false, "The offer of %s from %s expired",
		    x->name, x->nick);
		dcc_end(d, x);
		break;
	case DCC_OFFERED:
		dcc_say(d, x, false, "%s did not take %s; the offer is "
		    "withdrawn", x->nick, x->name);
		dcc_end(d, x);
		break;
	case DCC_RESUMING:
		dcc_io_in_failed(d, x, "no answer to the request to resume");
		break;
	default:
		if (x->dir == DCC_OUT)
			dcc_io_out_failed(d, x, "nothing moved for too long");
		else
			dcc_io_in_failed(d, x, "nothing moved for too long");
		break;
	}
}

/* Timers and hashing. */
void
dcc_timers(struct dcc *d, int64_t now)
{
	struct dcc_xfer	*x;
	int64_t		 limit = (int64_t)d->opt->timeout * 1000;
	size_t		 i;
	bool		 moving = false;

	for (i = 0; i < d->n; i++) {
		x = d->x[i];
		if (x->hasher != NULL) {
			dcc_io_hash_step(d, x);
			continue;
		}
		if (x->state == DCC_ENDED || x->state == DCC_HASHING ||
		    x->state == DCC_VERIFYING)
			continue;
		if (now - x->last_move > limit) {
			dcc_io_expire(d, x);
			continue;
		}
		if (x->state == DCC_MOVING || x->state == DCC_DRAINING) {
			dcc_show_sample(x, now);
			moving = true;
		}
	}
	if (moving && now >= d->status_at) {
		d->s->dirty_status = true;
		d->status_at = now + DCC_IO_STATUS_MS;
	}
	dcc_reap(d);
}

/* When the timers must run. */
int64_t
dcc_next(const struct dcc *d, int64_t now)
{
	const struct dcc_xfer	*x;
	int64_t			 next = -1, t;
	size_t			 i;

	for (i = 0; i < d->n; i++) {
		x = d->x[i];
		if (x->hasher != NULL)
			return now;
		if (x->state == DCC_ENDED)
			continue;
		t = x->last_move + (int64_t)d->opt->timeout * 1000 + 1;
		if (x->state == DCC_MOVING || x->state == DCC_DRAINING)
			t = d->status_at > now ? d->status_at : now + 1;
		if (next == -1 || t < next)
			next = t;
	}
	return next;
}
