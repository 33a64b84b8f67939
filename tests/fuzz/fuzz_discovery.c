/*
 * Fuzz target: the LAN discovery probe and answer (common/discovery.c),
 * the one parser natterd runs on datagrams from anybody on the network.
 *
 * The first byte chooses the mode.  Even: the rest is a datagram, given to
 * both parsers.  A probe they accept must obey discovery.h (printable
 * ASCII, the magic word, at most DISCOVERY_PROBE_MAX bytes); an answer
 * they accept must hold only values natter may show (a sanitized name, an
 * id of name characters, a port, counts in range), and formats back to an
 * answer that parses to the same thing.  Odd: the rest describes an
 * answer (port, counts, TLS port and fingerprint, a probe size, then name and id bytes), which
 * is formatted as natterd's responder does; what comes out is within the
 * amplification limit and parses back to what was formatted.
 */
#include <stdbool.h>
#include <string.h>

#include "discovery.h"
#include "fuzz.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);

/* Whether c may appear in a name or an id (discovery.h). */
static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Whether s is at most max bytes of name characters. */
static bool
name_ok(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (i >= max || !name_char(s[i]))
			return false;
	return true;
}

/* Two answers say the same. */
static bool
answer_equal(const struct discovery_answer *x,
    const struct discovery_answer *y)
{
	return x->port == y->port && x->users == y->users &&
	    x->rooms == y->rooms && x->tls_port == y->tls_port &&
	    strcmp(x->fp, y->fp) == 0 &&
	    strcmp(x->name, y->name) == 0 && strcmp(x->id, y->id) == 0;
}

/* Natter's own probe is a probe natterd accepts: checked once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char probe[DISCOVERY_PROBE_SIZE + 1];
	size_t len;
	unsigned version = 0;

	(void)argc;
	(void)argv;
	len = discovery_format_probe(probe, sizeof probe);
	FUZZ_CHECK(len == DISCOVERY_PROBE_SIZE, "probe of %zu bytes", len);
	FUZZ_CHECK(discovery_parse_probe(probe, len, &version) &&
	    version == DISCOVERY_VERSION, "our own probe is refused");
	return 0;
}

/* A datagram from the network: whatever a parser accepts is sound. */
static void
fuzz_datagram(const char *buf, size_t len)
{
	struct discovery_answer a, again;
	char out[DISCOVERY_ANSWER_MAX + 1];
	unsigned version = 0;
	size_t i, body = len, n;

	if (body > 0 && buf[body - 1] == '\n')
		body--;
	if (body > 0 && buf[body - 1] == '\r')
		body--;
	if (discovery_parse_probe(buf, len, &version)) {
		FUZZ_CHECK(len <= DISCOVERY_PROBE_MAX, "probe of %zu", len);
		FUZZ_CHECK(version >= 1, "probe version %u", version);
		FUZZ_CHECK(body >= 8 && memcmp(buf, DISCOVERY_PROBE_MAGIC " ",
		    8) == 0, "probe without its magic word");
		for (i = 0; i < body; i++)
			FUZZ_CHECK(buf[i] >= ' ' && buf[i] <= '~',
			    "byte 0x%02x in a probe", (unsigned char)buf[i]);
	}
	if (!discovery_parse_answer(buf, len, &a))
		return;
	FUZZ_CHECK(len <= DISCOVERY_ANSWER_MAX, "answer of %zu", len);
	FUZZ_CHECK(a.version >= 1, "answer version %u", a.version);
	FUZZ_CHECK(a.port >= 1 && a.port <= 65535, "port %u", a.port);
	FUZZ_CHECK(a.users >= -1 && a.users <= 999999999, "users %ld",
	    a.users);
	FUZZ_CHECK(a.rooms >= -1 && a.rooms <= 999999999, "rooms %ld",
	    a.rooms);
	FUZZ_CHECK(name_ok(a.name, DISCOVERY_NAME_MAX), "name %s", a.name);
	FUZZ_CHECK(name_ok(a.id, DISCOVERY_ID_MAX), "id %s", a.id);
	FUZZ_CHECK(a.tls_port <= 65535, "TLS port %u", a.tls_port);
	FUZZ_CHECK(a.fp[0] == '\0' || discovery_valid_fp(a.fp), "fp %s", a.fp);
	for (i = 0; i < body; i++)
		FUZZ_CHECK(buf[i] >= ' ' && buf[i] <= '~',
		    "byte 0x%02x in an answer", (unsigned char)buf[i]);
	/* Said again in our words (keys of later versions dropped). */
	n = discovery_format_answer(out, sizeof out, DISCOVERY_ANSWER_MAX, &a);
	if (n == 0)
		return;		/* tls=0 added may not fit: that is allowed */
	FUZZ_CHECK(discovery_parse_answer(out, n, &again),
	    "reformatted answer refused: %.*s", (int)n, out);
	FUZZ_CHECK(answer_equal(&a, &again), "answer changed: %.*s",
	    (int)n, out);
}

