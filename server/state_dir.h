/*
 * natterd's --state-dir: room history and room state kept on disk, so that
 * a restart, even kill -9, loses nothing that was said.
 *
 * Layout (DIR and DIR/rooms are created 0700 when missing; either is
 * refused when another user owns it or may write into it, and nothing in
 * rooms/ is opened through a symbolic link or unless it is a regular file,
 * so nobody else can plant what natterd writes through or hangs on):
 *
 *	DIR/lock			flock(2)ed while a natterd uses DIR
 *	DIR/rooms/<key>.log		the room's history, appended to
 *	DIR/rooms/<key>.state		the room's topic and modes
 *	DIR/rooms/<key>.*.tmp		being rewritten; a leftover is removed at load
 *
 * <key> is the room name with ASCII A-Z folded to a-z (room names compare
 * with CASEMAPPING=ascii, so "#A" and "#a" share their files), then every
 * byte outside [A-Za-z0-9._-], and a leading '.', written as %XX (upper-case
 * hex): "#Lobby" is "%23lobby", "#a/b" is "%23a%2Fb", "#小" is "%23%E5%B0%8F".
 * Only the canonical encoding of a valid room name is loaded.
 *
 * Log format: one event per line, text as relayed (UTF-8):
 *
 *	<time_ms> <line>\n
 *	<time_ms> @<tags> <line>\n
 *
 * <time_ms> is the Unix time in milliseconds in decimal (no sign, at most 19
 * digits); <tags> the message's msgid and client-only tags
 * ("msgid=0658d0c14a3c0400;+a=b;+c", no space; a line without a msgid, as
 * natterd wrote them before it kept ids, gets one derived from its time);
 * <line> the IRC message as relayed, without tags or CRLF, never empty and
 * starting with neither '@' nor ' ' (":alice!a@10.0.0.2 PRIVMSG #lobby :hi").
 * A record is at most STATE_DIR_RECORD_MAX bytes, newline included.  Lines
 * that do not parse are skipped at load with a warning naming the file and
 * line; a last line without its newline (torn by a crash) is skipped and
 * cut off the file.
 *
 * State format: "natterd-room-state 1" on the first line, then "<field>
 * <value>" lines, the value running to the end of the line: name (the
 * room's name as saved, any case), created, topic, topic-setter, topic-time
 * (Unix seconds), modes ("+" and the letters of i, m, n, s and t that are
 * set), key, limit, and one "mask <list> <set-at> <setter> <mask>" line per
 * entry of the ban (b), exception (e) and invite-exception (I) lists, in
 * their order.  Unknown fields are ignored.  It is replaced atomically when the
 * state changes: written to <key>.state.tmp and renamed over <key>.state;
 * the next sync fsyncs it and the directory.
 *
 * Durability: every event is one write(2) to the room's log (O_APPEND), and
 * every change of state one rename, so a kill -9 loses nothing written;
 * state_dir_sync makes it survive a power loss too.
 *
 * Threads: state_dir_append and state_dir_save_room are quick (they never
 * fsync, and wait for other threads only over a few syscalls) and are meant
 * to be called under the hub lock; state_dir_sync and state_dir_compact may
 * run at the same time in another thread (natterd's sync thread).  Any of
 * these four may be called from any thread.  One small mutex guards the
 * open files and the dirty set; nothing is fsynced while holding it.
 * state_dir_load_room is called under the hub lock when a room comes back
 * (no append to that room can run meanwhile) and touches nothing shared.
 * state_dir_open, state_dir_scan, state_dir_load and state_dir_close run
 * alone: at start, before any append, and at the end.
 */
#ifndef NATTER_STATE_DIR_H
#define NATTER_STATE_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "wire.h"

/* Log files kept open for appending; the least recently used are closed. */
#define STATE_DIR_MAX_OPEN	64
/* Descriptors the store may hold at once: the open logs, the directory
 * and its lock, and one or two each for a sync, a compaction, a listing,
 * a room state being written and a room being loaded.  natterd keeps them
 * back from --max-clients, or history goes unsaved on a full server. */
#define STATE_DIR_FDS		(STATE_DIR_MAX_OPEN + 8)
/* Longest log record in bytes, newline included: time and space, '@' and
 * tags and space, message, newline. */
#define STATE_DIR_RECORD_MAX	(20 + 1 + IRC_TAGS_MAX + 1 + IRC_WIRE_LINE_MAX + 1)
/* Longest encoded room name (a file name also needs ".state.tmp"). */
#define STATE_DIR_KEY_MAX	240
/* Default of --history-keep: days a log line is kept on disk. */
#define STATE_DIR_KEEP_DAYS_DEFAULT	30

struct state_dir;

