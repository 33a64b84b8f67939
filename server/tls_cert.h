/*
 * natterd's certificate files: the self-signed certificate and key it
 * makes in --state-dir on first start, and fingerprints of certificates.
 */
#ifndef NATTER_TLS_CERT_H
#define NATTER_TLS_CERT_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/gnutls.h>

/* File names of the certificate and key natterd makes in --state-dir. */
#define TLS_CERT_FILE		"tls-cert.pem"
#define TLS_KEY_FILE		"tls-key.pem"
/* Years a self-signed certificate is valid: renewing it changes the key nobody checks. */
#define TLS_CERT_YEARS		20

/*
 * Make sure cert_path and key_path hold a certificate and its key: when
 * the certificate does not exist, make a self-signed one for name (an
 * ECDSA P-256 key, reusing a key file left by an interrupted first start).
 * The key file is created mode 0600, never through a symbolic link, never
 * over an existing file.  Returns false with a reason in err.
 */
bool	tls_cert_ensure(const char *cert_path, const char *key_path,
	    const char *name, char *err, size_t errlen);
/*
 * The fingerprint (fingerprint.h) of the DER certificate der into fp
 * (FINGERPRINT_LEN + 1 bytes); false when it cannot be hashed.
 */
bool	tls_cert_fingerprint(const gnutls_datum_t *der, char *fp, size_t size);

#endif
