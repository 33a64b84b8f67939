/*
 * What a client's reader does with the bytes it received, apart from the
 * socket: telnet filtering for the plain door, framing into lines, the
 * flood throttle, running each line under the hub lock, and the ping and
 * registration timers.  client_reader.c runs it on the real clocks; the
 * fuzz harness (tests/fuzz/fuzz_session.c) runs the very same code on a
 * clock of its own, with no socket and no threads.
 */
#ifndef NATTER_CLIENT_INPUT_H
#define NATTER_CLIENT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct client;

/* The time input runs on; the fuzz harness's does not really sleep. */
struct client_clock {
	time_t	(*now)(void *arg);		/* seconds, as time(2) */
	int64_t	(*now_ms)(void *arg);		/* ms, never going back */
	void	(*sleep_ms)(void *arg, int64_t ms);	/* the throttle's wait */
	/*
	 * A reader waiting its turn (its client's backlog over budget, or
	 * the ring short of room): let the writers run for up to ms.
	 */
	void	(*wait_ms)(void *arg, struct client *c, int64_t ms);
	void	 *arg;
};

/* The real clocks: time(2), CLOCK_MONOTONIC and nanosleep(2). */
extern const struct client_clock client_clock_real;

/* A reader's input state: its clock and its flood control. */
struct client_input {
	const struct client_clock *clock;
	int64_t		flood_timer;	/* us; runs ahead of the clock per line */
	int64_t		flood_over_since; /* ms since it is too far ahead, or 0 */
	uint64_t	appended;	/* hub->appended when the line began */
	size_t		admitted_backlog; /* the most backlog its client had
					   when a line was let in (the fuzz
					   harness checks the budget held) */
	bool		irc_spoken;	/* a command natterd knows came: IRC
					   software, never the plain door */
	bool		wakes_held;	/* a line's wake-ups wait for the
					   next line (input_done) */
};

void	client_input_init(struct client_input *in,
	    const struct client_clock *clock);
/*
 * Before each line (and each batch of telnet answers) the reader waits its
 * turn: until its client's own backlog in the ring (what its writer has
 * yet to take) is within server->backlog_budget, and the ring has room for
 * a sixteenth of its events and bytes without evicting what others have not
 * had HUB_FAIR_MS to take.  A client that does not read what it asks for
 * so stops being read; a fast producer waits for the slow-but-fair.
 *
 * The reader put n new bytes at bytes, the space line_framer_space gave
 * for c: take out a plain user's telnet commands (answering them), then
 * run every whole line.  Returns false when c is gone.
 */
bool	client_input_bytes(struct client *c, struct client_input *in,
	    char *bytes, size_t n);
/* The door's silence ran out: c is a person at a raw terminal. */
void	client_input_greet(struct client *c);
/*
 * The timers, run every server->timer_tick seconds: registration timeout,
 * PING after ping_interval seconds of silence, drop after ping_timeout
 * more.  Returns false when c is gone.
 */
bool	client_input_timers(struct client *c, struct client_input *in);

#endif
