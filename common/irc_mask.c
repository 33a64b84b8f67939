/* IRC masks: case-mapped glob matching in time bounded by len(mask)*len(s). */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "irc_mask.h"

/* CASEMAPPING=ascii, as irc_names.c folds names. */
static char
irc_mask_fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * The mask's byte at *m as a literal to compare, or '*' / '?' as a
 * wildcard (*wild true); *m moves past it and its escape.
 */
static char
irc_mask_next(const char **m, bool *wild)
{
	char c = **m;

	*wild = false;
	if (c == '\\' && ((*m)[1] == '*' || (*m)[1] == '?' ||
	    (*m)[1] == '\\')) {
		*m += 2;
		return (*m)[-1];
	}
	(*m)++;
	*wild = c == '*' || c == '?';
	return c;
}

bool
irc_mask_match(const char *mask, const char *s)
{
	const char *m = mask, *star = NULL, *star_s = NULL;
	bool wild;
	char c;

	/*
	 * Greedy, with one backtracking point: the last '*' seen.  On a
	 * mismatch the '*' takes one more byte of s and matching resumes
	 * after it; earlier stars need no revisiting.
	 */
	while (*s != '\0') {
		if (*m != '\0') {
			c = irc_mask_next(&m, &wild);
			if (wild && c == '*') {
				star = m;
				star_s = s;
				continue;
			}
			if (wild && c == '?') {
				/* One character: a UTF-8 sequence whole. */
				for (s++; (*s & 0xc0) == 0x80; s++)
					;
				continue;
			}
			if (!wild && irc_mask_fold(c) == irc_mask_fold(*s)) {
				s++;
				continue;
			}
		}
		if (star == NULL)
			return false;
		m = star;
		s = ++star_s;
	}
	/* s is used up: what is left of the mask must be stars. */
	while (*m != '\0') {
		c = irc_mask_next(&m, &wild);
		if (!wild || c != '*')
			return false;
	}
	return true;
}

bool
irc_mask_is_wild(const char *mask)
{
	bool wild;

	while (*mask != '\0') {
		(void)irc_mask_next(&mask, &wild);
		if (wild)
			return true;
	}
	return false;
}

/* Append part (len bytes, "*" when empty) to out at *n; false when full. */
static bool
irc_mask_put(char *out, size_t size, size_t *n, const char *part, size_t len)
{
	if (len == 0) {
		part = "*";
		len = 1;
	}
	if (*n + len >= size)
		return false;
	memcpy(out + *n, part, len);
	*n += len;
	out[*n] = '\0';
	return true;
}

bool
irc_mask_canon(const char *mask, char *out, size_t size)
{
	const char *bang, *at, *nick = "", *user = "", *host = "";
	size_t nlen = 0, ulen = 0, hlen = 0, n = 0;

	if (size == 0)
		return false;
	out[0] = '\0';
	if (mask[0] == '\0' || strpbrk(mask, " \r\n") != NULL)
		return false;
	bang = strchr(mask, '!');
	at = strchr(bang != NULL ? bang + 1 : mask, '@');
	if (bang == NULL && at == NULL) {
		/* One word: a host when it looks like one, else a nick. */
		if (strpbrk(mask, ".:") != NULL)
			host = mask, hlen = strlen(mask);
		else
			nick = mask, nlen = strlen(mask);
	} else if (bang == NULL) {
		user = mask, ulen = (size_t)(at - mask);
		host = at + 1, hlen = strlen(at + 1);
	} else {
		nick = mask, nlen = (size_t)(bang - mask);
		user = bang + 1;
		ulen = at != NULL ? (size_t)(at - user) : strlen(user);
		if (at != NULL)
			host = at + 1, hlen = strlen(at + 1);
	}
	return irc_mask_put(out, size, &n, nick, nlen) &&
	    irc_mask_put(out, size, &n, "!", 1) &&
	    irc_mask_put(out, size, &n, user, ulen) &&
	    irc_mask_put(out, size, &n, "@", 1) &&
	    irc_mask_put(out, size, &n, host, hlen);
}
