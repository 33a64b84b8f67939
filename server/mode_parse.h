/*
 * Room modestrings ("+ov-b alice bob *!*@10.0.0.9") split into single
 * changes, each with the parameter its letter takes, as CHANMODES and
 * PREFIX in 005 announce them:
 *
 *	list	b e I		a mask to add or remove; none: show the list
 *	param	k		a parameter either way
 *	set	l		a parameter when set only
 *	flag	i m n s t	none
 *	prefix	o v		a member's nick either way
 *
 * Plain C over strings: no server state, so the Check suite drives it.
 */
#ifndef NATTER_MODE_PARSE_H
#define NATTER_MODE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum mode_kind {
	MODE_UNKNOWN,
	MODE_LIST,
	MODE_PARAM,
	MODE_PARAM_SET,
	MODE_FLAG,
	MODE_PREFIX,
};

struct mode_change {
	char		 dir;		/* '+' or '-' */
	char		 letter;
	enum mode_kind	 kind;
	const char	*arg;		/* its parameter, NULL when none was left */
};

/* How letter takes its parameter (MODE_UNKNOWN for a letter we lack). */
enum mode_kind	mode_kind(char letter);

/*
 * Split modes (a modestring) with its parameters params[0..nparams) into
 * at most max changes, taking at most max_args parameters (the rest of
 * the modestring is dropped once they are used, as MODES= says).  A
 * letter whose parameter is missing gets arg NULL.  Returns the number of
 * changes.
 */
size_t	mode_parse(const char *modes, char *const params[], size_t nparams,
	    size_t max_args, struct mode_change *out, size_t max);

#endif
