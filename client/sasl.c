/* SASL payloads for AUTHENTICATE; see sasl.h. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base64.h"
#include "sasl.h"

/* PLAIN: "\0user\0pass" in base64. */
bool
sasl_plain(const char *user, const char *pass, char *out, size_t size)
{
	char	raw[SASL_PLAIN_MAX + 2];
	size_t	ulen = strlen(user), plen = strlen(pass);
	bool	ok;

	if (ulen + plen > SASL_PLAIN_MAX)
		return false;
	raw[0] = '\0';
	memcpy(raw + 1, user, ulen);
	raw[1 + ulen] = '\0';
	memcpy(raw + 2 + ulen, pass, plen);
	ok = base64_encode(raw, ulen + plen + 2, true, out, size) > 0;
	explicit_bzero(raw, sizeof raw);
	return ok;
}

/* Split into AUTHENTICATE arguments. */
size_t
sasl_chunks(const char *payload, char chunks[][SASL_CHUNK + 1], size_t max)
{
	size_t	len = strlen(payload), off = 0, n = 0, take;

	while (off < len) {
		if (n == max)
			return 0;
		take = len - off < SASL_CHUNK ? len - off : SASL_CHUNK;
		memcpy(chunks[n], payload + off, take);
		chunks[n++][take] = '\0';
		off += take;
	}
	/* Empty, or the last chunk was full: "+" says the payload ends. */
	if (len % SASL_CHUNK == 0) {
		if (n == max)
			return 0;
		strcpy(chunks[n++], "+");
	}
	return n;
}
