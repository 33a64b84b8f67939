/* Unit tests of client/options.c: defaults, config lines, command line. */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/options.h"
#include "check_run.h"

static Suite	*options_suite(void);

static struct options	o;
static char		err[512];

static void
setup(void)
{
	options_init(&o, "alice", false);
	err[0] = '\0';
}

static void
teardown(void)
{
	options_free(&o);
}

/* Parse a NULL-terminated argument list. */
static enum options_result
parse(const char *first, ...)
{
	char		*argv[32];
	const char	*a;
	int		 argc = 0;
	va_list		 ap;

	argv[argc++] = (char *)"natter";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	return options_parse(&o, argc, argv, err, sizeof err);
}

/* Apply a copy of a config line. */
static bool
line(const char *text)
{
	char	buf[1100];

	snprintf(buf, sizeof buf, "%s", text);
	return options_config_line(&o, buf, err, sizeof err);
}

START_TEST(test_defaults)
{
	struct options	d;

	ck_assert_str_eq(o.host, "localhost");
	ck_assert_str_eq(o.port, "6667");
	ck_assert_str_eq(o.nick, "alice");
	ck_assert_str_eq(o.rooms, "#lobby");
	ck_assert_ptr_null(o.password);
	ck_assert(o.color);
	ck_assert_int_eq(o.bell, OPTIONS_BELL_HIGHLIGHT);
	ck_assert_uint_eq(o.scrollback, 5000);
	options_init(&d, NULL, true);
	ck_assert_str_eq(d.nick, "natter");
	ck_assert(!d.color);
	options_free(&d);
}
END_TEST

START_TEST(test_command_line)
{
	ck_assert_int_eq(parse("-n", "bob", "-p", "7000", "-j", "#a,#b",
	    "-w", "secret", "-r", "Bob B", "--no-color", "lanbox", NULL),
	    OPTIONS_RUN);
	ck_assert_str_eq(o.nick, "bob");
	ck_assert_str_eq(o.port, "7000");
	ck_assert_str_eq(o.rooms, "#a,#b");
	ck_assert_str_eq(o.password, "secret");
	ck_assert_str_eq(o.realname, "Bob B");
	ck_assert_str_eq(o.host, "lanbox");
	ck_assert(!o.color);
	ck_assert_int_eq(parse("-h", NULL), OPTIONS_HELP);
	ck_assert_int_eq(parse("--help", NULL), OPTIONS_HELP);
	ck_assert_int_eq(parse("-V", NULL), OPTIONS_VERSION);
	ck_assert_int_eq(parse("--version", NULL), OPTIONS_VERSION);
	ck_assert_int_eq(parse("-j", "", NULL), OPTIONS_RUN);
	ck_assert_str_eq(o.rooms, "");
}
END_TEST

START_TEST(test_command_line_errors)
{
	ck_assert_int_eq(parse("-x", NULL), OPTIONS_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "-x"));
	ck_assert_int_eq(parse("-p", "0", NULL), OPTIONS_ERROR);
	ck_assert_int_eq(parse("-p", "70000", NULL), OPTIONS_ERROR);
	ck_assert_int_eq(parse("-p", "66x", NULL), OPTIONS_ERROR);
	ck_assert_int_eq(parse("-n", "two words", NULL), OPTIONS_ERROR);
	ck_assert_int_eq(parse("-n", NULL), OPTIONS_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "needs a value"));
	ck_assert_int_eq(parse("a", "b", NULL), OPTIONS_ERROR);
	ck_assert_int_eq(parse("--colour-me", NULL), OPTIONS_ERROR);
}
END_TEST

/* -l/--discover, and whether a host was given: with none, natter looks
 * for natterd on the LAN (main.c), so a default host must not count. */
