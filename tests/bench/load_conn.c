/*
 * The generator's connections: opening them at a paced rate, the epoll
 * loop, reading lines, answering the protocol, sending messages.
 */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "load.h"
#include "xmalloc.h"

/* Events taken from epoll per call. */
#define LOAD_EVENTS	1024
/* How often the server's figures are sampled for their peaks, ns. */
#define LOAD_SAMPLE_NS	1000000000LL
/* The longest the loop sleeps without looking at the clock, ns. */
#define LOAD_TICK_NS	10000000LL

int64_t
load_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Note the first error the server told any client. */
static void
load_note_error(struct load *l, const char *s, size_t len)
{
	if (l->first_error[0] != '\0')
		return;
	if (len >= sizeof l->first_error)
		len = sizeof l->first_error - 1;
	memcpy(l->first_error, s, len);
	l->first_error[len] = '\0';
}

/* Set the epoll events of c: reading unless it is a slow one in the room. */
static void
conn_arm(struct load *l, struct conn *c)
{
	struct epoll_event ev = { .data.u32 = c->idx };

	if (c->state == CONN_CONNECTING)
		ev.events = EPOLLOUT;
	else {
		if (!(c->slow && c->state == CONN_READY))
			ev.events |= EPOLLIN;
		if (c->out.len > 0)
			ev.events |= EPOLLOUT;
	}
	c->want_out = (ev.events & EPOLLOUT) != 0;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, c->fd, &ev) == -1) {
		perror("natterload: epoll_ctl");
		exit(3);
	}
}

/*
 * c is no longer in flight: the server has accepted it and answered.
 * The first byte from the server ends the flight, not 001: a server that
 * registers slowly (InspIRCd completes registrations on a one-second
 * timer) has accepted the connection long before, and its listen backlog
 * is free again.
 */
static void
conn_landed(struct load *l, struct conn *c)
{
	if (!c->landed && c->state != CONN_IDLE) {
		c->landed = true;
		l->inflight--;
	}
}

/* c has failed or was closed by the server: it is out of the run. */
static void
conn_kill(struct load *l, struct conn *c)
{
	if (c->state == CONN_DEAD)
		return;
	conn_landed(l, c);
	if (c->state == CONN_CONNECTING)
		l->connect_errors++;
	else
		l->closed_by_server++;
	if (c->state == CONN_READY) {
		if (c->slow)
			l->slow_joined--;
		else
			l->joined--;
	}
	if (c->slow)
		l->slow_dead++;
	else
		l->dead++;
	c->state = CONN_DEAD;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->tls != NULL)
		gnutls_deinit(c->tls);
	c->tls = NULL;
	close(c->fd);
	c->fd = -1;
	free(c->part);
	c->part = NULL;
	c->partlen = 0;
	buffer_free(&c->out);
}

/*
 * Send up to len bytes of buf on c, as send(2) would.  GnuTLS wants a
 * record it could not finish sent again: natterload asks for it with
 * (NULL, 0) and takes the count it gives back.
 */
static ssize_t
conn_send(struct conn *c, const char *buf, size_t len)
{
	ssize_t n;

	if (c->tls == NULL)
		return send(c->fd, buf, len, MSG_NOSIGNAL);
	n = c->tls_cut > 0 ? gnutls_record_send(c->tls, NULL, 0) :
	    gnutls_record_send(c->tls, buf, len);
	if (n >= 0) {
		c->tls_cut = 0;
		return n;
	}
	if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
		c->tls_cut = len;
		errno = EAGAIN;
	} else
		errno = EIO;
	return -1;
}

/* Read what c has, up to len bytes, as read(2) would. */
static ssize_t
conn_recv(struct conn *c, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	if (c->tls == NULL)
		return read(c->fd, buf, len);
	/* Until the socket is empty: GnuTLS may hold records epoll cannot see. */
	while (got < len) {
		n = gnutls_record_recv(c->tls, buf + got, len - got);
		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (got > 0)
			return (ssize_t)got;
		if (n == 0)
			return 0;
		errno = n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED ?
		    EAGAIN : EIO;
		return -1;
	}
	return (ssize_t)got;
}

