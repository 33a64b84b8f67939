/*
 * Allocators that never return NULL: running out of memory is fatal.
 * A chat server that cannot allocate a few bytes cannot do anything useful,
 * and checking every call would hide the real error paths.
 */
#ifndef NATTER_XMALLOC_H
#define NATTER_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *ptr, size_t size);
/* Grow an array of n elements of size each, checking the multiplication. */
void	*xreallocarray(void *ptr, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* Allocate and format a string. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
