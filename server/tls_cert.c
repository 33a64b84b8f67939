/* The self-signed certificate natterd makes on first start, and fingerprints. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "fingerprint.h"
#include "log.h"
#include "tls_cert.h"
#include "write_all.h"

/*
 * Write len bytes to a new file at path, mode mode: O_EXCL so an existing
 * file (or a planted link) is never written through, O_NOFOLLOW for a
 * link at the last component, synced before it is closed.
 */
static bool
tls_cert_write_new(const char *path, const void *data, size_t len, mode_t mode,
    char *err, size_t errlen)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd == -1) {
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		return false;
	}
	if (!write_all(fd, data, len) || fsync(fd) == -1) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	return true;
}

/* The key at key_path, made (and written) when there is none yet. */
static bool
tls_cert_key(gnutls_x509_privkey_t key, const char *key_path, char *err,
    size_t errlen)
{
	gnutls_datum_t pem = { NULL, 0 };
	bool ok;
	int r;

	if ((r = gnutls_load_file(key_path, &pem)) == 0) {
		/* A first start that stopped after the key: use it. */
		r = gnutls_x509_privkey_import(key, &pem, GNUTLS_X509_FMT_PEM);
		gnutls_free(pem.data);
		if (r < 0)
			snprintf(err, errlen, "%s: %s (remove it and start "
			    "again for a new key)", key_path,
			    gnutls_strerror(r));
		return r >= 0;
	}
	if (access(key_path, F_OK) == 0) {
		snprintf(err, errlen, "cannot read %s", key_path);
		return false;
	}
	r = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (r >= 0)
		r = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &pem);
	if (r < 0) {
		snprintf(err, errlen, "cannot make a key: %s",
		    gnutls_strerror(r));
		return false;
	}
	ok = tls_cert_write_new(key_path, pem.data, pem.size, 0600, err,
	    errlen);
	gnutls_free(pem.data);
	return ok;
}

/* Fill in and sign a self-signed server certificate for name. */
static int
tls_cert_sign(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key,
    const char *name)
{
	unsigned char serial[16];
	time_t now = time(NULL);
	int r;

	if ((r = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
		return r;
	serial[0] &= 0x7f;	/* a positive number */
	if ((r = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
	    (r = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
	    (r = gnutls_x509_crt_set_activation_time(crt, now - 3600)) < 0 ||
	    (r = gnutls_x509_crt_set_expiration_time(crt,
	    now + (time_t)TLS_CERT_YEARS * 365 * 86400)) < 0 ||
	    (r = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME,
	    0, name, (unsigned)strlen(name))) < 0 ||
	    (r = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME,
	    name, (unsigned)strlen(name), GNUTLS_FSAN_SET)) < 0 ||
	    (r = gnutls_x509_crt_set_key(crt, key)) < 0 ||
	    (r = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
	    (r = gnutls_x509_crt_set_key_usage(crt,
	    GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
	    (r = gnutls_x509_crt_set_key_purpose_oid(crt,
	    GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0)
		return r;
	return gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
}

bool
tls_cert_ensure(const char *cert_path, const char *key_path, const char *name,
    char *err, size_t errlen)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t pem = { NULL, 0 };
	char tmp[4096];
	bool ok = false;
	int r;

	if (access(cert_path, F_OK) == 0)
		return true;
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", cert_path, strerror(errno));
		return false;
	}
	if (snprintf(tmp, sizeof tmp, "%s.new", cert_path) >= (int)sizeof tmp) {
		snprintf(err, errlen, "%s: name too long", cert_path);
		return false;
	}
	if (gnutls_x509_privkey_init(&key) < 0 ||
	    gnutls_x509_crt_init(&crt) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (!tls_cert_key(key, key_path, err, errlen))
		goto out;
	if ((r = tls_cert_sign(crt, key, name)) < 0 ||
	    (r = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem)) < 0) {
		snprintf(err, errlen, "cannot make a certificate: %s",
		    gnutls_strerror(r));
		goto out;
	}
	/* Written aside, then renamed: a certificate there is a whole one. */
	(void)unlink(tmp);
	if (!tls_cert_write_new(tmp, pem.data, pem.size, 0644, err, errlen))
		goto out;
	if (rename(tmp, cert_path) == -1) {
		snprintf(err, errlen, "cannot rename %s: %s", tmp,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	log_info("made a self-signed certificate %s for %s (key %s)",
	    cert_path, name, key_path);
	ok = true;
out:
	gnutls_free(pem.data);
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (key != NULL)
		gnutls_x509_privkey_deinit(key);
	return ok;
}

bool
tls_cert_fingerprint(const gnutls_datum_t *der, char *fp, size_t size)
{
	unsigned char digest[FINGERPRINT_DIGEST_LEN];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, der->data, der->size,
	    digest) < 0)
		return false;
	fingerprint_format(digest, fp, size);
	return fp[0] != '\0';
}
