/*
 * natterd's --state-dir, loading: a room's state and the last lines of its
 * log read back when somebody joins it (state_dir_load_room), or every
 * room's at once (state_dir_load); the scan at start.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decimal.h"
#include "irc_names.h"
#include "log.h"
#include "state_dir_private.h"
#include "xmalloc.h"

/* --- Loading ------------------------------------------------------------- */

/* A .state file read back; the strings point into text. */
struct sd_loaded_state {
	char			*text;
	const char		*name;
	struct room_state	 st;
	struct room_state_mask	*masks;		/* st.masks, owned */
	size_t			 cap;
};

/* Free what sd_load_state read. */
static void
sd_loaded_free(struct sd_loaded_state *ls)
{
	free(ls->text);
	free(ls->masks);
	ls->text = NULL;
	ls->masks = NULL;
}

/*
 * Parse "<list> <set-at> <setter> <mask>" (a mask line's value) into a new
 * entry of ls; false when it is malformed.
 */
static bool
sd_load_mask(struct sd_loaded_state *ls, char *value)
{
	struct room_state_mask m;
	char *at, *setter, *mask;
	long long t;

	if ((value[0] != 'b' && value[0] != 'e' && value[0] != 'I') ||
	    value[1] != ' ')
		return false;
	m.list = value[0];
	at = value + 2;
	if ((setter = strchr(at, ' ')) == NULL)
		return false;
	*setter++ = '\0';
	if ((mask = strchr(setter, ' ')) == NULL)
		return false;
	*mask++ = '\0';
	if (!decimal_parse(at, 0, INT64_MAX, &t) ||
	    setter[0] == '\0' || mask[0] == '\0' || strchr(mask, ' ') != NULL)
		return false;
	m.set_at = t;
	m.setter = setter;
	m.mask = mask;
	if (ls->st.nmasks == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 8;
		ls->masks = xreallocarray(ls->masks, ls->cap, sizeof *ls->masks);
	}
	ls->masks[ls->st.nmasks++] = m;
	ls->st.masks = ls->masks;
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
	fd = sd_open(sd, name, O_RDONLY);
	if (fd == -1) {
		if (errno != ENOENT)
			log_warn("%s/%s: %s, skipped", sd->path, name,
			    sd_strerror(errno));
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
			ls->st.invite_only = strchr(value, 'i') != NULL;
			ls->st.moderated = strchr(value, 'm') != NULL;
			ls->st.secret = strchr(value, 's') != NULL;
		} else if (strcmp(line, "mask") == 0) {
			if (!sd_load_mask(ls, value))
				log_warn("%s/%s line %lu: bad mask, skipped",
				    sd->path, name, lineno);
		} else if (strcmp(line, "created") == 0) {
			if (decimal_parse(value, 0, INT64_MAX, &v))
				ls->st.created = v;
			else
				sd_warn_number(sd, name, lineno);
		} else if (strcmp(line, "topic-time") == 0) {
			if (decimal_parse(value, 0, INT64_MAX, &v))
				ls->st.topic_time = v;
			else
				sd_warn_number(sd, name, lineno);
		} else if (strcmp(line, "limit") == 0) {
			if (decimal_parse(value, 0, INT32_MAX, &v))
				ls->st.limit = (unsigned long)v;
			else
				sd_warn_number(sd, name, lineno);
		}
		/* Unknown fields are for a newer natterd: ignored. */
	}
	return true;

fail:
	sd_loaded_free(ls);
	return false;
}

/*
 * Where the last n lines of fd begin: just past the (n + 1)th newline from
 * the end (a torn last line has none of its own), read backwards a chunk
 * at a time; 0 when the file holds fewer lines.
 */
static off_t
sd_tail_start(int fd, size_t n)
{
	char *buf;
	struct stat st;
	off_t pos, start = 0;
	size_t len, seen = 0;
	ssize_t got, i;

	if (fstat(fd, &st) == -1)
		return 0;
	buf = xmalloc(SD_CHUNK);
	for (pos = st.st_size; pos > 0 && start == 0; ) {
		len = pos > SD_CHUNK ? SD_CHUNK : (size_t)pos;
		pos -= (off_t)len;
		got = pread(fd, buf, len, pos);
		if (got != (ssize_t)len)
			break;		/* read it all from the start */
		for (i = got - 1; i >= 0; i--)
			if (buf[i] == '\n' && ++seen == n + 1) {
				start = pos + i + 1;
				break;
			}
	}
	free(buf);
	return start;
}

/*
 * Read key's log into h (its last entries), cutting off a torn last line;
 * with tail, only its last lines are read.  False when there is no log.
 */
static bool
sd_load_log(struct state_dir *sd, const char *key, struct history *h,
    bool tail)
{
	char name[SD_NAME_MAX], *file, *tags, *line;
	struct sd_reader r;
	unsigned long nbad = 0;
	enum sd_read got;
	int64_t time_ms;
	off_t start = 0;
	bool writable = true;
	int fd;

	snprintf(name, sizeof name, "%s.log", key);
	fd = sd_open(sd, name, O_RDWR);
	if (fd == -1 && (errno == EACCES || errno == EROFS)) {
		writable = false;
		fd = sd_open(sd, name, O_RDONLY);
	}
	if (fd == -1) {
		if (errno != ENOENT)
			log_warn("%s/%s: %s, skipped", sd->path, name,
			    sd_strerror(errno));
		return false;
	}
	if (tail && (start = sd_tail_start(fd, h->cap)) > 0 &&
	    lseek(fd, start, SEEK_SET) == -1)
		start = 0;
	/* Line numbers count from start: say so. */
	file = start == 0 ? xasprintf("%s/%s", sd->path, name) :
	    xasprintf("%s/%s from byte %lld", sd->path, name, (long long)start);
	sd_reader_init(&r, fd);
	r.offset = r.good_end = start;
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
	return true;
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
		(void)sd_load_log(sd, keys[i], &h, false);
		fn(arg, name, &h, have_state ? &ls.st : NULL);
		history_free(&h);
		if (have_state)
			sd_loaded_free(&ls);
		free(keys[i]);
		nrooms++;
	}
	free(keys);
	return nrooms;
}

int
state_dir_load_room(struct state_dir *sd, const char *room, size_t last_n,
    state_dir_room_fn *fn, void *arg)
{
	char key[STATE_DIR_KEY_MAX + 1];
	struct sd_loaded_state ls;
	struct history h;
	const char *name = room;
	bool have_state, have_log;

	if (!state_dir_encode_name(room, key, sizeof key))
		return 0;
	have_state = sd_load_state(sd, key, &ls);
	if (have_state && ls.name != NULL && irc_casecmp(ls.name, room) == 0)
		name = ls.name;
	history_init(&h, last_n);
	have_log = sd_load_log(sd, key, &h, true);
	if (have_state || have_log)
		fn(arg, name, &h, have_state ? &ls.st : NULL);
	history_free(&h);
	if (have_state)
		sd_loaded_free(&ls);
	return have_state || have_log;
}

int
state_dir_scan(struct state_dir *sd)
{
	char room[IRC_CHANNELLEN + 1], **keys;
	ssize_t nkeys, i;
	int nrooms = 0;

	if ((nkeys = sd_list_keys(sd, false, true, &keys)) == -1)
		return -1;
	for (i = 0; i < nkeys; i++) {
		if (state_dir_decode_name(keys[i], room, sizeof room))
			nrooms++;
		else
			log_warn("%s/%s.*: not a room's file name, ignored",
			    sd->path, keys[i]);
		free(keys[i]);
	}
	free(keys);
	return nrooms;
}
