/*
 * A client's input, from received bytes to commands applied under the hub
 * lock, and its timers (see client_input.h).  No socket reads here: the
 * reader thread and the fuzz harness both feed it.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "client.h"
#include "client_input.h"
#include "commands.h"
#include "irc_message.h"
#include "line_framer.h"
#include "plain.h"
#include "plain_text.h"
#include "reply.h"
#include "server.h"

/* time(2) for client_clock_real. */
static time_t
input_real_now(void *arg)
{
	(void)arg;
	return time(NULL);
}

/* Milliseconds on a clock that only goes forward. */
static int64_t
input_real_now_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The throttle's wait: the reader does not read, so TCP slows the sender. */
static void
input_real_sleep_ms(void *arg, int64_t ms)
{
	(void)arg;
	nanosleep(&(struct timespec){ .tv_sec = ms / 1000,
	    .tv_nsec = (ms % 1000) * 1000000L }, NULL);
}

const struct client_clock client_clock_real = {
	input_real_now, input_real_now_ms, input_real_sleep_ms, NULL
};

void
client_input_init(struct client_input *in, const struct client_clock *clock)
{
	in->clock = clock;
	in->flood_timer = 0;
	in->flood_over_since = 0;
	in->irc_spoken = false;
	in->wakes_held = false;
}

/* The clock's seconds. */
static time_t
input_now(const struct client_input *in)
{
	return in->clock->now(in->clock->arg);
}

/* Under the lock: tell c why its line was dropped (NULL why: it held a NUL). */
static void
input_reject(struct client *c, const enum irc_parse_result *why)
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
 * event, and the lock is dropped, which wakes the writers that got
 * anything (hub_unlock).  Returns whether the client is still there.
 *
 * While another whole line is already buffered the wake-ups wait for it
 * (input_wake rings them once the buffer is done): waking a room's
 * writers preempts this reader, and a reader that gets one line in per
 * turn of a thousand writers never catches up, while writers woken once
 * for a burst take it in one send.
 */
static bool
input_done(struct client *c, struct client_input *in,
    enum client_status status)
{
	if (status == CLIENT_ALIVE)
		reply_flush(c);
	if (status == CLIENT_ALIVE && line_framer_has_line(&c->framer)) {
		hub_unlock_quietly(&c->server->hub);
		in->wakes_held = true;
	} else {
		hub_unlock(&c->server->hub);
		in->wakes_held = false;
	}
	return status == CLIENT_ALIVE;
}

/* Ring the wake-ups input_done held back, before this reader waits. */
static void
input_wake(struct client *c, struct client_input *in)
{
	if (!in->wakes_held)
		return;
	hub_lock(&c->server->hub);
	hub_unlock(&c->server->hub);
	in->wakes_held = false;
}

/* Is command upper-case letters and digits only, as software writes it? */
static bool
input_upper_word(const char *command)
{
	const char *p;

	for (p = command; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/*
 * Does a first line look like IRC?  Software sends commands we know, in
 * any case ("cap ls 302"), or upper-case ones we do not; a person who
 * typed before the greeting wrote words ("hello", "alice").
 */
static bool
input_looks_like_irc(const char *command)
{
	return commands_known(command) || input_upper_word(command);
}

/*
 * Under the lock: c is a person at a raw terminal.  PING would only show
 * up on their screen, so TCP finds a vanished peer: keepalive when the
 * line is quiet, and, when natterd has sent something the peer never
 * acknowledged (keepalive waits for that, and retransmissions go on for
 * some fifteen minutes), TCP_USER_TIMEOUT.  Either drops it after
 * --ping-interval plus --ping-timeout, as PING does an IRC client.  (The
 * fuzz harness's clients have no socket.)
 */
static void
input_become_plain(struct client *c)
{
	struct server *s = c->server;
	int one = 1, idle = s->config.ping_interval, count = 4;
	int interval = s->config.ping_timeout / count > 0 ?
	    s->config.ping_timeout / count : 1;
	unsigned user_timeout = (unsigned)(s->config.ping_interval +
	    s->config.ping_timeout) * 1000;
	if (c->fd >= 0) {
		setsockopt(c->fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
		setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle,
		    sizeof idle);
		setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval,
		    sizeof interval);
		setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPCNT, &count,
		    sizeof count);
		setsockopt(c->fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout,
		    sizeof user_timeout);
	}
	plain_begin(c);
	reply_flush(c);
}

void
client_input_greet(struct client *c)
{
	hub_lock(&c->server->hub);
	if (!c->ended && !c->plain)
		input_become_plain(c);
	hub_unlock(&c->server->hub);
}

/*
 * Take the hub lock to run a line from c, which was heard now.  False,
 * and the lock not held, when c is gone.
 */
static bool
input_lock(struct client *c, struct client_input *in)
{
	hub_lock(&c->server->hub);
	if (c->ended) {
		hub_unlock(&c->server->hub);
		return false;
	}
	c->last_heard = input_now(in);
	return true;
}

