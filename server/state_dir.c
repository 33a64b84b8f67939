/*
 * natterd's --state-dir: per-room history logs and room state files.
 * The formats and the locking rules are described in state_dir.h.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "irc_names.h"
#include "log.h"
#include "state_dir.h"
#include "strmap.h"
#include "xmalloc.h"

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
	char		*state;		/* formatted state waiting for a sync */
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
};

/* --- Room names and file names ------------------------------------------ */

/* True for the bytes a key keeps as they are. */
static bool
sd_key_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool
state_dir_encode_name(const char *room, char *key, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = 0;
	unsigned char c;

	if (size == 0)
		return false;
	key[0] = '\0';
	if (!irc_channel_valid(room))
		return false;
	for (i = 0; room[i] != '\0'; i++) {
		c = (unsigned char)room[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (sd_key_char(c) && !(c == '.' && i == 0)) {
			if (n + 1 >= size)
				return false;
			key[n++] = (char)c;
		} else {
			if (n + 3 >= size)
				return false;
			key[n++] = '%';
			key[n++] = hex[c >> 4];
			key[n++] = hex[c & 15];
		}
	}
	key[n] = '\0';
	return n <= STATE_DIR_KEY_MAX;
}

/* Value of an upper-case hex digit, or -1. */
static int
sd_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
state_dir_decode_name(const char *key, char *room, size_t size)
{
	char again[STATE_DIR_KEY_MAX + 1];
	size_t i, n = 0;
	int hi, lo;

	if (size == 0)
		return false;
	room[0] = '\0';
	for (i = 0; key[i] != '\0'; i++) {
		if (n + 1 >= size)
			return false;
		if (key[i] == '%') {
			if ((hi = sd_hex(key[i + 1])) < 0 ||
			    (lo = sd_hex(key[i + 2])) < 0 || (hi | lo) == 0)
				return false;
			room[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (sd_key_char((unsigned char)key[i]))
			room[n++] = key[i];
		else
			return false;
	}
	room[n] = '\0';
	/* Only the canonical spelling: one room, one key, one file. */
	return state_dir_encode_name(room, again, sizeof again) &&
	    strcmp(again, key) == 0;
}

/* --- Small I/O helpers --------------------------------------------------- */

/* Write all of data to fd; -1 with errno on error. */
static int
sd_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Unix time now in milliseconds. */
static int64_t
sd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- Records ------------------------------------------------------------- */

/* A record's message: not empty, no CR or LF, not starting with '@' or ' '. */
static bool
sd_line_valid(const char *line)
{
	return line[0] != '\0' && line[0] != '@' && line[0] != ' ' &&
	    strpbrk(line, "\r\n") == NULL;
}

/* A record's tags: NULL or "" for none, else no space, CR or LF. */
static bool
sd_tags_valid(const char *tags)
{
	return tags == NULL || strpbrk(tags, " \r\n") == NULL;
}

/* Append the record of one event to b. */
static void
sd_format_record(struct buffer *b, int64_t time_ms, const char *tags,
    const char *line)
{
	char num[24];
	int n;

	n = snprintf(num, sizeof num, "%lld ", (long long)time_ms);
	buffer_append(b, num, (size_t)n);
	if (tags != NULL && *tags != '\0') {
		buffer_append(b, "@", 1);
		buffer_append(b, tags, strlen(tags));
		buffer_append(b, " ", 1);
	}
	buffer_append(b, line, strlen(line));
	buffer_append(b, "\n", 1);
}

/*
 * Parse one record s[0..len) (its newline already cut off), splitting it in
 * place.  False when it is malformed.
 */
static bool
sd_parse_record(char *s, size_t len, int64_t *time_ms, char **tags,
    char **line)
{
	uint64_t t = 0;
	size_t i = 0;
	char *sp;

	if (memchr(s, '\0', len) != NULL || memchr(s, '\r', len) != NULL)
		return false;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (i == 19)
			return false;
		t = t * 10 + (uint64_t)(s[i] - '0');
		i++;
	}
	if (i == 0 || i >= len || s[i] != ' ' || t > INT64_MAX)
		return false;
	*time_ms = (int64_t)t;
	s += i + 1;
	*tags = NULL;
	if (*s == '@') {
		if ((sp = strchr(s, ' ')) == NULL || sp == s + 1)
			return false;
		*sp = '\0';
		*tags = s + 1;
		s = sp + 1;
	}
	if (!sd_line_valid(s))
		return false;
	*line = s;
	return true;
}

/* --- Reading a log line by line, in bounded memory ------------------------ */

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

static void
sd_reader_init(struct sd_reader *r, int fd)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->buf = xmalloc(SD_CHUNK);
	r->line = xmalloc(STATE_DIR_RECORD_MAX + 1);
}

static void
sd_reader_free(struct sd_reader *r)
{
	free(r->buf);
	free(r->line);
}

/* The next line of the file; line is NUL-terminated for SD_LINE. */
static enum sd_read
sd_reader_next(struct sd_reader *r)
{
	const char *nl;
	size_t take, room;
	ssize_t n;

	if (r->complete) {
		r->linelen = 0;
		r->complete = false;
	}
	for (;;) {
		if (r->pos == r->len) {
			n = read(r->fd, r->buf, SD_CHUNK);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				return SD_ERROR;
			if (n == 0) {
				if (r->linelen == 0 && !r->toolong)
					return SD_EOF;
				r->linelen = 0;
				r->toolong = false;
				return SD_TORN;
			}
			r->len = (size_t)n;
			r->pos = 0;
		}
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		take = nl != NULL ? (size_t)(nl - (r->buf + r->pos)) :
		    r->len - r->pos;
		room = STATE_DIR_RECORD_MAX - 1 - r->linelen;
		if (!r->toolong && take <= room) {
			memcpy(r->line + r->linelen, r->buf + r->pos, take);
			r->linelen += take;
		} else
			r->toolong = true;
		r->pos += take;
		r->offset += (off_t)take;
		if (nl == NULL)
			continue;
		r->pos++;
		r->offset++;
		r->good_end = r->offset;
		r->lineno++;
		r->line[r->linelen] = '\0';
		r->complete = true;
		if (r->toolong) {
			r->toolong = false;
			r->linelen = 0;
			return SD_TOOLONG;
		}
		return SD_LINE;
	}
}

/* Count a malformed line of file: a warning for the first few. */
static void
sd_warn_line(unsigned long *nbad, const char *file, unsigned long lineno,
    const char *why)
{
	if (++*nbad <= SD_WARN_LINES)
		log_warn("%s line %lu: %s, skipped", file, lineno, why);
}

/* The summary after the last warning of sd_warn_line. */
static void
sd_warn_summary(unsigned long nbad, const char *file)
{
	if (nbad > SD_WARN_LINES)
		log_warn("%s: %lu more malformed lines skipped", file,
		    nbad - SD_WARN_LINES);
}

/* --- The table of open and queued files (all under sd->lock) ------------- */

/* The entry of key, created when create is set (else NULL when missing). */
static struct sd_file *
sd_file_get(struct state_dir *sd, const char *key, bool create)
{
	struct sd_file *f = strmap_get(&sd->files, key);

	if (f == NULL && create) {
		f = xcalloc(1, sizeof *f);
		strlcpy(f->key, key, sizeof f->key);
		f->fd = -1;
		strmap_put(&sd->files, key, f);
	}
	return f;
}

/* Forget f when nothing needs it any more (closed, not queued, no error). */
static void
sd_file_release(struct state_dir *sd, struct sd_file *f)
{
	if (f->fd != -1 || f->queued || f->state != NULL || f->failing)
		return;
	strmap_remove(&sd->files, f->key);
	free(f);
}

/* Put f on the sync list. */
static void
sd_file_queue(struct state_dir *sd, struct sd_file *f)
{
	if (f->queued)
		return;
	f->queued = true;
	f->sync_next = sd->sync_head;
	sd->sync_head = f;
}

static void
sd_lru_unlink(struct state_dir *sd, struct sd_file *f)
{
	if (f->lru_prev != NULL)
		f->lru_prev->lru_next = f->lru_next;
	else
		sd->lru_head = f->lru_next;
	if (f->lru_next != NULL)
		f->lru_next->lru_prev = f->lru_prev;
	else
		sd->lru_tail = f->lru_prev;
	f->lru_prev = f->lru_next = NULL;
}

static void
sd_lru_push(struct state_dir *sd, struct sd_file *f)
{
	f->lru_prev = NULL;
	f->lru_next = sd->lru_head;
	if (sd->lru_head != NULL)
		sd->lru_head->lru_prev = f;
	else
		sd->lru_tail = f;
	sd->lru_head = f;
}

/* Close f's log (a dirty one stays queued: the sync reopens it by name). */
static void
sd_file_close(struct state_dir *sd, struct sd_file *f)
{
	if (f->fd == -1)
		return;
	close(f->fd);
	f->fd = -1;
	sd_lru_unlink(sd, f);
	sd->nopen--;
}

/* Open f's log for appending, creating it and closing the least recently
 * used log when too many are open.  -1 with errno on failure. */
static int
sd_file_open_log(struct state_dir *sd, struct sd_file *f)
{
	char name[SD_NAME_MAX];
	struct sd_file *old;
	int fd;

	snprintf(name, sizeof name, "%s.log", f->key);
	fd = openat(sd->dirfd, name, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT) {
		fd = openat(sd->dirfd, name,
		    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd != -1)
			sd->dir_dirty = true;
	}
	if (fd == -1)
		return -1;
	while (sd->nopen >= sd->max_open && sd->lru_tail != NULL) {
		old = sd->lru_tail;
		sd_file_close(sd, old);
		sd_file_release(sd, old);
	}
	f->fd = fd;
	sd_lru_push(sd, f);
	sd->nopen++;
	return 0;
}

/* --- Open and close ------------------------------------------------------ */

struct state_dir *
state_dir_open(const char *path)
{
	struct state_dir *sd;
	int dfd, rfd = -1, lockfd = -1;
	bool created = false;

	if (mkdir(path, 0700) == 0)
		log_info("state dir %s created", path);
	else if (errno != EEXIST) {
		log_error("state dir %s: cannot create it: %s", path,
		    strerror(errno));
		return NULL;
	}
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1) {
		log_error("state dir %s: %s", path, strerror(errno));
		return NULL;
	}
	lockfd = openat(dfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lockfd == -1) {
		log_error("state dir %s: cannot create its lock file: %s",
		    path, strerror(errno));
		goto fail;
	}
	if (flock(lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK)
			log_error("state dir %s is in use by another natterd",
			    path);
		else
			log_error("state dir %s: cannot lock it: %s", path,
			    strerror(errno));
		goto fail;
	}
	if (mkdirat(dfd, "rooms", 0700) == 0)
		created = true;
	else if (errno != EEXIST) {
		log_error("state dir %s: cannot create rooms/: %s", path,
		    strerror(errno));
		goto fail;
	}
	rfd = openat(dfd, "rooms", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd == -1) {
		log_error("state dir %s: rooms/: %s", path, strerror(errno));
		goto fail;
	}
	if (faccessat(rfd, ".", W_OK | X_OK, AT_EACCESS) == -1) {
		log_error("state dir %s: rooms/ is not writable: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (created)
		(void)fsync(dfd);
	close(dfd);

	sd = xcalloc(1, sizeof *sd);
	pthread_mutex_init(&sd->lock, NULL);
	pthread_mutex_init(&sd->compact_lock, NULL);
	sd->path = xasprintf("%s/rooms", path);
	sd->dirfd = rfd;
	sd->lockfd = lockfd;
	strmap_init(&sd->files);
	sd->max_open = STATE_DIR_MAX_OPEN;
	buffer_init(&sd->rec);
	return sd;

fail:
	if (rfd != -1)
		close(rfd);
	if (lockfd != -1)
		close(lockfd);
	close(dfd);
	return NULL;
}

/* strmap_foreach callback of state_dir_close: free one entry. */
static void
sd_free_file(const char *key, void *value, void *arg)
{
	struct sd_file *f = value;

	(void)key;
	(void)arg;
	if (f->fd != -1)
		close(f->fd);
	free(f->state);
	free(f);
}

void
state_dir_close(struct state_dir *sd)
{
	if (sd == NULL)
		return;
	(void)state_dir_sync(sd);
	strmap_foreach(&sd->files, sd_free_file, NULL);
	strmap_free(&sd->files);
	buffer_free(&sd->rec);
	close(sd->dirfd);
	close(sd->lockfd);	/* drops the flock */
	pthread_mutex_destroy(&sd->lock);
	pthread_mutex_destroy(&sd->compact_lock);
	free(sd->path);
	free(sd);
}

void
state_dir_set_max_open(struct state_dir *sd, size_t max_open)
{
	struct sd_file *old;

	pthread_mutex_lock(&sd->lock);
	sd->max_open = max_open > 0 ? max_open : STATE_DIR_MAX_OPEN;
	while (sd->nopen > sd->max_open) {
		old = sd->lru_tail;
		sd_file_close(sd, old);
		sd_file_release(sd, old);
	}
	pthread_mutex_unlock(&sd->lock);
}

/* --- Appending ----------------------------------------------------------- */

int
state_dir_append(struct state_dir *sd, const char *room, int64_t time_ms,
    const char *tags, const char *line)
{
	char key[STATE_DIR_KEY_MAX + 1];
	struct sd_file *f;
	off_t end;
	ssize_t n;
	int rc = -1;

	if (!state_dir_encode_name(room, key, sizeof key)) {
		log_warn("state dir: not saving history of \"%s\": not a "
		    "valid room name", room);
		return -1;
	}
	if (time_ms < 0 || !sd_line_valid(line) || !sd_tags_valid(tags) ||
	    strlen(line) + (tags != NULL ? strlen(tags) : 0) + 24 >
	    STATE_DIR_RECORD_MAX) {
		log_warn("state dir: %s: event not saved: invalid line", room);
		return -1;
	}

	pthread_mutex_lock(&sd->lock);
	f = sd_file_get(sd, key, true);
	if (f->fd == -1 && sd_file_open_log(sd, f) == -1) {
		if (!f->failing)
			log_error("%s/%s.log: cannot open: %s", sd->path, key,
			    strerror(errno));
		f->failing = true;
		goto out;
	}
	if (sd->lru_head != f) {
		sd_lru_unlink(sd, f);
		sd_lru_push(sd, f);
	}
	buffer_reset(&sd->rec, 2 * STATE_DIR_RECORD_MAX);
	sd_format_record(&sd->rec, time_ms, tags, line);
	/* One write(2): a whole record or, after a crash mid-write, a torn
	 * last line that state_dir_load cuts off. */
	do
		n = write(f->fd, sd->rec.data, sd->rec.len);
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)sd->rec.len) {
		if (f->failing)
			log_info("%s/%s.log: writing again", sd->path, key);
		f->failing = false;
		f->dirty = true;
		sd_file_queue(sd, f);
		rc = 0;
		goto out;
	}
	if (n >= 0) {
		/* Short write (disk full): take the piece back off the end so
		 * the next record starts on a line of its own. */
		f->dirty = true;
		sd_file_queue(sd, f);
		end = lseek(f->fd, 0, SEEK_END);
		if (end == -1 || ftruncate(f->fd, end - n) == -1)
			log_error("%s/%s.log: cannot remove a partial record: %s",
			    sd->path, key, strerror(errno));
		if (!f->failing)
			log_error("%s/%s.log: short write (disk full?)",
			    sd->path, key);
	} else if (!f->failing)
		log_error("%s/%s.log: cannot write: %s", sd->path, key,
		    strerror(errno));
	f->failing = true;
out:
	pthread_mutex_unlock(&sd->lock);
	return rc;
}

