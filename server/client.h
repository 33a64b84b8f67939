/*
 * A connected client: its identity, registration state and rooms, shared
 * by its reader thread (which applies its commands) and its writer thread
 * (which sends it what the hub holds for it).  One function, client_end,
 * ends a client; its memory is freed when both of its threads are gone.
 */
#ifndef NATTER_CLIENT_H
#define NATTER_CLIENT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "buffer.h"
#include "fingerprint.h"
#include "hub.h"
#include "labeled.h"
#include "line_framer.h"
#include "telnet.h"
#include "transport.h"
#include "wire.h"

struct server;
struct room;
struct tls_creds;

/* Rooms one client may be invited to at once; a newer invitation pushes out the oldest. */
#define CLIENT_INVITES		8

/* Where a plain-door user is. */
enum plain_state {
	PLAIN_ASKING_PASSWORD,	/* greeted, the server has a --password */
	PLAIN_ASKING_NICK,	/* choosing a nickname */
	PLAIN_CHATTING,
};

struct client {
	uint64_t		 id;
	int			 fd;
	struct server		*server;
	char			 host[64];	/* numeric address of the peer */
	/* The socket, or a TLS session on it: the reader receives, the writer sends. */
	struct transport	 io;
	struct tls_creds	*creds;		/* the TLS session's certificate, or NULL */
	bool			 tls;		/* came in over TLS (set before its threads start) */

	/* Protected by hub.lock: */
	struct client		*prev, *next;	/* in server->clients */
	char			 nick[IRC_NICKLEN + 1];	/* "" until NICK */
	char			 user[IRC_USERLEN + 1];	/* "" until USER */
	char			 realname[IRC_REALNAMELEN + 1];
	bool			 registered;
	bool			 cap_negotiating;	/* between CAP LS/REQ and CAP END */
	bool			 pass_ok;
	bool			 ended;		/* client_end ran */
	bool			 oper;		/* OPER succeeded */
	bool			 invisible;	/* user mode +i: hidden from WHO masks */
	bool			 wallops;	/* user mode +w: gets WALLOPS */
	bool			 bot;		/* user mode +B: a bot (IRCv3 bot mode) */
	bool			 plain;		/* came in through the plain door */
	/* The TLS client certificate's fingerprint (276), "" for none. */
	char			 certfp[FINGERPRINT_LEN + 1];
	enum plain_state	 plain_state;
	struct room		*plain_room;	/* a plain user's current room, or NULL */
	char			*plain_kept;	/* typed before the greeting, or NULL */
	unsigned		 caps;		/* IRCv3 capabilities, see caps.h */
	char			 away[IRC_REASONLEN + 1];	/* "" when here */
	time_t			 last_spoke;	/* last PRIVMSG/NOTICE, for WHOIS idle */
	uint64_t		 batches;	/* batch ids handed out */
	/* labeled-response: the running command's label (escaped), "" for
	 * none, and where its replies start in `replies` (labeled.h). */
	char			 label[LABEL_MAX + 1];
	size_t			 label_from;
	/* MONITOR: the nicks watched, as given (monitor.h). */
	char			(*monitoring)[IRC_NICKLEN + 1];
	size_t			 nmonitoring;
	struct room		*rooms[IRC_CHANLIMIT];
	size_t			 nrooms;
	/* Rooms invited to and not joined yet, oldest first (invites.h). */
	char			 invites[CLIENT_INVITES][IRC_CHANNELLEN + 1];
	size_t			 ninvites;
	time_t			 signon;
	time_t			 last_heard;	/* last line received */
	time_t			 ping_sent;	/* 0: no PING outstanding */
	struct buffer		 replies;	/* replies of the command being run */
	int			 threads;	/* 2, 1, 0: freed at 0 */

	/* The reader's own: */
	struct line_framer	 framer;
	struct telnet		 telnet;	/* a plain user's telnet commands */
	/* The writer's own (its view is read and changed under hub.lock): */
	struct hub_view		 view;
	struct buffer		 out;
};

/*
 * Accept a connection: create the client and start its two threads (a TLS
 * client's reader makes the handshake first, then starts its writer).
 * Returns false (fd closed) when the threads could not be started.
 */
bool	client_start(struct server *s, int fd, const struct sockaddr *addr,
	    socklen_t addrlen, bool tls);
/*
 * Refused connections are logged LOG_LIMIT_BURST at a time: say how many
 * were not, once their window is over by now (the accept thread calls it
 * when log_limit_due(&s->refusals) comes, and for every refusal).
 */
void	client_log_held_refusals(struct server *s, time_t now);

/*
 * Failed TLS handshakes are logged the same way: say how many were not,
 * once their window is over by now, or all of them with now 0 (at
 * shutdown); hub.lock not held.
 */
void	client_log_held_handshakes(struct server *s, time_t now);

/* The functions below are called with hub.lock held. */

/*
 * Count an admitted client in: its id, the server's client list and
 * thread count (threads that will call client_release), its hub view.
 */
void	client_enter(struct client *c, int threads, time_t now);
/*
 * End the client: leave its rooms and free its nick (others sharing a room
 * see QUIT :reason), then send it error_text ("ERROR :..." or NULL for
 * none) as its last event.  Its writer sends what is pending and closes the
 * connection, which also ends its reader.  Safe to call twice.
 */
void	client_end(struct client *c, const char *quit_reason,
	    const char *error_text);
/*
 * client_end with the farewell "ERROR :Closing link: HOST (reason)",
 * reason also what peers see in QUIT.
 */
void	client_close_link(struct client *c, const char *reason);
/* That farewell's format: the client's host, the reason. */
#define CLIENT_CLOSING_LINK_FMT	"ERROR :Closing link: %s (%s)"
/* The client's prefix "nick!user@host" into buf. */
const char *client_prefix(const struct client *c, char *buf, size_t size);
/* The client's nick, or "*" before it has one (for numerics). */
const char *client_nick(const struct client *c);
/* Index of room in c->rooms, or -1. */
int	client_room_index(const struct client *c, const struct room *r);

/* Why a client that natterd cannot give its threads is refused. */
#define CLIENT_NO_RESOURCES	"Server is out of resources"
/*
 * "ERROR :Closing link: HOST (WHY)" and CR LF into buf: what a refused
 * connection is told.  Returns its length.
 */
size_t	client_refusal_line(char *buf, size_t size, const char *host,
	    const char *why);

/* Thread bodies (client_reader.c, client_writer.c). */
void	*client_reader_main(void *arg);
void	*client_writer_main(void *arg);
/*
 * Start one thread of c with the stack its connection needs: 0, or
 * pthread_create's error, which the caller logs.
 */
int	client_spawn(struct client *c, void *(*fn)(void *));
/* A thread is done with c: the last one out closes the socket and frees it. */
void	client_release(struct client *c);

#endif
