/*
 * What the DCC files share: a transfer, the table of them, and the
 * functions one file offers the others.  dcc.c: the table, the requests
 * from the network and the commands; dcc_io.c: sockets, bytes, timers;
 * dcc_show.c: what the user reads (lines, /dcc, the status line).
 */
#ifndef NATTER_DCC_PRIVATE_H
#define NATTER_DCC_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "dcc.h"
#include "dcc_ctcp.h"
#include "dcc_file.h"
#include "dcc_name.h"

enum dcc_dir {
	DCC_OUT,		/* we send */
	DCC_IN,			/* we receive */
};

enum dcc_state {
	DCC_HASHING,		/* out: hashing the file before offering it */
	DCC_OFFERED,		/* out: offered; listening, or waiting for a
				 * passive offer's answer */
	DCC_PENDING,		/* in: offered to us, waiting for /get */
	DCC_RESUMING,		/* in: RESUME sent, waiting for ACCEPT */
	DCC_LISTENING,		/* in, passive: we listen for the sender */
	DCC_CONNECTING,		/* connect(2) in progress */
	DCC_MOVING,		/* bytes flow */
	DCC_DRAINING,		/* out: all sent; waiting for the last ack */
	DCC_VERIFYING,		/* in: complete; hashing it */
	DCC_ENDED,		/* to be removed */
};

struct dcc_xfer {
	unsigned	 id;		/* the user's N */
	enum dcc_dir	 dir;
	enum dcc_state	 state;
	char		 nick[64];
	char		 name[DCC_CTCP_NAME_MAX + 1];	/* as offered */
	char		 safe[DCC_NAME_MAX + 1];	/* in: as saved */
	char		 path[4096];	/* out: our file */
	struct dcc_file_target target;	/* in: where it goes */
	char		 addr[DCC_CTCP_ADDR_MAX];	/* in: the sender's */
	unsigned	 port;		/* as offered; 0: passive */
	unsigned	 listen_port;	/* ours, when we listen */
	char		 token[DCC_CTCP_TOKEN_MAX + 1];
	bool		 passive;
	uint64_t	 size;
	bool		 size_known;
	uint64_t	 pos;		/* bytes in the file so far / sent */
	uint64_t	 start;		/* resumed from */
	uint32_t	 acked;		/* out: the last ack (low 32 bits) */
	bool		 acked_any;
	unsigned char	 ackbuf[4];	/* out: an ack read in part */
	size_t		 acklen;
	unsigned char	 ackout[4];	/* in: an ack written in part */
	size_t		 ackoutlen;
	int		 fd;		/* socket or listener, -1 */
	int		 file;		/* -1 */
	int		 pipe[2];	/* in: socket to file by splice(2); -1 */
	struct dcc_hash	*hasher;
	char		 hash[DCC_CTCP_HASH_HEX];	/* "" unknown */
	int64_t		 created;	/* ms */
	int64_t		 began;		/* bytes started to flow */
	int64_t		 last_move;	/* bytes last moved, or state changed */
	int64_t		 rate_at;	/* the speed's last sample */
	uint64_t	 rate_pos;
	double		 rate;		/* bytes a second */
};

/* A hash that came before its offer (natter sends it first, so that even
 * an offer taken at once is checked). */
struct dcc_early_hash {
	char		 nick[64];	/* "" free */
	char		 name[DCC_CTCP_NAME_MAX + 1];
	char		 hash[DCC_CTCP_HASH_HEX];
	int64_t		 at;
};

/* Early hashes kept at most; a new one replaces the oldest. */
#define DCC_EARLY_HASHES	8

struct dcc {
	struct session		*s;
	const struct dcc_options *opt;
	struct dcc_xfer		*x[DCC_MAX];
	size_t			 n;
	unsigned		 next_id;
	char			*buf;		/* DCC_BUFFER bytes */
	char			 dir[4096];	/* where files are saved */
	char			*home;
	int64_t			 quiet_until;	/* no note of dropped offers till */
	int64_t			 status_at;	/* the status line is next refreshed */
	struct dcc_early_hash	 early[DCC_EARLY_HASHES];
	struct dcc_xfer		*polled[DCC_MAX]; /* dcc_pollfds' slots */
	size_t			 npolled;
};

/* dcc.c */
/* A new transfer in the table (NULL when full). */
struct dcc_xfer *dcc_add(struct dcc *d, enum dcc_dir dir, const char *nick);
/* End x: its socket and file closed; removed at the next reap. */
void	dcc_end(struct dcc *d, struct dcc_xfer *x);
/* Remove the ended transfers. */
void	dcc_reap(struct dcc *d);
/* Take offer x: resume its part, or start afresh. */
void	dcc_get(struct dcc *d, struct dcc_xfer *x);
/* Send a DCC request to nick. */
bool	dcc_send_ctcp(struct dcc *d, const char *nick, const struct dcc_ctcp *c);
/* The address to offer: dcc_address, or the server connection's local
 * one; false with err set when there is none. */
bool	dcc_local_addr(struct dcc *d, char *out, size_t size, char *err,
	    size_t errsize);

/* dcc_io.c */
/* Listen on an ephemeral port of addr's family: x->fd, x->listen_port. */
bool	dcc_io_listen(struct dcc *d, struct dcc_xfer *x, const char *addr,
	    char *err, size_t errsize);
/* Start connecting to addr port: x->fd, state DCC_CONNECTING. */
bool	dcc_io_connect(struct dcc *d, struct dcc_xfer *x, const char *addr,
	    unsigned port, char *err, size_t errsize);
/* Start the offer's part of hashing (out) or verifying (in). */
void	dcc_io_hash_start(struct dcc *d, struct dcc_xfer *x);

/* dcc_show.c */
/* A line about x in its nick's window (the server window when none). */
void	dcc_say(struct dcc *d, const struct dcc_xfer *x, bool error,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The /dcc list. */
void	dcc_show_list(struct dcc *d);
/* The offer to us, with what to type. */
void	dcc_show_offer(struct dcc *d, const struct dcc_xfer *x);
/* Update x's speed at now. */
void	dcc_show_sample(struct dcc_xfer *x, int64_t now);
/* How long x took, and its speed, in words: "in 3.2 s, 12.1 MiB/s". */
void	dcc_show_took(const struct dcc_xfer *x, int64_t now, char *buf,
	    size_t size);

#endif
