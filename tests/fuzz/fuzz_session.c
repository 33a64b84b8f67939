/*
 * Fuzz target: natterd's command layer fed whole sessions, in process.
 *
 * Each input is a fresh server (server_init, a small hub ring) with two
 * clients set up as client_start does, but without socket or threads:
 * this harness is their reader, feeding each line's bytes to the reader's
 * own code (client_input.c: telnet filter, framer, flood throttle, parse,
 * commands_dispatch or the plain door, under the hub lock) on a clock of
 * its own, and their writer (hub_collect after every line).  Client B
 * registers first and joins #lobby, so what A does has an audience; then
 * the input's lines are sent, by A, or by B when a line starts with a tab;
 * a line starting with a vertical tab is no line but time passing: its
 * next byte is how many seconds, then both clients' timers run (PING,
 * ping and registration timeouts).  The flood throttle's waits pass on
 * that clock too, so a long flood ends in Excess Flood.  The first byte
 * chooses the set-up (see SESSION_*).  At the end both connections close
 * and everything is freed.
 *
 * Checked after every line: what each client receives is whole
 * CRLF-terminated lines; IRC lines parse, keep the 512-byte limit and
 * carry tags only for clients that asked for some; a plain-door client
 * gets only safe UTF-8 text; each client's hub view is in exactly the
 * rooms the command layer has it in; nick and room tables agree with the
 * clients; no line ran while its client's backlog in the ring was over
 * its budget (with SESSION_A_SLOW, A's writer only runs when A's reader
 * waits its turn).  At the end no client, nick or member is left behind.
 */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "buffer.h"
#include "client.h"
#include "client_input.h"
#include "commands.h"
#include "fuzz.h"
#include "hub.h"
#include "irc_message.h"
#include "irc_names.h"
#include "line_framer.h"
#include "log.h"
#include "plain.h"
#include "plain_text.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "telnet.h"
#include "utf8.h"
#include "xmalloc.h"

/* The first byte's bits: how the server and the clients start. */
#define SESSION_PASSWORD	0x01	/* the server has --password */
#define SESSION_A_REGISTERED	0x02	/* A registers and joins #lobby first */
#define SESSION_B_CAPS		0x04	/* B asks for every IRCv3 capability */
#define SESSION_B_PLAIN		0x08	/* B comes in through the plain door */
#define SESSION_NO_DOOR		0x10	/* --plain-wait 0: no plain door */
#define SESSION_A_SLOW		0x20	/* A's writer runs only when A's reader
					   waits its turn */

/* A small ring, so that a session runs fast and eviction happens. */
#define SESSION_RING_EVENTS	1024
#define SESSION_RING_BYTES	(256 * 1024)
/* A client's backlog budget: small, so that the fuzzer reaches it. */
#define SESSION_BACKLOG		(8 * 1024)
/* What the writer takes per hub_collect, as client_writer.c does. */
#define SESSION_BATCH		(64 * 1024)

/* One connection: the client, its reader's input state, what its writer collected. */
struct peer {
	const char	*name;		/* "A" or "B", for messages */
	struct client	*c;
	struct client_input in;
	struct buffer	 out;
	bool		 heard;		/* bytes came from it */
	bool		 slow;		/* its writer waits for its reader to wait */
	bool		 closed;	/* its last event was collected */
	/*
	 * Greeted at the plain door: the door switches a person who then
	 * sends a registration command to IRC (door.h), and what was queued
	 * in words before may be collected after the switch.
	 */
	bool		 was_plain;
};

struct session {
	struct server	 s;
	struct peer	 a, b;
	int64_t		 clock_ms;	/* the session's clock, from its start */
	time_t		 clock_base;	/* time(2) at the start */
	struct client_clock clock;
};

/* What a vertical tab starts: time passing, not a line. */
#define SESSION_TICK		'\v'

int	LLVMFuzzerInitialize(int *argc, char ***argv);

/* FUZZ_SESSION_TRACE set: show what each client receives (to replay a crash). */
static bool	session_trace;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	session_trace = getenv("FUZZ_SESSION_TRACE") != NULL;
	/* KILL, SendQ and the like log at info: keep the fuzzer's output. */
	log_init("natterd-fuzz", LOG_LEVEL_ERROR);
	return 0;
}

/* The session's clock in seconds (client_clock.now). */
static time_t
session_now(void *arg)
{
	const struct session *ss = arg;

	return ss->clock_base + (time_t)(ss->clock_ms / 1000);
}

/* The session's clock in milliseconds (client_clock.now_ms). */
static int64_t
session_now_ms(void *arg)
{
	return ((const struct session *)arg)->clock_ms;
}

