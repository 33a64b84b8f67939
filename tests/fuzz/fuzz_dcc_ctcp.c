/*
 * Fuzz target: DCC requests (common/dcc_ctcp.c), which natter and natterd's
 * plain door parse from anybody's PRIVMSG, and the file names natter makes
 * of them (client/dcc_name.c).
 *
 * The input is a CTCP body ("DCC SEND ...").  What the parser accepts must
 * be sound: a name of 1..DCC_CTCP_NAME_MAX bytes without NUL, an address
 * that is an IP address in text form, a port in range (0 only with a
 * token), a token of letters and digits, a hash of 64 lower-case hex
 * digits; formatted again (when the name can be said) it parses back to
 * the same request.  The name made safe is never empty, at most
 * DCC_NAME_MAX bytes of valid UTF-8 with no '/', '\', control or layout
 * character, and starts with neither '.' nor '-'.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <string.h>

#include "dcc_ctcp.h"
#include "dcc_name.h"
#include "fuzz.h"
#include "utf8.h"

/* Whether s is an IP address in text form. */
static bool
is_address(const char *s)
{
	unsigned char	a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* Whether the name can be put in a request (no quote, no control). */
static bool
sayable(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p == '"' || *p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* The safe name's promises. */
static void
check_safe(const char *name)
{
	char		out[DCC_NAME_MAX + 1];
	size_t		len, off, k;
	uint32_t	cp;
	bool		valid;

	dcc_name_sanitize(name, out, sizeof out);
	len = strlen(out);
	FUZZ_CHECK(len >= 1 && len <= DCC_NAME_MAX, "safe name of %zu", len);
	FUZZ_CHECK(out[0] != '.' && out[0] != '-', "safe name %s", out);
	FUZZ_CHECK(strpbrk(out, "/\\") == NULL, "separator in %s", out);
	FUZZ_CHECK(utf8_valid(out, len), "invalid UTF-8 in %s", out);
	for (off = 0; off < len; off += k) {
		k = utf8_decode(out + off, len - off, &cp, &valid);
		FUZZ_CHECK(!utf8_cp_is_control(cp) && !utf8_cp_is_layout(cp),
		    "U+%04X in a safe name", (unsigned)cp);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcc_ctcp	d, back;
	char		buf[1024];
	size_t		n, i, len;

	if (!dcc_ctcp_parse((const char *)data, size, &d))
		return 0;
	len = strlen(d.name);
	FUZZ_CHECK(len >= 1 && len <= DCC_CTCP_NAME_MAX, "name of %zu", len);
	switch (d.type) {
	case DCC_CTCP_SEND:
		FUZZ_CHECK(is_address(d.addr), "address %s", d.addr);
		FUZZ_CHECK(d.port <= 65535, "port %u", d.port);
		FUZZ_CHECK(d.port != 0 || d.token[0] != '\0', "passive, no token");
		FUZZ_CHECK(d.size <= INT64_MAX, "size");
		break;
	case DCC_CTCP_RESUME:
	case DCC_CTCP_ACCEPT:
		FUZZ_CHECK(d.port <= 65535, "port %u", d.port);
		FUZZ_CHECK(d.position <= INT64_MAX, "position");
		break;
	case DCC_CTCP_SHA256:
		FUZZ_CHECK(strlen(d.hash) == 64, "hash %s", d.hash);
		for (i = 0; i < 64; i++)
			FUZZ_CHECK((d.hash[i] >= '0' && d.hash[i] <= '9') ||
			    (d.hash[i] >= 'a' && d.hash[i] <= 'f'), "hash %s",
			    d.hash);
		break;
	case DCC_CTCP_REJECT:
		break;
	}
	for (i = 0; d.token[i] != '\0'; i++)
		FUZZ_CHECK((d.token[i] >= '0' && d.token[i] <= '9') ||
		    (d.token[i] >= 'a' && d.token[i] <= 'z') ||
		    (d.token[i] >= 'A' && d.token[i] <= 'Z'), "token %s",
		    d.token);
	check_safe(d.name);
	if (!sayable(d.name) || (d.type == DCC_CTCP_SEND && !d.size_known))
		return 0;
	n = dcc_ctcp_format(&d, buf, sizeof buf);
	FUZZ_CHECK(n > 0, "a parsed request cannot be said again");
	FUZZ_CHECK(buf[0] == '\001' && buf[n - 1] == '\001', "not a CTCP");
	FUZZ_CHECK(dcc_ctcp_parse(buf + 1, n - 1, &back), "ours refused: %s",
	    buf + 1);
	FUZZ_CHECK(back.type == d.type && strcmp(back.name, d.name) == 0 &&
	    strcmp(back.addr, d.addr) == 0 && back.port == d.port &&
	    back.size == d.size && back.position == d.position &&
	    strcmp(back.token, d.token) == 0 && strcmp(back.hash, d.hash) == 0,
	    "changed on the way back: %s", buf + 1);
	return 0;
}
