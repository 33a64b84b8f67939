/* Parsing and formatting of IRC messages (RFC 1459/2812 with IRCv3 tags). */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "irc_message.h"
#include "wire.h"

/* Is c an ASCII letter?  Not isalpha(3): locales must not widen it. */
static bool
irc_is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Is c an ASCII digit? */
static bool
irc_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Is c a UTF-8 continuation byte (10xxxxxx)? */
static bool
irc_is_utf8_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Whether command is letters only or exactly three digits. */
bool
irc_command_valid(const char *command)
{
	const unsigned char	*p = (const unsigned char *)command;

	if (p == NULL || *p == '\0')
		return false;
	if (irc_is_digit(p[0]))
		return irc_is_digit(p[1]) && irc_is_digit(p[2]) && p[3] == '\0';
	for (; *p != '\0'; p++) {
		if (!irc_is_alpha(*p))
			return false;
	}
	return true;
}

/* Whether key is [+][vendor/]name, as IRCv3 message-tags defines it. */
bool
irc_tag_key_valid(const char *key)
{
	const unsigned char	*p, *slash;

	if (key == NULL)
		return false;
	p = (const unsigned char *)key;
	if (*p == '+')
		p++;

	/* A vendor is a host name, so it may have dots the name may not. */
	slash = (const unsigned char *)strchr((const char *)p, '/');
	if (slash != NULL) {
		if (slash == p)
			return false;
		for (; p < slash; p++) {
			if (!irc_is_alpha(*p) && !irc_is_digit(*p) &&
			    *p != '-' && *p != '.')
				return false;
		}
		p++;
	}

	if (*p == '\0')
		return false;
	for (; *p != '\0'; p++) {
		if (!irc_is_alpha(*p) && !irc_is_digit(*p) && *p != '-')
			return false;
	}
	return true;
}

/* Split the tags section (after the '@', NUL-terminated) into msg->tags. */
static enum irc_parse_result
irc_message_parse_tags(struct irc_message *msg, char *tags)
{
	char	*next, *key, *value;
	size_t	 i;

	/* An empty element (";;", a trailing ';', a bare '@') has no key. */
	for (next = tags; next != NULL;) {
		key = next;
		next = strchr(key, ';');
		if (next != NULL)
			*next++ = '\0';

		value = strchr(key, '=');
		if (value != NULL)
			*value++ = '\0';
		if (!irc_tag_key_valid(key))
			return IRC_PARSE_BAD_TAGS;

		/* The spec makes "key=" and "key" mean the same: keep one. */
		if (value != NULL) {
			irc_tag_unescape(value);
			if (*value == '\0')
				value = NULL;
		}

		for (i = 0; i < msg->ntags; i++) {
			if (strcmp(msg->tags[i].key, key) == 0)
				break;
		}
		if (i == msg->ntags) {
			if (msg->ntags == IRC_TAGS_COUNT_MAX)
				return IRC_PARSE_BAD_TAGS;
			msg->tags[msg->ntags++].key = key;
		}
		msg->tags[i].value = value;
	}
	return IRC_PARSE_OK;
}

