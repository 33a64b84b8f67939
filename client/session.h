/*
 * The state of a chat session: our nick and the server's, the windows
 * (the server window, one per room, one per private conversation) with
 * their scrollback, input line, members and topic, the IRCv3 capabilities
 * in force, and what the screen must redraw.  No curses here: the loop
 * (chat.c) draws what this says, handle.c and input.c change it.
 */
#ifndef NATTER_SESSION_H
#define NATTER_SESSION_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "autoreply.h"
#include "daymark.h"
#include "editor.h"
#include "ignore.h"
#include "layout.h"
#include "scrollback.h"

struct chatlog;
struct conn;
struct dcc;
struct options;

/* Windows a session opens at most; private messages beyond that go to
 * the server window. */
#define SESSION_WINDOWS_MAX	64
/* Batches open at once that we keep track of. */
#define SESSION_BATCHES_MAX	8
/* Room keys given with /join and not yet answered by a JOIN, at most. */
#define SESSION_KEYS_MAX	8
/* Window numbers in the status line a click can pick. */
#define SESSION_STATUS_HITS	SESSION_WINDOWS_MAX
/* The longest nick or host we keep for the status line and splitting. */
#define SESSION_NAME_MAX	64

/* IRCv3 capabilities natter asks for when the server offers them. */
#define SESSION_CAP_SERVER_TIME		0x01
#define SESSION_CAP_ECHO_MESSAGE	0x02
#define SESSION_CAP_MESSAGE_TAGS	0x04
#define SESSION_CAP_BATCH		0x08
#define SESSION_CAP_MULTI_PREFIX	0x10
#define SESSION_CAP_AWAY_NOTIFY		0x20
#define SESSION_CAP_SASL		0x40	/* only with SASL configured */
#define SESSION_CAP_CHATHISTORY		0x80	/* draft/chathistory */

enum window_kind {
	WINDOW_SERVER,		/* numerics, notices, the welcome */
	WINDOW_ROOM,
	WINDOW_QUERY,		/* a private conversation with one nick */
};

struct member {
	char		*nick;
	char		 prefix;	/* '@', '+'... or '\0' */
	uint64_t	 spoke;		/* when it last spoke (0: never) */
	time_t		 spoke_at;	/* the same in seconds, for the filter */
};

struct window {
	enum window_kind kind;
	char		*name;		/* the host, "#room" or the nick */
	struct scrollback sb;
	struct editor	 ed;		/* its own input line and history */
	struct member	*members;
	size_t		 nmembers;
	size_t		 membercap;
	char		*topic;		/* NULL: none known */
	char		*key;		/* +k, sent again when rejoining */
	bool		 joined;	/* we are in the room */
	bool		 autojoin;	/* join it on (re)connecting */
	bool		 names_open;	/* a NAMES reply is coming in */
	bool		 names_show;	/* show it when it ends */
	struct daymark	 day;		/* of its last line: day-change lines */
	char		**urls;		/* as /urls numbered them, newest first */
	size_t		 nurls;
	/* Gapless reconnect (gapless.h): the last line seen, the fetch. */
	char		 last_msgid[96];
	char		 last_time[40];
	int		 fetch;		/* enum gapless_state */
	int		 fetch_pages;
	bool		 fetch_latest;	/* asked LATEST, not AFTER */
	size_t		 missed;	/* missed lines shown in this fetch */
	bool		 missed_open;	/* the "Missed ..." line is there */
};

/* Where SASL is during registration. */
enum session_sasl {
	SESSION_SASL_OFF,	/* not configured, or not started yet */
	SESSION_SASL_STARTED,	/* AUTHENTICATE MECH sent */
	SESSION_SASL_DONE,	/* 903: logged in */
};

enum session_state {
	SESSION_OFFLINE,	/* disconnected, maybe retrying */
	SESSION_CONNECTING,	/* connect(2) in progress */
	SESSION_REGISTERING,	/* connected, before 001 */
	SESSION_ONLINE,
};

/* A key given with /join ROOM KEY, until the server says we are in. */
struct session_key {
	char		 room[SESSION_NAME_MAX];
	char		 key[SESSION_NAME_MAX];
};