/* --tls: make c's handshake now, waiting for it (at most 10 s). */
static bool
conn_handshake(struct load *l, struct conn *c)
{
	struct pollfd pfd = { .fd = c->fd };
	int r;

	if (gnutls_init(&c->tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK |
	    GNUTLS_NO_SIGNAL) < 0) {
		c->tls = NULL;
		return false;
	}
	gnutls_set_default_priority(c->tls);
	gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE, l->tls_cred);
	gnutls_transport_set_int(c->tls, c->fd);
	while ((r = gnutls_handshake(c->tls)) < 0) {
		if (gnutls_error_is_fatal(r))
			return false;
		pfd.events = gnutls_record_get_direction(c->tls) ? POLLOUT :
		    POLLIN;
		if (poll(&pfd, 1, 10000) <= 0)
			return false;
	}
	return true;
}

/* Send what c still holds; false when the connection broke. */
static bool
conn_flush(struct load *l, struct conn *c)
{
	ssize_t n;

	while (c->out.len > 0) {
		n = conn_send(c, c->out.data, c->out.len);
		if (n > 0) {
			buffer_consume(&c->out, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		conn_kill(l, c);
		return false;
	}
	if ((c->out.len > 0) != c->want_out)
		conn_arm(l, c);
	return true;
}

/* Queue bytes for c and send what the socket takes now. */
static void
conn_write(struct load *l, struct conn *c, const char *s, size_t len)
{
	if (c->state == CONN_DEAD)
		return;
	buffer_append(&c->out, s, len);
	conn_flush(l, c);
}

/* Open the next connection: a non-blocking connect(2). */
static void
conn_open(struct load *l, struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = c->idx };
	int one = 1;

	c->t_start = load_now();
	c->fd = socket(l->addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		perror("natterload: socket");
		exit(3);
	}
	/* Chat lines are small: never hold one back for Nagle. */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (l->o.quickack)
		setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
	c->state = CONN_CONNECTING;
	l->inflight++;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, c->fd, &ev) == -1) {
		perror("natterload: epoll_ctl");
		exit(3);
	}
	if (connect(c->fd, (struct sockaddr *)l->addr, l->addrlen) == -1 &&
	    errno != EINPROGRESS)
		conn_kill(l, c);
}

/* Keep up to `window` connections between connect(2) and registration. */
static void
load_open_more(struct load *l)
{
	while (l->inflight < l->o.window && l->next_open < l->open_limit)
		conn_open(l, &l->conns[l->next_open++]);
}

/* The TCP handshake of c finished: register. */
static void
conn_connected(struct load *l, struct conn *c)
{
	char buf[128];
	int error = 0, n;
	socklen_t len = sizeof error;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len) == -1 ||
	    error != 0 || (l->o.tls && !conn_handshake(l, c))) {
		conn_kill(l, c);
		return;
	}
	c->state = CONN_REGISTERING;
	conn_arm(l, c);
	if (l->o.proto == LOAD_IRC) {
		/*
		 * A PING first, which every server answers at once (PONG, or
		 * 451 not registered), so the first byte back says the
		 * connection was accepted; servers ignore unknown commands
		 * such as CAP silently before registration.
		 */
		n = snprintf(buf, sizeof buf, "PING :natterload\r\nNICK b%"
		    PRIu32 "\r\nUSER b%" PRIu32 " 0 * :natterload\r\n",
		    c->idx, c->idx);
		conn_write(l, c, buf, (size_t)n);
	}
}

static void	conn_joined(struct load *, struct conn *, int64_t);

/* c is registered (001, or ncat's greeting). */
static void
conn_registered(struct load *l, struct conn *c, int64_t now)
{
	static const char join[] = "JOIN " LOAD_ROOM "\r\n";

	if (c->state != CONN_REGISTERING)
		return;
	c->t_registered = now;
	l->registered++;
	c->state = CONN_JOINING;
	if (l->o.no_join)
		conn_joined(l, c, now);
	else if (l->o.proto == LOAD_IRC)
		conn_write(l, c, join, sizeof join - 1);
}

