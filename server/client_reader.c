/*
 * A client's reader thread: reads lines, applies each as a command under
 * the hub lock, wakes the writers, and runs the client's ping timers.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "line_framer.h"
#include "log.h"
#include "plain.h"
#include "plain_text.h"
#include "reply.h"
#include "server.h"

/* A reader's flood-control state (see reader_throttle). */
struct reader_flood {
	int64_t		timer;		/* ms; runs ahead of the clock per line */
	int64_t		over_since;	/* ms since when it has been too far ahead */
};

/* Under the lock: tell c why its line was dropped (NULL why: it held a NUL). */
static void
reader_reject(struct client *c, const enum irc_parse_result *why)
{
	if (why != NULL && *why == IRC_PARSE_TOO_LONG)
		reply_numeric(c, ERR_INPUTTOOLONG, ERR_INPUTTOOLONG_FMT);
	else
		reply_line(c, ":%s NOTICE %s :Line dropped: %s",
		    c->server->name, client_nick(c), why != NULL ?
		    irc_parse_result_str(*why) : "it contains a NUL byte");
}

/*
 * End a command run under the lock: its replies go to the hub as one
 * event, and the lock is dropped, waking the writers that got anything.
 * Returns whether the client is still there.
 */
static bool
reader_done(struct client *c, enum client_status status)
{
	struct hub *hub = &c->server->hub;

	if (status == CLIENT_ALIVE)
		reply_flush(c);
	hub_unlock(hub);
	return status == CLIENT_ALIVE;
}

/*
 * Does a first line look like IRC?  Software sends commands we know, in
 * any case ("cap ls 302"), or upper-case ones we do not; a person who
 * typed before the greeting wrote words ("hello", "alice").
 */
