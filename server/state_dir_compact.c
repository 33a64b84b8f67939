/*
 * natterd's --state-dir, compaction: each log rewritten without the lines
 * older than --history-keep.  It runs in the sync thread while readers
 * append under the hub lock; how the two meet is in sd_compact_log.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "server_time.h"
#include "state_dir_private.h"
#include "write_all.h"
#include "xmalloc.h"

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
	    !write_all(o->fd, o->buf.data, o->buf.len)) {
		o->failed = true;
		o->err = errno;
	}
	o->buf.len = 0;
}

/* Write one entry (with its msgid, unless 0: tags then are as read). */
static void
sd_out_entry(struct sd_out *o, const struct history_entry *e)
{
	char tags[IRC_TAGS_MAX + 1];

	sd_format_record(&o->buf, e->time_ms, e->msgid != 0 ?
	    history_entry_tags(e, tags, sizeof tags) : e->tags, e->line);
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
	rfd = sd_open(sd, name, O_RDONLY);
	if (rfd == -1) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc == -1)
			log_error("%s: %s", file, sd_strerror(errno));
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
			o.fd = sd_create_tmp(sd, tmp);
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
						.time_ms = time_ms,
						.line = line,
						.tags = tags };
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
		o.fd = sd_create_tmp(sd, tmp);
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
	cutoff = server_time_now_ms() - (int64_t)keep_days * 86400000;
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
