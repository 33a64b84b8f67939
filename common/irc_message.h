/*
 * One IRC message: parsing a received line into its parts in place, and
 * formatting parts into a line that is always valid on the wire.
 *
 * The grammar is RFC 1459/2812 as the Modern IRC documents read it, with
 * IRCv3 message tags in front:
 *	[ '@' tags ' ' ] [ ':' source ' ' ] command
 *	    { ' ' param } [ ' :' trailing ]
 * Bytes are passed through: checking UTF-8 is left to whoever uses a
 * parameter, since only some of them (nicks, room names) have rules.
 */
#ifndef NATTER_IRC_MESSAGE_H
#define NATTER_IRC_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "wire.h"

struct irc_tag {
	char	*key;		/* e.g. "time", "+example", "vendor/x" */
	char	*value;		/* unescaped value, NULL when the tag has no value ("key" or "key=") */
};

struct irc_message {
	struct irc_tag	 tags[IRC_TAGS_COUNT_MAX];
	size_t		 ntags;
	char		*source;	/* prefix without the ':', NULL if none */
	char		*command;	/* as sent, e.g. "PRIVMSG" or "001" (not upper-cased by the parser) */
	char		*params[IRC_PARAMS_MAX];
	size_t		 nparams;	/* the trailing parameter, if any, is params[nparams-1] */
};

enum irc_parse_result {
	IRC_PARSE_OK = 0,
	IRC_PARSE_EMPTY,	/* nothing but spaces: ignore silently */
	IRC_PARSE_TOO_LONG,	/* message part > IRC_LINE_MAX - 2 bytes, or tags part > IRC_TAGS_MAX - 1 bytes (i.e. without the trailing space) — caller answers 417 */
	IRC_PARSE_BAD_TAGS,	/* malformed tags section (e.g. '@' with nothing, empty key, too many tags) */
	IRC_PARSE_NO_COMMAND,	/* tags/source but no command, or bad command (must be letters only, or exactly 3 digits) */
	IRC_PARSE_BAD_SOURCE,	/* ':' with an empty source */
};

/*
 * Parse one line (CR/LF already stripped, NUL-terminated) in place: the
 * message's pointers point into `line`, which is modified.  Only a result
 * of IRC_PARSE_OK leaves msg meaningful.  Tag keys must follow the IRCv3
 * grammar ([+][vendor/]name, name of letters, digits and '-'); a repeated
 * key keeps its last value; a value that is empty once unescaped is NULL.
 */
enum irc_parse_result irc_message_parse(struct irc_message *msg, char *line);

/* Human-readable name of a parse result, for logs and error replies. */
const char	*irc_parse_result_str(enum irc_parse_result);

/*
 * Format msg into out (size outsize) as one wire line ending in "\r\n",
 * NUL-terminated.  Returns the length without the NUL, or 0 (and out
 * holds "" when outsize > 0) when msg cannot be formatted: no/invalid
 * command, a NULL param, a non-last param that is empty, contains a space,
 * CR or LF or starts with ':', a source containing a space, CR or LF,
 * nparams > IRC_PARAMS_MAX, ntags > IRC_TAGS_COUNT_MAX, or the line
 * without its last param (or with it cut to nothing) already longer than
 * IRC_LINE_MAX or outsize allows.
 *
 * Never produces an invalid line: CR and LF in the last param become
 * spaces; tag values are escaped per IRCv3 and tags whose key is invalid
 * are left out; an empty source is left out.  The last param gets a ':'
 * only when needed (empty, contains a space, CR or LF, or starts with
 * ':'), decided on the whole param.  The message part is at most
 * IRC_LINE_MAX bytes including CRLF (and fits outsize): when it would be
 * longer the LAST param is truncated at a UTF-8 character boundary and
 * *truncated (if truncated != NULL) is set to true, otherwise false.
 * Tags are written only if ntags > 0 and the tags part is limited to
 * IRC_TAGS_MAX bytes and to what outsize leaves: tags that do not fit are
 * dropped whole.  out must not overlap the strings msg points to (as
 * after parsing in place into out): it is written from the start.
 */
size_t		 irc_message_format(char *out, size_t outsize,
		     const struct irc_message *msg, bool *truncated);

/*
 * Convenience: format a message from parts, no tags. params may be NULL
 * when nparams==0.
 */
size_t		 irc_format(char *out, size_t outsize, const char *source,
		     const char *command, size_t nparams,
		     const char *const params[], bool *truncated);

/* Look up a tag value by key; returns the tag or NULL. */
const struct irc_tag *irc_message_tag(const struct irc_message *msg,
		     const char *key);

/*
 * Escape an IRCv3 tag value (';' -> "\:", space -> "\s", '\' -> "\\",
 * CR -> "\r", LF -> "\n") into out, NUL-terminated when outsize > 0.
 * Returns the length written; when out is too small the value is cut
 * before an escape pair or UTF-8 character that does not fit.
 */
size_t		 irc_tag_escape(char *out, size_t outsize,
		     const char *value);
/* Length irc_tag_escape needs for value, without the NUL. */
size_t		 irc_tag_escaped_len(const char *value);
/*
 * Unescape a tag value in place: unknown "\x" gives "x", a trailing lone
 * '\' is dropped.
 */
void		 irc_tag_unescape(char *value);

/*
 * Keep len bytes at s on one line: every CR, LF and NUL among them becomes
 * a space, so what someone wrote as "one\rtwo" reaches IRC clients, the
 * plain door and the history alike as "one two", never as a line break.
 */
void		 irc_one_line(char *s, size_t len);
/* len without the CR and LF bytes that end line (its line break). */
size_t		 irc_trim_crlf(const char *line, size_t len);

/* Whether key is a valid tag key: [+][vendor/]name. */
bool		 irc_tag_key_valid(const char *key);
/* Whether command is a valid command: letters only, or exactly three digits. */
bool		 irc_command_valid(const char *command);

#endif
