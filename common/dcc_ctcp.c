/* DCC requests in a CTCP: parsing and formatting; see dcc_ctcp.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dcc_ctcp.h"

/* The largest size or position: what off_t can hold. */
#define DCC_CTCP_SIZE_MAX	INT64_MAX

/* What a request is called on the wire. */
static const struct {
	const char		*word;
	enum dcc_ctcp_type	 type;
} dcc_ctcp_types[] = {
	{ "SEND",	DCC_CTCP_SEND },
	{ "RESUME",	DCC_CTCP_RESUME },
	{ "ACCEPT",	DCC_CTCP_ACCEPT },
	{ "SHA256",	DCC_CTCP_SHA256 },
	{ "REJECT",	DCC_CTCP_REJECT },
};
#define DCC_CTCP_NTYPES	(sizeof dcc_ctcp_types / sizeof dcc_ctcp_types[0])

/* A cursor over the request's bytes. */
struct dcc_ctcp_scan {
	const char	*p;
	const char	*end;
};

/* Skip spaces; false at the end. */
static bool
dcc_ctcp_more(struct dcc_ctcp_scan *sc)
{
	while (sc->p < sc->end && *sc->p == ' ')
		sc->p++;
	return sc->p < sc->end;
}

/* The next space-separated word; false when there is none. */
static bool
dcc_ctcp_word(struct dcc_ctcp_scan *sc, const char **w, size_t *len)
{
	if (!dcc_ctcp_more(sc))
		return false;
	*w = sc->p;
	while (sc->p < sc->end && *sc->p != ' ')
		sc->p++;
	*len = (size_t)(sc->p - *w);
	return true;
}

/* The name: in double quotes, or one word.  Any byte but NUL is kept: the
 * receiver makes a file name of it (dcc_name.h). */
static bool
dcc_ctcp_name(struct dcc_ctcp_scan *sc, char *out)
{
	const char	*w, *q;
	size_t		 len;

	if (!dcc_ctcp_more(sc))
		return false;
	if (*sc->p == '"') {
		q = memchr(sc->p + 1, '"', (size_t)(sc->end - sc->p - 1));
		if (q == NULL)
			return false;
		w = sc->p + 1;
		len = (size_t)(q - w);
		sc->p = q + 1;
		if (sc->p < sc->end && *sc->p != ' ')
			return false;
	} else if (!dcc_ctcp_word(sc, &w, &len))
		return false;
	if (len == 0 || len > DCC_CTCP_NAME_MAX || memchr(w, '\0', len) != NULL)
		return false;
	memcpy(out, w, len);
	out[len] = '\0';
	return true;
}