START_TEST(test_discover_and_host_given)
{
	struct options	d;

	ck_assert(!o.discover);
	ck_assert(!o.host_given);
	ck_assert_int_eq(parse("-n", "bob", "-p", "7001", NULL), OPTIONS_RUN);
	ck_assert(!o.host_given);
	ck_assert(!o.discover);
	ck_assert_str_eq(o.host, OPTIONS_HOST);
	ck_assert_int_eq(parse("-l", NULL), OPTIONS_RUN);
	ck_assert(o.discover);
	ck_assert(!o.host_given);
	ck_assert_int_eq(parse("lanbox", NULL), OPTIONS_RUN);
	ck_assert(o.host_given);
	ck_assert_str_eq(o.host, "lanbox");

	options_init(&d, "alice", false);
	ck_assert_int_eq(options_parse(&d, 3, (char *[]){ "natter",
	    "--discover", "-p7002", NULL }, err, sizeof err), OPTIONS_RUN);
	ck_assert(d.discover);
	ck_assert_str_eq(d.port, "7002");
	ck_assert(!d.host_given);
	ck_assert_int_eq(options_parse(&d, 2, (char *[]){ "natter",
	    "--discover=yes", NULL }, err, sizeof err), OPTIONS_ERROR);
	options_free(&d);

	/* A host from the config file counts as given; the command line's
	 * wins over it. */
	options_init(&d, "alice", false);
	{
		char	buf[] = "host = filebox";

		ck_assert(options_config_line(&d, buf, err, sizeof err));
	}
	ck_assert(d.host_given);
	ck_assert_int_eq(options_parse(&d, 1, (char *[]){ "natter", NULL },
	    err, sizeof err), OPTIONS_RUN);
	ck_assert(d.host_given);
	ck_assert_str_eq(d.host, "filebox");
	ck_assert_int_eq(options_parse(&d, 2, (char *[]){ "natter",
	    "cmdbox", NULL }, err, sizeof err), OPTIONS_RUN);
	ck_assert_str_eq(d.host, "cmdbox");
	options_free(&d);
}
END_TEST

START_TEST(test_config_lines)
{
	ck_assert(line("# a comment"));
	ck_assert(line("   "));
	ck_assert(line("nick = carol"));
	ck_assert_str_eq(o.nick, "carol");
	ck_assert(line("  host=lanbox  "));
	ck_assert_str_eq(o.host, "lanbox");
	ck_assert(line("port = 6697"));
	ck_assert(line("rooms = #a,#b"));
	ck_assert_str_eq(o.rooms, "#a,#b");
	ck_assert(line("realname = \"  Carol C  \""));
	ck_assert_str_eq(o.realname, "  Carol C  ");
	ck_assert(line("password = pw"));
	ck_assert_str_eq(o.password, "pw");
	ck_assert(line("timestamp = \"\""));
	ck_assert_str_eq(o.time_format, "");
	ck_assert_str_eq(o.date_format, "%Y-%m-%d");
	ck_assert(line("datestamp = %d/%m"));
	ck_assert_str_eq(o.date_format, "%d/%m");
	ck_assert(line("day_change = \"%A, %d %B\""));
	ck_assert_str_eq(o.day_format, "%A, %d %B");
	ck_assert(line("bell = never"));
	ck_assert_int_eq(o.bell, OPTIONS_BELL_NEVER);
	ck_assert(line("bell = private"));
	ck_assert_int_eq(o.bell, OPTIONS_BELL_PRIVATE);
	ck_assert(line("paste_burst = 3"));
	ck_assert(line("paste_rate = 1"));
	ck_assert_int_eq(o.paste_burst, 3);
	ck_assert_int_eq(o.paste_rate, 1);
	ck_assert(!line("paste_rate = 0"));
	ck_assert(!line("paste_burst = many"));
	ck_assert(line("scrollback = 200"));
	ck_assert_uint_eq(o.scrollback, 200);
	ck_assert(line("history = 10"));
	ck_assert_uint_eq(o.history, 10);
	ck_assert(line("color = no"));
	ck_assert(!o.color);
	/* The file never turns colours back on. */
	ck_assert(line("color = yes"));
	ck_assert(!o.color);

	ck_assert(!line("colour: yes"));
	ck_assert(!line("shoe = 9"));
	ck_assert_ptr_nonnull(strstr(err, "shoe"));
	ck_assert(!line("port = http"));
	ck_assert(!line("scrollback = 0"));
	ck_assert(!line("bell = sometimes"));
	ck_assert(!line("color = perhaps"));
}
END_TEST

