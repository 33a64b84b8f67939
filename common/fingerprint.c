/* SHA-256 fingerprints in ssh's form: "SHA256:" and unpadded base64. */
#include <string.h>

#include "base64.h"
#include "fingerprint.h"

char *
fingerprint_format(const unsigned char *digest, char *out, size_t size)
{
	if (size < FINGERPRINT_LEN + 1) {
		if (size > 0)
			out[0] = '\0';
		return out;
	}
	memcpy(out, "SHA256:", 7);
	base64_encode(digest, FINGERPRINT_DIGEST_LEN, false, out + 7, size - 7);
	return out;
}
