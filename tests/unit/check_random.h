/* The Check suites' property tests: one small deterministic generator. */
#ifndef NATTER_CHECK_RANDOM_H
#define NATTER_CHECK_RANDOM_H

#include <stdint.h>

/*
 * Xorshift32: the next number from *state (never 0), the same sequence on
 * every run, so a failing case can be reproduced.
 */
static inline uint32_t
next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif
