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
#include "door.h"
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

/* Waiting its turn: the writers run meanwhile (see input_lock). */
static void
input_real_wait_ms(void *arg, struct client *c, int64_t ms)
{
	(void)c;
	input_real_sleep_ms(arg, ms);
}

const struct client_clock client_clock_real = {
	input_real_now, input_real_now_ms, input_real_sleep_ms,
	input_real_wait_ms, NULL
};

void
client_input_init(struct client_input *in, const struct client_clock *clock)
{
	in->clock = clock;
	in->flood_timer = 0;
	in->flood_over_since = 0;
	in->appended = 0;
	in->admitted_backlog = 0;
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

/* A word of printable ASCII: what a command not known looks like. */
static bool
input_word(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '!' || *s > '~')
			return false;
	return true;
}

/*
 * Under the lock: a line costs the throttle one line, and one more per
 * SERVER_FLOOD_COST_BYTES of text it made natterd append (NAMES over many
 * rooms, LIST, a history replay): a client is slowed by what it costs,
 * not only by how many lines it sends.
 */
static void
input_charge(struct client *c, struct client_input *in)
{
	/* Atomic: SIGHUP may change the flood settings (reconfigure.c). */
	int rate = __atomic_load_n(&c->server->config.flood_rate,
	    __ATOMIC_RELAXED);
	int64_t now;
	uint64_t caused = c->server->hub.appended - in->appended;

	if (rate == 0 || caused < SERVER_FLOOD_COST_BYTES)
		return;
	/* In microseconds, as input_throttle keeps it. */
	now = in->clock->now_ms(in->clock->arg) * 1000;
	if (in->flood_timer < now)
		in->flood_timer = now;
	in->flood_timer += (int64_t)(caused / SERVER_FLOOD_COST_BYTES) *
	    (1000000 / rate);
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
	input_charge(c, in);
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
#ifdef TCP_USER_TIMEOUT	/* Linux */
		setsockopt(c->fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout,
		    sizeof user_timeout);
#endif
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

/* A person typed line before the greeting: greet them now, and keep the
 * line for when they have a nickname. */
static void
input_greet_keeping(struct client *c, const char *line, size_t len)
{
	hub_lock(&c->server->hub);
	if (!c->ended && !c->plain) {
		plain_keep(c, line, len);
		input_become_plain(c);
	}
	hub_unlock(&c->server->hub);
}

/*
 * The share of the ring's events and bytes a line waits to find free: more
 * than any one command appends, little enough that a join storm of
 * thousands (each joiner's NAMES a few dozen KiB, taken within moments)
 * does not wait for it.
 */
#define INPUT_ROOM_SHARE	16

/* Under the lock: may c's reader run its next line now (client_input.h)? */
static bool
input_turn(struct client *c)
{
	struct hub *hub = &c->server->hub;

	return hub_view_backlog(&c->view) <= c->server->backlog_budget &&
	    hub_make_room(hub, hub->cap / INPUT_ROOM_SHARE,
	    hub->max_bytes / INPUT_ROOM_SHARE);
}

/* The longest a reader waiting its turn sleeps between looks. */
#define INPUT_TURN_MAX_MS	32

/*
 * Take the hub lock to run a line from c, which was heard now, once it is
 * c's turn (see client_input.h); its timers run while it waits, so a
 * client that reads nothing is still PINGed and dropped.  False, and the
 * lock not held, when c is gone.
 */
static bool
input_lock(struct client *c, struct client_input *in)
{
	struct hub *hub = &c->server->hub;
	int64_t pause = 1, waited = 0;

	hub_lock(hub);
	while (!c->ended && !input_turn(c)) {
		/* Rings the writers, the lazy ones too (hub_make_room). */
		hub_unlock(hub);
		in->wakes_held = false;
		in->clock->wait_ms(in->clock->arg, c, pause);
		waited += pause;
		if (pause < INPUT_TURN_MAX_MS)
			pause *= 2;
		if (waited >= 1000) {
			waited = 0;
			if (!client_input_timers(c, in))
				return false;
		}
		hub_lock(hub);
	}
	if (c->ended) {
		hub_unlock(hub);
		return false;
	}
	if (hub_view_backlog(&c->view) > in->admitted_backlog)
		in->admitted_backlog = hub_view_backlog(&c->view);
	in->appended = hub->appended;
	c->last_heard = input_now(in);
	return true;
}

static bool input_line(struct client *, struct client_input *, char *,
    size_t);

/* A plain user's line: cleaned of telnet bytes and backspaces, then run. */
static bool
input_plain_line(struct client *c, struct client_input *in, char *line,
    size_t len)
{
	enum client_status status;

	if (!c->registered && door_line_registers(line, len)) {
		if (!input_lock(c, in))
			return false;
		plain_leave(c);
		hub_unlock(&c->server->hub);
		in->irc_spoken = true;
		return input_line(c, in, line, len);
	}
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
	/*
	 * A person who typed before the greeting: greet them now, and keep
	 * what they typed.  Not once the connection has sent a command we
	 * know, written as software writes it (CAP, NICK): that is IRC
	 * software, and its odd lines get numerics, not a greeting.  A line
	 * is IRC when it parses as a command with the parameters it takes
	 * (door.h): "who is here?" and "list" are a person's words.
	 */
	if (!c->registered && c->server->config.plain_wait_ms > 0 &&
	    !in->irc_spoken && door_line_from_person(line, len)) {
		input_greet_keeping(c, line, len);
		return true;
	}
	/*
	 * A CR inside a line (the framer took the one before LF) is a space:
	 * "one two", never a line break or a ^M.  (A NUL becomes one too, but
	 * such a line was refused above, in has_nul.)
	 */
	irc_one_line(line, len);
	if (!has_nul && (parsed = irc_message_parse(&msg, line)) ==
	    IRC_PARSE_EMPTY)
		return true;
	if (!has_nul && parsed == IRC_PARSE_OK &&
	    commands_known(msg.command) && door_upper_word(msg.command))
		in->irc_spoken = true;

	if (!input_lock(c, in))
		return false;
	c->ping_sent = 0;
	if (has_nul)
		input_reject(c, NULL);
	else if (parsed == IRC_PARSE_NO_COMMAND && input_word(msg.command))
		/* A word that is no command ("FOO_BAR"): 421 (or 451), as for
		 * any command natterd does not know, labeled if asked. */
		status = commands_dispatch(c, &msg);
	else if (parsed != IRC_PARSE_OK)
		input_reject(c, &parsed);
	else
		status = commands_dispatch(c, &msg);
	return input_done(c, in, status);
}

/*
 * Flood control in the RFC 1459 penalty style: each line (cost 1; more
 * for what costs more, see input_charge and input_telnet) moves the
 * client's timer on by cost/rate seconds; a client whose timer runs more
 * than SERVER_FLOOD_BURST seconds ahead of the clock is slowed down (the
 * reader waits, so its socket fills and TCP slows the sender), and one
 * that stays that far ahead for --flood-excess seconds is disconnected.
 * Returns false when the client is gone.
 */
static bool
input_throttle(struct client *c, struct client_input *in, int64_t cost)
{
	const struct client_clock *clock = in->clock;
	/* Atomic: SIGHUP may change the flood settings (reconfigure.c). */
	int rate = __atomic_load_n(&c->server->config.flood_rate,
	    __ATOMIC_RELAXED);
	int64_t now = clock->now_ms(clock->arg), ahead;
	bool slowed = false;

	if (rate == 0)
		return true;
	/* In microseconds, so that every rate up to 1000/s is its own. */
	if (in->flood_timer < now * 1000)
		in->flood_timer = now * 1000;
	in->flood_timer += cost * (1000000 / rate);
	for (;;) {
		ahead = (in->flood_timer + 999) / 1000 - now -
		    SERVER_FLOOD_BURST * 1000;
		/* Within the burst again only if it came in without waiting. */
		if (ahead <= 0 && !slowed)
			in->flood_over_since = 0;
		if (ahead <= 0)
			return true;
		if (in->flood_over_since == 0)
			in->flood_over_since = now;
		if (now - in->flood_over_since >=
		    __atomic_load_n(&c->server->config.flood_excess,
		    __ATOMIC_RELAXED) * 1000LL)
			break;
		input_wake(c, in);
		/* A second at most: a big cost runs into --flood-excess. */
		clock->sleep_ms(clock->arg, ahead < 1000 ? ahead : 1000);
		now = clock->now_ms(clock->arg);
		slowed = true;
	}
	hub_lock(&c->server->hub);
	client_close_link(c, "Excess Flood");
	hub_unlock(&c->server->hub);
	return false;
}

/*
 * A plain user's new bytes: take telnet's commands out of them (*len
 * shrinks) and send the answers telnet waits for, each costing the flood
 * throttle a line (answers are not lines, but a stream of requests must
 * not be answered faster than lines are).  Returns false when the client
 * is gone.
 */
static bool
input_telnet(struct client *c, struct client_input *in, char *bytes,
    size_t *len)
{
	struct hub *hub = &c->server->hub;
	struct hub_event ev = { .scope = HUB_TO_CLIENT, .client = &c->view };
	struct buffer answers;
	bool alive;

	buffer_init(&answers);
	*len = telnet_filter(&c->telnet, bytes, *len, &answers);
	if (answers.len == 0)
		return true;
	alive = input_throttle(c, in, (int64_t)(answers.len /
	    TELNET_ANSWER_LEN)) && input_lock(c, in);
	if (alive) {
		reply_flush(c);
		hub_append(hub, &ev, answers.data, answers.len);
		hub_unlock(hub);
	}
	buffer_free(&answers);
	return alive;
}

/*
 * Answer an overlong line with 417 (words at the plain door); it goes on.
 * Returns false when the client is gone.
 */
static bool
input_overlong(struct client *c, struct client_input *in)
{
	if (!input_throttle(c, in, 1) || !input_lock(c, in))
		return false;
	if (c->plain)
		reply_text(c, "-- Not sent: that line was longer than %d bytes.",
		    IRC_WIRE_LINE_MAX);
	else
		reply_numeric(c, ERR_INPUTTOOLONG, ERR_INPUTTOOLONG_FMT);
	reply_flush(c);
	hub_unlock(&c->server->hub);
	return true;
}

bool
client_input_bytes(struct client *c, struct client_input *in, char *bytes,
    size_t n)
{
	enum line_framer_result got;
	char *line;
	size_t len;
	bool alive = true;

	if (c->plain && !input_telnet(c, in, bytes, &n))
		return false;
	line_framer_commit(&c->framer, n);
	while (alive && (got = line_framer_next(&c->framer, &line, &len)) !=
	    LINE_FRAMER_NEED_MORE) {
		if (got == LINE_FRAMER_OVERLONG)
			alive = input_overlong(c, in);
		else
			alive = input_throttle(c, in, 1) &&
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
	char reason[64];
	bool alive;

	hub_lock(&s->hub);
	if (!c->ended) {
		/* Whole seconds: '>' so a timeout is never early. */
		if (!c->registered && now - c->signon > (c->plain ?
		    SERVER_PLAIN_NICK_TIMEOUT : timeout)) {
			client_close_link(c, "Registration timed out");
		} else if (c->ping_sent != 0 &&
		    now - c->ping_sent > timeout) {
			snprintf(reason, sizeof reason,
			    "Ping timeout: %lld seconds",
			    (long long)(now - c->last_heard));
			client_close_link(c, reason);
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
