/*
 * DCC: the table of transfers and the requests from the network; see
 * dcc.h.  The user's commands are dcc_command.c's, sockets and bytes
 * dcc_io.c's, what the user reads dcc_show.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "dcc.h"
#include "dcc_options.h"
#include "dcc_private.h"
#include "irc_names.h"
#include "session.h"
#include "wire.h"
#include "xmalloc.h"

/* A note that offers were dropped is shown at most this often (ms). */
#define DCC_DROP_NOTE_MS	10000

/* The download folder: the setting, $XDG_DOWNLOAD_DIR, ~/Downloads. */
static void
dcc_choose_dir(struct dcc *d, const char *home, const char *xdg)
{
	const char	*set = d->opt->download_dir;

	if (set != NULL && strncmp(set, "~/", 2) == 0 && home != NULL)
		snprintf(d->dir, sizeof d->dir, "%s/%s", home, set + 2);
	else if (set != NULL)
		strlcpy(d->dir, set, sizeof d->dir);
	else if (xdg != NULL && xdg[0] == '/')
		strlcpy(d->dir, xdg, sizeof d->dir);
	else if (home != NULL && home[0] != '\0')
		snprintf(d->dir, sizeof d->dir, "%s/Downloads", home);
	else
		strlcpy(d->dir, "Downloads", sizeof d->dir);
}

/* The DCC state of a session. */
struct dcc *
dcc_new(struct session *s, const struct dcc_options *o, const char *home,
    const char *xdg_download)
{
	struct dcc	*d = xcalloc(1, sizeof *d);

	d->s = s;
	d->opt = o;
	d->next_id = 1;
	d->buf = xmalloc(DCC_BUFFER);
	d->home = home != NULL ? xstrdup(home) : NULL;
	dcc_choose_dir(d, home, xdg_download);
	return d;
}

/* End everything and free. */
void
dcc_free(struct dcc *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		dcc_end(d, d->x[i]);
	dcc_reap(d);
	free(d->buf);
	free(d->home);
	free(d);
}

/* A new transfer. */
struct dcc_xfer *
dcc_add(struct dcc *d, enum dcc_dir dir, const char *nick)
{
	struct dcc_xfer	*x;

	if (d->n == DCC_MAX)
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->id = d->next_id++;
	x->dir = dir;
	x->fd = x->file = x->pipe[0] = x->pipe[1] = -1;
	strlcpy(x->nick, nick, sizeof x->nick);
	x->created = x->last_move = d->s->now;
	d->x[d->n++] = x;
	return x;
}

/* End a transfer. */
void
dcc_end(struct dcc *d, struct dcc_xfer *x)
{
	(void)d;
	if (x->fd != -1)
		close(x->fd);
	if (x->file != -1)
		close(x->file);
	if (x->pipe[0] != -1) {
		close(x->pipe[0]);
		close(x->pipe[1]);
	}
	x->fd = x->file = x->pipe[0] = x->pipe[1] = -1;
	dcc_hash_free(x->hasher);
	x->hasher = NULL;
	x->state = DCC_ENDED;
	d->s->dirty_status = true;
}

/* Remove the ended ones. */
void
dcc_reap(struct dcc *d)
{
	size_t	i, j = 0;

	for (i = 0; i < d->n; i++) {
		if (d->x[i]->state == DCC_ENDED)
			free(d->x[i]);
		else
			d->x[j++] = d->x[i];
	}
	d->n = j;
}

/* Send a request. */
bool
dcc_send_ctcp(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	char	buf[IRC_LINE_MAX];

	if (dcc_ctcp_format(c, buf, sizeof buf) == 0)
		return false;
	return session_send(d->s, "PRIVMSG", 2, (const char *const[]){ nick,
	    buf });
}

/* The address to offer. */
bool
dcc_local_addr(struct dcc *d, char *out, size_t size, char *err,
    size_t errsize)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	struct in_addr		 a4;

	if (d->opt->address != NULL) {
		strlcpy(out, d->opt->address, size);
		return true;
	}
	if (d->s->conn == NULL || d->s->conn->fd == -1 ||
	    getsockname(d->s->conn->fd, (struct sockaddr *)&ss, &sl) == -1) {
		snprintf(err, errsize, "no connection to take the address "
		    "from (set dcc_address)");
		return false;
	}
	if (ss.ss_family == AF_INET)
		return inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    out, (socklen_t)size) != NULL;
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		memcpy(&a4, &s6->sin6_addr.s6_addr[12], 4);
		return inet_ntop(AF_INET, &a4, out, (socklen_t)size) != NULL;
	}
	return inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)size) !=
	    NULL;
}

