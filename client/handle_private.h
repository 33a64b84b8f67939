/*
 * What the files of handle.c share, and nobody else: the context a handler
 * gets with each line, the helpers that find a line's window and text,
 * and every handler of handle.c's table, by the file it lives in.
 */
#ifndef NATTER_HANDLE_PRIVATE_H
#define NATTER_HANDLE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "session.h"

struct irc_message;

/* A received line, parsed, and what handle.c found out about it. */
struct ctx {
	struct irc_message	*msg;
	const char		*nick;		/* the sender's nick, "" if none */
	bool			 from_server;	/* no nick!user@host source */
	bool			 self;		/* sent by us */
	time_t			 when;
	unsigned		 past;		/* SCROLLBACK_PAST or 0 */
	char			 nickbuf[SESSION_NAME_MAX * 4];
};

/* A handler of one command; the table checked its parameter count. */
typedef void handler_fn(struct session *, struct ctx *);

/* --- handle.c: the helpers ---------------------------------------------- */

/* The last parameter, or "". */
const char	*handle_text(const struct ctx *c);
/* Parameters from first on, joined by spaces. */
void		 handle_join_params(const struct ctx *c, size_t first,
		    char *out, size_t size);
/* Where replies to what the user asked about room go (a room's window,
 * else the current one). */
struct window	*handle_reply_window(struct session *s, const char *room);
/* The server window. */
struct window	*handle_server_window(struct session *s);
/* A room's window if we have one. */
struct window	*handle_room(struct session *s, const char *room);
/* A time in seconds since 1970 as local time by strftime format fmt, ""
 * when it is not one. */
void		 handle_stamp(const char *secs, const char *fmt, char *out,
		    size_t size);
/* Whether the dispatch table is sorted, as bsearch needs (a test). */
bool		 handle_table_sorted(void);

/* --- handle_register.c: registration and the connection ----------------- */

handler_fn	handle_cap;
handler_fn	handle_authenticate;
handler_fn	handle_sasl_ok;
handler_fn	handle_sasl_failed;
handler_fn	handle_bad_password;
handler_fn	handle_ping;
handler_fn	handle_pong;
handler_fn	handle_fail;
handler_fn	handle_error_cmd;
handler_fn	handle_welcome;
handler_fn	handle_isupport;
handler_fn	handle_bad_nick;

/* --- handle_room.c: rooms and members ----------------------------------- */

handler_fn	handle_join;
handler_fn	handle_part;
handler_fn	handle_kick;
handler_fn	handle_quit;
handler_fn	handle_nick;
handler_fn	handle_topic;
handler_fn	handle_rpl_topic;
handler_fn	handle_topic_who;
handler_fn	handle_names;
handler_fn	handle_names_end;
handler_fn	handle_mode;
handler_fn	handle_invite;

/* --- handle_message.c: PRIVMSG, NOTICE and CTCP ------------------------- */

handler_fn	handle_message;

/* --- handle_reply.c: replies to the user's commands ---------------------- */

handler_fn	handle_away_reply;
handler_fn	handle_rpl_away;
handler_fn	handle_whois;
handler_fn	handle_who;
handler_fn	handle_who_end;
handler_fn	handle_list;
handler_fn	handle_list_end;

/* --- handle_batch.c: IRCv3 batches -------------------------------------- */

handler_fn	handle_batch;
/* A line tagged batch=id (c->msg): mark c as past (and missed) as its
 * batch says; false when the line is to be dropped. */
bool		handle_batch_line(struct session *s, struct ctx *c);

#endif
