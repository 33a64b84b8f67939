/* A growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "xmalloc.h"

void
buffer_init(struct buffer *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buffer_free(struct buffer *b)
{
	free(b->data);
	buffer_init(b);
}

void
buffer_append(struct buffer *b, const void *data, size_t len)
{
	if (len == 0)
		return;
	if (b->cap - b->len < len) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->len < len)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

void
buffer_consume(struct buffer *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

void
buffer_reset(struct buffer *b, size_t keep)
{
	b->len = 0;
	if (b->cap > keep) {
		free(b->data);
		b->data = NULL;
		b->cap = 0;
	}
}
