/*
 * LAN discovery: the probe natter broadcasts and the answer natterd sends
 * back, one UDP datagram each (natterd.8 describes the format for users).
 *
 * Both are one line of printable ASCII, words separated by one space,
 * ended by "\n" (a "\r\n" or no line end at all is accepted too):
 *
 *	probe:	NATTER? 1 [key=value ...]
 *	answer:	NATTER 1 port=6667 [name=lanbox] [users=12] [rooms=3] [tls=6697]
 *		[fp=SHA256:...] [id=...]
 *
 * tls= is the TLS port (0: none) and fp= the SHA-256 fingerprint of the
 * certificate served there, as natterd --fingerprint prints it, so natter
 * can pin the key it discovered without asking.
 *
 * The number after the magic word is the format's version; a reader of
 * version 1 reads the keys it knows of any version >= 1 and ignores keys
 * it does not know, so later versions only add keys.  A key is [a-z0-9_-],
 * 1 to DISCOVERY_KEY_MAX bytes; a value is 0 to DISCOVERY_VALUE_MAX bytes
 * of printable ASCII without spaces.  Anything else (control bytes, NUL,
 * 8-bit bytes, two spaces, a word without '=', a datagram longer than the
 * maximum) makes the whole datagram invalid, and it is ignored.
 *
 * So that natterd cannot be used as an amplifier, an answer is at most
 * DISCOVERY_AMPLIFY times the size of the probe it answers: natter pads
 * its probes to DISCOVERY_PROBE_SIZE with a "pad=" key; a short probe
 * gets no answer when its answer would not fit.
 */
#ifndef NATTER_DISCOVERY_H
#define NATTER_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>

/* The format's version, the number after the magic word. */
#define DISCOVERY_VERSION	1
/* The first word of a probe and of an answer. */
#define DISCOVERY_PROBE_MAGIC	"NATTER?"
#define DISCOVERY_ANSWER_MAGIC	"NATTER"
/* A probe longer than this, line end included, is ignored. */
#define DISCOVERY_PROBE_MAX	128
/* The size natter pads its probes to. */
#define DISCOVERY_PROBE_SIZE	96
/* An answer longer than this, line end included, is invalid. */
#define DISCOVERY_ANSWER_MAX	256
/* An answer is at most this many times the size of its probe. */
#define DISCOVERY_AMPLIFY	3
/* Bytes of a key, and of a value. */
#define DISCOVERY_KEY_MAX	16
#define DISCOVERY_VALUE_MAX	64
/* Bytes of the server's name (the name= value), [A-Za-z0-9._-] only. */
#define DISCOVERY_NAME_MAX	63
/* Bytes of the server's instance id (id=): tells two answers of one server apart. */
#define DISCOVERY_ID_MAX	16
/* A certificate fingerprint: "SHA256:" and 43 bytes of unpadded base64. */
#define DISCOVERY_FP_PREFIX	"SHA256:"
#define DISCOVERY_FP_LEN	(sizeof DISCOVERY_FP_PREFIX - 1 + 43)

/* What an answer says about a server. */
struct discovery_answer {
	unsigned	version;	/* the answer's version, >= 1 */
	char		name[DISCOVERY_NAME_MAX + 1];	/* "" when not said */
	char		id[DISCOVERY_ID_MAX + 1];	/* "" when not said */
	unsigned	port;		/* the TCP port to connect to, 1..65535 */
	long		users;		/* registered users, -1 when not said */
	long		rooms;		/* rooms with members, -1 when not said */
	unsigned	tls_port;	/* TCP port speaking TLS, 0 when none */
	char		fp[DISCOVERY_FP_LEN + 1];	/* "" when not said */
};

/*
 * Write natter's probe, padded to DISCOVERY_PROBE_SIZE bytes, into buf;
 * returns its length (buf must hold DISCOVERY_PROBE_SIZE + 1 bytes).
 */
size_t	discovery_format_probe(char *buf, size_t size);
/*
 * Whether the len bytes at buf are a valid probe; the probe's version goes
 * to *version (may be NULL).
 */
bool	discovery_parse_probe(const char *buf, size_t len, unsigned *version);
/*
 * Write the answer a describes into buf (at most DISCOVERY_ANSWER_MAX
 * bytes, "\n" included, no NUL); the name is sanitized (see
 * discovery_sanitize_name).  Returns the length, or 0 when it does not
 * fit in size or in limit bytes.
 */
size_t	discovery_format_answer(char *buf, size_t size, size_t limit,
	    const struct discovery_answer *a);
/* Parse the len bytes at buf as an answer into *a; false when invalid. */
bool	discovery_parse_answer(const char *buf, size_t len,
	    struct discovery_answer *a);
/*
 * Whether fp is a fingerprint as fp= carries it: DISCOVERY_FP_PREFIX and
 * 43 bytes of unpadded base64 (a SHA-256 digest).
 */
bool	discovery_valid_fp(const char *fp);
/*
 * Copy src into dst (size bytes, at most DISCOVERY_NAME_MAX + 1 used) with
 * every byte outside [A-Za-z0-9._-] turned into '-'.
 */
void	discovery_sanitize_name(char *dst, size_t size, const char *src);

#endif
