/*
 * Sending files to each other the IRC way (DCC SEND), directly between the
 * two clients, inside natter's one poll loop.
 *
 * /send NICK FILE hashes the file (SHA-256, a step per loop round), listens
 * on an ephemeral port, sends natter's "DCC SHA256 name hash", which other
 * clients ignore, and offers the file: "DCC SEND name address port size"
 * (the hash first: an offer taken at once must not complete before it).  An
 * offer to us shows in the sender's window; /get [N] takes it into the
 * download folder, /reject [N] refuses it, /dcc lists the transfers and
 * /dcc close N ends one.  A part left by an earlier attempt is resumed
 * (DCC RESUME / ACCEPT); a complete file is never overwritten (a numbered
 * name is used); a file with a known hash is checked once complete and
 * kept as NAME.part when it does not match.  A passive offer (port 0 and a
 * token) is answered by listening ourselves.
 *
 * Sockets are non-blocking; the sender uses sendfile(2), the receiver
 * splice(2) through a pipe of DCC_BUFFER bytes (or, without a pipe, one
 * buffer of that size shared by every transfer), so no byte is copied
 * through natter, memory does not grow with the size of a file, and each
 * transfer moves at most DCC_ROUND_BYTES
 * per loop round so the keyboard is never kept waiting.  Offers are
 * bounded (per nick and in all) and expire, like stalled transfers, after
 * dcc_timeout seconds.
 */
#ifndef NATTER_DCC_H
#define NATTER_DCC_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "command.h"

struct dcc;
struct dcc_options;
struct session;

/* Transfers and offers at once, both ways; also the poll slots needed. */
#define DCC_MAX			32
/* Offers to us waiting for /get: from one nick, and in all. */
#define DCC_OFFERS_PER_NICK	3
#define DCC_OFFERS_MAX		12
/* A receiving transfer's pipe, and the buffer shared by all transfers
 * (hashing, and receiving when no pipe can be had). */
#define DCC_BUFFER		(256 * 1024)
/* Bytes one transfer moves per loop round at most: about 3 ms at
 * loopback speed, so a key waits no longer than that for each transfer. */
#define DCC_ROUND_BYTES		(1024 * 1024)
/* Ports below this are services: an offer naming one is refused. */
#define DCC_PORT_MIN		1024

/*
 * The DCC state of session s, with its settings; received files go to
 * o->download_dir, else xdg_download (the value of $XDG_DOWNLOAD_DIR),
 * else home/Downloads ("~/" in the setting is home's).
 */
struct dcc *dcc_new(struct session *s, const struct dcc_options *o,
	    const char *home, const char *xdg_download);
/* End every transfer (parts are kept) and free. */
void	dcc_free(struct dcc *d);

/* A DCC request from nick, sent privately: body is the CTCP's text
 * ("DCC SEND ..."), len bytes. */
void	dcc_ctcp_in(struct dcc *d, const char *nick, const char *body,
	    size_t len);
/* A DCC answer from nick, sent in a NOTICE (DCC REJECT: an offer of ours
 * is refused). */
void	dcc_ctcp_reply(struct dcc *d, const char *nick, const char *body,
	    size_t len);
/* nick is now called new: its offers and transfers follow (RESUME and
 * ACCEPT are matched by nick). */
void	dcc_nick(struct dcc *d, const char *nick, const char *new);
/* /send, /get, /reject, /dcc: their handlers, for command.c's table
 * (dcc_command.c); they act on the session's DCC state. */
command_fn	dcc_command_dcc, dcc_command_get, dcc_command_reject,
		dcc_command_send;

/* Fill up to max poll slots with the transfers' sockets; returns how many. */
size_t	dcc_pollfds(struct dcc *d, struct pollfd *pfd, size_t max);
/* Act on the revents of the slots dcc_pollfds filled (n of them). */
void	dcc_io(struct dcc *d, const struct pollfd *pfd, size_t n);
/* Timers and hashing, at now (ms, monotonic). */
void	dcc_timers(struct dcc *d, int64_t now);
/* When dcc_timers must run next (ms, monotonic), -1 for never; now or
 * earlier while a file is being hashed. */
int64_t	dcc_next(const struct dcc *d, int64_t now);
/*
 * The status line's piece, e.g. "DCC 45% 11.2 MiB/s" while something
 * moves, "DCC: 1 offer" while offers wait; false when there is nothing to
 * say.
 */
bool	dcc_status(const struct dcc *d, char *buf, size_t size);

#endif
