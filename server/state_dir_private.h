/*
 * The state directory's private header: what its parts share.
 *
 *	state_dir.c		the store: open, lock, the table of open logs,
 *				append, room state, sync
 *	state_dir_files.c	the directory natterd's alone: its owner and
 *				mode, opening in it, listing it
 *	state_dir_record.c	the formats: file names, log records, reading
 *				a log line by line in bounded memory
 *	state_dir_load.c	reading rooms back: one when it is joined (or
 *				all, state_dir_load), the scan at start
 *	state_dir_compact.c	rewriting logs without old lines; runs in the
 *				sync thread, alongside appends
 *
 * Every sd_* function here is for these files only; natterd uses
 * state_dir.h.  The table of files (struct sd_file, the lists in struct
 * state_dir) is only touched with sd->lock held.
 */
#ifndef NATTER_STATE_DIR_PRIVATE_H
#define NATTER_STATE_DIR_PRIVATE_H

#include <sys/types.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "buffer.h"
#include "log_limit.h"
#include "state_dir.h"
#include "strmap.h"

/* First line of a .state file. */
#define SD_STATE_MAGIC		"natterd-room-state 1"
/* Largest .state file read back. */
#define SD_STATE_MAX		65536
/* Bytes read from a log at a time. */
#define SD_CHUNK		65536
/* Malformed lines of one file that get a warning each; then a summary. */
#define SD_WARN_LINES		10
/* Catch-up passes of a compaction before it copies the rest under the lock. */
#define SD_COMPACT_TRIES	4
/* Longest file name: the key and ".state.tmp". */
#define SD_NAME_MAX		(STATE_DIR_KEY_MAX + 16)

/* One room's files as the mutex sees them: kept while open or queued. */
struct sd_file {
	char		 key[STATE_DIR_KEY_MAX + 1];
	int		 fd;		/* log open for appending, or -1 */
	bool		 dirty;		/* log written since the last sync */
	bool		 queued;	/* on the sync list */
	bool		 failing;	/* the last append failed (logged) */
	char		*state;		/* state not written yet (disk full?):
				   the next sync tries again */
	bool		 state_written;	/* .state replaced since the last sync */
	struct sd_file	*lru_prev;	/* open logs, most recently used first */
	struct sd_file	*lru_next;
	struct sd_file	*sync_next;
};

struct state_dir {
	pthread_mutex_t	 lock;		/* everything below but path and dirfd */
	pthread_mutex_t	 compact_lock;	/* one compaction at a time */
	char		*path;		/* DIR/rooms, for messages */
	int		 dirfd;		/* DIR/rooms */
	int		 lockfd;	/* DIR/lock, flock'ed */
	struct strmap	 files;		/* key -> struct sd_file */
	struct sd_file	*lru_head;
	struct sd_file	*lru_tail;
	size_t		 nopen;
	size_t		 max_open;
	struct sd_file	*sync_head;	/* dirty logs and pending states */
	bool		 dir_dirty;	/* a log was created: fsync the directory */
	struct buffer	 rec;		/* the record state_dir_append writes */
	/* Taken last (also under lock), held over a few instructions. */
	pthread_mutex_t	 fail_lock;
	struct log_limit failures;	/* write errors logged, in bounds */
};

/* --- state_dir_record.c ------------------------------------------------- */
/* A record's message: not empty, no CR or LF, not starting with '@' or ' '. */
bool	sd_line_valid(const char *line);
/* A record's tags: NULL or "" for none, else no space, CR or LF. */
bool	sd_tags_valid(const char *tags);
/* Append the record of one event to b. */
void	sd_format_record(struct buffer *b, int64_t time_ms, const char *tags,
	    const char *line);
/* Parse one record s[0..len) (its newline already cut off), splitting it
 * in place.  False when it is malformed. */
bool	sd_parse_record(char *s, size_t len, int64_t *time_ms, char **tags,
	    char **line);

enum sd_read {
	SD_LINE,	/* a complete line, in line[0..linelen) */
	SD_TOOLONG,	/* a complete line longer than STATE_DIR_RECORD_MAX */
	SD_TORN,	/* bytes at the end without a newline */
	SD_EOF,
	SD_ERROR,	/* read(2) failed; errno */
};

struct sd_reader {
	int		 fd;
	char		*buf;		/* SD_CHUNK bytes read */
	size_t		 len;
	size_t		 pos;
	char		*line;		/* STATE_DIR_RECORD_MAX + 1 bytes */
	size_t		 linelen;
	bool		 toolong;	/* the current line overflowed line */
	bool		 complete;	/* line holds a line already returned */
	unsigned long	 lineno;	/* of the line last returned */
	off_t		 offset;	/* file bytes consumed */
	off_t		 good_end;	/* offset just past the last newline */
};

void	sd_reader_init(struct sd_reader *r, int fd);
void	sd_reader_free(struct sd_reader *r);
/* The next line of the file; line is NUL-terminated for SD_LINE. */
enum sd_read sd_reader_next(struct sd_reader *r);
/* Count a malformed line of file: a warning for the first few. */
void	sd_warn_line(unsigned long *nbad, const char *file,
	    unsigned long lineno, const char *why);
/* The summary after the last warning of sd_warn_line. */
void	sd_warn_summary(unsigned long nbad, const char *file);

/* --- state_dir_files.c -------------------------------------------------- */

/* errno of sd_open for a name that is there but not a regular file. */
#ifdef EFTYPE
#define SD_ENOTREG	EFTYPE
#else
#define SD_ENOTREG	EMEDIUMTYPE
#endif
/*
 * Open an existing file of the rooms directory (flags: O_RDONLY, O_RDWR,
 * O_WRONLY | O_APPEND): never through a symbolic link (ELOOP), never a
 * FIFO, device or directory (SD_ENOTREG), never waiting.  -1 with errno.
 */
int	sd_open(struct state_dir *sd, const char *name, int flags);
/* Create name afresh for writing (O_EXCL, no link followed), removing
 * whatever had that name.  -1 with errno. */
int	sd_create_tmp(struct state_dir *sd, const char *name);
/* strerror, saying what sd_open's refusals mean. */
const char *sd_strerror(int err);

/*
 * True when the directory fd is natterd's alone: owned by its user and
 * writable by nobody else.  Logs why not (path + what, e.g. "rooms/ ").
 */
bool	sd_dir_ours(int fd, const char *path, const char *what);
/*
 * The keys of every room file in the directory, sorted and unique (with
 * logs_only, only those with a .log).  Leftover .tmp files are removed
 * when remove_tmp is set.  -1 when the directory cannot be read.
 */
ssize_t	sd_list_keys(struct state_dir *sd, bool logs_only, bool remove_tmp,
	    char ***keysp);

/* --- state_dir.c -------------------------------------------------------- */

/* The entry of key, created when create is set (else NULL when missing). */
struct sd_file *sd_file_get(struct state_dir *sd, const char *key,
	    bool create);
/* Forget f when nothing needs it any more (closed, not queued, no error). */
void	sd_file_release(struct state_dir *sd, struct sd_file *f);
/* Close f's log (a dirty one stays queued: the sync reopens it by name). */
void	sd_file_close(struct state_dir *sd, struct sd_file *f);

#endif
