/* The IRCv3 server-time format, read by natterd and natter alike. */
#ifndef NATTER_SERVER_TIME_H
#define NATTER_SERVER_TIME_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Parse the start of s, "YYYY-MM-DDThh:mm:ss" with an optional ".sss",
 * into milliseconds since the epoch (UTC); *end, if end is not NULL, is
 * what follows (the "Z").  False when s does not start with such a time.
 */
bool	server_time_parse(const char *s, int64_t *ms, const char **end);
/* Now, in milliseconds since the epoch (the wall clock server-time tells). */
int64_t	server_time_now_ms(void);

#endif