/* --- requests from the network ------------------------------------------- */

/* Whether nick (ASCII case ignored) is x's peer. */
static bool
dcc_peer(const struct dcc_xfer *x, const char *nick)
{
	return irc_casecmp(x->nick, nick) == 0;
}

/* Say, at most every DCC_DROP_NOTE_MS, that an offer was dropped. */
static void
dcc_dropped(struct dcc *d, const char *nick, const char *why)
{
	if (d->s->now < d->quiet_until)
		return;
	d->quiet_until = d->s->now + DCC_DROP_NOTE_MS;
	session_info(d->s, d->s->windows[0], "DCC: dropped an offer from %s "
	    "(%s)", nick, why);
}

static void	dcc_early_take(struct dcc *d, struct dcc_xfer *x);

/* DCC SEND: an offer to us, or the answer to a passive offer of ours. */
static void
dcc_in_send(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	struct dcc_xfer	*x;
	size_t		 i, from = 0, pending = 0;
	char		 err[256];

	if (c->port != 0 && c->token[0] != '\0') {
		for (i = 0; i < d->n; i++) {
			x = d->x[i];
			if (x->dir != DCC_OUT || !x->passive ||
			    x->state != DCC_OFFERED || !dcc_peer(x, nick) ||
			    strcmp(x->token, c->token) != 0)
				continue;
			if (c->port < DCC_PORT_MIN) {
				dcc_say(d, x, true, "%s answered with port "
				    "%u, a service's: not connecting", nick,
				    c->port);
				dcc_end(d, x);
				return;
			}
			if (!dcc_io_connect(d, x, c->addr, c->port, err,
			    sizeof err)) {
				dcc_say(d, x, true, "Could not send %s to %s: "
				    "%s", x->name, x->nick, err);
				dcc_end(d, x);
			}
			return;
		}
	}
	if (c->port != 0 && c->port < DCC_PORT_MIN) {
		dcc_dropped(d, nick, "it names a service's port");
		return;
	}
	for (i = 0; i < d->n; i++) {
		if (d->x[i]->state != DCC_PENDING)
			continue;
		pending++;
		if (dcc_peer(d->x[i], nick))
			from++;
	}
	if (from >= DCC_OFFERS_PER_NICK || pending >= DCC_OFFERS_MAX) {
		dcc_dropped(d, nick, "too many offers waiting; /dcc lists "
		    "them");
		return;
	}
	if ((x = dcc_add(d, DCC_IN, nick)) == NULL) {
		dcc_dropped(d, nick, "too many transfers");
		return;
	}
	x->state = DCC_PENDING;
	strlcpy(x->name, c->name, sizeof x->name);
	dcc_name_sanitize(c->name, x->safe, sizeof x->safe);
	strlcpy(x->addr, c->addr, sizeof x->addr);
	x->port = c->port;
	x->passive = c->port == 0;
	strlcpy(x->token, c->token, sizeof x->token);
	x->size = c->size;
	x->size_known = c->size_known;
	dcc_early_take(d, x);
	d->s->dirty_status = true;
	dcc_show_offer(d, x);
	if (dcc_options_auto(d->opt, nick))
		dcc_get(d, x);
}

/* Find the transfer a RESUME or ACCEPT is about: by port, or token when
 * passive (mIRC says "file.ext" for the name, so the name cannot tell). */
static struct dcc_xfer *
dcc_find_resume(struct dcc *d, const char *nick, const struct dcc_ctcp *c,
    enum dcc_dir dir, enum dcc_state state)
{
	struct dcc_xfer	*x;
	size_t		 i;

	for (i = 0; i < d->n; i++) {
		x = d->x[i];
		if (x->dir != dir || x->state != state || !dcc_peer(x, nick))
			continue;
		if (c->port == 0 ? x->passive && strcmp(x->token, c->token) == 0 :
		    c->port == (dir == DCC_OUT ? x->listen_port : x->port))
			return x;
	}
	return NULL;
}

/* DCC RESUME: the receiver has part of an offer of ours. */
static void
dcc_in_resume(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	struct dcc_xfer	*x = dcc_find_resume(d, nick, c, DCC_OUT,
	    DCC_OFFERED);
	struct dcc_ctcp	 a;

	if (x == NULL || c->position > x->size)
		return;
	x->pos = x->start = c->position;
	memset(&a, 0, sizeof a);
	a.type = DCC_CTCP_ACCEPT;
	strlcpy(a.name, x->name, sizeof a.name);
	a.port = c->port;
	a.position = c->position;
	strlcpy(a.token, c->token, sizeof a.token);
	dcc_send_ctcp(d, nick, &a);
	dcc_say(d, x, false, "%s resumes %s from byte %llu", nick, x->name,
	    (unsigned long long)c->position);
}

