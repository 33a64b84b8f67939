/*
 * IRC masks: glob patterns over names and nick!user@host prefixes, as WHO
 * and bans use them.  '*' matches any run of bytes (none included), '?'
 * exactly one character (a whole UTF-8 sequence), '\' makes the next '*',
 * '?' or '\' literal; letters compare as CASEMAPPING=ascii does (only A-Z
 * fold to a-z).
 */
#ifndef NATTER_IRC_MASK_H
#define NATTER_IRC_MASK_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s matches mask. */
bool	irc_mask_match(const char *mask, const char *s);
/* Whether mask has a wildcard ('*' or '?' not escaped). */
bool	irc_mask_is_wild(const char *mask);
/*
 * The full nick!user@host form of a ban mask as a user typed it, into out
 * (size bytes), as most servers write it: an empty part is "*", "nick"
 * is "nick!*@*", "user@host" is "*!user@host", "nick!user" is
 * "nick!user@*", and a word with a '.' or ':' but no '!' or '@' is a host,
 * "*!*@host".  Only the first '!' and the '@' after it split; letters
 * keep their case.  False when mask is empty, holds a space, or the
 * result does not fit.
 */
bool	irc_mask_canon(const char *mask, char *out, size_t size);

#endif
