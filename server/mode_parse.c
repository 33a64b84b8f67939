/* Room modestrings split into single changes (see mode_parse.h). */
#include <stddef.h>
#include <string.h>

#include "mode_parse.h"

enum mode_kind
mode_kind(char letter)
{
	switch (letter) {
	case 'b': case 'e': case 'I':
		return MODE_LIST;
	case 'k':
		return MODE_PARAM;
	case 'l':
		return MODE_PARAM_SET;
	case 'i': case 'm': case 'n': case 's': case 't':
		return MODE_FLAG;
	case 'o': case 'v':
		return MODE_PREFIX;
	default:
		return MODE_UNKNOWN;
	}
}

/* Whether a change of this kind in this direction takes a parameter. */
static bool
mode_takes_arg(enum mode_kind kind, char dir)
{
	return kind == MODE_LIST || kind == MODE_PARAM || kind == MODE_PREFIX ||
	    (kind == MODE_PARAM_SET && dir == '+');
}

size_t
mode_parse(const char *modes, char *const params[], size_t nparams,
    size_t max_args, struct mode_change *out, size_t max)
{
	size_t n = 0, next = 0;
	char dir = '+';
	const char *p;

	for (p = modes; *p != '\0' && n < max; p++) {
		if (*p == '+' || *p == '-') {
			dir = *p;
			continue;
		}
		out[n].dir = dir;
		out[n].letter = *p;
		out[n].kind = mode_kind(*p);
		out[n].arg = NULL;
		if (mode_takes_arg(out[n].kind, dir) && next < nparams) {
			if (next == max_args)
				break;
			out[n].arg = params[next++];
		}
		n++;
	}
	return n;
}
