/*
 * What the fuzz targets share: the libFuzzer entry point's prototype and
 * an invariant check.  A broken invariant prints what broke and aborts, so
 * libFuzzer saves the input as a crash like any sanitizer report.
 */
#ifndef NATTER_FUZZ_H
#define NATTER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop the run when cond is false, saying where and why. */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s: ",	\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

#endif
