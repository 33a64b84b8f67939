/*
 * Replies to what the user asked, for handle.c's table: AWAY, WHOIS, WHO
 * and LIST, each turned into a line of words, most in the window the
 * user is looking at.  They change no session state but the away flag.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "handle_private.h"
#include "irc_message.h"
#include "session.h"
#include "wire.h"

/* RPL_UNAWAY, RPL_NOWAWAY: away or back. */
void
handle_away_reply(struct session *s, struct ctx *c)
{
	s->away = strcmp(c->msg->command, RPL_NOWAWAY) == 0;
	s->dirty_status = true;
	session_info(s, session_current(s), "%s", handle_text(c));
}

/* RPL_AWAY: nick is away. */
void
handle_rpl_away(struct session *s, struct ctx *c)
{
	struct window	*w = session_find(s, c->msg->params[1], NULL);

	session_info(s, w != NULL ? w : session_current(s), "%s is away: %s",
	    c->msg->params[1], handle_text(c));
}

/* WHOIS replies. */
void
handle_whois(struct session *s, struct ctx *c)
{
	const struct irc_message *msg = c->msg;
	const char	*nick = msg->params[1];
	struct window	*w = session_current(s);
	char		 when[64];

	if (strcmp(msg->command, RPL_WHOISUSER) == 0 && msg->nparams >= 6)
		session_info(s, w, "%s is %s@%s (%s)", nick, msg->params[2],
		    msg->params[3], msg->params[5]);
	else if (strcmp(msg->command, RPL_WHOISSERVER) == 0 &&
	    msg->nparams >= 4)
		session_info(s, w, "%s is on %s (%s)", nick, msg->params[2],
		    msg->params[3]);
	else if (strcmp(msg->command, RPL_WHOISIDLE) == 0 &&
	    msg->nparams >= 4) {
		handle_stamp(msg->params[3], ", signed on %Y-%m-%d %H:%M",
		    when, sizeof when);
		session_info(s, w, "%s has been idle %ss%s", nick,
		    msg->params[2], when);
	} else if (strcmp(msg->command, RPL_WHOISCHANNELS) == 0)
		session_info(s, w, "%s is in %s", nick, handle_text(c));
	else if (strcmp(msg->command, RPL_WHOISOPERATOR) == 0)
		session_info(s, w, "%s %s", nick, handle_text(c));
	else if (strcmp(msg->command, RPL_ENDOFWHOIS) == 0)
		session_info(s, w, "End of WHOIS %s", nick);
}

/* RPL_WHOREPLY: one person of /who. */
void
handle_who(struct session *s, struct ctx *c)
{
	const struct irc_message *msg = c->msg;
	const char	*real = handle_text(c), *sp;

	if (msg->nparams < 8)
		return;
	/* ":hopcount realname" */
	if ((sp = strchr(real, ' ')) != NULL)
		real = sp + 1;
	session_info(s, session_current(s), "%s %s (%s@%s) %s: %s",
	    msg->params[1], msg->params[5], msg->params[2], msg->params[3],
	    msg->params[6][0] == 'G' ? "away" : "here", real);
}

/* RPL_ENDOFWHO. */
void
handle_who_end(struct session *s, struct ctx *c)
{
	session_info(s, session_current(s), "End of WHO %s",
	    c->msg->params[1]);
}

/* RPL_LIST: a room of /list. */
void
handle_list(struct session *s, struct ctx *c)
{
	if (c->msg->nparams < 4)
		return;
	session_info(s, session_current(s), "%s (%s): %s", c->msg->params[1],
	    c->msg->params[2], handle_text(c));
}

/* RPL_LISTEND: end of /list. */
void
handle_list_end(struct session *s, struct ctx *c)
{
	(void)c;
	session_info(s, session_current(s), "End of the room list");
}
