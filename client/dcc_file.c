/* The files of DCC transfers; see dcc_file.h. */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "dcc_file.h"
#include "dcc_name.h"
#include "xmalloc.h"

struct dcc_hash {
	gnutls_hash_hd_t	 hd;
	int			 fd;
	uint64_t		 done;
};

/* Start hashing. */
struct dcc_hash *
dcc_hash_new(int fd)
{
	struct dcc_hash	*h = xcalloc(1, sizeof *h);

	if (gnutls_hash_init(&h->hd, GNUTLS_DIG_SHA256) < 0) {
		free(h);
		return NULL;
	}
	h->fd = fd;
	return h;
}

/* Hash a step. */
int
dcc_hash_step(struct dcc_hash *h, char *buf, size_t size,
    char hex[DCC_CTCP_HASH_HEX])
{
	unsigned char	 digest[32];
	size_t		 step = 0, i;
	ssize_t		 n;

	while (step < DCC_FILE_HASH_STEP) {
		n = pread(h->fd, buf, size, (off_t)h->done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			gnutls_hash_output(h->hd, digest);
			for (i = 0; i < sizeof digest; i++)
				snprintf(hex + 2 * i, 3, "%02x", digest[i]);
			return 1;
		}
		gnutls_hash(h->hd, buf, (size_t)n);
		h->done += (uint64_t)n;
		step += (size_t)n;
	}
	return 0;
}

/* Bytes hashed. */
uint64_t
dcc_hash_done(const struct dcc_hash *h)
{
	return h->done;
}

void
dcc_hash_free(struct dcc_hash *h)
{
	if (h == NULL)
		return;
	gnutls_hash_deinit(h->hd, NULL);
	free(h);
}

/* Whether path exists (as anything, links included). */
static bool
dcc_file_exists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0 || errno != ENOENT;
}

/* Choose where a received file goes. */
bool
dcc_file_choose(const char *dir, const char *name, uint64_t size,
    bool size_known, bool (*busy)(const char *part, void *arg), void *arg,
    struct dcc_file_target *t, char *err, size_t errsize)
{
	char		 cand[DCC_NAME_MAX + 16];
	struct stat	 st;
	unsigned	 n;
	int		 r;

	for (n = 0; n <= DCC_FILE_NUMBERS; n++) {
		if (n == 0)
			strlcpy(cand, name, sizeof cand);
		else if (!dcc_name_numbered(name, n, cand, sizeof cand))
			break;
		r = snprintf(t->final, sizeof t->final, "%s/%s", dir, cand);
		if (r < 0 || (size_t)r >= sizeof t->final) {
			snprintf(err, errsize, "the download folder's name is "
			    "too long");
			return false;
		}
		snprintf(t->part, sizeof t->part, "%s%s", t->final,
		    DCC_NAME_PART);
		t->resume = 0;
		if (dcc_file_exists(t->final))
			continue;
		if (lstat(t->part, &st) == -1) {
			if (errno == ENOENT)
				return true;
			continue;
		}
		/* An earlier attempt's part: resume it if it can be. */
		if (!S_ISREG(st.st_mode) || !size_known || st.st_size <= 0 ||
		    (uint64_t)st.st_size >= size ||
		    (busy != NULL && busy(t->part, arg)))
			continue;
		t->resume = (uint64_t)st.st_size;
		return true;
	}
	snprintf(err, errsize, "%s and %u numbered names are all taken in %s",
	    name, DCC_FILE_NUMBERS, dir);
	return false;
}

/* Open the part. */
int
dcc_file_open_part(const struct dcc_file_target *t, char *err,
    size_t errsize)
{
	struct stat	st;
	int		fd;

	if (t->resume == 0)
		fd = open(t->part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
	else
		fd = open(t->part, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		snprintf(err, errsize, "%s: %s", t->part, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (t->resume > 0 && (uint64_t)st.st_size < t->resume) ||
	    lseek(fd, (off_t)t->resume, SEEK_SET) == -1 ||
	    (t->resume > 0 && ftruncate(fd, (off_t)t->resume) == -1)) {
		snprintf(err, errsize, "%s: not a regular file to write",
		    t->part);
		close(fd);
		return -1;
	}
	return fd;
}

/* Rename from to to unless to exists. */
static int
dcc_file_rename_new(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* A file system without RENAME_NOREPLACE: a link cannot replace. */
	if (link(from, to) == -1)
		return -1;
	unlink(from);
	return 0;
}

/* Give the part its final name. */
bool
dcc_file_finish(const struct dcc_file_target *t, char *saved,
    size_t savedsize, char *err, size_t errsize)
{
	char		 name[DCC_NAME_MAX + 16], dir[4096], *slash;
	unsigned	 n;

	strlcpy(dir, t->final, sizeof dir);
	if ((slash = strrchr(dir, '/')) == NULL)
		return false;
	*slash = '\0';
	strlcpy(name, slash + 1, sizeof name);
	for (n = 0; n <= DCC_FILE_NUMBERS; n++) {
		if (n == 0)
			strlcpy(saved, t->final, savedsize);
		else {
			char	cand[DCC_NAME_MAX + 16];

			if (!dcc_name_numbered(name, n, cand, sizeof cand))
				break;
			snprintf(saved, savedsize, "%s/%s", dir, cand);
		}
		if (dcc_file_rename_new(t->part, saved) == 0)
			return true;
		if (errno != EEXIST) {
			snprintf(err, errsize, "%s: %s", saved,
			    strerror(errno));
			return false;
		}
	}
	snprintf(err, errsize, "no free name for %s", t->final);
	return false;
}

/* Make the download folder. */
bool
dcc_file_make_dir(const char *dir, char *err, size_t errsize)
{
	char	 parent[4096], *slash;

	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return true;
	if (errno == ENOENT) {
		strlcpy(parent, dir, sizeof parent);
		if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
			*slash = '\0';
			if ((mkdir(parent, 0755) == 0 || errno == EEXIST) &&
			    (mkdir(dir, 0755) == 0 || errno == EEXIST))
				return true;
		}
	}
	snprintf(err, errsize, "cannot make %s: %s", dir, strerror(errno));
	return false;
}
