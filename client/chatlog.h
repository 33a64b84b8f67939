/*
 * Logs on disk: one file per window under DIR/NETWORK/ (DIR is
 * $XDG_DATA_HOME/natter/logs, NETWORK the host natter was given), one line
 * per message with its date and time, as the pane shows it but with
 * seconds:
 *
 *	[2026-12-05 14:48:54] <alice> hello
 *	[2026-12-05 14:49:02] -- bob joined #lobby
 *
 * Lines go through layout.c and render.c, so a control character or an
 * escape sequence from the network is written as ^[ and never raw, and
 * mIRC formatting is dropped: readable with less.  Writing never blocks
 * the loop for long: lines are kept in a buffer per file and written by
 * chatlog_flush (each second, when a buffer grows past
 * CHATLOG_BUFFER_MAX, and at exit).  Files are opened on their first
 * line, appended to, mode 0600 in folders of mode 0700.  No curses;
 * unit-tested.
 */
#ifndef NATTER_CHATLOG_H
#define NATTER_CHATLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buffer.h"
#include "layout.h"
#include "render.h"
#include "scrollback.h"

/* The time format of a log line. */
#define CHATLOG_TIME_FORMAT	"%Y-%m-%d %H:%M:%S"
/* A file's buffer is written out at once past this many bytes. */
#define CHATLOG_BUFFER_MAX	(64 * 1024)
/* Files open at once at most (one per window). */
#define CHATLOG_FILES_MAX	128

struct chatlog_file {
	char		*name;		/* the window's name, as given */
	char		*path;
	int		 fd;		/* -1: not open (yet, or failed) */
	bool		 failed;	/* cannot be written: lines dropped */
	struct buffer	 buf;
};

struct chatlog {
	char			*dir;	/* DIR/NETWORK; NULL: logging off */
	bool			 paused;	/* /log off: nothing written */
	struct chatlog_file	 files[CHATLOG_FILES_MAX];
	size_t			 nfiles;
	struct layout		 layout;
	struct render_text	 rt;
	char			 error[512];	/* the last failure, "" none */
	bool			 error_new;	/* not yet told to the user */
};

/* Logging off until chatlog_start. */
void	chatlog_init(struct chatlog *l);
/* Log into base/NETWORK (the network's name made safe for a file name);
 * base NULL turns logging off. */
void	chatlog_start(struct chatlog *l, const char *base,
	    const char *network);
/* chatlog_stop, and free what the logger holds. */
void	chatlog_free(struct chatlog *l);
/* Write what is buffered, close every file; logging is off. */
void	chatlog_stop(struct chatlog *l);
/* Whether lines are logged. */
bool	chatlog_on(const struct chatlog *l);
/* /log off (paused, buffers written out) and /log on. */
void	chatlog_pause(struct chatlog *l, bool paused);
/* Log a line of window (by name). */
void	chatlog_line(struct chatlog *l, const char *window,
	    const struct scrollback_line *line);
/* Write every buffer out; false (error set, error_new) if a file could
 * not be opened or written (its lines are dropped from then on). */
bool	chatlog_flush(struct chatlog *l);
/* The file a window logs to (allocated), NULL when logging is off. */
char	*chatlog_path(const struct chatlog *l, const char *window);

#endif