/* The throttle's wait: time passes at once (client_clock.sleep_ms). */
static void
session_sleep_ms(void *arg, int64_t ms)
{
	((struct session *)arg)->clock_ms += ms;
}

static void	session_write(struct session *, struct peer *);

/*
 * A reader waits its turn (client_clock.wait_ms): the writers run, a slow
 * one too, and time passes, so that the ring's events grow old.
 */
static void
session_wait_ms(void *arg, struct client *c, int64_t ms)
{
	struct session *ss = arg;

	(void)c;
	ss->clock_ms += ms;
	session_write(ss, &ss->a);
	session_write(ss, &ss->b);
}

/* A new connection from host, set up as client_start does, minus threads. */
static struct client *
session_connect(struct session *ss, const char *host)
{
	struct server *s = &ss->s;
	struct client *c = xcalloc(1, sizeof *c);
	const char *refusal;

	c->fd = -1;
	transport_init(&c->io, -1, 0);
	c->server = s;
	strlcpy(c->host, host, sizeof c->host);
	line_framer_init(&c->framer, IRC_WIRE_LINE_MAX);
	telnet_init(&c->telnet);
	buffer_init(&c->replies);
	buffer_init(&c->out);

	hub_lock(&s->hub);
	refusal = server_admit(s, c->host);
	FUZZ_CHECK(refusal == NULL, "refused: %s", refusal);
	/* This harness is both threads: one client_release frees it. */
	client_enter(c, 1, session_now(ss));
	hub_unlock(&s->hub);
	return c;
}

/*
 * Check text bound for a raw terminal: safe UTF-8 in CRLF-ended lines,
 * with telnet's answers, if any (IAC WILL, WONT or DONT and an option;
 * 0xff is never in UTF-8), between them: answers are events of their own,
 * and a slow reader's writer takes many events at once.
 */
static void
check_plain_text(const struct peer *p, const char *s, size_t len)
{
	size_t off = 0, n;
	uint32_t cp;
	bool valid;
	unsigned char verb;

	while (off < len) {
		if ((unsigned char)s[off] == TELNET_IAC) {
			FUZZ_CHECK(len - off >= 3, "%s: cut telnet answer",
			    p->name);
			verb = (unsigned char)s[off + 1];
			FUZZ_CHECK(verb == TELNET_WILL || verb == TELNET_WONT ||
			    verb == TELNET_DONT, "%s: bad telnet answer",
			    p->name);
			off += 3;
			continue;
		}
		n = utf8_decode(s + off, len - off, &cp, &valid);
		FUZZ_CHECK(valid, "%s: plain text is not UTF-8 at %zu: %.*s",
		    p->name, off, (int)len, s);
		if (cp == '\r') {
			FUZZ_CHECK(off + 1 < len && s[off + 1] == '\n',
			    "%s: CR without LF in plain text", p->name);
			off += 2;
			continue;
		}
		FUZZ_CHECK(!utf8_cp_is_control(cp), "%s: U+%04X in plain text "
		    "at %zu: %.*s", p->name, cp, off, (int)len, s);
		off += n;
	}
	FUZZ_CHECK((unsigned char)s[len - 1] == '\n' ||
	    (len >= 3 && (unsigned char)s[len - 3] == TELNET_IAC),
	    "%s: plain text does not end a line", p->name);
}

/* Check one IRC line (CRLF stripped) sent to p. */
static void
check_irc_line(const struct peer *p, const char *line, size_t len)
{
	char copy[IRC_WIRE_LINE_MAX + 1];
	struct irc_message msg;
	enum irc_parse_result parsed;
	size_t tagslen = 0;

	FUZZ_CHECK(len > 0, "%s: empty line", p->name);
	FUZZ_CHECK(memchr(line, '\0', len) == NULL &&
	    memchr(line, '\r', len) == NULL, "%s: NUL or CR in: %.*s",
	    p->name, (int)len, line);
	if (line[0] == '@') {
		FUZZ_CHECK(p->c->view.caps != 0, "%s: tags without caps: %.*s",
		    p->name, (int)len, line);
		tagslen = strcspn(line, " ") + 1;
		FUZZ_CHECK(tagslen <= IRC_TAGS_MAX && tagslen < len,
		    "%s: tags part of %zu", p->name, tagslen);
	}
	FUZZ_CHECK(len - tagslen + 2 <= IRC_LINE_MAX, "%s: line of %zu: %.*s",
	    p->name, len - tagslen + 2, (int)len, line);
	memcpy(copy, line, len);
	copy[len] = '\0';
	parsed = irc_message_parse(&msg, copy);
	FUZZ_CHECK(parsed == IRC_PARSE_OK, "%s: %s: %.*s", p->name,
	    irc_parse_result_str(parsed), (int)len, line);
}

