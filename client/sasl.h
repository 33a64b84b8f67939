/*
 * SASL for logging in during registration (IRCv3 "sasl" capability):
 * the PLAIN payload (RFC 4616: authzid NUL authcid NUL password, the
 * authzid left empty) in base64, and its split into AUTHENTICATE
 * arguments of at most SASL_CHUNK bytes, a lone "+" after a full last
 * chunk or for an empty payload (EXTERNAL's).  Plain C: the Check suite
 * tests it; handle.c sends the lines.
 */
#ifndef NATTER_SASL_H
#define NATTER_SASL_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of payload per AUTHENTICATE line. */
#define SASL_CHUNK		400
/* The longest user name and password PLAIN carries, together. */
#define SASL_PLAIN_MAX		600
/* Base64 of the longest PLAIN payload, NUL included. */
#define SASL_PAYLOAD_SIZE	((SASL_PLAIN_MAX + 2 + 2) / 3 * 4 + 1)
/* AUTHENTICATE lines a payload takes at most. */
#define SASL_CHUNKS_MAX		(SASL_PAYLOAD_SIZE / SASL_CHUNK + 2)

/* PLAIN's payload in base64 into out (SASL_PAYLOAD_SIZE bytes); false
 * when user and password are too long together. */
bool	sasl_plain(const char *user, const char *pass, char *out,
	    size_t size);
/*
 * Split a base64 payload ("" for none) into AUTHENTICATE arguments:
 * chunks[i] gets each (NUL-terminated); returns how many (at most max,
 * 0 when more would be needed).
 */
size_t	sasl_chunks(const char *payload, char chunks[][SASL_CHUNK + 1],
	    size_t max);

#endif
