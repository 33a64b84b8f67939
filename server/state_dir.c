/*
 * natterd's --state-dir, the store: opening and locking the directory,
 * the table of open logs, appending, room state, sync.  The formats and the
 * locking rules are described in state_dir.h; state_dir_private.h says
 * where the rest lives.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "state_dir_private.h"
#include "write_all.h"
#include "xmalloc.h"

/* --- Errors, in bounds -------------------------------------------------- */

/*
 * Log a write error, within sd->failures: with the disk full every room
 * fails every second, and two hundred rooms must not make two hundred
 * lines a second.  sd_fail_held says how many were held back.
 */
static void
sd_fail(struct state_dir *sd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	bool allow;

	pthread_mutex_lock(&sd->fail_lock);
	allow = log_limit_allow(&sd->failures, time(NULL));
	pthread_mutex_unlock(&sd->fail_lock);
	if (!allow)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s", msg);
}

/* Once a window of sd->failures is over: how many errors it held back. */
static void
sd_fail_held(struct state_dir *sd)
{
	unsigned held;

	pthread_mutex_lock(&sd->fail_lock);
	held = log_limit_over(&sd->failures, time(NULL));
	pthread_mutex_unlock(&sd->fail_lock);
	if (held > 0)
		log_error("%s: %u more write errors in %d s not logged "
		    "(each room is tried again every second)", sd->path, held,
		    LOG_LIMIT_SECONDS);
}

/* --- The table of open and queued files (all under sd->lock) ------------- */