/* Whether line (len bytes, its LF left out) is a CRLF-ended IRC line. */
static bool
line_is_irc(const char *line, size_t len)
{
	char copy[IRC_TAGS_MAX + IRC_LINE_MAX + 1];
	struct irc_message msg;

	if (len == 0 || line[len - 1] != '\r' || len > sizeof copy)
		return false;
	memcpy(copy, line, len - 1);
	copy[len - 1] = '\0';
	return irc_message_parse(&msg, copy) == IRC_PARSE_OK;
}

/* Check what p's writer collected. */
static void
check_output(const struct peer *p)
{
	const char *s = p->out.data, *lf;
	size_t len = p->out.len, off = 0, n;

	if (len == 0)
		return;
	if (session_trace)
		fprintf(stderr, "--> %s (client %llu):\n%.*s", p->name,
		    (unsigned long long)p->c->id, (int)len, s);
	if (p->c->view.dialect == HUB_DIALECT_TEXT) {
		check_plain_text(p, s, len);
		return;
	}
	while (off < len) {
		lf = memchr(s + off, '\n', len - off);
		FUZZ_CHECK(lf != NULL, "%s: output does not end a line: %.*s",
		    p->name, (int)(len - off), s + off);
		n = (size_t)(lf - (s + off));
		/* Words queued before a switch to IRC: still safe text. */
		if (p->was_plain && !line_is_irc(s + off, n))
			check_plain_text(p, s + off, n + 1);
		else {
			FUZZ_CHECK(n > 0 && s[off + n - 1] == '\r',
			    "%s: bare LF", p->name);
			check_irc_line(p, s + off, n - 1);
		}
		off += n + 1;
	}
}

/* The writer's part: collect what concerns p, as client_writer_main does. */
static void
session_write(struct session *ss, struct peer *p)
{
	struct hub *hub = &ss->s.hub;
	enum hub_collect_result got = HUB_COLLECT_OK;

	if (p->c == NULL || p->closed)
		return;
	hub_lock(hub);
	while (hub_view_pending(hub, &p->c->view)) {
		got = hub_collect(hub, &p->c->view, &p->out, SESSION_BATCH);
		if (got == HUB_COLLECT_LOST) {
			client_end(p->c, "SendQ exceeded", NULL);
			p->closed = true;
			break;
		}
		check_output(p);
		buffer_reset(&p->out, SESSION_BATCH);
		if (got == HUB_COLLECT_CLOSE) {
			p->closed = true;
			break;
		}
	}
	hub_unlock(hub);
}

/* With every event collected, the command layer and the hub agree on c. */
static void
check_client(struct session *ss, const struct peer *p)
{
	const struct client *c = p->c;
	char folded[IRC_NICKLEN + 1];
	size_t i;

	if (c == NULL || c->ended)
		return;
	FUZZ_CHECK(c->nrooms <= IRC_CHANLIMIT, "%s in %zu rooms", p->name,
	    c->nrooms);
	FUZZ_CHECK(c->view.nrooms == c->nrooms, "%s: in %zu rooms, view has "
	    "%zu", p->name, c->nrooms, c->view.nrooms);
	for (i = 0; i < c->nrooms; i++) {
		FUZZ_CHECK(hub_view_in(&c->view, &c->rooms[i]->hub),
		    "%s: view misses %s", p->name, c->rooms[i]->name);
		FUZZ_CHECK(room_member(c->rooms[i], c) != NULL,
		    "%s: not a member of %s", p->name, c->rooms[i]->name);
		FUZZ_CHECK(room_find(&ss->s, c->rooms[i]->name) ==
		    c->rooms[i], "%s: room %s not in the table", p->name,
		    c->rooms[i]->name);
	}
	if (c->registered) {
		irc_casefold(folded, c->nick, sizeof folded);
		FUZZ_CHECK(strmap_get(&ss->s.nicks, folded) == c,
		    "%s: nick %s not in the table", p->name, c->nick);
	}
}

/* After each command: both writers run (not a slow one), then the state is checked. */
static void
session_settle(struct session *ss)
{
	if (!ss->a.slow)
		session_write(ss, &ss->a);
	session_write(ss, &ss->b);
	check_client(ss, &ss->a);
	check_client(ss, &ss->b);
}

/*
 * Bytes from p's peer, in the pieces recv(2) could give, through the
 * reader's own input code; the writers run after each piece.
 */