/* Numbers at their bounds, with the words of each refusal. */
START_TEST(test_number_bounds)
{
	/* Ports: 1..65535, digits only. */
	ck_assert(line("port = 1"));
	ck_assert_str_eq(o.port, "1");
	ck_assert(line("port = 65535"));
	ck_assert_str_eq(o.port, "65535");
	ck_assert(!line("port = 0"));
	ck_assert_str_eq(err, "bad port '0' (1-65535)");
	ck_assert(!line("port = 65536"));
	ck_assert_str_eq(err, "bad port '65536' (1-65535)");
	ck_assert(!line("port = 99999999999999999999999"));
	ck_assert(!line("port = 66x"));
	ck_assert_str_eq(err, "bad port '66x' (1-65535)");
	ck_assert(!line("port = +80"));
	ck_assert(!line("port = -1"));
	ck_assert(!line("port ="));
	ck_assert_str_eq(err, "bad port '' (1-65535)");
	ck_assert_int_eq(parse("-p", "65535", NULL), OPTIONS_RUN);
	ck_assert_int_eq(parse("-p", "", NULL), OPTIONS_ERROR);
	ck_assert_str_eq(err, "bad port '' (1-65535)");

	/* Lines: 1..1000000, digits only. */
	ck_assert(line("scrollback = 1"));
	ck_assert_uint_eq(o.scrollback, 1);
	ck_assert(line("history = 1000000"));
	ck_assert_uint_eq(o.history, 1000000);
	ck_assert(!line("history = 1000001"));
	ck_assert_str_eq(err, "history: expected a number of lines "
	    "(1-1000000)");
	ck_assert(!line("scrollback = 0"));
	ck_assert_str_eq(err, "scrollback: expected a number of lines "
	    "(1-1000000)");
	ck_assert(!line("scrollback = lots"));
	ck_assert(!line("scrollback = 10 lines"));
	ck_assert(!line("scrollback = +10"));
	ck_assert(!line("scrollback ="));
	ck_assert_uint_eq(o.scrollback, 1);

	/* A paste's pace: 1..1000; a sign before the digits is taken. */
	ck_assert(line("paste_burst = 1000"));
	ck_assert_int_eq(o.paste_burst, 1000);
	ck_assert(line("paste_rate = +7"));
	ck_assert_int_eq(o.paste_rate, 7);
	ck_assert(!line("paste_burst = 1001"));
	ck_assert_str_eq(err, "paste_burst: expected a number of lines "
	    "(1-1000)");
	ck_assert(!line("paste_rate = 0"));
	ck_assert_str_eq(err, "paste_rate: expected a number of lines "
	    "(1-1000)");
	ck_assert(!line("paste_rate = -3"));
	ck_assert(!line("paste_rate = 3x"));
	ck_assert(!line("paste_rate ="));
	ck_assert_int_eq(o.paste_burst, 1000);
	ck_assert_int_eq(o.paste_rate, 7);

	/* smart_filter's minutes: 0 (or no) turns it off, else 1..1000. */
	ck_assert(line("smart_filter = 0"));
	ck_assert_int_eq(o.smart_filter, 0);
	ck_assert(line("smart_filter = 1000"));
	ck_assert_int_eq(o.smart_filter, 1000);
	ck_assert(!line("smart_filter = 1001"));
	ck_assert_str_eq(err, "smart_filter: expected minutes (0-1000)");
	ck_assert(!line("smart_filter = soon"));
	ck_assert(!line("smart_filter ="));
	ck_assert_int_eq(o.smart_filter, 1000);
}
END_TEST

START_TEST(test_config_file)
{
	char	 path[] = "/tmp/natter-check-optionsXXXXXX";
	int	 fd = mkstemp(path);
	FILE	*f;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("# natter\nnick = dave\nport = 7001\n", f);
	fclose(f);
	ck_assert_int_eq(options_read_config(&o, path, err, sizeof err), 1);
	ck_assert_str_eq(o.nick, "dave");
	/* The command line wins. */
	ck_assert_int_eq(parse("-n", "erin", NULL), OPTIONS_RUN);
	ck_assert_str_eq(o.nick, "erin");
	ck_assert_str_eq(o.port, "7001");

	f = fopen(path, "w");
	fputs("nick = dave\nbogus\n", f);
	fclose(f);
	ck_assert_int_eq(options_read_config(&o, path, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, ":2:"));
	unlink(path);
	ck_assert_int_eq(options_read_config(&o, path, err, sizeof err), 0);
}
END_TEST

START_TEST(test_config_path)
{
	char	*p;

	p = options_config_path("/x/conf", "/home/a");
	ck_assert_str_eq(p, "/x/conf/natter/config");
	free(p);
	p = options_config_path("relative", "/home/a");
	ck_assert_str_eq(p, "/home/a/.config/natter/config");
	free(p);
	p = options_config_path(NULL, "/home/a");
	ck_assert_str_eq(p, "/home/a/.config/natter/config");
	free(p);
	ck_assert_ptr_null(options_config_path(NULL, NULL));
}
END_TEST

#define FP1 "SHA256:wfdUFajKXWSnRwSGcfuHUBbcyLvigDEHe69UYjTjvWI"