/* Parse one line in place into msg. */
enum irc_parse_result
irc_message_parse(struct irc_message *msg, char *line)
{
	enum irc_parse_result	 result;
	char			*p = line, *tags = NULL, *end;
	size_t			 len;

	memset(msg, 0, sizeof *msg);

	if (line[strspn(line, " ")] == '\0')
		return IRC_PARSE_EMPTY;

	/*
	 * Both length limits are checked before any structure, so that an
	 * overlong line gets 417 whatever else is wrong with it.
	 */
	if (*p == '@') {
		len = strcspn(p, " ");
		if (len > IRC_TAGS_MAX - 1)
			return IRC_PARSE_TOO_LONG;
		tags = p + 1;
		p += len;
		if (*p == ' ')
			*p++ = '\0';
	}
	if (strlen(p) > IRC_LINE_MAX - 2)
		return IRC_PARSE_TOO_LONG;

	if (tags != NULL) {
		result = irc_message_parse_tags(msg, tags);
		if (result != IRC_PARSE_OK)
			return result;
	}

	while (*p == ' ')
		p++;
	if (*p == ':') {
		p++;
		if (*p == ' ' || *p == '\0')
			return IRC_PARSE_BAD_SOURCE;
		msg->source = p;
		p += strcspn(p, " ");
		if (*p == ' ')
			*p++ = '\0';
		while (*p == ' ')
			p++;
	}

	if (*p == '\0')
		return IRC_PARSE_NO_COMMAND;
	msg->command = p;
	p += strcspn(p, " ");
	if (*p == ' ')
		*p++ = '\0';
	if (!irc_command_valid(msg->command))
		return IRC_PARSE_NO_COMMAND;

	for (;;) {
		/* Skipping first means trailing spaces make no empty param. */
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;

		/* RFC 2812: after 14 middles, the rest is the 15th param. */
		if (*p == ':' || msg->nparams == IRC_PARAMS_MAX - 1) {
			if (*p == ':')
				p++;
			msg->params[msg->nparams++] = p;
			break;
		}

		msg->params[msg->nparams++] = p;
		end = p + strcspn(p, " ");
		if (*end == ' ')
			*end++ = '\0';
		p = end;
	}
	return IRC_PARSE_OK;
}

/* Name a parse result for logs and error replies. */
const char *
irc_parse_result_str(enum irc_parse_result result)
{
	switch (result) {
	case IRC_PARSE_OK:
		return "ok";
	case IRC_PARSE_EMPTY:
		return "empty line";
	case IRC_PARSE_TOO_LONG:
		return "input line too long";
	case IRC_PARSE_BAD_TAGS:
		return "malformed message tags";
	case IRC_PARSE_NO_COMMAND:
		return "missing or invalid command";
	case IRC_PARSE_BAD_SOURCE:
		return "empty source";
	}
	return "unknown parse result";
}

/* Find the tag with this key, or NULL. */
const struct irc_tag *
irc_message_tag(const struct irc_message *msg, const char *key)
{
	size_t	i;

	if (key == NULL)
		return NULL;
	/* From the end, as the parser keeps the last of a repeated key. */
	for (i = msg->ntags; i > 0; i--) {
		if (msg->tags[i - 1].key != NULL &&
		    strcmp(msg->tags[i - 1].key, key) == 0)
			return &msg->tags[i - 1];
	}
	return NULL;
}

/* Return the letter escaping c after a '\', or '\0' if c stands for itself. */
static char
irc_tag_escape_char(char c)
{
	switch (c) {
	case ';':
		return ':';
	case ' ':
		return 's';
	case '\\':
		return '\\';
	case '\r':
		return 'r';
	case '\n':
		return 'n';
	}
	return '\0';
}

/* Length of value once escaped, without the NUL. */
size_t
irc_tag_escaped_len(const char *value)
{
	size_t	len = 0;

	if (value == NULL)
		return 0;
	for (; *value != '\0'; value++)
		len += irc_tag_escape_char(*value) != '\0' ? 2 : 1;
	return len;
}

/* Escape value into out, cutting only between escape pairs and characters. */
size_t
irc_tag_escape(char *out, size_t outsize, const char *value)
{
	const char	*s;
	size_t		 len = 0;
	char		 esc;

	if (outsize == 0)
		return 0;
	for (s = value != NULL ? value : ""; *s != '\0'; s++) {
		esc = irc_tag_escape_char(*s);
		if (esc != '\0') {
			if (len + 2 >= outsize)
				break;
			out[len++] = '\\';
			out[len++] = esc;
		} else {
			if (len + 1 >= outsize)
				break;
			out[len++] = *s;
		}
	}

	/* Cut inside a UTF-8 character: drop the bytes of it already copied. */
	if (*s != '\0' && irc_is_utf8_cont((unsigned char)*s)) {
		while (len > 0 && irc_is_utf8_cont((unsigned char)out[len - 1]))
			len--;
		if (len > 0 && ((unsigned char)out[len - 1] & 0xc0) == 0xc0)
			len--;
	}
	out[len] = '\0';
	return len;
}

