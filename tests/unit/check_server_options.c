/* Unit tests for server/options.c: natterd's command line, the TLS options. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "server/options.h"
#include "server/server.h"

/* Parse argv (NULL-terminated, without the program name) into *config. */
static void
parse(struct server_config *config, const char **args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = (char *)"natterd";
	while (*args != NULL && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	optind = 1;
	options_start(argc, argv, config);
}

START_TEST(test_tls_defaults)
{
	struct server_config config;

	parse(&config, (const char *[]){ NULL });
	ck_assert_str_eq(config.port, "6667");
	ck_assert_str_eq(config.tls_port, "6697");
	ck_assert_ptr_null(config.tls_cert);
	ck_assert_ptr_null(config.tls_key);
	ck_assert_ptr_null(config.plain_bind);
	ck_assert(!config.no_plain_port);
	ck_assert(!config.fingerprint);
}
END_TEST

START_TEST(test_tls_options)
{
	struct server_config config;

	parse(&config, (const char *[]){ "--tls-port", "0", "--tls-cert",
	    "c.pem", "--tls-key", "k.pem", "--plain-bind", "127.0.0.1",
	    NULL });
	ck_assert_str_eq(config.tls_port, "0");
	/* Made absolute: -d moves to / and SIGHUP reads them again. */
	ck_assert(config.tls_cert[0] == '/');
	ck_assert_str_eq(strrchr(config.tls_cert, '/'), "/c.pem");
	ck_assert_str_eq(strrchr(config.tls_key, '/'), "/k.pem");
	ck_assert_str_eq(config.plain_bind, "127.0.0.1");
	parse(&config, (const char *[]){ "--state-dir", "d", "--no-plain-port",
	    "--fingerprint", NULL });
	ck_assert_str_eq(strrchr(config.state_dir, '/'), "/d");
	ck_assert(config.no_plain_port);
	ck_assert(config.fingerprint);
	parse(&config, (const char *[]){ "--tls-cert", "c.pem",
	    "--fingerprint", NULL });
	ck_assert(config.fingerprint);
}
END_TEST

/* Each of these exits 1 (tcase_add_exit_test runs it in a child). */
START_TEST(test_key_without_cert)
{
	struct server_config config;

	freopen("/dev/null", "w", stderr);
	parse(&config, (const char *[]){ "--tls-key", "k.pem", NULL });
}
END_TEST

START_TEST(test_fingerprint_without_certificate)
{
	struct server_config config;

	freopen("/dev/null", "w", stderr);
	parse(&config, (const char *[]){ "--fingerprint", NULL });
}
END_TEST

START_TEST(test_no_plain_port_without_tls)
{
	struct server_config config;

	freopen("/dev/null", "w", stderr);
	parse(&config, (const char *[]){ "--no-plain-port", NULL });
}
END_TEST

START_TEST(test_no_plain_port_and_plain_bind)
{
	struct server_config config;

	freopen("/dev/null", "w", stderr);
	parse(&config, (const char *[]){ "--state-dir", "d", "--no-plain-port",
	    "--plain-bind", "127.0.0.1", NULL });
}
END_TEST

START_TEST(test_bad_tls_port)
{
	static const char *bad[] = { "65536", "-1", "x", "", "6697x" };
	struct server_config config;

	freopen("/dev/null", "w", stderr);
	parse(&config, (const char *[]){ "--tls-port", bad[_i], NULL });
}
END_TEST

static Suite *
server_options_suite(void)
{
	Suite *s = suite_create("server_options");
	TCase *tc = tcase_create("tls");

	tcase_add_test(tc, test_tls_defaults);
	tcase_add_test(tc, test_tls_options);
	tcase_add_exit_test(tc, test_key_without_cert, 1);
	tcase_add_exit_test(tc, test_fingerprint_without_certificate, 1);
	tcase_add_exit_test(tc, test_no_plain_port_without_tls, 1);
	tcase_add_exit_test(tc, test_no_plain_port_and_plain_bind, 1);
	tcase_add_loop_exit_test(tc, test_bad_tls_port, 1, 0, 5);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(server_options_suite());
}