/* -t and its port, the TLS files, the pinned key. */
START_TEST(test_tls)
{
	ck_assert(!o.tls);
	ck_assert_int_eq(parse("-t", "lanbox", NULL), OPTIONS_RUN);
	ck_assert(o.tls);
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_str_eq(o.port, OPTIONS_TLS_PORT);
	/* A port given stays. */
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert_int_eq(parse("--tls", "-p", "7000", "lanbox", NULL),
	    OPTIONS_RUN);
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_str_eq(o.port, "7000");
	/* No host: discovery probes the plain port, and says the TLS one. */
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert_int_eq(parse("-t", NULL), OPTIONS_RUN);
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_str_eq(o.port, OPTIONS_PORT);
	/* Files and a pin; a pin or a certificate means TLS. */
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert_int_eq(parse("--tls-fingerprint", FP1, "--tls-ca", "ca.pem",
	    "--tls-cert", "me.pem", "--tls-key", "me.key", "h", NULL),
	    OPTIONS_RUN);
	ck_assert(o.tls);
	ck_assert_str_eq(o.tls_fingerprint, FP1);
	ck_assert_str_eq(o.tls_ca, "ca.pem");
	ck_assert_str_eq(o.tls_cert, "me.pem");
	ck_assert_str_eq(o.tls_key, "me.key");
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_int_eq(parse("--tls-fingerprint", "SHA256:abc", NULL),
	    OPTIONS_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "bad fingerprint"));
	ck_assert_int_eq(parse("--tls-fingerprint", NULL), OPTIONS_ERROR);
	ck_assert_ptr_nonnull(strstr(err, "--tls-fingerprint needs a value"));
	/* In the file. */
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert(line("tls = yes"));
	ck_assert(o.tls);
	ck_assert(line("tls_fingerprint = " FP1));
	ck_assert(line("tls_ca = /etc/ca.pem"));
	ck_assert(line("tls_cert = ~/me.pem"));
	ck_assert(options_finish(&o, NULL, "/home/alice", err, sizeof err));
	ck_assert_str_eq(o.tls_cert, "/home/alice/me.pem");
	ck_assert_str_eq(o.tls_ca, "/etc/ca.pem");
	ck_assert(!line("tls = maybe"));
	ck_assert(!line("tls_fingerprint = MD5:xx"));
	ck_assert(line("tls = no"));
	ck_assert(!o.tls);
	/* A key needs its certificate. */
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert_int_eq(parse("--tls-key", "k.pem", NULL), OPTIONS_RUN);
	ck_assert(!options_finish(&o, NULL, NULL, err, sizeof err));
}
END_TEST

/* SASL: PLAIN by a user name, its password from the file or the
 * environment (never the command line), EXTERNAL with a certificate. */
START_TEST(test_sasl)
{
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_int_eq(o.sasl, OPTIONS_SASL_NONE);
	ck_assert_int_eq(parse("--sasl-user", "bob", NULL), OPTIONS_RUN);
	ck_assert(!options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "NATTER_SASL_PASS"));
	ck_assert(options_finish(&o, "from env", NULL, err, sizeof err));
	ck_assert_int_eq(o.sasl, OPTIONS_SASL_PLAIN);
	ck_assert_str_eq(o.sasl_pass, "from env");
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert(line("sasl_user = bob"));
	ck_assert(line("sasl_pass = \"two words\""));
	ck_assert(options_finish(&o, "", NULL, err, sizeof err));
	ck_assert_int_eq(o.sasl, OPTIONS_SASL_PLAIN);
	ck_assert_str_eq(o.sasl_pass, "two words");
	ck_assert(!line("sasl_mechanism = scram"));
	ck_assert(line("sasl_mechanism = EXTERNAL"));
	ck_assert(!options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "--tls-cert"));
	ck_assert_int_eq(parse("--tls-cert", "me.pem", NULL), OPTIONS_RUN);
	ck_assert(options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_int_eq(o.sasl, OPTIONS_SASL_EXTERNAL);
	options_free(&o);
	options_init(&o, "alice", false);
	ck_assert_int_eq(parse("--sasl-external", NULL), OPTIONS_RUN);
	ck_assert(!options_finish(&o, NULL, NULL, err, sizeof err));
	ck_assert_int_eq(parse("--sasl-user", "two words", NULL),
	    OPTIONS_ERROR);
}
END_TEST

static Suite *
options_suite(void)
{
	Suite	*s = suite_create("options");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_command_line);
	tcase_add_test(tc, test_command_line_errors);
	tcase_add_test(tc, test_discover_and_host_given);
	tcase_add_test(tc, test_config_lines);
	tcase_add_test(tc, test_number_bounds);
	tcase_add_test(tc, test_config_file);
	tcase_add_test(tc, test_config_path);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_sasl);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(options_suite());
}