/* The entry of key, created when create is set (else NULL when missing). */
struct sd_file *
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
void
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
void
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
	fd = sd_open(sd, name, O_WRONLY | O_APPEND);
	if (fd == -1 && errno == ENOENT) {
		fd = openat(sd->dirfd, name, O_WRONLY | O_APPEND | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1)
			sd->dir_dirty = true;
		else if (errno == EEXIST)	/* made meanwhile: not by us */
			fd = sd_open(sd, name, O_WRONLY | O_APPEND);
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
	struct stat st;
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
	if (!sd_dir_ours(dfd, path, ""))
		goto fail;
	lockfd = openat(dfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW |
	    O_NONBLOCK | O_CLOEXEC, 0600);
	if (lockfd == -1 || fstat(lockfd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_error("state dir %s: cannot create its lock file: %s",
		    path, lockfd == -1 ? sd_strerror(errno) :
		    "not a regular file");
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
	rfd = openat(dfd, "rooms", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (rfd == -1) {
		log_error("state dir %s: rooms/: %s", path,
		    errno == ENOTDIR ? "not a directory (links are not followed)" :
		    strerror(errno));
		goto fail;
	}
	if (!sd_dir_ours(rfd, path, "rooms/ "))
		goto fail;
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
	pthread_mutex_init(&sd->fail_lock, NULL);
	log_limit_init(&sd->failures);
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
	pthread_mutex_destroy(&sd->fail_lock);
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
			sd_fail(sd, "%s/%s.log: cannot open: %s", sd->path, key,
			    sd_strerror(errno));
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
			sd_fail(sd, "%s/%s.log: cannot remove a partial record: %s",
			    sd->path, key, strerror(errno));
		if (!f->failing)
			sd_fail(sd, "%s/%s.log: short write (disk full?)",
			    sd->path, key);
	} else if (!f->failing)
		sd_fail(sd, "%s/%s.log: cannot write: %s", sd->path, key,
		    strerror(errno));
	f->failing = true;
out:
	pthread_mutex_unlock(&sd->lock);
	return rc;
}

/* --- Room state ---------------------------------------------------------- */

/*
 * Replace key's .state with text atomically (tmp file and rename), without
 * fsync: quick enough for sd->lock, under which every writer of the tmp
 * file runs.  -1 with errno on failure.
 */
static int
sd_write_state(struct state_dir *sd, const char *key, const char *text)
{
	char tmp[SD_NAME_MAX], name[SD_NAME_MAX];
	int fd, saved;

	snprintf(tmp, sizeof tmp, "%s.state.tmp", key);
	snprintf(name, sizeof name, "%s.state", key);
	if ((fd = sd_create_tmp(sd, tmp)) == -1)
		return -1;
	if (!write_all(fd, text, strlen(text))) {
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

/* Append "mask <list> <set-at> <setter> <mask>\n"; false when it cannot be one line. */
static bool
sd_state_mask(struct buffer *b, const struct room_state_mask *m)
{
	char head[64];
	int n;

	if (m->mask == NULL || m->setter == NULL || m->mask[0] == '\0' ||
	    m->setter[0] == '\0' || strpbrk(m->mask, " \r\n") != NULL ||
	    strpbrk(m->setter, " \r\n") != NULL)
		return false;
	n = snprintf(head, sizeof head, "mask %c %lld ", m->list,
	    (long long)m->set_at);
	buffer_append(b, head, (size_t)n);
	buffer_append(b, m->setter, strlen(m->setter));
	buffer_append(b, " ", 1);
	buffer_append(b, m->mask, strlen(m->mask));
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
	size_t i;

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
	snprintf(num, sizeof num, "+%s%s%s%s%s", st->invite_only ? "i" : "",
	    st->moderated ? "m" : "", st->no_outside ? "n" : "",
	    st->secret ? "s" : "", st->topic_ops_only ? "t" : "");
	ok &= sd_state_field(&b, "modes", num);
	ok &= sd_state_field(&b, "key", st->key);
	snprintf(num, sizeof num, "%lu", st->limit);
	ok &= sd_state_field(&b, "limit", num);
	for (i = 0; i < st->nmasks; i++)
		ok &= sd_state_mask(&b, &st->masks[i]);
	if (!ok) {
		log_warn("state dir: not saving %s: a field holds CR or LF "
		    "(or a mask a space)", room);
		buffer_free(&b);
		return -1;
	}
	buffer_append(&b, "", 1);

	/* Written now, as the log line announcing the change is: a kill -9
	 * right after it keeps both.  The sync makes it durable. */
	pthread_mutex_lock(&sd->lock);
	f = sd_file_get(sd, key, true);
	free(f->state);
	f->state = NULL;
	if (sd_write_state(sd, key, b.data) == 0) {
		f->state_written = true;
		buffer_free(&b);
	} else {
		sd_fail(sd, "%s/%s.state: cannot save, will retry: %s",
		    sd->path, key, strerror(errno));
		f->state = b.data;	/* the buffer's memory moves to f */
	}
	sd_file_queue(sd, f);
	pthread_mutex_unlock(&sd->lock);
	return 0;
}

/* fsync key's file (suffix ".log" or ".state").  -1 with errno. */
static int
sd_sync_file(struct state_dir *sd, const char *key, const char *suffix)
{
	char name[SD_NAME_MAX];
	int fd, rc, saved;

	snprintf(name, sizeof name, "%s%s", key, suffix);
	if ((fd = sd_open(sd, name, O_RDONLY)) == -1)
		return -1;
	/* fdatasync: the file's size is part of its data. */
	rc = fdatasync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* --- Sync ---------------------------------------------------------------- */

/* What one sync does for one room, gathered under the lock.  Files are
 * opened by name one at a time (not dup'ed while the lock is held): a sync
 * of every open log must not need as many descriptors again. */
struct sd_sync_item {
	char	 key[STATE_DIR_KEY_MAX + 1];
	bool	 log;		/* fsync the log */
	bool	 state;		/* fsync the .state */
};

int
state_dir_sync(struct state_dir *sd)
{
	struct sd_sync_item *items = NULL;
	struct sd_file *f, *next;
	size_t n = 0, i;
	bool dir_dirty;
	int rc = 0;

	pthread_mutex_lock(&sd->lock);
	for (f = sd->sync_head; f != NULL; f = f->sync_next)
		n++;
	if (n > 0)
		items = xcalloc(n, sizeof *items);
	for (i = 0, f = sd->sync_head; f != NULL; f = next, i++) {
		next = f->sync_next;
		/* A state that could not be written is tried again here, still
		 * under the lock, with the tmp file's other writers. */
		if (f->state != NULL) {
			if (sd_write_state(sd, f->key, f->state) == 0) {
				free(f->state);
				f->state = NULL;
				f->state_written = true;
			} else {
				sd_fail(sd, "%s/%s.state: cannot save: %s",
				    sd->path, f->key, strerror(errno));
				rc = -1;
			}
		}
		strlcpy(items[i].key, f->key, sizeof items[i].key);
		items[i].log = f->dirty;
		items[i].state = f->state_written;
		f->state_written = false;
		f->dirty = false;
		f->queued = false;
		f->sync_next = NULL;
	}
	sd->sync_head = NULL;
	/* What still waits goes back on the list for the next sync. */
	for (i = 0; i < n; i++) {
		f = sd_file_get(sd, items[i].key, false);
		if (f->state != NULL)
			sd_file_queue(sd, f);
		else
			sd_file_release(sd, f);
	}
	dir_dirty = sd->dir_dirty;
	sd->dir_dirty = false;
	pthread_mutex_unlock(&sd->lock);

	/* The slow part, without the lock: appends go on meanwhile. */
	for (i = 0; i < n; i++) {
		if (items[i].log && sd_sync_file(sd, items[i].key,
		    ".log") == -1) {
			sd_fail(sd, "%s/%s.log: cannot sync: %s",
			    sd->path, items[i].key, strerror(errno));
			rc = -1;
		}
		if (items[i].state) {
			if (sd_sync_file(sd, items[i].key, ".state") == -1) {
				sd_fail(sd, "%s/%s.state: cannot sync: %s",
				    sd->path, items[i].key, strerror(errno));
				rc = -1;
			}
			dir_dirty = true;
		}
	}
	if (dir_dirty && fsync(sd->dirfd) == -1) {
		sd_fail(sd, "%s: cannot sync: %s", sd->path, strerror(errno));
		rc = -1;
	}
	free(items);
	sd_fail_held(sd);
	return rc;
}