/* --- Room state ---------------------------------------------------------- */

/* Append "field value\n" when value is set. */
static bool
sd_state_field(struct buffer *b, const char *field, const char *value)
{
	if (value == NULL || *value == '\0')
		return true;
	if (strpbrk(value, "\r\n") != NULL)
		return false;
	buffer_append(b, field, strlen(field));
	buffer_append(b, " ", 1);
	buffer_append(b, value, strlen(value));
	buffer_append(b, "\n", 1);
	return true;
}

int
state_dir_save_room(struct state_dir *sd, const char *room,
    const struct room_state *st)
{
	char key[STATE_DIR_KEY_MAX + 1], num[64];
	struct buffer b;
	struct sd_file *f;
	bool ok = true;

	if (!state_dir_encode_name(room, key, sizeof key)) {
		log_warn("state dir: not saving \"%s\": not a valid room name",
		    room);
		return -1;
	}
	buffer_init(&b);
	buffer_append(&b, SD_STATE_MAGIC "\n", sizeof SD_STATE_MAGIC);
	ok &= sd_state_field(&b, "name", room);
	snprintf(num, sizeof num, "%lld", (long long)st->created);
	ok &= sd_state_field(&b, "created", num);
	ok &= sd_state_field(&b, "topic", st->topic);
	ok &= sd_state_field(&b, "topic-setter", st->topic_setter);
	snprintf(num, sizeof num, "%lld", (long long)st->topic_time);
	ok &= sd_state_field(&b, "topic-time", num);
	snprintf(num, sizeof num, "+%s%s", st->topic_ops_only ? "t" : "",
	    st->no_outside ? "n" : "");
	ok &= sd_state_field(&b, "modes", num);
	ok &= sd_state_field(&b, "key", st->key);
	snprintf(num, sizeof num, "%lu", st->limit);
	ok &= sd_state_field(&b, "limit", num);
	if (!ok) {
		log_warn("state dir: not saving %s: a field holds CR or LF",
		    room);
		buffer_free(&b);
		return -1;
	}
	buffer_append(&b, "", 1);

	pthread_mutex_lock(&sd->lock);
	f = sd_file_get(sd, key, true);
	free(f->state);
	f->state = b.data;	/* the buffer's memory moves to f */
	sd_file_queue(sd, f);
	pthread_mutex_unlock(&sd->lock);
	return 0;
}

