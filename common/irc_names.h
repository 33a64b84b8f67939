/*
 * IRC name rules: which nicknames and room names are valid, and how they
 * compare (CASEMAPPING=ascii: only A-Z fold to a-z, so UTF-8 nicks such as
 * 小明 compare byte for byte).
 */
#ifndef NATTER_IRC_NAMES_H
#define NATTER_IRC_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* Copy src to dst (size bytes) folding ASCII A-Z to a-z; always terminates. */
void	irc_casefold(char *dst, const char *src, size_t size);
/* Compare two names as CASEMAPPING=ascii does; 0 when equal. */
int	irc_casecmp(const char *a, const char *b);
/*
 * A nickname: 1..IRC_NICKLEN bytes of valid UTF-8; ASCII letters, digits and
 * the RFC 2812 specials []\`_^{|}- plus any non-ASCII character that is not a
 * control, not default-ignorable (ZWSP, ZWJ, Hangul fillers: invisible) and
 * not a bidi or line-layout control; it must not start with a digit or '-'.
 */
bool	irc_nick_valid(const char *nick);
/*
 * A room name: '#' then 1..IRC_CHANNELLEN-1 bytes of valid UTF-8 with no
 * space, comma, colon, BEL, control character, NUL, bidi control or other
 * invisible layout character (utf8_cp_is_layout).
 */
bool	irc_channel_valid(const char *name);
/* True when name starts with a room prefix (CHANTYPES). */
bool	irc_is_channel(const char *name);

#endif
