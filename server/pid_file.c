/* --pidfile, locked; see pidfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pid_file.h"

/* How often to retry when the file was removed between open and flock. */
#define PID_FILE_TRIES	3

/* Whether fd is still the file at path (not removed or replaced). */
static bool
pid_file_same(const char *path, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Refuse to start: another natterd holds path; name its pid when we can. */
static void __attribute__((noreturn))
pid_file_taken(const char *path, int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	long long pid;

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	pid = strtonum(buf, 1, INT_MAX, NULL);
	if (pid > 0)
		log_fatalx("another natterd (pid %lld) is running with pid "
		    "file %s", pid, path);
	log_fatalx("another process holds the lock on pid file %s", path);
}

int
pid_file_create(const char *path)
{
	char buf[32];
	int fd = -1, tries, len;

	for (tries = 0; tries < PID_FILE_TRIES; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd == -1)
			log_fatal("cannot write pid file %s", path);
		if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
			if (errno == EWOULDBLOCK)
				pid_file_taken(path, fd);
			log_fatal("cannot lock pid file %s", path);
		}
		/* The old holder may have removed it as we opened it. */
		if (pid_file_same(path, fd))
			break;
		close(fd);
		fd = -1;
	}
	if (fd == -1)
		log_fatalx("pid file %s keeps being removed", path);
	len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)len, 0) != len)
		log_fatal("cannot write pid file %s", path);
	return fd;
}

void
pid_file_remove(const char *path, int fd)
{
	if (pid_file_same(path, fd))
		unlink(path);
	close(fd);
}