/* A decimal number of at most max; digits only. */
static bool
dcc_ctcp_number(const char *w, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t	n = 0;
	size_t		i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		if (n > (max - (uint64_t)(w[i] - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(w[i] - '0');
	}
	*out = n;
	return true;
}

/* The next word as a number of at most max. */
static bool
dcc_ctcp_next_number(struct dcc_ctcp_scan *sc, uint64_t max, uint64_t *out)
{
	const char	*w;
	size_t		 len;

	return dcc_ctcp_word(sc, &w, &len) && dcc_ctcp_number(w, len, max,
	    out);
}

/* An address as sent (a number, dotted IPv4 or IPv6 text) into its
 * normal text form. */
static bool
dcc_ctcp_address(const char *w, size_t len, char *out, size_t size)
{
	char		 text[DCC_CTCP_ADDR_MAX];
	struct in_addr	 a4;
	struct in6_addr	 a6;
	uint64_t	 n;

	if (len == 0 || len >= sizeof text)
		return false;
	memcpy(text, w, len);
	text[len] = '\0';
	if (memchr(text, ':', len) != NULL)
		return inet_pton(AF_INET6, text, &a6) == 1 &&
		    inet_ntop(AF_INET6, &a6, out, (socklen_t)size) != NULL;
	if (memchr(text, '.', len) != NULL)
		return inet_pton(AF_INET, text, &a4) == 1 &&
		    inet_ntop(AF_INET, &a4, out, (socklen_t)size) != NULL;
	if (!dcc_ctcp_number(text, len, UINT32_MAX, &n))
		return false;
	a4.s_addr = htonl((uint32_t)n);
	return inet_ntop(AF_INET, &a4, out, (socklen_t)size) != NULL;
}

/* An optional token at the end: digits and letters. */
static bool
dcc_ctcp_token(struct dcc_ctcp_scan *sc, char *out)
{
	const char	*w;
	size_t		 len, i;

	out[0] = '\0';
	if (!dcc_ctcp_word(sc, &w, &len))
		return true;
	if (len > DCC_CTCP_TOKEN_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!((w[i] >= '0' && w[i] <= '9') ||
		    (w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
			return false;
	}
	memcpy(out, w, len);
	out[len] = '\0';
	return true;
}

/* 64 hex digits, kept in lower case. */
static bool
dcc_ctcp_hash(struct dcc_ctcp_scan *sc, char *out)
{
	const char	*w;
	size_t		 len, i;
	char		 c;

	if (!dcc_ctcp_word(sc, &w, &len) || len != DCC_CTCP_HASH_HEX - 1)
		return false;
	for (i = 0; i < len; i++) {
		c = w[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		out[i] = c;
	}
	out[len] = '\0';
	return true;
}

/* Parse a DCC request; see dcc_ctcp.h. */
bool
dcc_ctcp_parse(const char *text, size_t len, struct dcc_ctcp *out)
{
	struct dcc_ctcp_scan	 sc;
	const char		*w;
	size_t			 wlen, i;
	uint64_t		 n;

	memset(out, 0, sizeof *out);
	if (len > 0 && text[len - 1] == '\001')
		len--;
	sc.p = text;
	sc.end = text + len;
	if (!dcc_ctcp_word(&sc, &w, &wlen) || wlen != 3 ||
	    strncasecmp(w, "DCC", 3) != 0)
		return false;
	if (!dcc_ctcp_word(&sc, &w, &wlen))
		return false;
	for (i = 0; i < DCC_CTCP_NTYPES; i++) {
		if (strlen(dcc_ctcp_types[i].word) == wlen &&
		    strncasecmp(w, dcc_ctcp_types[i].word, wlen) == 0)
			break;
	}
	if (i == DCC_CTCP_NTYPES)
		return false;
	out->type = dcc_ctcp_types[i].type;
	/* REJECT names what it refuses: only a SEND is ours to know. */
	if (out->type == DCC_CTCP_REJECT && (!dcc_ctcp_word(&sc, &w, &wlen) ||
	    wlen != 4 || strncasecmp(w, "SEND", 4) != 0))
		return false;
	if (!dcc_ctcp_name(&sc, out->name))
		return false;
	switch (out->type) {
	case DCC_CTCP_SEND:
		if (!dcc_ctcp_word(&sc, &w, &wlen) ||
		    !dcc_ctcp_address(w, wlen, out->addr, sizeof out->addr))
			return false;
		if (!dcc_ctcp_next_number(&sc, 65535, &n))
			return false;
		out->port = (unsigned)n;
		/* Old clients leave the size out: it is then unknown. */
		if (dcc_ctcp_more(&sc)) {
			if (!dcc_ctcp_next_number(&sc, DCC_CTCP_SIZE_MAX,
			    &out->size))
				return false;
			out->size_known = true;
		}
		if (!dcc_ctcp_token(&sc, out->token))
			return false;
		/* Passive needs its token to be matched. */
		if (out->port == 0 && out->token[0] == '\0')
			return false;
		break;
	case DCC_CTCP_RESUME:
	case DCC_CTCP_ACCEPT:
		if (!dcc_ctcp_next_number(&sc, 65535, &n))
			return false;
		out->port = (unsigned)n;
		if (!dcc_ctcp_next_number(&sc, DCC_CTCP_SIZE_MAX,
		    &out->position))
			return false;
		if (!dcc_ctcp_token(&sc, out->token))
			return false;
		break;
	case DCC_CTCP_SHA256:
		if (!dcc_ctcp_hash(&sc, out->hash))
			return false;
		break;
	case DCC_CTCP_REJECT:
		break;
	}
	return !dcc_ctcp_more(&sc);
}

/* The DCC form of an address. */
bool
dcc_ctcp_addr_wire(const char *text, char *out, size_t size)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	int		 n;

	if (inet_pton(AF_INET, text, &a4) == 1) {
		n = snprintf(out, size, "%" PRIu32, (uint32_t)ntohl(a4.s_addr));
		return n > 0 && (size_t)n < size;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1)
		return inet_ntop(AF_INET6, &a6, out, (socklen_t)size) != NULL;
	return false;
}

/* Whether a name can be said: not empty, no quote, no control. */
static bool
dcc_ctcp_name_ok(const char *name)
{
	const unsigned char	*p;

	if (name[0] == '\0' || strlen(name) > DCC_CTCP_NAME_MAX)
		return false;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == '"' || *p < 0x20 || *p == 0x7f)
			return false;
	}
	return true;
}

/* Format a DCC request; see dcc_ctcp.h. */
size_t
dcc_ctcp_format(const struct dcc_ctcp *d, char *buf, size_t size)
{
	char		 name[DCC_CTCP_NAME_MAX + 3], addr[DCC_CTCP_ADDR_MAX];
	const char	*type = NULL;
	size_t		 i;
	int		 n = -1;

	for (i = 0; i < DCC_CTCP_NTYPES; i++) {
		if (dcc_ctcp_types[i].type == d->type)
			type = dcc_ctcp_types[i].word;
	}
	if (type == NULL || !dcc_ctcp_name_ok(d->name))
		return 0;
	snprintf(name, sizeof name, strchr(d->name, ' ') != NULL ? "\"%s\"" :
	    "%s", d->name);
	switch (d->type) {
	case DCC_CTCP_SEND:
		if (!dcc_ctcp_addr_wire(d->addr, addr, sizeof addr) ||
		    d->port > 65535 || d->size > DCC_CTCP_SIZE_MAX ||
		    (d->port == 0 && d->token[0] == '\0'))
			return 0;
		n = snprintf(buf, size, "\001DCC %s %s %s %u %" PRIu64 "%s%s\001",
		    type, name, addr, d->port, d->size,
		    d->token[0] != '\0' ? " " : "", d->token);
		break;
	case DCC_CTCP_RESUME:
	case DCC_CTCP_ACCEPT:
		if (d->port > 65535 || d->position > DCC_CTCP_SIZE_MAX)
			return 0;
		n = snprintf(buf, size, "\001DCC %s %s %u %" PRIu64 "%s%s\001",
		    type, name, d->port, d->position,
		    d->token[0] != '\0' ? " " : "", d->token);
		break;
	case DCC_CTCP_SHA256:
		if (strlen(d->hash) != DCC_CTCP_HASH_HEX - 1)
			return 0;
		n = snprintf(buf, size, "\001DCC %s %s %s\001", type, name,
		    d->hash);
		break;
	case DCC_CTCP_REJECT:
		n = snprintf(buf, size, "\001DCC %s SEND %s\001", type, name);
		break;
	}
	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n;
}

/* A size in words. */
void
dcc_ctcp_size(uint64_t bytes, char *out, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	double		 v = (double)bytes;
	size_t		 u = 0;

	if (bytes < 1024) {
		snprintf(out, size, "%u B", (unsigned)bytes);
		return;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024;
		u++;
	}
	snprintf(out, size, "%.1f %s", v, units[u]);
}
