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

/* Whether s matches mask. */
bool	irc_mask_match(const char *mask, const char *s);
/* Whether mask has a wildcard ('*' or '?' not escaped). */
bool	irc_mask_is_wild(const char *mask);

#endif
