/*
 * natterd's --state-dir: the formats (state_dir.h describes them): room
 * names as file names, log records, and reading a log line by line in
 * bounded memory, for loading and for compaction alike.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "irc_names.h"
#include "log.h"
#include "state_dir_private.h"
#include "xmalloc.h"

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

/* --- Records ------------------------------------------------------------- */

/* A record's message: not empty, no CR or LF, not starting with '@' or ' '. */
bool
sd_line_valid(const char *line)
{
	return line[0] != '\0' && line[0] != '@' && line[0] != ' ' &&
	    strpbrk(line, "\r\n") == NULL;
}

/* A record's tags: NULL or "" for none, else no space, CR or LF. */
bool
sd_tags_valid(const char *tags)
{
	return tags == NULL || strpbrk(tags, " \r\n") == NULL;
}

/* Append the record of one event to b. */
void
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
bool
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


void
sd_reader_init(struct sd_reader *r, int fd)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->buf = xmalloc(SD_CHUNK);
	r->line = xmalloc(STATE_DIR_RECORD_MAX + 1);
}

void
sd_reader_free(struct sd_reader *r)
{
	free(r->buf);
	free(r->line);
}

/* The next line of the file; line is NUL-terminated for SD_LINE. */
enum sd_read
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
void
sd_warn_line(unsigned long *nbad, const char *file, unsigned long lineno,
    const char *why)
{
	if (++*nbad <= SD_WARN_LINES)
		log_warn("%s line %lu: %s, skipped", file, lineno, why);
}

/* The summary after the last warning of sd_warn_line. */
void
sd_warn_summary(unsigned long nbad, const char *file)
{
	if (nbad > SD_WARN_LINES)
		log_warn("%s: %lu more malformed lines skipped", file,
		    nbad - SD_WARN_LINES);
}
