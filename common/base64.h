/*
 * Base64 (RFC 4648, the standard alphabet) for what natter writes in it:
 * certificate fingerprints ("SHA256:" and the digest unpadded, as ssh
 * prints keys) and SASL's AUTHENTICATE payloads (padded).
 */
#ifndef NATTER_BASE64_H
#define NATTER_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* The encoded length of n bytes, padded or not, without the NUL. */
size_t	base64_len(size_t n, bool pad);
/*
 * Encode n bytes at src into out (size bytes, NUL-terminated); '='
 * padding when pad.  Returns the length written, or 0 when out is too
 * small (out is then "").
 */
size_t	base64_encode(const void *src, size_t n, bool pad, char *out,
	    size_t size);

#endif