/* c is in the room (366 for it, or ncat's greeting). */
static void
conn_joined(struct load *l, struct conn *c, int64_t now)
{
	if (c->state != CONN_JOINING)
		return;
	c->t_joined = now;
	c->state = CONN_READY;
	if (c->slow) {
		l->slow_joined++;
		conn_arm(l, c);		/* from now on it never reads */
	} else
		l->joined++;
}

/* Parse a decimal number at *p, moving *p past it; false if none. */
static bool
parse_u64(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;

	*v = 0;
	while (s < end && *s == ' ')
		s++;
	if (s == end || *s < '0' || *s > '9')
		return false;
	while (s < end && *s >= '0' && *s <= '9')
		*v = *v * 10 + (uint64_t)(*s++ - '0');
	*p = s;
	return true;
}

/* A benchmark message arrived at c: "SENDER SEQ SENT-NS ...". */
static void
conn_message(struct load *l, struct conn *c, const char *p, const char *end,
    int64_t now)
{
	uint64_t sender, seq, sent;
	enum ledger_verdict v;

	if (!c->receiver)
		return;
	if (!parse_u64(&p, end, &sender) || !parse_u64(&p, end, &seq) ||
	    !parse_u64(&p, end, &sent) || sender == c->idx ||
	    sender > UINT32_MAX || seq > UINT32_MAX) {
		l->ledger.bad++;
		return;
	}
	v = ledger_record(&l->ledger, c->idx, (uint32_t)sender, (uint32_t)seq);
	if (v == LEDGER_DELIVERED || v == LEDGER_OUT_OF_ORDER) {
		hist_add(&l->latency, now > (int64_t)sent ?
		    (uint64_t)(now - (int64_t)sent) / 1000 : 0);
		l->t_last_delivery = now;
	}
}

/* Is the word at p (up to end) exactly w? */
static bool
word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 &&
	    (p + n == end || p[n] == ' ');
}

/* One IRC line (no CR LF) that c received. */
static void
conn_irc_line(struct load *l, struct conn *c, const char *s,
    const char *end, int64_t now)
{
	const char *p = s, *mark;
	char buf[600];
	int n;

	if (p < end && *p == '@')
		while (p < end && *p++ != ' ')
			;
	if (p < end && *p == ':')
		while (p < end && *p++ != ' ')
			;
	switch (p < end ? *p : '\0') {
	case 'P':
		if (word_is(p, end, "PRIVMSG")) {
			mark = memmem(p, (size_t)(end - p), " :" LOAD_MARK,
			    sizeof LOAD_MARK + 1);
			if (mark != NULL)
				conn_message(l, c, mark + sizeof LOAD_MARK + 1,
				    end, now);
		} else if (word_is(p, end, "PING")) {
			n = snprintf(buf, sizeof buf, "PONG%.*s\r\n",
			    (int)(end - p - 4), p + 4);
			if (n > 0 && (size_t)n < sizeof buf)
				conn_write(l, c, buf, (size_t)n);
		}
		return;
	case '0':
		if (word_is(p, end, "001"))
			conn_registered(l, c, now);
		return;
	case '3':
		if (word_is(p, end, "366"))
			conn_joined(l, c, now);
		return;
	case '4':
	case '5':
		/* An error numeric: the run wants to know the first one. */
		if (end - p > 3 && p[3] == ' ' && !word_is(p, end, "422") &&
		    !word_is(p, end, "451"))
			load_note_error(l, p, (size_t)(end - p));
		return;
	case 'E':
		if (word_is(p, end, "ERROR"))
			load_note_error(l, p, (size_t)(end - p));
		return;
	default:
		return;
	}
}

