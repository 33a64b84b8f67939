/* IRC name rules: nick and room validity, ASCII case mapping. */
#include <stdint.h>
#include <string.h>

#include "irc_names.h"
#include "utf8.h"
#include "wire.h"

/* Fold one ASCII letter. */
static inline char
irc_fold_char(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

void
irc_casefold(char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0)
		return;
	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = irc_fold_char(src[i]);
	dst[i] = '\0';
}

int
irc_casecmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	do {
		ca = (unsigned char)irc_fold_char(*a++);
		cb = (unsigned char)irc_fold_char(*b++);
	} while (ca == cb && ca != '\0');
	return (int)ca - (int)cb;
}

/* RFC 2812 "special" characters allowed anywhere in a nick. */
static bool
irc_nick_special(char c)
{
	return c != '\0' && strchr("[]\\`_^{|}", c) != NULL;
}

bool
irc_nick_valid(const char *nick)
{
	size_t len = strlen(nick), i = 0;
	uint32_t cp;
	bool valid;

	if (len == 0 || len > IRC_NICKLEN || !utf8_valid(nick, len))
		return false;
	if ((nick[0] >= '0' && nick[0] <= '9') || nick[0] == '-')
		return false;
	while (i < len) {
		unsigned char c = (unsigned char)nick[i];

		if (c >= 0x80) {
			size_t start = i;

			i += utf8_decode(nick + i, len - i, &cp, &valid);
			/*
			 * No C1 controls; a zero-width character (a combining
			 * mark, as Devanagari needs) only after a visible one;
			 * nothing invisible (alice and alice U+200B would look
			 * the same) and nothing that reorders the text.
			 */
			if (!valid || utf8_cp_width(cp) < 0 ||
			    (utf8_cp_width(cp) == 0 && start == 0) ||
			    utf8_cp_is_ignorable(cp) || utf8_cp_is_layout(cp))
				return false;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || irc_nick_special((char)c)))
			return false;
		i++;
	}
	return true;
}

bool
irc_is_channel(const char *name)
{
	return name[0] == '#';
}

bool
irc_channel_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (len < 2 || len > IRC_CHANNELLEN || !irc_is_channel(name))
		return false;
	if (!utf8_valid(name, len))
		return false;
	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)name[i];
		uint32_t cp;

		if (c <= 0x20 || c == 0x7f || c == ',' || c == ':')
			return false;
		/* C1 controls (U+0080..U+009F) arrive as two bytes. */
		i += utf8_decode(name + i, len - i, &cp, NULL);
		/* No controls, nothing invisible that reorders or hides. */
		if (utf8_cp_is_control(cp) || utf8_cp_is_layout(cp))
			return false;
	}
	return true;
}