/* A plain user's line: cleaned of telnet bytes and backspaces, then run. */
static bool
input_plain_line(struct client *c, struct client_input *in, char *line,
    size_t len)
{
	enum client_status status;

	len = plain_clean_line(line, len);
	if (!input_lock(c, in))
		return false;
	status = plain_input(c, line, len);
	return input_done(c, in, status);
}

/* Apply one line; returns false when the client is gone. */
static bool
input_line(struct client *c, struct client_input *in, char *line,
    size_t len)
{
	struct irc_message msg;
	enum irc_parse_result parsed = IRC_PARSE_OK;
	enum client_status status = CLIENT_ALIVE;
	/* IRC lines cannot hold NUL: say so rather than cut the line short. */
	bool has_nul = memchr(line, '\0', len) != NULL;

	if (c->plain)
		return input_plain_line(c, in, line, len);
	if (len == 0)
		return true;
	if (!has_nul && (parsed = irc_message_parse(&msg, line)) ==
	    IRC_PARSE_EMPTY)
		return true;
	/*
	 * A person who typed before the greeting: greet them now.  Not once
	 * the connection has sent a command we know, written as software
	 * writes it (CAP, NICK): that is IRC software, and its odd lines get
	 * numerics, not a greeting.  Until then a person whose first words
	 * happened to look like IRC ("HI", "join #lobby") still gets to the
	 * door with the next line.
	 */
	if (!c->registered && c->server->config.plain_wait_ms > 0 &&
	    !in->irc_spoken && (has_nul || parsed != IRC_PARSE_OK ||
	    !input_looks_like_irc(msg.command))) {
		client_input_greet(c);
		return true;
	}
	if (!has_nul && parsed == IRC_PARSE_OK &&
	    commands_known(msg.command) && input_upper_word(msg.command))
		in->irc_spoken = true;

	if (!input_lock(c, in))
		return false;
	c->ping_sent = 0;
	if (has_nul)
		input_reject(c, NULL);
	else if (parsed != IRC_PARSE_OK)
		input_reject(c, &parsed);
	else
		status = commands_dispatch(c, &msg);
	return input_done(c, in, status);
}

/*
 * A plain user's new bytes: take telnet's commands out of them (*len
 * shrinks) and send the answers telnet waits for.  Returns false when the
 * client is gone.
 */
static bool
input_telnet(struct client *c, char *bytes, size_t *len)
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

/* Answer an overlong line with 417 (words at the plain door); it goes on. */
static void
input_overlong(struct client *c, struct client_input *in)
{
	struct hub *hub = &c->server->hub;

	hub_lock(hub);
	if (!c->ended) {
		c->last_heard = input_now(in);
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
 * Flood control in the RFC 1459 penalty style: each line moves the
 * client's timer on by 1/rate seconds; a client whose timer runs more than
 * SERVER_FLOOD_BURST seconds ahead of the clock is slowed down (the reader
 * waits, so its socket fills and TCP slows the sender), and one that stays
 * that far ahead for --flood-excess seconds is disconnected.  Returns
 * false when the client is gone.
 */
static bool
input_throttle(struct client *c, struct client_input *in)
{
	const struct client_clock *clock = in->clock;
	/* Atomic: SIGHUP may change the flood settings (reconfigure.c). */
	int rate = __atomic_load_n(&c->server->config.flood_rate,
	    __ATOMIC_RELAXED);
	int64_t now = clock->now_ms(clock->arg), ahead;
	char error[IRC_LINE_MAX];

	if (rate == 0)
		return true;
	if (in->flood_timer < now)
		in->flood_timer = now;
	in->flood_timer += 1000 / rate;
	ahead = in->flood_timer - now - SERVER_FLOOD_BURST * 1000;
	if (ahead <= 0) {
		in->flood_over_since = 0;
		return true;
	}
	if (in->flood_over_since == 0)
		in->flood_over_since = now;
	if (now - in->flood_over_since <
	    __atomic_load_n(&c->server->config.flood_excess,
	    __ATOMIC_RELAXED) * 1000LL) {
		input_wake(c, in);
		clock->sleep_ms(clock->arg, ahead);
		return true;
	}
	hub_lock(&c->server->hub);
	snprintf(error, sizeof error, "ERROR :Closing link: %s (Excess Flood)",
	    c->host);
	client_end(c, "Excess Flood", error);
	hub_unlock(&c->server->hub);
	return false;
}

bool
client_input_bytes(struct client *c, struct client_input *in, char *bytes,
    size_t n)
{
	enum line_framer_result got;
	char *line;
	size_t len;
	bool alive = true;

	if (c->plain && !input_telnet(c, bytes, &n))
		return false;
	line_framer_commit(&c->framer, n);
	while (alive && (got = line_framer_next(&c->framer, &line, &len)) !=
	    LINE_FRAMER_NEED_MORE) {
		if (got == LINE_FRAMER_OVERLONG)
			input_overlong(c, in);
		else
			alive = input_throttle(c, in) &&
			    input_line(c, in, line, len);
	}
	/* Lines that ended without a command (empty, or the greeting). */
	input_wake(c, in);
	return alive;
}

bool
client_input_timers(struct client *c, struct client_input *in)
{
	struct server *s = c->server;
	time_t now = input_now(in), timeout = s->config.ping_timeout;
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