/* One line from ncat --chat that c received. */
static void
conn_plain_line(struct load *l, struct conn *c, const char *s,
    const char *end, int64_t now)
{
	static const char greeting[] = "<announce> already connected:";
	const char *mark;

	if ((size_t)(end - s) >= sizeof greeting - 1 &&
	    memcmp(s, greeting, sizeof greeting - 1) == 0) {
		conn_registered(l, c, now);
		conn_joined(l, c, now);
		return;
	}
	mark = memmem(s, (size_t)(end - s), "> " LOAD_MARK,
	    sizeof LOAD_MARK + 1);
	if (mark != NULL)
		conn_message(l, c, mark + sizeof LOAD_MARK + 1, end, now);
}

/* Read what c has, and handle every complete line. */
static void
conn_read(struct load *l, struct conn *c)
{
	char *buf = l->rbuf, *p, *nl, *end;
	int64_t now;
	ssize_t n;
	int one = 1;

	if (c->partlen > 0)
		memcpy(buf, c->part, c->partlen);
	n = conn_recv(c, buf + c->partlen, LOAD_READ_CHUNK);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		conn_kill(l, c);
		return;
	}
	now = load_now();
	l->last_rx = now;
	conn_landed(l, c);
	l->rx_bytes += (uint64_t)n;
	/* Quick ACKs are not sticky: the option has to be set again. */
	if (l->o.quickack)
		setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
	end = buf + c->partlen + n;
	for (p = buf; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		const char *e = nl > p && nl[-1] == '\r' ? nl - 1 : nl;

		if (l->o.proto == LOAD_IRC)
			conn_irc_line(l, c, p, e, now);
		else
			conn_plain_line(l, c, p, e, now);
		if (c->state == CONN_DEAD)
			return;
	}
	/* Keep the incomplete rest for the next read. */
	if ((size_t)(end - p) > LOAD_LINE_MAX) {
		l->long_lines++;
		p = end;
	}
	c->partlen = (uint32_t)(end - p);
	if (c->partlen > 0) {
		if (c->part == NULL)
			c->part = xmalloc(LOAD_LINE_MAX);
		memmove(c->part, p, c->partlen);
	}
}

void
load_send_message(struct load *l, uint32_t k)
{
	struct conn *c = &l->conns[k];
	static const char irc[] = "PRIVMSG " LOAD_ROOM " :";
	char buf[LOAD_LINE_MAX];
	int64_t now = load_now();
	size_t text_end;
	int n;

	if (c->state != CONN_READY)
		return;
	if (c->out.len > LOAD_SENDQ_MAX)
		l->blocked_sends++;
	n = snprintf(buf, sizeof buf, "%s" LOAD_MARK "%" PRIu32 " %" PRIu32
	    " %" PRId64 " ", l->o.proto == LOAD_IRC ? irc : "", k, l->sent[k],
	    now);
	/* Pad the text to the message size the run asked for. */
	text_end = (l->o.proto == LOAD_IRC ? sizeof irc - 1 : 0) + l->o.size;
	while ((size_t)n < text_end && (size_t)n < sizeof buf - 3)
		buf[n++] = 'x';
	if (l->o.proto == LOAD_IRC)
		buf[n++] = '\r';
	buf[n++] = '\n';
	if (l->t_first_send == 0)
		l->t_first_send = now;
	l->t_last_send = now;
	l->sent[k]++;
	conn_write(l, c, buf, (size_t)n);
}

/* Send every message that is due; returns the time the next one is. */
static int64_t
load_send_due(struct load *l, int64_t now)
{
	int64_t next = INT64_MAX, period = (int64_t)(1e9 / l->o.rate);
	uint32_t k;

	for (k = 0; k < l->o.senders; k++) {
		while (l->sent[k] < l->o.msgs && l->next_send[k] <= now) {
			if (now - l->next_send[k] > l->send_lag_max)
				l->send_lag_max = now - l->next_send[k];
			load_send_message(l, k);
			l->next_send[k] += period;
		}
		if (l->sent[k] < l->o.msgs && l->next_send[k] < next)
			next = l->next_send[k];
	}
	if (next == INT64_MAX)
		l->sending = false;
	return next;
}