struct session_batch {
	char		 id[32];
	bool		 history;	/* chathistory: past lines */
	int		 mode;		/* enum gapless_mode */
	char		 target[SESSION_NAME_MAX];
	size_t		 lines;
	char		 last_msgid[96];
};

struct session {
	const struct options	*opt;
	struct conn		*conn;
	struct chatlog		*log;		/* NULL: lines are not logged */
	struct layout		 layout;
	enum session_state	 state;

	char			 nick[SESSION_NAME_MAX];	/* ours */
	char			 user[SESSION_NAME_MAX];	/* as the server sees us */
	char			 host[SESSION_NAME_MAX];
	char			 server[SESSION_NAME_MAX];	/* its name */
	int			 nick_tries;	/* 433s during registration */
	bool			 away;
	char			*away_reason;	/* /away's, set again on reconnect */
	bool			 welcomed;	/* had a 001 once: rejoining */

	unsigned		 caps_offered;
	unsigned		 caps;		/* acknowledged */
	bool			 cap_negotiating;
	enum session_sasl	 sasl;
	char			 sasl_mechs[64]; /* "sasl=..." offered, "" any */
	char			 prefixes[8];	/* ISUPPORT PREFIX symbols */
	size_t			 linelen;	/* ISUPPORT LINELEN */
	bool			 fence_pending;	/* gapless.h's PING is out */
	size_t			 history_max;	/* ISUPPORT CHATHISTORY, 0 none;
						 * kept over a reconnect */

	struct session_batch	 batches[SESSION_BATCHES_MAX];
	size_t			 nbatches;

	struct window		*windows[SESSION_WINDOWS_MAX];
	size_t			 nwindows;
	size_t			 current;
	char			 switch_to[SESSION_NAME_MAX]; /* /join: go there */
	struct session_key	 keys[SESSION_KEYS_MAX];	/* /join's, pending */
	size_t			 nkeys;

	int			 pane_width;
	int			 pane_height;
	uint64_t		 clock;		/* counts lines spoken */
	int64_t			 now;		/* ms, monotonic; the loop sets it */
	struct daymark		 today;		/* replayed lines of other days */
	struct ignore_list	 ignores;	/* /ignore, from the config file */
	struct autoreply	 replies;	/* how often we may answer CTCP */
	struct dcc		*dcc;		/* file transfers; NULL: none */
	int64_t			 refused_quiet;	/* no note of an unanswered one till */

	/* For the loop: what to redraw, and what else to do. */
	bool			 dirty_pane;
	bool			 dirty_status;
	bool			 dirty_input;
	bool			 bell;
	bool			 quit;		/* /quit: leave when sent */
	int			 retry_in;	/* seconds; -1 none scheduled */
	char			 status_note[128]; /* e.g. why it disconnected */
	char			 paste_note[64]; /* a paste's progress, "" none */
	/* The status line's window numbers, by column, for mouse clicks. */
	struct {
		int	 start, end;	/* columns [start, end) */
		size_t	 window;
	}			 status_hits[SESSION_STATUS_HITS];
	size_t			 nstatus_hits;
	char			 prompt[128];	/* a question on the input line */
	char			*term_out;	/* for the terminal as it is (OSC 52) */
	bool			 nicklist;	/* the nick list pane is wanted */
	bool			 relayout;	/* the loop lays the screen out again */
	/* Set by handlers when retrying cannot help (a wrong password, a
	 * refused SASL login): the loop closes and does not reconnect. */
	bool			 stop;
	/* The connection's TLS, as the loop found it; tls_desc "" when
	 * plain. */
	char			 tls_desc[160];	/* protocol and cipher in words */
	char			 tls_fp[64];	/* the server's key */
	char			 tls_trust[96];	/* why it is trusted, in words */
	char			 tls_own_fp[64]; /* our certificate's, "" none */
};

/*
 * A session with the server window, named after the host, and a window
 * for each room of opt->rooms (joined once registered).  conn is where
 * lines are sent.
 */
void	session_init(struct session *s, const struct options *opt,
	    struct conn *conn);
void	session_free(struct session *s);

