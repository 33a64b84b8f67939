/*
 * natterd's shared state: the configuration, the hub, and the nick and room
 * tables.  Everything here below `hub` is protected by hub.lock.
 */
#ifndef NATTER_SERVER_H
#define NATTER_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "hub.h"
#include "log_limit.h"
#include "strmap.h"
#include "whowas.h"

struct client;
struct tls;

/* What 002 and 004 say natterd is. */
#define SERVER_VERSION		"natterd-" PACKAGE_VERSION
/* Default --ping-interval: seconds of silence before natterd PINGs a client. */
#define SERVER_PING_INTERVAL	90
/*
 * Default --ping-timeout: seconds a PINGed client has to answer before it
 * is dropped; also the time a new connection has to register.
 */
#define SERVER_PING_TIMEOUT	60
/* Default --flood-rate: lines per second a client may send on average. */
#define SERVER_FLOOD_RATE	25
/* Seconds of lines (at that rate) a client may send at once before it is slowed. */
#define SERVER_FLOOD_BURST	4
/* Default --flood-excess: seconds a client may stay slowed down before it is disconnected. */
#define SERVER_FLOOD_EXCESS	30
/*
 * Text natterd appends for a client's line that costs the flood throttle
 * one more line (NAMES of many rooms, LIST, a history replay).
 */
#define SERVER_FLOOD_COST_BYTES	(16 * 1024)
/*
 * Bytes a client may have waiting in the ring for its own writer before
 * its reader stops reading its next line (client_input.h).
 */
#define SERVER_CLIENT_BACKLOG	(256 * 1024)
/*
 * Default --max-rooms: rooms in memory at once.  A LAN has tens of rooms;
 * a thousand keeps LIST (which holds the big lock) under a millisecond and
 * the memory of full histories (--history lines each) in tens of MiB.  One
 * client is in at most IRC_CHANLIMIT rooms at once (CHANLIMIT).
 */
#define SERVER_MAX_ROOMS	1000
/* Default --max-per-ip: connections from one address at once. */
#define SERVER_MAX_PER_IP	16
/* Descriptors kept back from --max-clients' default for listeners and files. */
#define SERVER_FD_RESERVE	32
/* Default --plain-wait: milliseconds of silence that make a connection a person. */
#define SERVER_PLAIN_WAIT	1000
/* Default --default-room: where plain-door users land (and natter's default). */
#define SERVER_DEFAULT_ROOM	"#lobby"
/* The server's description (--info) by default, and its length at most. */
#define SERVER_INFO_DEFAULT	"natter LAN chat"
#define SERVER_INFO_MAX		100
/* Bytes of a --name (a host name label is 63; a whole name may be longer). */
#define SERVER_NAME_MAX		63
/* Seconds a plain-door user has to choose a nickname. */
#define SERVER_PLAIN_NICK_TIMEOUT 600
/* How often a reader checks those timers at most, in seconds. */
#define SERVER_TIMER_TICK	5
/* Seconds a writer waits on a client that does not read before it rechecks. */
#define SERVER_SEND_TIMEOUT	1
/* Stack size of each client thread: deep enough for our call chains (see natterd.8). */
#ifdef NATTER_SANITIZED
#define SERVER_THREAD_STACK	(1024 * 1024)
#else
#define SERVER_THREAD_STACK	(64 * 1024)
#endif
/*
 * Stack size of each thread of a TLS client: GnuTLS's handshake (key
 * exchange, signature, parsing a client certificate) needs more than our
 * own code; only the pages touched cost memory.
 */
#ifdef NATTER_SANITIZED
#define SERVER_TLS_THREAD_STACK	(1024 * 1024)
#else
#define SERVER_TLS_THREAD_STACK	(256 * 1024)
#endif

