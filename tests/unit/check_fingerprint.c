/* Unit tests for common/fingerprint: ssh's "SHA256:" + unpadded base64. */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "discovery.h"
#include "fingerprint.h"

/* SHA-256 of the empty string, which ssh-keygen-style tools print as below. */
static const unsigned char empty_digest[FINGERPRINT_DIGEST_LEN] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

START_TEST(test_empty_digest)
{
	char fp[FINGERPRINT_LEN + 1];

	fingerprint_format(empty_digest, fp, sizeof fp);
	ck_assert_str_eq(fp,
	    "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
	ck_assert_uint_eq(strlen(fp), FINGERPRINT_LEN);
	/* What discovery carries in fp= is exactly this form. */
	ck_assert(discovery_valid_fp(fp));
	ck_assert_uint_eq(FINGERPRINT_LEN, DISCOVERY_FP_LEN);
}
END_TEST

START_TEST(test_all_ones_and_zeros)
{
	unsigned char d[FINGERPRINT_DIGEST_LEN];
	char fp[FINGERPRINT_LEN + 1];

	memset(d, 0xff, sizeof d);
	fingerprint_format(d, fp, sizeof fp);
	/* 256 one bits: 42 "/" and the last 4 bits padded with zeros ("8"). */
	ck_assert_str_eq(fp, "SHA256:"
	    "//////////////////////////////////////////8");
	memset(d, 0, sizeof d);
	fingerprint_format(d, fp, sizeof fp);
	ck_assert_str_eq(fp, "SHA256:"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}
END_TEST

START_TEST(test_too_small)
{
	char fp[FINGERPRINT_LEN];

	memset(fp, 'x', sizeof fp);
	fingerprint_format(empty_digest, fp, sizeof fp);
	ck_assert_str_eq(fp, "");
	/* size 0 writes nothing at all. */
	fingerprint_format(empty_digest, fp + 1, 0);
	ck_assert_int_eq(fp[1], 'x');
}
END_TEST

static Suite *
fingerprint_suite(void)
{
	Suite *s = suite_create("fingerprint");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_empty_digest);
	tcase_add_test(tc, test_all_ones_and_zeros);
	tcase_add_test(tc, test_too_small);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(fingerprint_suite());
}
