/* IRC masks: case-mapped glob matching in time bounded by len(mask)*len(s). */
#include <stdbool.h>
#include <stddef.h>

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