struct server_config {
	const char	*bind_addr;	/* NULL: all interfaces */
	const char	*port;
	const char	*plain_bind;	/* --plain-bind: the plain port's address, NULL: bind_addr */
	bool		 no_plain_port;	/* --no-plain-port */
	const char	*tls_port;	/* --tls-port */
	const char	*tls_cert;	/* --tls-cert, NULL: none given */
	const char	*tls_key;	/* --tls-key, NULL: the cert's file */
	bool		 fingerprint;	/* --fingerprint: print it and exit */
	const char	*motd_path;	/* NULL: no MOTD (422) */
	const char	*password;	/* NULL: no PASS needed */
	const char	*pidfile;	/* NULL: none */
	const char	*state_dir;	/* --state-dir, NULL: history in memory only */
	const char	*default_room;	/* where plain-door users land */
	const char	*name;		/* --name, NULL: the host name */
	const char	*info;		/* --info: the server's description */
	int		 plain_wait_ms;	/* silence that makes a plain user; 0: no door */
	size_t		 history_lines;	/* lines kept per room (--history) */
	int		 history_keep_days;	/* --history-keep, 0: forever */
	bool		 daemonize;	/* -d */
	const char	*oper_name;	/* --oper NAME:PASS, NULL: no OPER */
	const char	*oper_password;
	int		 ping_interval;	/* seconds, see SERVER_PING_INTERVAL */
	int		 ping_timeout;	/* seconds, see SERVER_PING_TIMEOUT */
	int		 flood_rate;	/* lines/s, 0: no flood control */
	int		 flood_excess;	/* seconds slowed before Excess Flood */
	int		 max_clients;	/* connections at once; 0: from RLIMIT_NOFILE */
	int		 max_per_ip;	/* connections per address */
	size_t		 max_rooms;	/* rooms in memory at once */
	bool		 discovery;	/* answer natter's probes (--no-discovery) */
	unsigned	 discovery_port;	/* --discovery-port, 0: the TCP port */
};

struct server {
	struct server_config	 config;
	char			 name[256];	/* our host name: the source of numerics */
	const char		*network;	/* NETWORK= in 005 */
	char			 created[64];	/* start time for 003 */
	time_t			 started;	/* for STATS u */
	char			**motd;		/* MOTD lines, read again at SIGHUP */
	size_t			 motd_count;
	bool			 has_motd;
	int			 timer_tick;	/* seconds between a reader's timer checks */
	size_t			 backlog_budget; /* SERVER_CLIENT_BACKLOG (smaller
						    in the fuzz harness) */

	struct state_dir	*state;		/* NULL without --state-dir */
	struct tls		*tls;		/* NULL: TLS is off */
	pthread_t		 sync_thread;	/* fsyncs the state dir every second */
	pthread_mutex_t		 sync_lock;
	pthread_cond_t		 sync_wake;
	bool			 sync_stop;	/* under sync_lock */

	struct hub		 hub;
	/* Protected by hub.lock: */
	struct strmap		 nicks;		/* folded nick -> struct client */
	struct strmap		 rooms;		/* folded name -> struct room */
	struct whowas		 whowas;	/* nicks given up, for WHOWAS */
	struct strmap		 monitors;	/* folded nick -> its MONITOR watchers */
	struct room		*idle_head;	/* empty rooms kept (no state dir), */
	struct room		*idle_tail;	/* oldest first */
	struct strmap		 per_ip;	/* host -> connections from it (as a pointer-sized count) */
	struct log_limit	 refusals;	/* refused connections logged (the accept thread's) */
	struct log_limit	 handshake_failures;	/* failed TLS handshakes logged */
	struct client		*clients;	/* every connected client */
	size_t			 nclients;
	size_t			 nregistered;	/* of them, registered */
	size_t			 max_registered;	/* the most at once, for 265 */
	size_t			 nopers;	/* of them, IRC operators */
	size_t			 ninvisible;	/* of them, with user mode +i */
	uint64_t		 next_id;	/* client and room ids, never reused */
	bool			 shutting_down;
	size_t			 nthreads;	/* client threads still running */
	pthread_cond_t		 threads_done;	/* signalled when nthreads hits 0 */
};

/* Set up the state from a configuration; reads the MOTD file. */
void	server_init(struct server *s, const struct server_config *config);
/*
 * Name the calling thread, so that ps -L, top -H and gdb tell a reader
 * from a writer (and a test can count natterd's own threads apart from
 * its clients'): "natterd-" and what it does, 15 bytes at most.
 */
void	server_name_thread(const char *name);
/* Start the thread that syncs the state dir (no-op without one). */
void	server_start_sync(struct server *s);
/* Read the MOTD file again (SIGHUP); the old one stays when it cannot be read. */
void	server_reload_motd(struct server *s);
/* Free what server_init set up (after every client thread ended). */
void	server_free(struct server *s);
/*
 * Count a new connection from host against the limits (hub.lock held);
 * returns NULL when it is admitted, else the reason to refuse it.
 */
const char *server_admit(struct server *s, const char *host);
/* A connection from host ended (hub.lock held). */
void	server_release_host(struct server *s, const char *host);
/* A new id for a client or room; hub.lock held. */
uint64_t server_new_id(struct server *s);
/*
 * Shut down: every client gets "ERROR :Server shutting down", then wait up
 * to timeout_ms for the client threads to finish writing.
 */
void	server_shutdown(struct server *s, int timeout_ms);

#endif
