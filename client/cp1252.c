/* Windows-1252 for lines that are not UTF-8; see cp1252.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cp1252.h"
#include "utf8.h"

/* 0x80..0x9f in CP1252; 0 where it defines nothing. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* Decode a line that is not UTF-8 as CP1252. */
bool
cp1252_fallback(const char *s, size_t len, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 enc[UTF8_LEN_MAX];
	uint32_t		 cp;
	size_t			 i, k, n, o = 0;

	if (utf8_valid(s, len) || size == 0)
		return false;
	for (i = 0; i < len; i++) {
		cp = p[i];
		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252_high[cp - 0x80] != 0 ?
			    cp1252_high[cp - 0x80] : UTF8_REPLACEMENT;
		n = utf8_encode(cp, enc);
		if (o + n + 1 > size)
			break;
		for (k = 0; k < n; k++)
			out[o++] = enc[k];
	}
	out[o] = '\0';
	return true;
}
