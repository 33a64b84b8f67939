/* The servers whose own keys natter trusts; see known_servers.h. */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discovery.h"
#include "data_dir.h"
#include "known_servers.h"
#include "write_all.h"
#include "xmalloc.h"

/* A server's key. */
bool
known_servers_key(const char *host, const char *port, char *buf,
    size_t size)
{
	bool	v6 = strchr(host, ':') != NULL;
	int	n;
	size_t	i;

	n = snprintf(buf, size, v6 ? "[%s]:%s" : "%s:%s", host, port);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return false;
	}
	for (i = 0; buf[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	return true;
}

/* Whether the len bytes at s make a key: printable ASCII, no space, a
 * colon followed by a port's digits. */
static bool
known_servers_valid_key(const char *s, size_t len)
{
	size_t	i, colon = len;

	if (len == 0 || len >= KNOWN_SERVERS_KEY_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] <= ' ' || s[i] > '~')
			return false;
		if (s[i] == ':')
			colon = i;
	}
	if (colon == 0 || colon + 1 >= len || len - colon - 1 > 5)
		return false;
	for (i = colon + 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Parse one line. */
enum known_servers_kind
known_servers_parse_line(const char *line, size_t len,
    struct known_servers_entry *e)
{
	const char	*p = line, *end = line + len, *key, *fp;
	size_t		 klen, flen;

	if (len > 0 && line[len - 1] == '\r')
		end--;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return KNOWN_SERVERS_BLANK;
	if (len > KNOWN_SERVERS_LINE_MAX || memchr(line, '\0', len) != NULL)
		return KNOWN_SERVERS_BAD;
	key = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	klen = (size_t)(p - key);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	fp = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	flen = (size_t)(p - fp);
	/* Nothing but spaces may follow. */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p != end || !known_servers_valid_key(key, klen) ||
	    flen != DISCOVERY_FP_LEN)
		return KNOWN_SERVERS_BAD;
	memcpy(e->key, key, klen);
	e->key[klen] = '\0';
	memcpy(e->fp, fp, flen);
	e->fp[flen] = '\0';
	if (!discovery_valid_fp(e->fp))
		return KNOWN_SERVERS_BAD;
	return KNOWN_SERVERS_ENTRY;
}

/* Whether a malformed line names key as its first word. */
static bool
known_servers_line_names(const char *line, size_t len, const char *key)
{
	size_t	klen = strlen(key);

	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	return len >= klen && strncasecmp(line, key, klen) == 0 &&
	    (len == klen || line[klen] == ' ' || line[klen] == '\t' ||
	    line[klen] == '\r');
}

/* Look a key up. */
enum known_servers_found
known_servers_find(const char *text, size_t len, const char *key,
    struct known_servers_entry *e, size_t *lineno)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 n = 0, llen;

	while (p < end) {
		n++;
		nl = memchr(p, '\n', (size_t)(end - p));
		llen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		switch (known_servers_parse_line(p, llen, e)) {
		case KNOWN_SERVERS_ENTRY:
			if (strcasecmp(e->key, key) == 0) {
				if (lineno != NULL)
					*lineno = n;
				return KNOWN_SERVERS_MATCH;
			}
			break;
		case KNOWN_SERVERS_BAD:
			if (known_servers_line_names(p, llen, key)) {
				if (lineno != NULL)
					*lineno = n;
				return KNOWN_SERVERS_MALFORMED;
			}
			break;
		default:
			break;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return KNOWN_SERVERS_ABSENT;
}

/* Where the file is. */
char *
known_servers_path(const char *xdg_data_home, const char *home)
{
	return data_dir_path(xdg_data_home, home, "known_servers");
}

/* Read the file. */
bool
known_servers_load(const char *path, char **text, size_t *len, char *err,
    size_t errsize)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	*text = NULL;
	*len = 0;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			snprintf(err, errsize, "%s: %s", path, strerror(errno));
			return false;
		}
		*text = xstrdup("");
		return true;
	}
	buf = xmalloc(KNOWN_SERVERS_FILE_MAX + 1);
	n = fread(buf, 1, KNOWN_SERVERS_FILE_MAX + 1, f);
	if (ferror(f) || n > KNOWN_SERVERS_FILE_MAX) {
		snprintf(err, errsize, "%s: %s", path, ferror(f) ?
		    "read error" : "too big to be a list of servers");
		free(buf);
		fclose(f);
		return false;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return true;
}

/* Add a line, atomically. */
bool
known_servers_add(const char *path, const char *key, const char *fp,
    char *err, size_t errsize)
{
	char	*text, *tmp, *line;
	size_t	 len;
	int	 fd;
	bool	 ok;

	if (!data_dir_make_parents(path, err, errsize) ||
	    !known_servers_load(path, &text, &len, err, errsize))
		return false;
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
		free(tmp);
		free(text);
		return false;
	}
	/* A last line without its newline gets one first. */
	line = xasprintf("%s%s %s\n", len > 0 && text[len - 1] != '\n' ?
	    "\n" : "", key, fp);
	ok = write_all(fd, text, len) &&
	    write_all(fd, line, strlen(line)) &&
	    fsync(fd) == 0;
	if (!ok)
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
	if (close(fd) == -1 && ok) {
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) == -1) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	free(line);
	free(tmp);
	free(text);
	return ok;
}
