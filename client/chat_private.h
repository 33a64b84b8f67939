/*
 * What the files of chat.c's loop share, and nobody else: the loop's
 * state, struct chat, and the functions one file calls in another
 * (chat.c the loop, chat_conn.c the connection, chat_trust.c the TLS
 * trust decision, chat_keys.c the keys, chat_paste.c a paste).
 */
#ifndef NATTER_CHAT_PRIVATE_H
#define NATTER_CHAT_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "buffer.h"
#include "chatlog.h"
#include "conn.h"
#include "isearch.h"
#include "keymap.h"
#include "paste.h"
#include "session.h"
#include "ui.h"

struct options;
struct tls_creds;

/* Seconds before reconnecting: doubled after each failure, up to max. */
#define CHAT_BACKOFF_MIN	1
#define CHAT_BACKOFF_MAX	60

/* The loop's state: one for natter's one connection. */
struct chat {
	const struct options	*opt;
	struct session		 s;
	struct conn		 conn;
	struct ui		 ui;
	int64_t			 now;		/* ms, monotonic */
	int64_t			 last_update;
	int			 backoff;	/* seconds */
	int64_t			 retry_at;	/* 0: none */
	int64_t			 connect_at;
	int64_t			 last_recv;
	bool			 pinged;
	int64_t			 sigint_at;
	bool			 pasting;
	struct buffer		 paste;
	struct paste		 pz;		/* several lines: asked, paced */
	struct isearch		 is;		/* Ctrl-R, Ctrl-S */
	bool			 quitting;
	int64_t			 quit_deadline;
	bool			 done;
	struct tls_creds	*creds;		/* NULL: plain text */
	char			*known_path;	/* known_servers, NULL: no home */
	struct chatlog		 log;
	int64_t			 log_flush_at;
};

/* --- chat.c: the loop --------------------------------------------------- */

/* Every area needs drawing. */
void	chat_dirty_all(struct chat *c);
/* The input line, or the question asked there. */
void	chat_draw_input(struct chat *c);

/* --- chat_conn.c: the connection ---------------------------------------- */

/* Start connecting. */
void	chat_connect(struct chat *c);
/* The connection is gone: say so and schedule the next attempt. */
void	chat_lost(struct chat *c, const char *why);
/* The socket is ready. */
void	chat_conn_io(struct chat *c, short revents);
/* Ask to quit: QUIT is sent, then the loop ends. */
void	chat_quit(struct chat *c, const char *reason);

/* --- chat_trust.c: trusting the server ---------------------------------- */

/* The TLS handshake is done: trust the server, or give it up (false,
 * with s.stop set). */
bool	chat_trust(struct chat *c);

/* --- chat_keys.c: the keys ---------------------------------------------- */

/* Keys waiting on the terminal, each done, the input line drawn. */
void	chat_keys(struct chat *c);

/* --- chat_paste.c: a paste ---------------------------------------------- */

/* A key during a paste: collected. */
void	chat_paste_key(struct chat *c, const struct keymap_key *k);
/* Paste ends: one line goes on the input line; several are asked for. */
void	chat_paste_end(struct chat *c);
/* The paste's answer: Enter sends, Esc keeps it back. */
void	chat_paste_answer(struct chat *c, bool yes);
/* Stop a paste, saying how far it went and why. */
void	chat_paste_stop(struct chat *c, const char *why);
/* Send the paste's lines that are due. */
void	chat_paste_send(struct chat *c);

#endif