/* Replace key's .state with text atomically.  -1 with errno on failure. */
static int
sd_write_state(struct state_dir *sd, const char *key, const char *text)
{
	char tmp[SD_NAME_MAX], name[SD_NAME_MAX];
	int fd, saved;

	snprintf(tmp, sizeof tmp, "%s.state.tmp", key);
	snprintf(name, sizeof name, "%s.state", key);
	fd = openat(sd->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return -1;
	if (sd_write_all(fd, text, strlen(text)) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		(void)unlinkat(sd->dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || renameat(sd->dirfd, tmp, sd->dirfd, name) == -1) {
		saved = errno;
		(void)unlinkat(sd->dirfd, tmp, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

/* --- Sync ---------------------------------------------------------------- */

/* What one sync does for one room, gathered under the lock. */
struct sd_sync_item {
	char	 key[STATE_DIR_KEY_MAX + 1];
	bool	 log;		/* fsync the log */
	int	 fd;		/* a dup of the open log, or -1: open by name */
	char	*state;		/* state to write, or NULL */
	bool	 state_failed;
};

int
state_dir_sync(struct state_dir *sd)
{
	struct sd_sync_item *items = NULL;
	struct sd_file *f, *next;
	char name[SD_NAME_MAX];
	size_t n = 0, i;
	bool dir_dirty;
	int fd, rc = 0;

	pthread_mutex_lock(&sd->lock);
	for (f = sd->sync_head; f != NULL; f = f->sync_next)
		n++;
	if (n > 0)
		items = xcalloc(n, sizeof *items);
	for (i = 0, f = sd->sync_head; f != NULL; f = next, i++) {
		next = f->sync_next;
		strlcpy(items[i].key, f->key, sizeof items[i].key);
		items[i].log = f->dirty;
		items[i].fd = -1;
		if (f->dirty && f->fd != -1)
			items[i].fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
		items[i].state = f->state;
		f->state = NULL;
		f->dirty = false;
		f->queued = false;
		f->sync_next = NULL;
		sd_file_release(sd, f);
	}
	sd->sync_head = NULL;
	dir_dirty = sd->dir_dirty;
	sd->dir_dirty = false;
	pthread_mutex_unlock(&sd->lock);

	/* The slow part, without the lock: appends go on meanwhile. */
	for (i = 0; i < n; i++) {
		if (items[i].log) {
			fd = items[i].fd;
			if (fd == -1) {
				snprintf(name, sizeof name, "%s.log",
				    items[i].key);
				fd = openat(sd->dirfd, name,
				    O_RDONLY | O_CLOEXEC);
			}
			/* fdatasync: the file's size is part of its data. */
			if (fd == -1 || fdatasync(fd) == -1) {
				log_error("%s/%s.log: cannot sync: %s",
				    sd->path, items[i].key, strerror(errno));
				rc = -1;
			}
			if (fd != -1)
				close(fd);
		}
		if (items[i].state != NULL) {
			if (sd_write_state(sd, items[i].key,
			    items[i].state) == -1) {
				log_error("%s/%s.state: cannot save: %s",
				    sd->path, items[i].key, strerror(errno));
				items[i].state_failed = true;
				rc = -1;
			} else
				dir_dirty = true;
		}
	}
	if (dir_dirty && fsync(sd->dirfd) == -1) {
		log_error("%s: cannot sync: %s", sd->path, strerror(errno));
		rc = -1;
	}

	/* A state that could not be written waits for the next sync, unless
	 * a newer one came meanwhile. */
	pthread_mutex_lock(&sd->lock);
	for (i = 0; i < n; i++) {
		if (!items[i].state_failed) {
			free(items[i].state);
			continue;
		}
		f = sd_file_get(sd, items[i].key, true);
		if (f->state == NULL)
			f->state = items[i].state;
		else
			free(items[i].state);
		sd_file_queue(sd, f);
	}
	pthread_mutex_unlock(&sd->lock);
	free(items);
	return rc;
}

/* --- Loading ------------------------------------------------------------- */

/* A .state file read back; the strings point into text. */
struct sd_loaded_state {
	char			*text;
	const char		*name;
	struct room_state	 st;
};

/* Parse a decimal field value into *out; false when it is not one. */
static bool
sd_parse_number(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (*s == '\0')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Warn about a bad number in a .state file. */
static void
sd_warn_number(struct state_dir *sd, const char *name, unsigned long lineno)
{
	log_warn("%s/%s line %lu: bad number, skipped", sd->path, name,
	    lineno);
}

/* Read key's .state into ls; false when there is none or it is unusable. */
static bool
sd_load_state(struct state_dir *sd, const char *key, struct sd_loaded_state *ls)
{
	char name[SD_NAME_MAX], *line, *next, *value;
	unsigned long lineno = 0;
	long long v;
	size_t len = 0;
	ssize_t n;
	int fd;

	memset(ls, 0, sizeof *ls);
	snprintf(name, sizeof name, "%s.state", key);
	fd = openat(sd->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		if (errno != ENOENT)
			log_warn("%s/%s: %s", sd->path, name, strerror(errno));
		return false;
	}
	ls->text = xmalloc(SD_STATE_MAX + 1);
	while (len < SD_STATE_MAX) {
		n = read(fd, ls->text + len, SD_STATE_MAX - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	ls->text[len] = '\0';
	if (len == SD_STATE_MAX || memchr(ls->text, '\0', len) != NULL ||
	    strncmp(ls->text, SD_STATE_MAGIC "\n", sizeof SD_STATE_MAGIC) != 0) {
		log_warn("%s/%s: not a room state file, ignored", sd->path,
		    name);
		goto fail;
	}
	for (line = ls->text; *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) == NULL) {
			log_warn("%s/%s line %lu: no newline, ignored",
			    sd->path, name, lineno);
			break;
		}
		*next++ = '\0';
		if (lineno == 1)
			continue;
		if ((value = strchr(line, ' ')) == NULL) {
			log_warn("%s/%s line %lu: malformed, skipped",
			    sd->path, name, lineno);
			continue;
		}
		*value++ = '\0';
		if (strcmp(line, "name") == 0)
			ls->name = value;
		else if (strcmp(line, "topic") == 0)
			ls->st.topic = value;
		else if (strcmp(line, "topic-setter") == 0)
			ls->st.topic_setter = value;
		else if (strcmp(line, "key") == 0)
			ls->st.key = value;
		else if (strcmp(line, "modes") == 0) {
			ls->st.topic_ops_only = strchr(value, 't') != NULL;
			ls->st.no_outside = strchr(value, 'n') != NULL;
		} else if (strcmp(line, "created") == 0) {
			if (sd_parse_number(value, 0, INT64_MAX, &v))
				ls->st.created = v;
			else
				sd_warn_number(sd, name, lineno);
		} else if (strcmp(line, "topic-time") == 0) {
			if (sd_parse_number(value, 0, INT64_MAX, &v))
				ls->st.topic_time = v;
			else
				sd_warn_number(sd, name, lineno);
		} else if (strcmp(line, "limit") == 0) {
			if (sd_parse_number(value, 0, INT32_MAX, &v))
				ls->st.limit = (unsigned long)v;
			else
				sd_warn_number(sd, name, lineno);
		}
		/* Unknown fields are for a newer natterd: ignored. */
	}
	return true;

fail:
	free(ls->text);
	ls->text = NULL;
	return false;
}

/* Read key's log into h (its last entries), cutting off a torn last line. */
static void
sd_load_log(struct state_dir *sd, const char *key, struct history *h)
{
	char name[SD_NAME_MAX], *file, *tags, *line;
	struct sd_reader r;
	unsigned long nbad = 0;
	enum sd_read got;
	int64_t time_ms;
	bool writable = true;
	int fd;

	snprintf(name, sizeof name, "%s.log", key);
	fd = openat(sd->dirfd, name, O_RDWR | O_CLOEXEC);
	if (fd == -1 && (errno == EACCES || errno == EROFS)) {
		writable = false;
		fd = openat(sd->dirfd, name, O_RDONLY | O_CLOEXEC);
	}
	if (fd == -1) {
		if (errno != ENOENT)
			log_warn("%s/%s: %s", sd->path, name, strerror(errno));
		return;
	}
	file = xasprintf("%s/%s", sd->path, name);
	sd_reader_init(&r, fd);
	for (;;) {
		got = sd_reader_next(&r);
		if (got == SD_EOF)
			break;
		if (got == SD_ERROR) {
			log_warn("%s: read error after line %lu: %s", file,
			    r.lineno, strerror(errno));
			break;
		}
		if (got == SD_TORN) {
			log_warn("%s line %lu: torn last line (%lld bytes "
			    "without a newline), skipped and cut off", file,
			    r.lineno + 1, (long long)(r.offset - r.good_end));
			if (!writable || ftruncate(fd, r.good_end) == -1 ||
			    fsync(fd) == -1)
				log_warn("%s: cannot cut off the torn line: %s",
				    file, writable ? strerror(errno) :
				    "read-only");
			break;
		}
		if (got == SD_TOOLONG) {
			sd_warn_line(&nbad, file, r.lineno, "too long");
			continue;
		}
		if (!sd_parse_record(r.line, r.linelen, &time_ms, &tags,
		    &line)) {
			sd_warn_line(&nbad, file, r.lineno, "malformed");
			continue;
		}
		history_add(h, time_ms, line, tags);
	}
	sd_warn_summary(nbad, file);
	sd_reader_free(&r);
	close(fd);
	free(file);
}

/* Compare two strings through pointers, for qsort. */
static int
sd_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when s ends with suffix; *stem gets the length before it. */
static bool
sd_has_suffix(const char *s, const char *suffix, size_t *stem)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	if (ls <= lx || strcmp(s + ls - lx, suffix) != 0)
		return false;
	*stem = ls - lx;
	return true;
}

/*
 * The keys of every room file in the directory, sorted and unique (with
 * logs_only, only those with a .log).  Leftover .tmp files are removed
 * when remove_tmp is set.  -1 when the directory cannot be read.
 */
static ssize_t
sd_list_keys(struct state_dir *sd, bool logs_only, bool remove_tmp,
    char ***keysp)
{
	char **keys = NULL;
	size_t n = 0, cap = 0, stem, i, j;
	struct dirent *de;
	DIR *d;
	int fd;

	if ((fd = fcntl(sd->dirfd, F_DUPFD_CLOEXEC, 0)) == -1 ||
	    (d = fdopendir(fd)) == NULL) {
		log_error("%s: %s", sd->path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    strcmp(de->d_name, "..") == 0))
			continue;
		if (sd_has_suffix(de->d_name, ".tmp", &stem)) {
			if (remove_tmp) {
				log_info("%s/%s: left over, removed",
				    sd->path, de->d_name);
				(void)unlinkat(sd->dirfd, de->d_name, 0);
			}
			continue;
		}
		if (!sd_has_suffix(de->d_name, ".log", &stem) &&
		    (logs_only ||
		    !sd_has_suffix(de->d_name, ".state", &stem))) {
			if (!logs_only)
				log_warn("%s/%s: not a room file, ignored",
				    sd->path, de->d_name);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			keys = xreallocarray(keys, cap, sizeof *keys);
		}
		keys[n++] = xstrndup(de->d_name, stem);
	}
	closedir(d);
	if (n > 0)
		qsort(keys, n, sizeof *keys, sd_strcmp_p);
	for (i = j = 0; i < n; i++) {
		if (j > 0 && strcmp(keys[j - 1], keys[i]) == 0)
			free(keys[i]);
		else
			keys[j++] = keys[i];
	}
	*keysp = keys;
	return (ssize_t)j;
}

int
state_dir_load(struct state_dir *sd, size_t last_n, state_dir_room_fn *fn,
    void *arg)
{
	char room[IRC_CHANNELLEN + 1];
	struct sd_loaded_state ls;
	struct history h;
	const char *name;
	char **keys;
	ssize_t nkeys, i;
	int nrooms = 0;
	bool have_state;

	if ((nkeys = sd_list_keys(sd, false, true, &keys)) == -1)
		return -1;
	for (i = 0; i < nkeys; i++) {
		if (!state_dir_decode_name(keys[i], room, sizeof room)) {
			log_warn("%s/%s.*: not a room's file name, ignored",
			    sd->path, keys[i]);
			free(keys[i]);
			continue;
		}
		have_state = sd_load_state(sd, keys[i], &ls);
		name = room;
		if (have_state && ls.name != NULL) {
			if (irc_casecmp(ls.name, room) == 0)
				name = ls.name;
			else
				log_warn("%s/%s.state: name \"%s\" does not "
				    "match the file, ignored", sd->path,
				    keys[i], ls.name);
		}
		history_init(&h, last_n);
		sd_load_log(sd, keys[i], &h);
		fn(arg, name, &h, have_state ? &ls.st : NULL);
		history_free(&h);
		if (have_state)
			free(ls.text);
		free(keys[i]);
		nrooms++;
	}
	free(keys);
	return nrooms;
}

/* --- Compaction ---------------------------------------------------------- */

/* Where a compaction writes: a buffer in front of the tmp file. */
struct sd_out {
	int		fd;
	struct buffer	buf;
	bool		failed;		/* errno saved in err */
	int		err;
};

/* Write out what is buffered. */
static void
sd_out_flush(struct sd_out *o)
{
	if (!o->failed && o->buf.len > 0 &&
	    sd_write_all(o->fd, o->buf.data, o->buf.len) == -1) {
		o->failed = true;
		o->err = errno;
	}
	o->buf.len = 0;
}

/* Write one entry. */
static void
sd_out_entry(struct sd_out *o, const struct history_entry *e)
{
	sd_format_record(&o->buf, e->time_ms, e->tags, e->line);
	if (o->buf.len >= SD_CHUNK)
		sd_out_flush(o);
}

/*
 * Copy the complete lines of rfd from *from up to its end into o (raw: they
 * were appended while the compaction ran), advancing *from.  A line longer
 * than a chunk is not one of ours: it is dropped.  *torn gets the bytes
 * after the last newline.  Returns the bytes copied, or -1 on a read error.
 */
static ssize_t
sd_copy_tail(int rfd, off_t *from, struct sd_out *o, off_t *torn)
{
	char *chunk = xmalloc(SD_CHUNK);
	const char *nl;
	ssize_t n, copied = 0;
	size_t take;
	bool skipping = false;

	*torn = 0;
	for (;;) {
		n = pread(rfd, chunk, SD_CHUNK, *from);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			copied = -1;
			break;
		}
		if (n == 0)
			break;
		if (skipping || (n == SD_CHUNK &&
		    memchr(chunk, '\n', SD_CHUNK) == NULL)) {
			/* Drop a garbage line up to its newline. */
			nl = memchr(chunk, '\n', (size_t)n);
			take = nl != NULL ? (size_t)(nl - chunk) + 1 :
			    (size_t)n;
			if (nl == NULL && n < SD_CHUNK) {
				*torn = n;
				break;
			}
			skipping = nl == NULL;
			*from += (off_t)take;
			continue;
		}
		for (take = (size_t)n; take > 0; take--)
			if (chunk[take - 1] == '\n')
				break;
		if (take == 0) {
			*torn = n;
			break;
		}
		buffer_append(&o->buf, chunk, take);
		sd_out_flush(o);
		*from += (off_t)take;
		copied += (ssize_t)take;
	}
	free(chunk);
	return copied;
}

/*
 * Compact one room log.  Returns 1 when it was rewritten, 0 when nothing
 * had to go, -1 on error (logged).
 */
static int
sd_compact_log(struct state_dir *sd, const char *key, int64_t cutoff,
    size_t keep_last_n)
{
	char name[SD_NAME_MAX], tmp[SD_NAME_MAX], *file, *tags, *line;
	struct history win;
	const struct history_entry *e;
	struct sd_reader r;
	struct sd_out o;
	struct sd_file *f;
	unsigned long nbad = 0, dropped = 0;
	enum sd_read got;
	int64_t time_ms;
	off_t consumed, torn;
	ssize_t copied;
	size_t i;
	int rfd, tries, rc = -1;
	bool first = true;

	snprintf(name, sizeof name, "%s.log", key);
	snprintf(tmp, sizeof tmp, "%s.log.tmp", key);
	file = xasprintf("%s/%s", sd->path, name);
	rfd = openat(sd->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (rfd == -1) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc == -1)
			log_error("%s: %s", file, strerror(errno));
		free(file);
		return rc;
	}
	memset(&o, 0, sizeof o);
	o.fd = -1;
	buffer_init(&o.buf);
	history_init(&win, keep_last_n);
	sd_reader_init(&r, rfd);

	/* Pass 1, unlocked: keep the recent lines and the last keep_last_n,
	 * through a window of the last keep_last_n read. */
	for (;;) {
		got = sd_reader_next(&r);
		if (got == SD_EOF || got == SD_TORN)
			break;	/* a line being appended: the catch-up gets it */
		if (got == SD_ERROR) {
			log_error("%s: %s", file, strerror(errno));
			goto out;
		}
		if (got == SD_TOOLONG || !sd_parse_record(r.line, r.linelen,
		    &time_ms, &tags, &line)) {
			sd_warn_line(&nbad, file, r.lineno,
			    got == SD_TOOLONG ? "too long" : "malformed");
			continue;
		}
		/* Sorted by time, so a recent first line means nothing to do. */
		if (first && time_ms >= cutoff) {
			rc = 0;
			goto out;
		}
		first = false;
		if (o.fd == -1) {
			o.fd = openat(sd->dirfd, tmp, O_WRONLY | O_CREAT |
			    O_TRUNC | O_CLOEXEC, 0600);
			if (o.fd == -1) {
				log_error("%s/%s: %s", sd->path, tmp,
				    strerror(errno));
				goto out;
			}
		}
		if (history_count(&win) == keep_last_n) {
			e = keep_last_n > 0 ? history_get(&win, 0) : NULL;
			if (e == NULL) {
				/* No window: decide on the line itself. */
				if (time_ms >= cutoff) {
					struct history_entry now = {
						time_ms, line, tags };
					sd_out_entry(&o, &now);
				} else
					dropped++;
				continue;
			}
			if (e->time_ms >= cutoff)
				sd_out_entry(&o, e);
			else
				dropped++;
		}
		history_add(&win, time_ms, line, tags);
	}
	sd_warn_summary(nbad, file);
	if (dropped == 0 && nbad == 0) {
		rc = 0;
		goto out;
	}
	if (o.fd == -1) {
		/* Only bad lines: an empty log replaces it. */
		o.fd = openat(sd->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0600);
		if (o.fd == -1) {
			log_error("%s/%s: %s", sd->path, tmp, strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < history_count(&win); i++)
		sd_out_entry(&o, history_get(&win, i));
	consumed = r.good_end;

	/*
	 * Catch up with what was appended meanwhile: copy and fdatasync
	 * unlocked, then look again under the lock, where only whole records
	 * are in the file.  Nothing new: rename, no line can be lost.  New
	 * lines: go round again; after SD_COMPACT_TRIES rounds (appends keep
	 * coming) copy and sync the last few with the lock held.
	 */
	for (tries = 0;; tries++) {
		if (sd_copy_tail(rfd, &consumed, &o, &torn) == -1) {
			log_error("%s: %s", file, strerror(errno));
			goto out;
		}
		sd_out_flush(&o);
		if (o.failed || fdatasync(o.fd) == -1) {
			log_error("%s/%s: %s", sd->path, tmp,
			    strerror(o.failed ? o.err : errno));
			goto out;
		}
		pthread_mutex_lock(&sd->lock);
		copied = sd_copy_tail(rfd, &consumed, &o, &torn);
		sd_out_flush(&o);
		if (copied > 0 && tries < SD_COMPACT_TRIES) {
			pthread_mutex_unlock(&sd->lock);
			continue;
		}
		if (copied == -1 || o.failed ||
		    (copied > 0 && fdatasync(o.fd) == -1)) {
			pthread_mutex_unlock(&sd->lock);
			log_error("%s: cannot copy the last lines: %s", file,
			    strerror(o.failed ? o.err : errno));
			goto out;
		}
		if (torn > 0)
			log_warn("%s: torn last line (%lld bytes without a "
			    "newline) dropped", file, (long long)torn);
		if (renameat(sd->dirfd, tmp, sd->dirfd, name) == -1) {
			pthread_mutex_unlock(&sd->lock);
			log_error("%s: cannot replace it: %s", file,
			    strerror(errno));
			goto out;
		}
		/* The next append opens the new file. */
		if ((f = sd_file_get(sd, key, false)) != NULL) {
			sd_file_close(sd, f);
			sd_file_release(sd, f);
		}
		pthread_mutex_unlock(&sd->lock);
		break;
	}
	if (fsync(sd->dirfd) == -1)
		log_error("%s: cannot sync: %s", sd->path, strerror(errno));
	log_debug("%s: compacted, %lu old and %lu bad lines removed", file,
	    dropped, nbad);
	rc = 1;
out:
	if (o.fd != -1) {
		close(o.fd);
		if (rc != 1)
			(void)unlinkat(sd->dirfd, tmp, 0);
	}
	buffer_free(&o.buf);
	history_free(&win);
	sd_reader_free(&r);
	close(rfd);
	free(file);
	return rc;
}

int
state_dir_compact(struct state_dir *sd, int keep_days, size_t keep_last_n)
{
	char **keys;
	ssize_t nkeys, i;
	int64_t cutoff;
	int n = 0, rc;

	if (keep_days <= 0)
		return 0;
	cutoff = sd_now_ms() - (int64_t)keep_days * 86400000;
	pthread_mutex_lock(&sd->compact_lock);
	if ((nkeys = sd_list_keys(sd, true, false, &keys)) == -1) {
		pthread_mutex_unlock(&sd->compact_lock);
		return -1;
	}
	for (i = 0; i < nkeys; i++) {
		rc = sd_compact_log(sd, keys[i], cutoff, keep_last_n);
		if (rc == -1)
			n = -1;
		else if (rc == 1 && n != -1)
			n++;
		free(keys[i]);
	}
	free(keys);
	pthread_mutex_unlock(&sd->compact_lock);
	return n;
}
