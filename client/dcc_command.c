/*
 * The user's DCC commands, /send, /get, /reject and /dcc: their handlers
 * for command.c's table (which runs them only when the session has its
 * DCC state), and what they ask of the transfer table.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "dcc.h"
#include "dcc_ctcp.h"
#include "dcc_private.h"
#include "decimal.h"
#include "irc_names.h"
#include "session.h"
#include "wire.h"

/* The transfer numbered by arg, or with no arg the newest offer to us;
 * NULL with an error shown. */
static struct dcc_xfer *
dcc_pick(struct dcc *d, const char *arg, bool offers_only)
{
	struct dcc_xfer	*x;
	long long	 id = 0;	/* no transfer's: they count from 1 */
	size_t		 i;

	if (arg == NULL) {
		for (i = d->n; i-- > 0;) {
			if (d->x[i]->state == DCC_PENDING)
				return d->x[i];
		}
		session_error(d->s, session_current(d->s), "No DCC offer "
		    "waiting (/dcc lists the transfers)");
		return NULL;
	}
	decimal_parse_digits(arg, 1, UINT_MAX, &id);
	for (i = 0; id > 0 && i < d->n; i++) {
		x = d->x[i];
		if (x->id != id || x->state == DCC_ENDED)
			continue;
		if (offers_only && x->state != DCC_PENDING) {
			session_error(d->s, session_current(d->s), "DCC %u "
			    "is not an offer waiting for you", x->id);
			return NULL;
		}
		return x;
	}
	session_error(d->s, session_current(d->s), "No DCC %s (/dcc lists "
	    "them)", arg);
	return NULL;
}

/* A random token for a passive offer. */
static void
dcc_token(struct dcc_xfer *x)
{
	unsigned	r = 0;
	int		fd;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
		if (read(fd, &r, sizeof r) != (ssize_t)sizeof r)
			r = 0;
		close(fd);
	}
	snprintf(x->token, sizeof x->token, "%u", (r % 900000u) + 100000u +
	    x->id);
}

/* /send [-passive] NICK FILE */
static void
dcc_cmd_send(struct dcc *d, const char *nick, const char *rest)
{
	struct dcc_xfer	*x;
	struct stat	 st;
	char		 path[4096], target[64];
	const char	*file = rest;
	bool		 passive = false;
	size_t		 len;
	int		 fd;

	if (strcmp(nick, "-passive") == 0 || strcmp(nick, "-p") == 0) {
		passive = true;
		len = strcspn(rest, " ");
		if (rest[len] == '\0' || len >= sizeof target) {
			session_error(d->s, session_current(d->s), "usage: "
			    "/send [-passive] NICK FILE");
			return;
		}
		memcpy(target, rest, len);
		target[len] = '\0';
		nick = target;
		file = rest + len + strspn(rest + len, " ");
	}
	if (irc_is_channel(nick)) {
		session_error(d->s, session_current(d->s), "/send is for a "
		    "nick, not a room");
		return;
	}
	if (d->s->state != SESSION_ONLINE) {
		session_error(d->s, session_current(d->s), "Not connected");
		return;
	}
	if (strncmp(file, "~/", 2) == 0 && d->home != NULL)
		snprintf(path, sizeof path, "%s/%s", d->home, file + 2);
	else
		strlcpy(path, file, sizeof path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		session_error(d->s, session_current(d->s), "Cannot send %s: "
		    "%s", path, strerror(errno));
		return;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		session_error(d->s, session_current(d->s), "Cannot send %s: "
		    "not a regular file", path);
		close(fd);
		return;
	}
	if ((x = dcc_add(d, DCC_OUT, nick)) == NULL) {
		session_error(d->s, session_current(d->s), "Too many DCC "
		    "transfers (/dcc close one)");
		close(fd);
		return;
	}
	x->file = fd;
	x->size = (uint64_t)st.st_size;
	x->size_known = true;
	x->passive = passive;
	strlcpy(x->path, path, sizeof x->path);
	dcc_name_offer(path, x->name, sizeof x->name);
	if (passive)
		dcc_token(x);
	x->state = DCC_HASHING;
	dcc_io_hash_start(d, x);
}

/* /dcc [list] | /dcc close N */
static void
dcc_cmd_dcc(struct dcc *d, const struct command *cmd)
{
	struct dcc_xfer	*x;

	if (cmd->nargs == 0 || strcmp(cmd->args[0], "list") == 0) {
		dcc_show_list(d);
		return;
	}
	if (strcmp(cmd->args[0], "close") == 0 && cmd->nargs == 2) {
		if ((x = dcc_pick(d, cmd->args[1], false)) == NULL)
			return;
		dcc_say(d, x, false, "DCC %u closed: %s %s %s", x->id,
		    x->name, x->dir == DCC_OUT ? "to" : "from", x->nick);
		if (x->dir == DCC_IN && x->file != -1)
			dcc_say(d, x, false, "What came is kept as %s",
			    x->target.part);
		dcc_end(d, x);
		dcc_reap(d);
		return;
	}
	session_error(d->s, session_current(d->s), "usage: /dcc [list] | "
	    "/dcc close N");
}

/* Tell the sender we refuse its offer, as irssi does (a NOTICE, so no
 * client answers it). */
static void
dcc_reject(struct dcc *d, const struct dcc_xfer *x)
{
	struct dcc_ctcp	c;
	char		buf[IRC_LINE_MAX];

	memset(&c, 0, sizeof c);
	c.type = DCC_CTCP_REJECT;
	strlcpy(c.name, x->name, sizeof c.name);
	if (dcc_ctcp_format(&c, buf, sizeof buf) > 0)
		session_send(d->s, "NOTICE", 2, (const char *const[]){ x->nick,
		    buf });
}

/* /send [-passive] NICK FILE */
void
dcc_command_send(struct session *s, const struct command *cmd)
{
	dcc_cmd_send(s->dcc, cmd->args[0], cmd->args[1]);
	dcc_reap(s->dcc);
}

/* /get [N] */
void
dcc_command_get(struct session *s, const struct command *cmd)
{
	struct dcc_xfer	*x;

	if ((x = dcc_pick(s->dcc, cmd->nargs > 0 ? cmd->args[0] : NULL,
	    true)) != NULL)
		dcc_get(s->dcc, x);
	dcc_reap(s->dcc);
}

/* /reject [N] */
void
dcc_command_reject(struct session *s, const struct command *cmd)
{
	struct dcc_xfer	*x;

	if ((x = dcc_pick(s->dcc, cmd->nargs > 0 ? cmd->args[0] : NULL,
	    true)) != NULL) {
		dcc_say(s->dcc, x, false, "Refused %s from %s", x->name,
		    x->nick);
		dcc_reject(s->dcc, x);
		dcc_end(s->dcc, x);
	}
	dcc_reap(s->dcc);
}

/* /dcc [list] | /dcc close N */
void
dcc_command_dcc(struct session *s, const struct command *cmd)
{
	dcc_cmd_dcc(s->dcc, cmd);
	dcc_reap(s->dcc);
}
