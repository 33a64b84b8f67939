/* Unit tests of client/trust.c: every way a TLS server is trusted or
 * refused, and which addresses count as the LAN. */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <stdbool.h>
#include <string.h>

#include "client/trust.h"
#include "check_run.h"

static Suite	*trust_suite(void);

#define FP1 "SHA256:wfdUFajKXWSnRwSGcfuHUBbcyLvigDEHe69UYjTjvWI"
#define FP2 "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

static struct trust_facts	f;
static char			msg[2048];

/* A LAN server with a key of its own, FP1, seen for the first time. */
static void
setup(void)
{
	memset(&f, 0, sizeof f);
	f.key = "lanbox:6697";
	f.fp = FP1;
	f.ca_ok = false;
	f.ca_why = "The certificate issuer is unknown.";
	f.local = true;
	f.known = KNOWN_SERVERS_ABSENT;
	f.path = "/home/a/.local/share/natter/known_servers";
}

START_TEST(test_ca)
{
	f.ca_ok = true;
	f.local = false;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_CA);
	ck_assert_str_eq(msg, "");
	/* The CAs do not override a pin. */
	f.pinned = FP2;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
}
END_TEST

START_TEST(test_pinned)
{
	f.local = false;
	f.pinned = FP1;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_PINNED);
	f.pinned = FP2;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	ck_assert(strstr(msg, "expected: " FP2) != NULL);
	ck_assert(strstr(msg, "the server has: " FP1) != NULL);
}
END_TEST

START_TEST(test_first_use)
{
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_FIRST);
	ck_assert(strstr(msg, "First connection to lanbox:6697") != NULL);
	ck_assert(strstr(msg, FP1) != NULL);
	ck_assert(strstr(msg, f.path) != NULL);
	/* Announced by discovery: the same key goes in quietly... */
	f.discovered = FP1;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg),
	    TRUST_FIRST_ANNOUNCED);
	/* ... another one is refused. */
	f.discovered = FP2;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	ck_assert(strstr(msg, "announced: " FP2) != NULL);
	/* Not on the LAN: no trust on first use, but how to pin it. */
	f.discovered = NULL;
	f.local = false;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	ck_assert(strstr(msg, "--tls-fingerprint " FP1) != NULL);
	ck_assert(strstr(msg, "issuer is unknown") != NULL);
}
END_TEST

START_TEST(test_known)
{
	f.known = KNOWN_SERVERS_MATCH;
	f.known_fp = FP1;
	f.known_line = 3;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_KNOWN);
	/* Known, even where it is not the LAN any more. */
	f.local = false;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_KNOWN);
	/* A changed key: refused, both keys and the line to delete. */
	f.known_fp = FP2;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	ck_assert(strstr(msg, "HAS CHANGED") != NULL);
	ck_assert(strstr(msg, "remembered: " FP2) != NULL);
	ck_assert(strstr(msg, "the server has now: " FP1) != NULL);
	ck_assert(strstr(msg, "delete line 3 of " "/home/a/.local/share/"
	    "natter/known_servers (\"lanbox:6697 " FP2 "\")") != NULL);
	/* Also when discovery announces the new key. */
	f.discovered = FP1;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	/* A broken line for it: refused until fixed. */
	f.known = KNOWN_SERVERS_MALFORMED;
	ck_assert_int_eq(trust_decide(&f, msg, sizeof msg), TRUST_REFUSE);
	ck_assert(strstr(msg, "line 3 of") != NULL);
}
END_TEST

/* Whether the text address is on the LAN. */
static bool
local(const char *addr)
{
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;

	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		return trust_addr_local((struct sockaddr *)&sin);
	}
	ck_assert_int_eq(inet_pton(AF_INET6, addr, &sin6.sin6_addr), 1);
	sin6.sin6_family = AF_INET6;
	return trust_addr_local((struct sockaddr *)&sin6);
}

START_TEST(test_local)
{
	static const char *const yes[] = { "127.0.0.1", "127.9.9.9",
	    "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10",
	    "169.254.3.4", "::1", "fe80::1", "fd12:3456::1", "fc00::1",
	    "::ffff:192.168.1.2" };
	static const char *const no[] = { "8.8.8.8", "172.15.0.1",
	    "172.32.0.1", "192.169.1.1", "100.64.0.1", "2001:db8::1",
	    "::ffff:8.8.8.8", "::" };
	size_t	i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert_msg(local(yes[i]), "%s", yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(!local(no[i]), "%s", no[i]);
}
END_TEST

static Suite *
trust_suite(void)
{
	Suite	*su = suite_create("trust");
	TCase	*tc = tcase_create("trust");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_ca);
	tcase_add_test(tc, test_pinned);
	tcase_add_test(tc, test_first_use);
	tcase_add_test(tc, test_known);
	tcase_add_test(tc, test_local);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(trust_suite());
}