/* The window on screen. */
struct window *session_current(struct session *s);
/* A window by name (ASCII case ignored), or NULL; *index (may be NULL)
 * gets its position. */
struct window *session_find(struct session *s, const char *name,
	    size_t *index);
/* The window for name, opened at the end of the list if there is none
 * (NULL when SESSION_WINDOWS_MAX are open). */
struct window *session_open(struct session *s, enum window_kind kind,
	    const char *name);
/* Close window i (not the server window, 0); the next one is shown. */
void	session_close(struct session *s, size_t i);
/* Show window i; false when there is none. */
bool	session_switch(struct session *s, size_t i);
/* The index of a window. */
size_t	session_index(const struct session *s, const struct window *w);
/* The pane is width x height now: wrap every window again. */
void	session_resize(struct session *s, int width, int height);

/*
 * Add a line to a window (the loop redraws as needed).  A highlight, or
 * any private message, may ring the bell (options); lines of a history
 * replay (flag SCROLLBACK_PAST) never do, nor count as activity, and one
 * the window already shows (dedupe.h) is dropped; a replayed line of
 * another day than today shows its date.  A line on another day than the
 * window's last gets a day-change line above it.
 */
void	session_line(struct session *s, struct window *w, time_t when,
	    enum scrollback_kind kind, unsigned flags, const char *sender,
	    const char *text);
/* Add an informative line (SCROLLBACK_SERVER), printf style, now. */
void	session_info(struct session *s, struct window *w, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* Add an error line (SCROLLBACK_ERROR), printf style, now. */
void	session_error(struct session *s, struct window *w, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* True if text mentions nick as a word (ASCII case ignored). */
bool	session_mentions(const char *text, const char *nick);
/* True if text mentions our nick or a word of the highlight setting. */
bool	session_highlights(const struct session *s, const char *text);
/* Alt-A: the next window after the current one with a highlight (or a
 * private message), else with messages; -1 when none has either. */
ssize_t	session_next_active(const struct session *s);
/* The window whose number is at column col of the status line, or -1. */
ssize_t	session_status_hit(const struct session *s, int col);

/* Forget the links /urls numbered in w. */
void	session_urls_clear(struct window *w);

/* Members of a room window. */
struct member *session_member(struct window *w, const char *nick);
struct member *session_member_add(struct window *w, const char *nick,
	    char prefix);
bool	session_member_remove(struct window *w, const char *nick);
void	session_members_clear(struct window *w);
/* Rank nicks for tab completion: who spoke last first, then the rest by
 * name; our own nick left out.  Fills at most max; returns how many. */
size_t	session_completions(struct session *s, struct window *w,
	    const char **nicks, size_t max);

/*
 * Send a message built from parts (irc_format: always a valid line); the
 * last parameter gets a ':' when it needs one.  False when it could not
 * be queued (not connected, or too long).
 */
bool	session_send(struct session *s, const char *command, size_t nparams,
	    const char *const params[]);
/* Send a raw line as typed (/quote). */
bool	session_send_raw(struct session *s, const char *line);

/* Give up this server: say why (an error line in the server window),
 * and set stop, so the loop closes and does not reconnect. */
void	session_stop(struct session *s, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The connection is up: register (CAP LS 302, PASS, NICK, USER). */
void	session_connected(struct session *s);
/* The connection is gone: rooms are left, members forgotten, and every
 * room window says so. */
void	session_disconnected(struct session *s, const char *why);
/* /away REASON (NULL: back) was sent: kept to be set again after a
 * reconnect. */
void	session_set_away(struct session *s, const char *reason);
/* Join the room windows (after 001, and again after a reconnect), but
 * those left with /part or kicked from; a room with a key is joined with
 * it. */
void	session_rejoin(struct session *s);

/* /join ROOM KEY was sent: keep the key until the JOIN comes back (the
 * oldest pending key makes room for a new one). */
void	session_key_expect(struct session *s, const char *room,
	    const char *key);
/* We are in room w: it takes the key /join gave for it, if any. */
void	session_key_claim(struct session *s, struct window *w);
/* The room's key is key now (NULL: it has none). */
void	session_key_set(struct window *w, const char *key);

#endif