/* Read a little-endian number of n bytes from *p, moving on. */
static unsigned long
take(const unsigned char **p, const unsigned char *end, size_t n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n && *p < end; i++)
		v |= (unsigned long)*(*p)++ << (8 * i);
	return v;
}

/* An answer natterd would send: formatted within the limit, read back. */
static void
fuzz_format(const unsigned char *p, const unsigned char *end)
{
	struct discovery_answer a, back;
	char out[DISCOVERY_ANSWER_MAX + 8], want[DISCOVERY_NAME_MAX + 1];
	size_t n, limit, i, size;
	unsigned long users, rooms;

	memset(&a, 0, sizeof a);
	a.port = (unsigned)take(&p, end, 3) % 70000;	/* some out of range */
	users = take(&p, end, 4);
	rooms = take(&p, end, 4);
	/* natterd's counts are small; -1 is "not said". */
	a.users = users % 1000000001UL == 1000000000UL ? -1 :
	    (long)(users % 1000000000UL);
	a.rooms = rooms % 1000000001UL == 1000000000UL ? -1 :
	    (long)(rooms % 1000000000UL);
	a.tls_port = (unsigned)take(&p, end, 3) % 70000; /* some out of range */
	/* A fingerprint, valid or not, from the next byte's choice. */
	if (take(&p, end, 1) & 1)
		snprintf(a.fp, sizeof a.fp, "%s%043lu", DISCOVERY_FP_PREFIX,
		    take(&p, end, 4));
	limit = take(&p, end, 1) * DISCOVERY_AMPLIFY;	/* the probe's size */
	size = 1 + take(&p, end, 1) % sizeof out;	/* the buffer's size */
	/* The id is natterd's own, of name characters; the name is anything. */
	for (i = 0; i < DISCOVERY_ID_MAX && p < end && *p != 0; i++, p++)
		a.id[i] = name_char((char)*p) ? (char)*p : 'x';
	if (p < end)
		p++;
	n = (size_t)(end - p) < DISCOVERY_NAME_MAX + 8 ?
	    (size_t)(end - p) : DISCOVERY_NAME_MAX + 8;
	memcpy(a.name, p, n < sizeof a.name ? n : sizeof a.name - 1);
	a.name[sizeof a.name - 1] = '\0';

	memset(out, 0, sizeof out);
	n = discovery_format_answer(out, size, limit, &a);
	if (a.port < 1 || a.port > 65535)
		FUZZ_CHECK(n == 0, "answer with port %u", a.port);
	if (a.tls_port > 65535)
		FUZZ_CHECK(n == 0, "answer with TLS port %u", a.tls_port);
	if (n == 0)
		return;
	FUZZ_CHECK(n < size && n <= limit && n <= DISCOVERY_ANSWER_MAX,
	    "answer of %zu bytes (buffer %zu, limit %zu)", n, size, limit);
	FUZZ_CHECK(out[n - 1] == '\n' && memchr(out, '\0', n) == NULL,
	    "answer not one line");
	FUZZ_CHECK(discovery_parse_answer(out, n, &back),
	    "our answer refused: %.*s", (int)n, out);
	discovery_sanitize_name(want, sizeof want, a.name);
	strlcpy(a.name, want, sizeof a.name);
	FUZZ_CHECK(answer_equal(&a, &back), "answer read back differs: %.*s",
	    (int)n, out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_format(data + 1, data + size);
	else
		fuzz_datagram((const char *)data + 1, size - 1);
	return 0;
}
