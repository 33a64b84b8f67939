/*
 * A growable byte buffer: what a writer collects before one send(2), and
 * what a command's replies gather in before they become one hub event.
 */
#ifndef NATTER_BUFFER_H
#define NATTER_BUFFER_H

#include <stddef.h>

struct buffer {
	char	*data;
	size_t	 len;		/* bytes in use, from data[0] */
	size_t	 cap;		/* bytes allocated */
};

void	buffer_init(struct buffer *b);
void	buffer_free(struct buffer *b);
/* Append len bytes. */
void	buffer_append(struct buffer *b, const void *data, size_t len);
/* Drop the first n bytes (n <= len). */
void	buffer_consume(struct buffer *b, size_t n);
/* Empty the buffer, giving back memory when it grew beyond keep bytes. */
void	buffer_reset(struct buffer *b, size_t keep);

#endif
