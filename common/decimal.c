/* Decimal numbers by strtonum(3); see decimal.h. */
#include <stdbool.h>
#include <stdlib.h>

#include "decimal.h"

/* s in min..max, as strtonum reads it. */
bool
decimal_parse(const char *s, long long min, long long max, long long *out)
{
	const char	*error;
	long long	 n;

	n = strtonum(s, min, max, &error);
	if (error != NULL)
		return false;
	*out = n;
	return true;
}

/* s in min..max, digits only. */
bool
decimal_parse_digits(const char *s, long long min, long long max,
    long long *out)
{
	return s[0] >= '0' && s[0] <= '9' && decimal_parse(s, min, max, out);
}