/* Now that the part is open, reach the sender: connect, or listen and
 * answer a passive offer. */
static void
dcc_reach(struct dcc *d, struct dcc_xfer *x)
{
	struct dcc_ctcp	 c;
	char		 err[256], addr[DCC_CTCP_ADDR_MAX];

	if (!x->passive) {
		if (!dcc_io_connect(d, x, x->addr, x->port, err, sizeof err))
			goto fail;
		return;
	}
	if (!dcc_local_addr(d, addr, sizeof addr, err, sizeof err) ||
	    !dcc_io_listen(d, x, addr, err, sizeof err))
		goto fail;
	memset(&c, 0, sizeof c);
	c.type = DCC_CTCP_SEND;
	strlcpy(c.name, x->name, sizeof c.name);
	strlcpy(c.addr, addr, sizeof c.addr);
	c.port = x->listen_port;
	c.size = x->size;
	strlcpy(c.token, x->token, sizeof c.token);
	if (!dcc_send_ctcp(d, x->nick, &c)) {
		snprintf(err, sizeof err, "the answer could not be sent");
		goto fail;
	}
	x->state = DCC_LISTENING;
	return;
fail:
	dcc_say(d, x, true, "Could not get %s from %s: %s", x->name, x->nick,
	    err);
	dcc_end(d, x);
}

/* Open the part to write at x->target.resume and reach the sender. */
static void
dcc_open_and_reach(struct dcc *d, struct dcc_xfer *x)
{
	char	err[512];

	if ((x->file = dcc_file_open_part(&x->target, err, sizeof err)) == -1) {
		dcc_say(d, x, true, "Could not save %s: %s", x->name, err);
		dcc_end(d, x);
		return;
	}
	x->pos = x->start = x->target.resume;
	dcc_reach(d, x);
}

/* DCC ACCEPT: the sender agrees to resume. */
static void
dcc_in_accept(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	struct dcc_xfer	*x = dcc_find_resume(d, nick, c, DCC_IN,
	    DCC_RESUMING);

	if (x == NULL)
		return;
	if (c->position != x->target.resume) {
		dcc_say(d, x, true, "%s would resume %s at byte %llu, not "
		    "%llu: starting again under a new name", nick, x->name,
		    (unsigned long long)c->position,
		    (unsigned long long)x->target.resume);
		x->state = DCC_PENDING;
		x->target.resume = 0;
		dcc_get(d, x);
		return;
	}
	dcc_open_and_reach(d, x);
}

/* The hash nick sent for name before offering it, if it did lately; it
 * is used up. */
static void
dcc_early_take(struct dcc *d, struct dcc_xfer *x)
{
	struct dcc_early_hash	*e;
	size_t			 i;

	for (i = 0; i < DCC_EARLY_HASHES; i++) {
		e = &d->early[i];
		if (e->nick[0] == '\0' || irc_casecmp(e->nick, x->nick) != 0 ||
		    strcmp(e->name, x->name) != 0)
			continue;
		if (d->s->now - e->at <= (int64_t)d->opt->timeout * 1000)
			strlcpy(x->hash, e->hash, sizeof x->hash);
		e->nick[0] = '\0';
		return;
	}
}

/* Keep a hash that came before its offer, in place of the oldest. */
static void
dcc_early_keep(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	struct dcc_early_hash	*e = &d->early[0];
	size_t			 i;

	for (i = 1; i < DCC_EARLY_HASHES && e->nick[0] != '\0'; i++) {
		if (d->early[i].nick[0] == '\0' || d->early[i].at < e->at)
			e = &d->early[i];
	}
	strlcpy(e->nick, nick, sizeof e->nick);
	strlcpy(e->name, c->name, sizeof e->name);
	strlcpy(e->hash, c->hash, sizeof e->hash);
	e->at = d->s->now;
}

/* DCC SHA256: the hash of an offer to us, which natter sends before the
 * offer (kept until the offer comes) and others may send after it. */