/* Unescape a tag value in place; it can only shrink. */
void
irc_tag_unescape(char *value)
{
	char	*r = value, *w = value;

	while (*r != '\0') {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r) {
		case '\0':
			/* A lone '\' at the end stands for nothing. */
			continue;
		case ':':
			*w++ = ';';
			break;
		case 's':
			*w++ = ' ';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 'n':
			*w++ = '\n';
			break;
		default:
			/* "\\" and unknown escapes alike give the character. */
			*w++ = *r;
			break;
		}
		r++;
	}
	*w = '\0';
}

/* Whether param may be sent as a middle (non-last) parameter. */
static bool
irc_param_middle_valid(const char *param)
{
	return param != NULL && *param != '\0' && *param != ':' &&
	    param[strcspn(param, " \r\n")] == '\0';
}

/* Whether the last param must be sent after a ':'; CR and LF will be spaces. */
static bool
irc_param_needs_colon(const char *param)
{
	return *param == '\0' || *param == ':' ||
	    param[strcspn(param, " \r\n")] != '\0';
}

/*
 * Return the longest prefix of s no longer than n bytes (n < strlen(s))
 * that does not split a UTF-8 character.  A run of more continuation
 * bytes than UTF-8 allows is not UTF-8: cut it anywhere.
 */
static size_t
irc_utf8_cut(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = n;

	while (i > 0 && n - i < 3 && irc_is_utf8_cont(u[i]))
		i--;
	if (irc_is_utf8_cont(u[i]))
		return n;
	return i;
}

void
irc_one_line(char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0')
			s[i] = ' ';
}

size_t
irc_trim_crlf(const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	return len;
}

/* Copy n bytes of s to out, on one line (irc_one_line); return the end. */
static char *
irc_copy_clean(char *out, const char *s, size_t n)
{
	memcpy(out, s, n);
	irc_one_line(out, n);
	return out + n;
}

/*
 * Format the tags part ("@k=v;k ", trailing space included) into out, at
 * most room bytes; return its length, 0 if no tag was written.  out needs
 * room + 1 bytes, as irc_tag_escape writes a NUL.
 */
static size_t
irc_format_tags(char *out, size_t room, const struct irc_tag *tags,
    size_t ntags)
{
	size_t	i, len = 0, keylen, vallen, need;

	for (i = 0; i < ntags; i++) {
		if (!irc_tag_key_valid(tags[i].key))
			continue;
		keylen = strlen(tags[i].key);
		vallen = irc_tag_escaped_len(tags[i].value);
		need = 1 + keylen + (vallen > 0 ? 1 + vallen : 0);
		if (len + need + 1 > room)
			continue;

		out[len] = len == 0 ? '@' : ';';
		len++;
		memcpy(out + len, tags[i].key, keylen);
		len += keylen;
		if (vallen > 0) {
			out[len++] = '=';
			len += irc_tag_escape(out + len, vallen + 1,
			    tags[i].value);
		}
	}
	if (len > 0)
		out[len++] = ' ';
	return len;
}

/*
 * Format the message part (source to CRLF) into out, at most limit bytes
 * CRLF included, plus a NUL; return its length or 0 if it is invalid or
 * cannot fit even with the last param cut to nothing.
 */
