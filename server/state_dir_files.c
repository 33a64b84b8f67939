/*
 * natterd's --state-dir, its files: the directory is natterd's alone
 * (checked at open), nothing in it is opened through a link or unless it
 * is a regular file, and the listing of rooms/ skips anything else.  These
 * keep another local user from planting what natterd would write through,
 * or hang on.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "state_dir_private.h"
#include "xmalloc.h"

/*
 * True when the directory fd is natterd's alone: owned by its user and
 * writable by nobody else, or another local user could plant links and
 * files in it.  Logs why not (what is path + what, e.g. "rooms/ ").
 */
bool
sd_dir_ours(int fd, const char *path, const char *what)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		log_error("state dir %s: %s%s", path, what, strerror(errno));
		return false;
	}
	if (st.st_uid != geteuid()) {
		log_error("state dir %s: %sis owned by uid %lu, not by natterd's "
		    "user (uid %lu): refused", path, what,
		    (unsigned long)st.st_uid, (unsigned long)geteuid());
		return false;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		log_error("state dir %s: %sis writable by others (mode %04o): "
		    "refused; chmod go-w it", path, what,
		    (unsigned)(st.st_mode & 07777));
		return false;
	}
	return true;
}

/* --- Opening files in the directory, never anybody else's -------------- */

int
sd_open(struct state_dir *sd, const char *name, int flags)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for its other end. */
	fd = openat(sd->dirfd, name, flags | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = SD_ENOTREG;
		return -1;
	}
	return fd;
}

int
sd_create_tmp(struct state_dir *sd, const char *name)
{
	int fd, tries;

	for (tries = 0; tries < 2; tries++) {
		fd = openat(sd->dirfd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd != -1 || errno != EEXIST)
			return fd;
		/* A leftover, or something planted: unlinkat removes a
		 * symbolic link itself, never what it points to. */
		if (unlinkat(sd->dirfd, name, 0) == -1 && errno != ENOENT)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

const char *
sd_strerror(int err)
{
	if (err == SD_ENOTREG)
		return "not a regular file";
	if (err == ELOOP)
		return "a symbolic link, not followed";
	return strerror(err);
}

/* --- The directory ------------------------------------------------------- */

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

/* True when the entry de of the rooms directory is a regular file. */
static bool
sd_is_regular(struct state_dir *sd, const struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type == DT_REG;
	return fstatat(sd->dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

/*
 * The keys of every room file in the directory, sorted and unique (with
 * logs_only, only those with a .log).  Leftover .tmp files are removed
 * when remove_tmp is set.  -1 when the directory cannot be read.
 */
ssize_t
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
		/* A FIFO would hang the reading, a link lead elsewhere. */
		if (!sd_is_regular(sd, de)) {
			if (!logs_only)
				log_warn("%s/%s: not a regular file, skipped",
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

