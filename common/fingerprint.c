/* SHA-256 fingerprints in ssh's form: "SHA256:" and unpadded base64. */
#include <string.h>

#include "fingerprint.h"

char *
fingerprint_format(const unsigned char *digest, char *out, size_t size)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long bits = 0;
	size_t i, o;
	int nbits = 0;

	if (size < FINGERPRINT_LEN + 1) {
		if (size > 0)
			out[0] = '\0';
		return out;
	}
	memcpy(out, "SHA256:", 7);
	o = 7;
	/* Six bits at a time; the last two of 256 are padded with zeros. */
	for (i = 0; i < FINGERPRINT_DIGEST_LEN; i++) {
		bits = (bits << 8) | digest[i];
		nbits += 8;
		while (nbits >= 6) {
			nbits -= 6;
			out[o++] = alphabet[(bits >> nbits) & 0x3f];
		}
	}
	if (nbits > 0)
		out[o++] = alphabet[(bits << (6 - nbits)) & 0x3f];
	out[o] = '\0';
	return out;
}
