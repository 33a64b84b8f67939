/*
 * natterd's --pidfile: created and locked with flock(2) for as long as
 * natterd runs, so a second natterd given the same file is refused, and
 * only the natterd that holds the lock removes it.
 */
#ifndef NATTER_PID_FILE_H
#define NATTER_PID_FILE_H

/*
 * Lock path and write our pid into it; returns the descriptor holding the
 * lock.  Exits 1 with a message when another process holds it or it
 * cannot be written.
 */
int	pid_file_create(const char *path);
/* Remove path if it is still the file fd locks (at exit). */
void	pid_file_remove(const char *path, int fd);

#endif