/* One entry of a room's ban, exception or invite-exception list. */
struct room_state_mask {
	char		 list;		/* 'b', 'e' or 'I' */
	const char	*mask;		/* no space, CR or LF */
	const char	*setter;	/* nick!user@host, no space */
	int64_t		 set_at;	/* Unix time (s) */
};

/* What survives of a room besides its history.  Strings may be NULL or ""
 * when unset; at load they are valid only during the callback. */
struct room_state {
	int64_t		 created;	/* Unix time (s) the room was made; 0 unknown */
	const char	*topic;
	const char	*topic_setter;	/* nick or nick!user@host */
	int64_t		 topic_time;	/* Unix time (s) the topic was set */
	bool		 topic_ops_only;	/* +t */
	bool		 no_outside;	/* +n */
	const char	*key;		/* +k */
	unsigned long	 limit;		/* +l; 0 when unset */
	bool		 invite_only;	/* +i */
	bool		 moderated;	/* +m */
	bool		 secret;	/* +s */
	const struct room_state_mask *masks;	/* +b, +e, +I */
	size_t		 nmasks;
};

/*
 * Called once per room found at load, in the byte order of the keys.  name
 * is the room's name as saved in its .state (or the case-folded name when
 * there is none); hist holds up to the last N entries of its log, oldest
 * first (empty when there is no log); state is NULL when nothing was saved.
 */
typedef void state_dir_room_fn(void *arg, const char *name,
    const struct history *hist, const struct room_state *state);

/* Open (creating when missing) the state directory path and lock it.
 * NULL, with the reason logged, when it cannot be used. */
struct state_dir *state_dir_open(const char *path);
/* Sync what is dirty, close every file and free sd (NULL is fine). */
void	state_dir_close(struct state_dir *sd);
/* Change how many log files stay open at once (0: STATE_DIR_MAX_OPEN). */
void	state_dir_set_max_open(struct state_dir *sd, size_t max_open);

/*
 * Read every room back: call fn for each with the last last_n entries of
 * its log (streamed, so any file size is fine) and its saved state.  Bad
 * lines are skipped with a warning, a torn last line is cut off the file,
 * leftover temporary files are removed.  Returns the number of rooms, or
 * -1 (logged) when the rooms directory cannot be read.
 */
int	state_dir_load(struct state_dir *sd, size_t last_n,
	    state_dir_room_fn *fn, void *arg);

/*
 * Read one room back, as state_dir_load does, when somebody joins it: its
 * saved state and the last last_n entries of its log (read from the end,
 * so a long log costs no more than its last lines).  Calls fn only when
 * something of the room is on disk.  Returns 1 when it was, else 0.
 */
int	state_dir_load_room(struct state_dir *sd, const char *room,
	    size_t last_n, state_dir_room_fn *fn, void *arg);

/*
 * At start, instead of loading every room: count the rooms on disk,
 * remove leftover temporary files, and say what is not a room's file.
 * Returns the number of rooms, or -1 (logged).
 */
int	state_dir_scan(struct state_dir *sd);

/*
 * Append one event to the room's log with one write(2); tags may be NULL.
 * Never fsyncs.  Returns 0, or -1 when the event was not written (invalid
 * name or line, I/O error; logged once per room until it works again).
 */
int	state_dir_append(struct state_dir *sd, const char *room,
	    int64_t time_ms, const char *tags, const char *line);

/*
 * Write the room's state at once (tmp file and rename, no fsync), so that
 * it survives a kill -9 exactly as a log line appended at the same moment
 * does; the next state_dir_sync makes it durable.  When it cannot be
 * written (disk full) it is kept and each sync tries again.  Returns 0, or
 * -1 (logged) for an invalid name or a string holding CR or LF.
 */
int	state_dir_save_room(struct state_dir *sd, const char *room,
	    const struct room_state *state);

/*
 * fsync every log written and every room state replaced since the last
 * sync, and the directory; try again the room states that could not be
 * written (under the lock, as state_dir_save_room).  Returns 0, or -1
 * when something failed (logged).
 */
int	state_dir_sync(struct state_dir *sd);

/*
 * Rewrite each room log without the events older than keep_days days, but
 * always keeping the last keep_last_n, atomically (tmp file and rename);
 * malformed lines go too.  Appends to the room meanwhile are carried over
 * (and its log reopened), none lost.  A log whose first event is recent is
 * left alone: logs are in time order.  keep_days <= 0 keeps everything.
 * Returns the number of logs rewritten, or -1 on error (logged).
 */
int	state_dir_compact(struct state_dir *sd, int keep_days,
	    size_t keep_last_n);

/* Encode room into the file name key (size bytes); false when the name is
 * not a valid room name or its key is too long. */
bool	state_dir_encode_name(const char *room, char *key, size_t size);
/* Decode a key into its room name (size bytes); false unless key is the
 * canonical encoding of a valid room name. */
bool	state_dir_decode_name(const char *key, char *room, size_t size);

#endif
