/* Writing a whole buffer to a blocking descriptor (a file, a terminal). */
#ifndef NATTER_WRITE_ALL_H
#define NATTER_WRITE_ALL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write all len bytes of buf to fd, again after EINTR and short writes.
 * False with errno set when a write fails (EIO when one writes nothing).
 */
bool	write_all(int fd, const void *buf, size_t len);

#endif