static size_t
irc_format_message(char *out, size_t limit, const char *source,
    const char *command, size_t nparams, const char *const params[],
    bool *truncated)
{
	const char	*last = NULL;
	size_t		 len, srclen = 0, cmdlen, lastlen = 0, cut, room;
	size_t		 i;
	bool		 colon = false;
	char		*p;

	if (!irc_command_valid(command) || nparams > IRC_PARAMS_MAX)
		return 0;
	if (nparams > 0 && params == NULL)
		return 0;

	/* First the length of everything but the last param's text. */
	cmdlen = strlen(command);
	len = cmdlen + 2;
	if (source != NULL && *source != '\0') {
		/* Replacing CR or LF by a space would split the source. */
		if (source[strcspn(source, " \r\n")] != '\0')
			return 0;
		srclen = strlen(source);
		len += 1 + srclen + 1;
	}
	for (i = 0; i + 1 < nparams; i++) {
		if (!irc_param_middle_valid(params[i]))
			return 0;
		len += 1 + strlen(params[i]);
	}
	if (nparams > 0) {
		last = params[nparams - 1];
		if (last == NULL)
			return 0;
		lastlen = strlen(last);
		colon = irc_param_needs_colon(last);
		len += 1 + (colon ? 1 : 0);
	}
	if (len > limit)
		return 0;

	room = limit - len;
	cut = lastlen;
	if (cut > room) {
		cut = irc_utf8_cut(last, room);
		/* Cut to nothing, a param without ':' would vanish: add one. */
		if (cut == 0 && !colon) {
			if (room == 0)
				return 0;
			colon = true;
		}
		if (truncated != NULL)
			*truncated = true;
	}

	p = out;
	if (srclen > 0) {
		*p++ = ':';
		memcpy(p, source, srclen);
		p += srclen;
		*p++ = ' ';
	}
	memcpy(p, command, cmdlen);
	p += cmdlen;
	for (i = 0; i + 1 < nparams; i++) {
		*p++ = ' ';
		len = strlen(params[i]);
		memcpy(p, params[i], len);
		p += len;
	}
	if (last != NULL) {
		*p++ = ' ';
		if (colon)
			*p++ = ':';
		p = irc_copy_clean(p, last, cut);
	}
	*p++ = '\r';
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - out);
}

/* Format tags and message part into out; the work of both public formatters. */
static size_t
irc_format_all(char *out, size_t outsize, const struct irc_tag *tags,
    size_t ntags, const char *source, const char *command, size_t nparams,
    const char *const params[], bool *truncated)
{
	char	 line[IRC_LINE_MAX + 1];
	size_t	 limit, msglen, room, tagslen = 0;

	if (truncated != NULL)
		*truncated = false;
	if (out == NULL || outsize == 0)
		return 0;
	out[0] = '\0';
	if (ntags > IRC_TAGS_COUNT_MAX)
		return 0;

	/*
	 * The message part goes first into its own buffer: it must be
	 * complete, while tags are extras that take only what is left.
	 */
	limit = outsize - 1 < IRC_LINE_MAX ? outsize - 1 : IRC_LINE_MAX;
	msglen = irc_format_message(line, limit, source, command, nparams,
	    params, truncated);
	if (msglen == 0)
		return 0;

	if (ntags > 0) {
		room = outsize - 1 - msglen;
		if (room > IRC_TAGS_MAX)
			room = IRC_TAGS_MAX;
		tagslen = irc_format_tags(out, room, tags, ntags);
	}
	memcpy(out + tagslen, line, msglen + 1);
	return tagslen + msglen;
}

/* Format a whole message, tags included, as one wire line. */
size_t
irc_message_format(char *out, size_t outsize, const struct irc_message *msg,
    bool *truncated)
{
	if (msg == NULL) {
		if (truncated != NULL)
			*truncated = false;
		if (out != NULL && outsize > 0)
			out[0] = '\0';
		return 0;
	}
	/* char ** to const char *const * is safe but C wants it spelt out. */
	return irc_format_all(out, outsize, msg->tags, msg->ntags, msg->source,
	    msg->command, msg->nparams, (const char *const *)msg->params,
	    truncated);
}

/* Format a message without tags from its parts. */
size_t
irc_format(char *out, size_t outsize, const char *source, const char *command,
    size_t nparams, const char *const params[], bool *truncated)
{
	return irc_format_all(out, outsize, NULL, 0, source, command, nparams,
	    params, truncated);
}