/* Keep the server's highest figures, sampled once a second. */
static void
load_sample(struct load *l, int64_t now)
{
	struct proc_sample s;

	if (l->o.server_pid <= 0 || now < l->next_sample)
		return;
	l->next_sample = now + LOAD_SAMPLE_NS;
	proc_sample(l->o.server_pid, false, &s);
	if (!s.ok)
		return;
	if (s.threads > l->peak.threads)
		l->peak.threads = s.threads;
	if (s.fds > l->peak.fds)
		l->peak.fds = s.fds;
	if (s.rss_kib > l->peak.rss_kib)
		l->peak.rss_kib = s.rss_kib;
}

void
load_conn_setup(struct load *l)
{
	uint32_t i;

	signal(SIGPIPE, SIG_IGN);
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("natterload: epoll_create1");
		exit(3);
	}
	l->conns = xcalloc(l->nall, sizeof *l->conns);
	for (i = 0; i < l->nall; i++) {
		l->conns[i].fd = -1;
		l->conns[i].idx = i;
		l->conns[i].slow = i >= l->o.nconns;
		l->conns[i].receiver = false;	/* set when sending begins */
		buffer_init(&l->conns[i].out);
	}
	l->rbuf = xmalloc(LOAD_READ_CHUNK + LOAD_LINE_MAX);
	/* No trust store: the benchmark measures, it does not verify. */
	if (l->o.tls &&
	    gnutls_certificate_allocate_credentials(&l->tls_cred) < 0) {
		fprintf(stderr, "natterload: cannot set up TLS\n");
		exit(3);
	}
}

/* epoll_pwait2 for its ns timeout; epoll_wait before Linux 5.11. */
static int
load_wait(int epfd, struct epoll_event *ev, const struct timespec *ts)
{
	static bool old_kernel;
	int n, ms;

	if (!old_kernel) {
		n = epoll_pwait2(epfd, ev, LOAD_EVENTS, ts, NULL);
		if (n != -1 || errno != ENOSYS)
			return n;
		old_kernel = true;
	}
	ms = (int)(ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000);
	return epoll_wait(epfd, ev, LOAD_EVENTS, ms);
}

bool
load_run_until(struct load *l, bool (*done)(struct load *), int64_t deadline)
{
	struct epoll_event ev[LOAD_EVENTS];
	struct timespec ts;
	int64_t now, wake;
	struct conn *c;
	int i, n;

	if (deadline > l->hard_end)
		deadline = l->hard_end;
	for (;;) {
		load_open_more(l);
		if (done(l))
			return true;
		now = load_now();
		load_sample(l, now);
		if (now >= deadline)
			return false;
		wake = deadline;
		if (l->sending) {
			int64_t next = load_send_due(l, now);

			if (next < wake)
				wake = next;
		}
		if (l->next_sample < wake)
			wake = l->next_sample;
		/* Phases that wait for quiet need a look now and then. */
		if (now + LOAD_TICK_NS < wake)
			wake = now + LOAD_TICK_NS;
		if (wake < now)
			wake = now;
		ts.tv_sec = (wake - now) / 1000000000LL;
		ts.tv_nsec = (wake - now) % 1000000000LL;
		n = load_wait(l->epfd, ev, &ts);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("natterload: epoll_pwait2");
			exit(3);
		}
		for (i = 0; i < n; i++) {
			c = &l->conns[ev[i].data.u32];
			if (c->state == CONN_DEAD)
				continue;
			if (c->state == CONN_CONNECTING) {
				conn_connected(l, c);
				continue;
			}
			if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				conn_read(l, c);
			if (c->state != CONN_DEAD && (ev[i].events & EPOLLOUT))
				conn_flush(l, c);
		}
	}
}

void
load_conn_close_all(struct load *l)
{
	uint32_t i;

	/*
	 * An orderly close: ncat --chat quits altogether when one of its
	 * clients resets the connection.
	 */
	for (i = 0; i < l->nall; i++) {
		if (l->conns[i].fd == -1)
			continue;
		if (l->conns[i].tls != NULL)
			gnutls_deinit(l->conns[i].tls);
		l->conns[i].tls = NULL;
		close(l->conns[i].fd);
		l->conns[i].fd = -1;
	}
}
