/*
 * Fuzz target: natter's known_servers file (client/known_servers.c), read
 * at every TLS connection and editable by hand, so anything may be in it.
 *
 * The input is a file's text.  Every line the parser calls an entry has a
 * key of printable ASCII with a port after its last colon and a valid
 * fingerprint, and said again as "key fp" it parses to the same entry.
 * Looking up the key of each entry finds an entry with that key (the
 * first one) on a line that exists; looking up a few fixed keys gives a
 * line that exists too, and a MATCH only for its own key.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "discovery.h"
#include "known_servers.h"
#include "fuzz.h"

/* Lines in the text, as known_servers_find counts them. */
static size_t
count_lines(const char *text, size_t len)
{
	size_t	n = 0, i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	return text[len - 1] == '\n' ? n : n + 1;
}

/* A lookup's result is sound for key. */
static void
check_find(const char *text, size_t len, const char *key, size_t lines)
{
	struct known_servers_entry	e;
	size_t				line = 0;

	switch (known_servers_find(text, len, key, &e, &line)) {
	case KNOWN_SERVERS_MATCH:
		FUZZ_CHECK(strcasecmp(e.key, key) == 0, "%s for %s", e.key,
		    key);
		FUZZ_CHECK(discovery_valid_fp(e.fp), "fp %s", e.fp);
		/* fall through */
	case KNOWN_SERVERS_MALFORMED:
		FUZZ_CHECK(line >= 1 && line <= lines, "line %zu of %zu", line,
		    lines);
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "lanbox:6697", "[::1]:6697",
	    "127.0.0.1:6697", "a:1" };
	const char			*text = (const char *)data, *p, *nl;
	const char			*end = text + size;
	struct known_servers_entry	 e, again;
	char				 line[KNOWN_SERVERS_LINE_MAX + 1];
	size_t				 lines = count_lines(text, size), i, n;

	if (size > 65536)
		return 0;
	for (p = text; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (known_servers_parse_line(p, n, &e) == KNOWN_SERVERS_ENTRY) {
			for (i = 0; e.key[i] != '\0'; i++)
				FUZZ_CHECK(e.key[i] > ' ' && e.key[i] <= '~',
				    "byte 0x%02x in a key",
				    (unsigned char)e.key[i]);
			FUZZ_CHECK(strrchr(e.key, ':') != NULL, "key %s",
			    e.key);
			FUZZ_CHECK(discovery_valid_fp(e.fp), "fp %s", e.fp);
			n = (size_t)snprintf(line, sizeof line, "%s %s", e.key,
			    e.fp);
			FUZZ_CHECK(known_servers_parse_line(line, n, &again) ==
			    KNOWN_SERVERS_ENTRY && strcmp(again.key, e.key) == 0 &&
			    strcmp(again.fp, e.fp) == 0, "%s", line);
			check_find(text, size, e.key, lines);
		}
		if (nl == NULL)
			break;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		check_find(text, size, keys[i], lines);
	return 0;
}
