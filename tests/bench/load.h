/*
 * natterload: the benchmark's load generator.
 *
 * One thread, one epoll loop, N client connections to a server on a
 * loopback address.  The run goes in phases, each with its own deadline:
 * connect and register (paced, so a small listen backlog never overflows),
 * join one room, wait until the join traffic settles, send (S senders, M
 * messages each, R a second each), drain.  Every message carries its
 * sender, its sequence number and its send time; every receiver checks
 * each (sender, seq) against a ledger: delivered, duplicated, out of
 * order, and at the end lost.
 */
#ifndef NATTERLOAD_LOAD_H
#define NATTERLOAD_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <gnutls/gnutls.h>

#include "buffer.h"
#include "load_stats.h"
#include "load_proc.h"

/* The marker that starts every benchmark message's text. */
#define LOAD_MARK		"NL1 "
/* The room every client joins. */
#define LOAD_ROOM		"#bench"
/* Longest line kept across reads; longer ones are counted and dropped. */
#define LOAD_LINE_MAX		(16 * 1024)
/* Bytes read per read(2), into one buffer shared by every connection. */
#define LOAD_READ_CHUNK		(256 * 1024)
/* Unsent bytes a sender may hold before a message counts as blocked. */
#define LOAD_SENDQ_MAX		(64 * 1024)

/* How clients speak. */
enum load_proto {
	LOAD_IRC,		/* NICK/USER, 001, JOIN, 366, PRIVMSG */
	LOAD_LINE,		/* ncat --chat: plain lines, "<userN> text" */
};

/* Where a connection is in its life. */
enum conn_state {
	CONN_IDLE,		/* not opened yet */
	CONN_CONNECTING,	/* connect(2) in progress */
	CONN_REGISTERING,	/* waiting for 001 (IRC) or the greeting (line) */
	CONN_JOINING,		/* waiting for the end of NAMES */
	CONN_READY,		/* in the room */
	CONN_DEAD,		/* failed or closed by the server */
};

struct conn {
	int		 fd;
	gnutls_session_t tls;		/* --tls: the session on fd */
	size_t		 tls_cut;	/* bytes of a record GnuTLS holds half sent */
	uint32_t	 idx;
	enum conn_state	 state;
	bool		 slow;		/* stops reading once in the room */
	bool		 receiver;	/* counted in the ledger */
	bool		 want_out;	/* EPOLLOUT armed */
	bool		 landed;	/* the server answered: out of the window */
	char		*part;		/* an incomplete line from the last read */
	uint32_t	 partlen;
	struct buffer	 out;		/* bytes the socket did not take yet */
	int64_t		 t_start;	/* connect(2), ns */
	int64_t		 t_registered;
	int64_t		 t_joined;
};

struct load_opts {
	const char	*host;
	const char	*port;
	const char	*label;		/* the server's name, for the report */
	enum load_proto	 proto;
	uint32_t	 nconns;	/* N: clients that receive */
	uint32_t	 nslow;		/* extra clients that never read */
	uint32_t	 senders;	/* S */
	uint32_t	 msgs;		/* M per sender */
	double		 rate;		/* R per sender per second */
	uint32_t	 size;		/* bytes of message text */
	uint32_t	 window;	/* connections not answered yet, at most */
	bool		 quickack;	/* TCP_QUICKACK after every read */
	bool		 no_join;	/* register only: in the room means registered */
	bool		 tls;		/* --tls: every connection speaks TLS */
	pid_t		 server_pid;	/* 0: no server figures */
	double		 reg_timeout;	/* s to register and join everybody */
	double		 settle_quiet;	/* s without traffic that mean settled */
	double		 settle_timeout;
	double		 drain_timeout;	/* s after the last send */
	double		 deadline;	/* s for the whole run */
	bool		 json;		/* also print one JSON line */
	bool		 verbose;
};

/* Everything one run knows. */
struct load {
	struct load_opts	 o;
	int			 epfd;
	struct conn		*conns;		/* nconns + nslow */
	uint32_t		 nall;
	struct sockaddr_storage	*addr;
	unsigned		 addrlen;
	char			*rbuf;		/* LOAD_READ_CHUNK + LOAD_LINE_MAX */
	gnutls_certificate_credentials_t tls_cred;	/* --tls, none checked */

	/* Phase bookkeeping. */
	int64_t			 t0;		/* start of the run */
	int64_t			 hard_end;	/* t0 + deadline */
	uint32_t		 next_open;	/* next conns[] index to open */
	uint32_t		 open_limit;	/* open up to here (N, then N+slow) */
	uint32_t		 inflight;	/* connecting, or not answered yet */
	uint32_t		 registered;	/* got 001 (or the greeting) */
	uint32_t		 joined, dead;	/* of the first nconns */
	uint32_t		 slow_joined, slow_dead;
	uint32_t		 connect_errors, closed_by_server;
	uint32_t		 long_lines, stray_lines;
	int64_t			 last_rx;	/* ns of the last byte received */
	uint64_t		 rx_bytes;
	char			 first_error[160];	/* first ERROR or error numeric */

	/* Sending. */
	bool			 sending;
	uint32_t		 receivers0;	/* in the room when sending began */
	int64_t			*next_send;	/* per sender, ns */
	uint32_t		*sent;		/* per sender */
	int64_t			 send_lag_max;	/* ns behind schedule, worst */
	uint32_t		 blocked_sends;	/* sends with a full sendq */
	int64_t			 t_first_send, t_last_send, t_last_delivery;

	struct proc_sample	 peak;		/* the server's highest figures */
	int64_t			 next_sample;

	struct ledger		 ledger;
	struct histogram	 latency;	/* µs */
};

/* The clock every figure uses: CLOCK_MONOTONIC in ns. */
int64_t	load_now(void);

/* load_conn.c: sockets, the epoll loop, the protocols. */
void	load_conn_setup(struct load *l);
/* Run the loop until done(l) or the deadline (ns, absolute); true if done. */
bool	load_run_until(struct load *l, bool (*done)(struct load *),
	    int64_t deadline);
/* Send sender k's next message now. */
void	load_send_message(struct load *l, uint32_t k);
/* Close every connection. */
void	load_conn_close_all(struct load *l);

#endif