static void
dcc_in_sha256(struct dcc *d, const char *nick, const struct dcc_ctcp *c)
{
	struct dcc_xfer	*x;
	size_t		 i;

	/* The newest offer of that name from nick. */
	for (i = d->n; i-- > 0;) {
		x = d->x[i];
		if (x->dir == DCC_IN && x->state != DCC_ENDED &&
		    x->state != DCC_VERIFYING && dcc_peer(x, nick) &&
		    strcmp(x->name, c->name) == 0) {
			if (x->hash[0] == '\0') {
				strlcpy(x->hash, c->hash, sizeof x->hash);
				return;
			}
			break;
		}
	}
	dcc_early_keep(d, nick, c);
}

/* A DCC request from nick. */
void
dcc_ctcp_in(struct dcc *d, const char *nick, const char *body, size_t len)
{
	struct dcc_ctcp	c;

	if (!dcc_ctcp_parse(body, len, &c)) {
		dcc_dropped(d, nick, "a DCC request natter does not know, or "
		    "malformed");
		return;
	}
	switch (c.type) {
	case DCC_CTCP_SEND:
		dcc_in_send(d, nick, &c);
		break;
	case DCC_CTCP_RESUME:
		dcc_in_resume(d, nick, &c);
		break;
	case DCC_CTCP_ACCEPT:
		dcc_in_accept(d, nick, &c);
		break;
	case DCC_CTCP_SHA256:
		dcc_in_sha256(d, nick, &c);
		break;
	case DCC_CTCP_REJECT:
		break;
	}
}

/* A DCC answer in a NOTICE: only REJECT of an offer of ours counts. */
void
dcc_ctcp_reply(struct dcc *d, const char *nick, const char *body, size_t len)
{
	struct dcc_ctcp	 c;
	struct dcc_xfer	*x;
	size_t		 i;

	if (!dcc_ctcp_parse(body, len, &c) || c.type != DCC_CTCP_REJECT)
		return;
	for (i = 0; i < d->n; i++) {
		x = d->x[i];
		if (x->dir == DCC_OUT && (x->state == DCC_OFFERED ||
		    x->state == DCC_HASHING) && dcc_peer(x, nick) &&
		    strcmp(x->name, c.name) == 0) {
			dcc_say(d, x, false, "%s refused %s", nick, x->name);
			dcc_end(d, x);
			break;
		}
	}
	dcc_reap(d);
}

/* A peer changed its nick. */
void
dcc_nick(struct dcc *d, const char *nick, const char *new)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		if (dcc_peer(d->x[i], nick))
			strlcpy(d->x[i]->nick, new, sizeof d->x[i]->nick);
	}
	for (i = 0; i < DCC_EARLY_HASHES; i++) {
		if (d->early[i].nick[0] != '\0' &&
		    irc_casecmp(d->early[i].nick, nick) == 0)
			strlcpy(d->early[i].nick, new, sizeof d->early[i].nick);
	}
}

/* --- taking an offer ------------------------------------------------------ */

/* Whether another transfer writes part (dcc_file_choose's busy). */
static bool
dcc_part_busy(const char *part, void *arg)
{
	struct dcc	*d = arg;
	size_t		 i;

	for (i = 0; i < d->n; i++) {
		if (d->x[i]->dir == DCC_IN && d->x[i]->state != DCC_PENDING &&
		    d->x[i]->state != DCC_ENDED &&
		    strcmp(d->x[i]->target.part, part) == 0)
			return true;
	}
	return false;
}

/* Take an offer: resume a part, or start a new one. */
void
dcc_get(struct dcc *d, struct dcc_xfer *x)
{
	struct dcc_ctcp	c;
	char		err[512];

	if (!dcc_file_make_dir(d->dir, err, sizeof err) ||
	    !dcc_file_choose(d->dir, x->safe, x->size, x->size_known,
	    dcc_part_busy, d, &x->target, err, sizeof err)) {
		dcc_say(d, x, true, "Could not save %s: %s", x->name, err);
		dcc_end(d, x);
		return;
	}
	x->last_move = d->s->now;
	if (x->target.resume == 0) {
		dcc_open_and_reach(d, x);
		return;
	}
	memset(&c, 0, sizeof c);
	c.type = DCC_CTCP_RESUME;
	strlcpy(c.name, x->name, sizeof c.name);
	c.port = x->port;
	c.position = x->target.resume;
	strlcpy(c.token, x->token, sizeof c.token);
	if (!dcc_send_ctcp(d, x->nick, &c)) {
		/* A name we cannot say again: start afresh. */
		x->target.resume = 0;
		dcc_get(d, x);
		return;
	}
	x->state = DCC_RESUMING;
	dcc_say(d, x, false, "Asking %s to resume %s from byte %llu",
	    x->nick, x->name, (unsigned long long)x->target.resume);
}
