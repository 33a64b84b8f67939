/* Unit tests of client/sasl.c and client/base64.c: PLAIN payloads, the
 * 400-byte AUTHENTICATE chunks, base64 padded and not (fingerprints). */
#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "base64.h"
#include "client/sasl.h"
#include "check_run.h"

static Suite	*sasl_suite(void);

START_TEST(test_base64)
{
	/* RFC 4648's test vectors. */
	static const char *const in[] = { "", "f", "fo", "foo", "foob",
	    "fooba", "foobar" };
	static const char *const pad[] = { "", "Zg==", "Zm8=", "Zm9v",
	    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	static const char *const nopad[] = { "", "Zg", "Zm8", "Zm9v",
	    "Zm9vYg", "Zm9vYmE", "Zm9vYmFy" };
	unsigned char	bytes[32];
	char		out[64];
	size_t		i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		base64_encode(in[i], strlen(in[i]), true, out, sizeof out);
		ck_assert_str_eq(out, pad[i]);
		ck_assert_uint_eq(base64_len(strlen(in[i]), true),
		    strlen(pad[i]));
		base64_encode(in[i], strlen(in[i]), false, out, sizeof out);
		ck_assert_str_eq(out, nopad[i]);
		ck_assert_uint_eq(base64_len(strlen(in[i]), false),
		    strlen(nopad[i]));
	}
	/* A SHA-256 digest is 43 characters unpadded, as ssh prints it. */
	memset(bytes, 0xff, sizeof bytes);
	ck_assert_uint_eq(base64_encode(bytes, 32, false, out, sizeof out), 43);
	ck_assert_str_eq(out, "//////////////////////////////////////////8");
	/* Too small: nothing, and said so. */
	ck_assert_uint_eq(base64_encode("foo", 3, true, out, 4), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(base64_encode("foo", 3, true, out, 5), 4);
}
END_TEST

START_TEST(test_plain)
{
	char	out[SASL_PAYLOAD_SIZE], user[SASL_PLAIN_MAX + 2];

	ck_assert(sasl_plain("bob", "secret", out, sizeof out));
	ck_assert_str_eq(out, "AGJvYgBzZWNyZXQ=");	/* \0bob\0secret */
	memset(user, 'u', sizeof user);
	user[SASL_PLAIN_MAX] = '\0';
	ck_assert(sasl_plain(user, "", out, sizeof out));
	ck_assert_uint_eq(strlen(out), SASL_PAYLOAD_SIZE - 1);
	user[SASL_PLAIN_MAX] = 'u';
	user[SASL_PLAIN_MAX + 1] = '\0';
	ck_assert(!sasl_plain(user, "", out, sizeof out));
}
END_TEST

START_TEST(test_chunks)
{
	char	chunks[SASL_CHUNKS_MAX][SASL_CHUNK + 1];
	char	payload[1200];

	/* Empty (EXTERNAL): "+". */
	ck_assert_uint_eq(sasl_chunks("", chunks, SASL_CHUNKS_MAX), 1);
	ck_assert_str_eq(chunks[0], "+");
	/* Short: itself. */
	ck_assert_uint_eq(sasl_chunks("AGJvYgBzZWNyZXQ=", chunks,
	    SASL_CHUNKS_MAX), 1);
	ck_assert_str_eq(chunks[0], "AGJvYgBzZWNyZXQ=");
	/* 400 exactly: the chunk, then "+". */
	memset(payload, 'A', 400);
	payload[400] = '\0';
	ck_assert_uint_eq(sasl_chunks(payload, chunks, SASL_CHUNKS_MAX), 2);
	ck_assert_uint_eq(strlen(chunks[0]), 400);
	ck_assert_str_eq(chunks[1], "+");
	/* 801: 400, 400, 1. */
	memset(payload, 'B', 801);
	payload[801] = '\0';
	ck_assert_uint_eq(sasl_chunks(payload, chunks, SASL_CHUNKS_MAX), 3);
	ck_assert_uint_eq(strlen(chunks[1]), 400);
	ck_assert_str_eq(chunks[2], "B");
	/* Not enough room: nothing. */
	ck_assert_uint_eq(sasl_chunks(payload, chunks, 2), 0);
	/* The longest PLAIN payload fits. */
	memset(payload, 'C', SASL_PAYLOAD_SIZE - 1);
	payload[SASL_PAYLOAD_SIZE - 1] = '\0';
	ck_assert_uint_gt(sasl_chunks(payload, chunks, SASL_CHUNKS_MAX), 0);
}
END_TEST

static Suite *
sasl_suite(void)
{
	Suite	*su = suite_create("sasl");
	TCase	*tc = tcase_create("sasl");

	tcase_add_test(tc, test_base64);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_chunks);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(sasl_suite());
}