static void
session_receive(struct session *ss, struct peer *p, const char *data,
    size_t len)
{
	struct client *c = p->c;
	size_t i, avail;
	char *space;
	bool alive = true;

	if (session_trace)
		fprintf(stderr, "<-- client %llu: %.*s\n",
		    (unsigned long long)c->id, (int)len, data);
	/* Telnet's IAC first: a person, whatever the door's timer says. */
	if (!p->heard && len > 0 && (unsigned char)data[0] == TELNET_IAC &&
	    ss->s.config.plain_wait_ms > 0 && !c->registered) {
		client_input_greet(c);
		p->was_plain = true;
		session_settle(ss);
	}
	p->heard = p->heard || len > 0;
	for (i = 0; alive && !c->ended && i < len; i += avail) {
		space = line_framer_space(&c->framer, &avail);
		if (avail > len - i)
			avail = len - i;
		memcpy(space, data + i, avail);
		alive = client_input_bytes(c, &p->in, space, avail);
		p->was_plain = p->was_plain || c->plain;
		FUZZ_CHECK(p->in.admitted_backlog <= ss->s.backlog_budget,
		    "%s: a line ran with %zu bytes waiting for it", p->name,
		    p->in.admitted_backlog);
		session_settle(ss);
	}
}

/* Time passes: seconds on the clock, then both clients' timers run. */
static void
session_tick(struct session *ss, unsigned seconds)
{
	struct peer *peers[] = { &ss->a, &ss->b };
	size_t i;

	if (session_trace)
		fprintf(stderr, "--- %u s later\n", seconds);
	ss->clock_ms += (int64_t)seconds * 1000;
	for (i = 0; i < 2; i++)
		if (peers[i]->c != NULL && !peers[i]->c->ended)
			client_input_timers(peers[i]->c, &peers[i]->in);
	session_settle(ss);
}

/* Send a line of the set-up, which must be accepted. */
static void
session_say(struct session *ss, struct peer *p, const char *line)
{
	session_receive(ss, p, line, strlen(line));
	FUZZ_CHECK(!p->c->ended, "%s ended by set-up line %s", p->name, line);
}

/*
 * Register p as nick, with the password when there is one and asking for
 * every capability when caps is true, then join #lobby.
 */
static void
session_register(struct session *ss, struct peer *p, const char *nick,
    unsigned flags, bool caps)
{
	char line[128];

	if (caps)
		session_say(ss, p, "CAP LS 302\r\nCAP REQ :away-notify batch "
		    "echo-message message-tags multi-prefix server-time\r\n");
	if (flags & SESSION_PASSWORD)
		session_say(ss, p, "PASS hunter2\r\n");
	snprintf(line, sizeof line, "NICK %s\r\nUSER %s 0 * :%s here\r\n",
	    nick, nick, nick);
	session_say(ss, p, line);
	if (caps)
		session_say(ss, p, "CAP END\r\n");
	FUZZ_CHECK(p->c->registered, "%s did not register", p->name);
	session_say(ss, p, "JOIN #lobby\r\n");
}

/* B: a plain-door user who chooses a nickname. */
static void
session_plain(struct session *ss, struct peer *p, unsigned flags)
{
	client_input_greet(p->c);
	p->was_plain = true;
	session_settle(ss);
	if (flags & SESSION_PASSWORD)
		session_say(ss, p, "hunter2\r\n");
	session_say(ss, p, "bob\r\n");
	FUZZ_CHECK(p->c->registered, "plain %s did not register", p->name);
}

