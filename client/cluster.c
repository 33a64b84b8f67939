/* Clusters (a base character and its zero-width marks), character classes. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster.h"
#include "utf8.h"

/* Columns one decoded code point takes on screen, controls drawn as ^X. */
static int
cluster_cp_cols(uint32_t cp)
{
	int w = utf8_cp_width(cp);

	return w < 0 ? UTF8_CONTROL_COLS : w;
}

/* End of the cluster starting at s[off]; see cluster.h. */
size_t
cluster_next(const char *s, size_t len, size_t off, int *cols, uint32_t *base)
{
	uint32_t	cp, first;
	size_t		n;

	if (off >= len) {
		if (cols != NULL)
			*cols = 0;
		if (base != NULL)
			*base = 0;
		return off;
	}
	off += utf8_decode(s + off, len - off, &first, NULL);
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp, NULL);
		if (utf8_cp_width(cp) != 0)
			break;
		off += n;
	}
	if (cols != NULL)
		*cols = cluster_cp_cols(first);
	if (base != NULL)
		*base = first;
	return off;
}

/* Start of the code point ending at s[off]; an invalid byte is its own. */
size_t
cluster_cp_prev(const char *s, size_t len, size_t off)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 p = off - 1;
	uint32_t		 cp;

	if (off == 0)
		return 0;
	if (off > len)
		return len;
	while (p > 0 && off - p < UTF8_LEN_MAX && (u[p] & 0xC0) == 0x80)
		p--;
	if (utf8_decode(s + p, off - p, &cp, NULL) == off - p)
		return p;
	return off - 1;
}

/* Start of the cluster ending at s[off]; see cluster.h. */
size_t
cluster_prev(const char *s, size_t len, size_t off)
{
	uint32_t	cp;
	size_t		p;

	while (off > 0) {
		p = cluster_cp_prev(s, len, off);
		utf8_decode(s + p, off - p, &cp, NULL);
		off = p;
		if (utf8_cp_width(cp) != 0)
			break;
	}
	return off;
}

/* Columns of a string, cluster by cluster. */
int
cluster_cols(const char *s, size_t len)
{
	size_t	off = 0;
	int	w, total = 0;

	while (off < len) {
		off = cluster_next(s, len, off, &w, NULL);
		total += w;
	}
	return total;
}

/* Tell the spaces text breaks at. */
bool
cluster_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Tell the characters words are made of. */
bool
cluster_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 'a' && cp <= 'z');
	if (utf8_cp_is_control(cp) || cluster_is_space(cp))
		return false;
	/* CJK Symbols and Punctuation, fullwidth ASCII punctuation. */
	if (cp >= 0x3000 && cp <= 0x303F)
		return false;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return false;
	return true;
}

/* Tell CJK closing punctuation, which must not start a row. */
bool
cluster_no_break_before(uint32_t cp)
{
	switch (cp) {
	case 0x3001: case 0x3002: case 0x3009: case 0x300B: case 0x300D:
	case 0x300F: case 0x3011: case 0x3015: case 0x30FC:
	case 0xFF01: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A:
	case 0xFF1B: case 0xFF1F: case 0xFF3D: case 0xFF5D:
		return true;
	default:
		return false;
	}
}

/* Tell CJK opening brackets, which must not end a row. */
bool
cluster_no_break_after(uint32_t cp)
{
	switch (cp) {
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010:
	case 0x3014: case 0xFF08: case 0xFF3B: case 0xFF5B:
		return true;
	default:
		return false;
	}
}
