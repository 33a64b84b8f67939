/*
 * Decimal numbers in text (settings, arguments), parsed one way:
 * strtonum(3) from libbsd, which refuses anything after the digits and
 * any value out of range.
 */
#ifndef NATTER_DECIMAL_H
#define NATTER_DECIMAL_H

#include <stdbool.h>

/* s as a decimal number in min..max into *out (left alone when false);
 * like strtonum(3), a sign or blanks before the digits are taken. */
bool	decimal_parse(const char *s, long long min, long long max,
	    long long *out);
/* The same for digits only: nothing before them either. */
bool	decimal_parse_digits(const char *s, long long min, long long max,
	    long long *out);

#endif
