/* Logs on disk; see chatlog.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "chatlog.h"
#include "data_dir.h"
#include "irc_names.h"
#include "layout.h"
#include "render.h"
#include "scrollback.h"
#include "xmalloc.h"

/* Logging off. */
void
chatlog_init(struct chatlog *l)
{
	memset(l, 0, sizeof *l);
	layout_init(&l->layout);
	l->layout.time_format = CHATLOG_TIME_FORMAT;
	render_init(&l->rt);
}

/* A name made safe as one file name: ASCII folded to lower case (as IRC
 * compares names), '/', controls and a leading '.' as '_'. */
static char *
chatlog_safe(const char *name)
{
	char	*s = xstrdup(name[0] != '\0' ? name : "_");
	size_t	 i;

	irc_casefold(s, s, strlen(s) + 1);
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == '/' || (unsigned char)s[i] < 0x20 ||
		    s[i] == 0x7f || (i == 0 && s[i] == '.'))
			s[i] = '_';
	return s;
}

/* Log into base/network. */
void
chatlog_start(struct chatlog *l, const char *base, const char *network)
{
	char	*net;

	chatlog_stop(l);
	if (base == NULL)
		return;
	net = chatlog_safe(network);
	l->dir = xasprintf("%s/%s", base, net);
	free(net);
}

/* Close everything and free it. */
void
chatlog_free(struct chatlog *l)
{
	chatlog_stop(l);
	layout_free(&l->layout);
	render_free(&l->rt);
}

/* Close everything. */
void
chatlog_stop(struct chatlog *l)
{
	size_t	i;

	if (l->dir == NULL)
		return;
	chatlog_flush(l);
	for (i = 0; i < l->nfiles; i++) {
		if (l->files[i].fd != -1)
			close(l->files[i].fd);
		free(l->files[i].name);
		free(l->files[i].path);
		buffer_free(&l->files[i].buf);
	}
	l->nfiles = 0;
	free(l->dir);
	l->dir = NULL;
}

/* Is it on? */
bool
chatlog_on(const struct chatlog *l)
{
	return l->dir != NULL && !l->paused;
}

/* Pause or go on. */
void
chatlog_pause(struct chatlog *l, bool paused)
{
	if (paused)
		chatlog_flush(l);
	l->paused = paused;
}

/* The file of a window. */
char *
chatlog_path(const struct chatlog *l, const char *window)
{
	char	*safe, *path;

	if (l->dir == NULL)
		return NULL;
	safe = chatlog_safe(window);
	path = xasprintf("%s/%s.log", l->dir, safe);
	free(safe);
	return path;
}

/* Say a failure once. */
static void
chatlog_fail(struct chatlog *l, struct chatlog_file *f, const char *what)
{
	f->failed = true;
	buffer_reset(&f->buf, 0);
	snprintf(l->error, sizeof l->error, "Log %s: %s: %s; not logging "
	    "this window any more", f->path, what, strerror(errno));
	l->error_new = true;
}

/* Write a file's buffer. */
static bool
chatlog_write(struct chatlog *l, struct chatlog_file *f)
{
	char	err[256];
	ssize_t	n;

	if (f->failed || f->buf.len == 0)
		return !f->failed;
	if (f->fd == -1) {
		if (!data_dir_make_parents(f->path, err, sizeof err)) {
			errno = EACCES;
			chatlog_fail(l, f, err);
			return false;
		}
		f->fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0600);
		if (f->fd == -1) {
			chatlog_fail(l, f, "cannot open");
			return false;
		}
	}
	while (f->buf.len > 0) {
		n = write(f->fd, f->buf.data, f->buf.len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			chatlog_fail(l, f, "cannot write");
			return false;
		}
		buffer_consume(&f->buf, (size_t)n);
	}
	return true;
}

/* The file of a window, made on first use; NULL when there are too many. */
static struct chatlog_file *
chatlog_file(struct chatlog *l, const char *window)
{
	struct chatlog_file	*f;
	size_t			 i;

	for (i = 0; i < l->nfiles; i++)
		if (strcmp(l->files[i].name, window) == 0)
			return &l->files[i];
	if (l->nfiles == CHATLOG_FILES_MAX)
		return NULL;
	f = &l->files[l->nfiles++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(window);
	f->path = chatlog_path(l, window);
	f->fd = -1;
	buffer_init(&f->buf);
	return f;
}

/* Log a line. */
void
chatlog_line(struct chatlog *l, const char *window,
    const struct scrollback_line *line)
{
	struct chatlog_file	*f;
	struct scrollback_line	 plain;

	if (l->dir == NULL || l->paused || line->kind == SCROLLBACK_DAY ||
	    (f = chatlog_file(l, window)) == NULL || f->failed)
		return;
	/* Every line has its date here: no "other day" mark needed. */
	plain = *line;
	plain.flags &= ~SCROLLBACK_DATED;
	layout_line(&l->layout, &plain, &l->rt);
	buffer_append(&f->buf, l->rt.text, l->rt.len);
	buffer_append(&f->buf, "\n", 1);
	if (f->buf.len > CHATLOG_BUFFER_MAX)
		chatlog_write(l, f);
}

/* Write everything. */
bool
chatlog_flush(struct chatlog *l)
{
	size_t	i;
	bool	ok = true;

	for (i = 0; i < l->nfiles; i++)
		if (!chatlog_write(l, &l->files[i]))
			ok = false;
	return ok;
}