/* A fresh server as natterd's options would make it. */
static void
session_start(struct session *ss, unsigned flags)
{
	struct server_config config = {
		.port = "6667",
		.default_room = SERVER_DEFAULT_ROOM,
		.password = (flags & SESSION_PASSWORD) ? "hunter2" : NULL,
		.plain_wait_ms = (flags & SESSION_NO_DOOR) ? 0 :
		    SERVER_PLAIN_WAIT,
		.history_lines = 20,
		.oper_name = "oper",
		.oper_password = "secret",
		.ping_interval = SERVER_PING_INTERVAL,
		.ping_timeout = SERVER_PING_TIMEOUT,
		.flood_rate = SERVER_FLOOD_RATE,
		.flood_excess = SERVER_FLOOD_EXCESS,
		.max_clients = 64,
		.max_per_ip = SERVER_MAX_PER_IP,
	};
	struct server *s = &ss->s;

	server_init(s, &config);
	hub_destroy(&s->hub);
	hub_init(&s->hub, SESSION_RING_EVENTS, SESSION_RING_BYTES);
	hub_set_clock(&s->hub, session_now_ms, ss);
	s->backlog_budget = SESSION_BACKLOG;
	/* A MOTD, as if read from a file. */
	s->motd = xreallocarray(NULL, 2, sizeof *s->motd);
	s->motd[0] = xstrdup("Welcome to the fuzzing room.");
	s->motd[1] = xstrdup("Be nice: \xe2\x98\xba");
	s->motd_count = 2;
	s->has_motd = true;

	ss->clock_base = time(NULL);
	ss->clock_ms = 0;
	ss->clock = (struct client_clock){ session_now, session_now_ms,
	    session_sleep_ms, session_wait_ms, ss };
	ss->a = (struct peer){ .name = "A",
	    .slow = (flags & SESSION_A_SLOW) != 0 };
	ss->b = (struct peer){ .name = "B" };
	client_input_init(&ss->a.in, &ss->clock);
	client_input_init(&ss->b.in, &ss->clock);
	buffer_init(&ss->a.out);
	buffer_init(&ss->b.out);
	ss->b.c = session_connect(ss, "192.0.2.2");
	if (flags & SESSION_B_PLAIN)
		session_plain(ss, &ss->b, flags);
	else
		session_register(ss, &ss->b, "bob", flags,
		    (flags & SESSION_B_CAPS) != 0);
	ss->a.c = session_connect(ss, "192.0.2.1");
	if (flags & SESSION_A_REGISTERED)
		session_register(ss, &ss->a, "alice", flags, false);
}

/* strmap_foreach: gather the rooms left, to free them. */
static void
session_gather_room(const char *key, void *value, void *arg)
{
	struct room ***next = arg;

	(void)key;
	*(*next)++ = value;
}

/* Close both connections, check nothing is left behind, free everything. */
static void
session_finish(struct session *ss)
{
	struct server *s = &ss->s;
	struct peer *peers[] = { &ss->a, &ss->b };
	struct room **rooms, **next;
	size_t i, nrooms;

	for (i = 0; i < 2; i++) {
		hub_lock(&s->hub);
		client_end(peers[i]->c, "Connection closed", NULL);
		hub_unlock(&s->hub);
		session_write(ss, peers[i]);
		FUZZ_CHECK(peers[i]->closed, "%s: no last event",
		    peers[i]->name);
	}
	hub_lock(&s->hub);
	FUZZ_CHECK(s->clients == NULL && s->nclients == 0 &&
	    s->nregistered == 0 && s->nopers == 0, "left: %zu clients, %zu "
	    "registered, %zu opers", s->nclients, s->nregistered, s->nopers);
	FUZZ_CHECK(s->nicks.count == 0 && s->per_ip.count == 0,
	    "left: %zu nicks, %zu addresses", s->nicks.count, s->per_ip.count);
	/* Rooms with history, a topic or lists stay, empty; natterd exits with them. */
	nrooms = s->rooms.count;
	next = rooms = xreallocarray(NULL, nrooms + 1, sizeof *rooms);
	strmap_foreach(&s->rooms, session_gather_room, &next);
	FUZZ_CHECK((size_t)(next - rooms) == nrooms, "room count");
	hub_unlock(&s->hub);
	for (i = 0; i < 2; i++) {
		client_release(peers[i]->c);
		buffer_free(&peers[i]->out);
	}
	for (i = 0; i < nrooms; i++) {
		FUZZ_CHECK(rooms[i]->nmembers == 0, "%s keeps %zu members",
		    rooms[i]->name, rooms[i]->nmembers);
		history_free(&rooms[i]->history);
		room_masks_free(&rooms[i]->bans);
		room_masks_free(&rooms[i]->excepts);
		room_masks_free(&rooms[i]->invex);
		hub_room_free(&rooms[i]->hub);
		free(rooms[i]->members);
		free(rooms[i]);
	}
	free(rooms);
	server_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct session ss;
	const char *p, *end, *lf;
	struct peer *to;
	size_t n;

	if (size < 1)
		return 0;
	session_start(&ss, data[0]);

	/*
	 * Lines (each with its LF) go to A, or to B after a leading tab; a
	 * vertical tab and a byte are that many seconds passing.
	 */
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p < end) {
		if (*p == SESSION_TICK) {
			session_tick(&ss, p + 1 < end ? (unsigned char)p[1] : 1);
			p += p + 1 < end ? 2 : 1;
			continue;
		}
		lf = memchr(p, '\n', (size_t)(end - p));
		n = lf != NULL ? (size_t)(lf - p) + 1 : (size_t)(end - p);
		to = &ss.a;
		if (*p == '\t') {
			to = &ss.b;
			p++;
			n--;
		}
		if (!to->c->ended)
			session_receive(&ss, to, p, n);
		p += n;
	}
	session_finish(&ss);
	return 0;
}