static bool
reader_looks_like_irc(const char *command)
{
	const char *p;

	if (commands_known(command))
		return true;
	for (p = command; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/*
 * Under the lock: c is a person at a raw terminal.  TCP keepalive finds a
 * vanished peer; PING would only show up on their screen.
 */
static void
reader_become_plain(struct client *c)
{
	struct server *s = c->server;
	int one = 1, idle = s->config.ping_interval, count = 4;
	int interval = s->config.ping_timeout / count > 0 ?
	    s->config.ping_timeout / count : 1;

	setsockopt(c->fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval,
	    sizeof interval);
	setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
	plain_begin(c);
	reply_flush(c);
}

/* A plain user's line: cleaned of telnet bytes and backspaces, then run. */
static bool
reader_plain_line(struct client *c, char *line, size_t len)
{
	struct hub *hub = &c->server->hub;
	enum client_status status;

	len = plain_clean_line(line, len);
	hub_lock(hub);
	if (c->ended) {
		hub_unlock(hub);
		return false;
	}
	c->last_heard = time(NULL);
	status = plain_input(c, line, len);
	return reader_done(c, status);
}

/*
 * Wait up to --plain-wait for the first bytes: IRC software speaks at
 * once, a person at nc or telnet waits to be spoken to.
 */
static void
reader_door(struct client *c)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int wait = c->server->config.plain_wait_ms, n;

	unsigned char first;

	if (wait <= 0)
		return;
	while ((n = poll(&pfd, 1, wait)) == -1 && errno == EINTR)
		;
	/*
	 * Bytes came: IRC, unless they open with telnet's IAC (a telnet
	 * client that negotiates options first, as PuTTY does), which no IRC
	 * software sends.
	 */
	if (n != 0 && (recv(c->fd, &first, 1, MSG_PEEK | MSG_DONTWAIT) != 1 ||
	    first != TELNET_IAC))
		return;
	hub_lock(&c->server->hub);
	if (!c->ended)
		reader_become_plain(c);
	hub_unlock(&c->server->hub);
}

/* Apply one line; returns false when the client is gone. */
static bool
reader_line(struct client *c, char *line, size_t len)
{
	struct hub *hub = &c->server->hub;
	struct irc_message msg;
	enum irc_parse_result parsed = IRC_PARSE_OK;
	enum client_status status = CLIENT_ALIVE;
	/* IRC lines cannot hold NUL: say so rather than cut the line short. */
	bool has_nul = memchr(line, '\0', len) != NULL;

	if (c->plain)
		return reader_plain_line(c, line, len);
	if (len == 0)
		return true;
	if (!has_nul && (parsed = irc_message_parse(&msg, line)) ==
	    IRC_PARSE_EMPTY)
		return true;
	if (!c->registered && !c->plain && c->server->config.plain_wait_ms > 0 &&
	    (has_nul || parsed != IRC_PARSE_OK ||
	    !reader_looks_like_irc(msg.command))) {
		/* A person who typed before the greeting: greet them now. */
		hub_lock(hub);
		if (!c->ended)
			reader_become_plain(c);
		hub_unlock(hub);
		return true;
	}

	hub_lock(hub);
	if (c->ended) {
		hub_unlock(hub);
		return false;
	}
	c->last_heard = time(NULL);
	c->ping_sent = 0;
	if (has_nul)
		reader_reject(c, NULL);
	else if (parsed != IRC_PARSE_OK)
		reader_reject(c, &parsed);
	else
		status = commands_dispatch(c, &msg);
	return reader_done(c, status);
}

/*
 * A plain user's new bytes: take telnet's commands out of them (*len
 * shrinks) and send the answers telnet waits for.  Returns false when the
 * client is gone.
 */
static bool
reader_telnet(struct client *c, char *bytes, size_t *len)
{
	struct hub *hub = &c->server->hub;
	struct hub_event ev = { .scope = HUB_TO_CLIENT, .client = &c->view };
	struct buffer answers;
	bool alive;

	buffer_init(&answers);
	*len = telnet_filter(&c->telnet, bytes, *len, &answers);
	if (answers.len == 0)
		return true;
	hub_lock(hub);
	alive = !c->ended;
	if (alive) {
		reply_flush(c);
		hub_append(hub, &ev, answers.data, answers.len);
	}
	hub_unlock(hub);
	buffer_free(&answers);
	return alive;
}

/* Under the lock: answer an overlong line with 417; the connection goes on. */
static void
reader_overlong(struct client *c)
{
	struct hub *hub = &c->server->hub;

	hub_lock(hub);
	if (!c->ended) {
		c->last_heard = time(NULL);
		if (c->plain)
			reply_text(c, "-- Not sent: that line was longer than "
			    "%d bytes.", IRC_WIRE_LINE_MAX);
		else
			reply_numeric(c, ERR_INPUTTOOLONG, ERR_INPUTTOOLONG_FMT);
		reply_flush(c);
	}
	hub_unlock(hub);
}

/*
 * Run every tick: registration timeout, PING after ping_interval seconds of
 * silence, drop after ping_timeout more.  Returns false when the client is
 * gone.
 */
static bool
reader_timers(struct client *c)
{
	struct server *s = c->server;
	time_t now = time(NULL), timeout = s->config.ping_timeout;
	time_t interval = s->config.ping_interval;
	char reason[64], error[IRC_LINE_MAX];
	bool alive;

	hub_lock(&s->hub);
	if (!c->ended) {
		/* Whole seconds: '>' so a timeout is never early. */
		if (!c->registered && now - c->signon > (c->plain ?
		    SERVER_PLAIN_NICK_TIMEOUT : timeout)) {
			snprintf(error, sizeof error,
			    "ERROR :Closing link: %s (Registration timed out)",
			    c->host);
			client_end(c, "Registration timed out", error);
		} else if (c->ping_sent != 0 &&
		    now - c->ping_sent > timeout) {
			snprintf(reason, sizeof reason,
			    "Ping timeout: %lld seconds",
			    (long long)(now - c->last_heard));
			snprintf(error, sizeof error,
			    "ERROR :Closing link: %s (%s)", c->host, reason);
			client_end(c, reason, error);
		} else if (c->registered && !c->plain && c->ping_sent == 0 &&
		    now - c->last_heard > interval) {
			reply_line(c, "PING :%s", s->name);
			reply_flush(c);
			c->ping_sent = now;
		}
	}
	alive = !c->ended;
	hub_unlock(&s->hub);
	return alive;
}

/* Milliseconds on a clock that only goes forward. */
static int64_t
reader_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Flood control in the RFC 1459 penalty style: each line moves the
 * client's timer on by 1/rate seconds; a client whose timer runs more than
 * SERVER_FLOOD_BURST seconds ahead of the clock is slowed down (the reader
 * waits, so its socket fills and TCP slows the sender), and one that stays
 * that far ahead for --flood-excess seconds is disconnected.  Returns
 * false when the client is gone.
 */
static bool
reader_throttle(struct client *c, struct reader_flood *f)
{
	int rate = c->server->config.flood_rate;
	int64_t now = reader_now_ms(), ahead;
	char error[IRC_LINE_MAX];
	bool alive;

	if (rate == 0)
		return true;
	if (f->timer < now)
		f->timer = now;
	f->timer += 1000 / rate;
	ahead = f->timer - now - SERVER_FLOOD_BURST * 1000;
	if (ahead <= 0) {
		f->over_since = 0;
		return true;
	}
	if (f->over_since == 0)
		f->over_since = now;
	if (now - f->over_since < c->server->config.flood_excess * 1000LL) {
		nanosleep(&(struct timespec){ .tv_sec = ahead / 1000,
		    .tv_nsec = (ahead % 1000) * 1000000L }, NULL);
		return true;
	}
	hub_lock(&c->server->hub);
	snprintf(error, sizeof error, "ERROR :Closing link: %s (Excess Flood)",
	    c->host);
	client_end(c, "Excess Flood", error);
	alive = false;
	hub_unlock(&c->server->hub);
	return alive;
}

/* The connection closed or failed: end the client. */
static void
reader_lost(struct client *c, ssize_t n, int error)
{
	struct hub *hub = &c->server->hub;
	char reason[128];

	if (n == 0)
		snprintf(reason, sizeof reason, "Connection closed");
	else
		snprintf(reason, sizeof reason, "Read error: %s",
		    strerror(error));
	hub_lock(hub);
	client_end(c, reason, NULL);
	hub_unlock(hub);
}

void *
client_reader_main(void *arg)
{
	struct client *c = arg;
	enum line_framer_result got;
	size_t avail, len, got_bytes;
	char *space, *line;
	ssize_t n;
	bool alive = true;
	time_t now, next_tick = time(NULL) + c->server->timer_tick;
	struct reader_flood flood = { 0, 0 };

	reader_door(c);

	while (alive) {
		/*
		 * Timers run on every tick, whether the socket was quiet
		 * (recv timed out) or busy: a peer trickling bytes that never
		 * make a line must not dodge the registration timeout.
		 */
		if ((now = time(NULL)) >= next_tick) {
			next_tick = now + c->server->timer_tick;
			if (!(alive = reader_timers(c)))
				break;
		}
		space = line_framer_space(&c->framer, &avail);
		n = recv(c->fd, space, avail, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN ||
		    errno == EWOULDBLOCK))
			continue;
		if (n <= 0) {
			reader_lost(c, n, errno);
			break;
		}
		got_bytes = (size_t)n;
		if (c->plain && !reader_telnet(c, space, &got_bytes))
			break;
		line_framer_commit(&c->framer, got_bytes);
		while (alive && (got = line_framer_next(&c->framer, &line,
		    &len)) != LINE_FRAMER_NEED_MORE) {
			if (got == LINE_FRAMER_OVERLONG)
				reader_overlong(c);
			else
				alive = reader_throttle(c, &flood) &&
				    reader_line(c, line, len);
		}
	}
	client_release(c);
	return NULL;
}
