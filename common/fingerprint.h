/*
 * Certificate fingerprints as natter shows them: "SHA256:" and the
 * unpadded base64 of the digest, as ssh prints keys.  The same form is
 * carried by discovery's fp= (discovery.h), printed by natterd
 * --fingerprint and shown in WHOIS (276).
 */
#ifndef NATTER_FINGERPRINT_H
#define NATTER_FINGERPRINT_H

#include <stddef.h>

/* Bytes of a SHA-256 digest. */
#define FINGERPRINT_DIGEST_LEN	32
/* "SHA256:" and 43 bytes of base64, without the NUL. */
#define FINGERPRINT_LEN		(7 + 43)

/*
 * Write "SHA256:" and the unpadded base64 of the FINGERPRINT_DIGEST_LEN
 * bytes at digest into out (size bytes, FINGERPRINT_LEN + 1 needed);
 * returns out, or "" in out when it does not fit.
 */
char	*fingerprint_format(const unsigned char *digest, char *out,
	    size_t size);

#endif
