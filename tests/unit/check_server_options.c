/*
 * Unit tests for server/options.c: natterd's command line and config file,
 * as options_start and options_reload see them: every number's bounds,
 * what getopt_long cannot parse, the config file's errors with their file
 * and line, and the command line winning over the file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "server/options.h"
#include "server/server.h"

/*
 * The argument vector of the last parse: options_reload parses it again,
 * as natterd's own argv it must outlive the call.
 */
static char *args[40];
static struct options_said said;
static struct server_config config;

/* A folder of this test's own for its config file, and the file. */
static char folder[64], file[128];

static void
setup(void)
{
	snprintf(folder, sizeof folder, "/tmp/check_server_options.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(folder));
	snprintf(file, sizeof file, "%s/natterd.conf", folder);
}

static void
teardown(void)
{
	options_said_free(&said);
	unlink(file);
	rmdir(folder);
}

/* Parse args (NULL-terminated, without the program name) into config. */
static enum options_result
parse_args(const char *const *list)
{
	int argc = 0;

	options_said_free(&said);
	args[argc++] = (char *)"natterd";
	while (*list != NULL && argc < 39)
		args[argc++] = (char *)*list++;
	args[argc] = NULL;
	return options_start(argc, args, &config, &said);
}
#define parse(...)	parse_args((const char *const[]){ __VA_ARGS__, NULL })

/* Whether the errors said hold text (on any line). */
static bool
said_error(const char *text)
{
	return said.errors != NULL && strstr(said.errors, text) != NULL;
}

/* How many lines of errors were said. */
static int
error_lines(void)
{
	const char *p;
	int n;

	if (said.errors == NULL)
		return 0;
	for (n = 1, p = said.errors; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

/* (Re)write the test's config file with text; its absolute path. */
static const char *
write_file(const char *text)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(file, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return file;
}

START_TEST(test_defaults)
{
	ck_assert_int_eq(parse("-c", "/dev/null"), OPTIONS_RUN);
	ck_assert_ptr_null(said.errors);
	ck_assert_ptr_null(said.usage_error);
	ck_assert_str_eq(config.port, "6667");
	ck_assert_str_eq(config.tls_port, "6697");
	ck_assert_ptr_null(config.bind_addr);
	ck_assert_ptr_null(config.tls_cert);
	ck_assert_ptr_null(config.tls_key);
	ck_assert_ptr_null(config.plain_bind);
	ck_assert(!config.no_plain_port);
	ck_assert(!config.fingerprint);
	ck_assert(!config.daemonize);
	ck_assert(config.discovery);
	ck_assert_uint_eq(config.discovery_port, 0);
	ck_assert_int_eq(config.ping_interval, SERVER_PING_INTERVAL);
	ck_assert_int_eq(config.ping_timeout, SERVER_PING_TIMEOUT);
	ck_assert_int_eq(config.flood_rate, SERVER_FLOOD_RATE);
	ck_assert_int_eq(config.flood_excess, SERVER_FLOOD_EXCESS);
	ck_assert_int_eq(config.plain_wait_ms, SERVER_PLAIN_WAIT);
	ck_assert_int_eq(config.max_clients, 0);
	ck_assert_int_eq(config.max_per_ip, SERVER_MAX_PER_IP);
	ck_assert_uint_eq(config.max_rooms, SERVER_MAX_ROOMS);
	ck_assert_str_eq(config.default_room, SERVER_DEFAULT_ROOM);
	ck_assert_str_eq(config.info, SERVER_INFO_DEFAULT);
	ck_assert_ptr_null(config.name);
	ck_assert_ptr_null(config.oper_name);
	ck_assert_str_eq(options_config_file(), "/dev/null");
}
END_TEST

START_TEST(test_tls_options)
{
	ck_assert_int_eq(parse("-c", "/dev/null", "--tls-port", "0",
	    "--tls-cert", "c.pem", "--tls-key", "k.pem", "--plain-bind",
	    "127.0.0.1"), OPTIONS_RUN);
	ck_assert_str_eq(config.tls_port, "0");
	/* Made absolute: -d moves to / and SIGHUP reads them again. */
	ck_assert(config.tls_cert[0] == '/');
	ck_assert_str_eq(strrchr(config.tls_cert, '/'), "/c.pem");
	ck_assert_str_eq(strrchr(config.tls_key, '/'), "/k.pem");
	ck_assert_str_eq(config.plain_bind, "127.0.0.1");
	ck_assert_int_eq(parse("-c", "/dev/null", "--state-dir", "d",
	    "--no-plain-port", "--fingerprint"), OPTIONS_RUN);
	ck_assert_str_eq(strrchr(config.state_dir, '/'), "/d");
	ck_assert(config.no_plain_port);
	ck_assert(config.fingerprint);
	ck_assert_int_eq(parse("-c", "/dev/null", "--tls-cert", "c.pem",
	    "--fingerprint"), OPTIONS_RUN);
	ck_assert(config.fingerprint);
}
END_TEST

/* TLS options that contradict each other: said, and natterd does not start. */
START_TEST(test_tls_contradictions)
{
	ck_assert_int_eq(parse("-c", "/dev/null", "--tls-key", "k.pem"),
	    OPTIONS_BAD);
	ck_assert_str_eq(said.errors, "--tls-key needs --tls-cert");
	ck_assert_int_eq(parse("-c", "/dev/null", "--fingerprint"),
	    OPTIONS_BAD);
	ck_assert_str_eq(said.errors,
	    "--fingerprint needs --state-dir or --tls-cert");
	ck_assert_int_eq(parse("-c", "/dev/null", "--no-plain-port"),
	    OPTIONS_BAD);
	ck_assert(said_error("--no-plain-port needs TLS"));
	ck_assert_int_eq(parse("-c", "/dev/null", "--state-dir", "d",
	    "--no-plain-port", "--plain-bind", "127.0.0.1"), OPTIONS_BAD);
	ck_assert(said_error("--plain-bind and --no-plain-port contradict"));
	/* The file may give what the command line's option needs. */
	ck_assert_int_eq(parse("-c", write_file("tls-cert = c.pem\n"),
	    "--tls-key", "k.pem"), OPTIONS_RUN);
	ck_assert_int_eq(parse("-c", write_file("tls-key = k.pem\n")),
	    OPTIONS_BAD);
	ck_assert_str_eq(said.errors, "--tls-key needs --tls-cert");
}
END_TEST

/* A numeric option, its bounds, and where its value lands. */
struct bounds {
	const char	*option;
	const char	*min, *max, *below, *above;
	const char	*said;		/* the start of its error */
	long long	(*value)(void);
};

static long long port(void) { return atoll(config.port); }
static long long tls_port(void) { return atoll(config.tls_port); }
static long long discovery_port(void) { return config.discovery_port; }
static long long flood_excess(void) { return config.flood_excess; }
static long long flood_rate(void) { return config.flood_rate; }
static long long history(void) { return (long long)config.history_lines; }
static long long history_keep(void) { return config.history_keep_days; }
static long long max_clients(void) { return config.max_clients; }
static long long max_per_ip(void) { return config.max_per_ip; }
static long long max_rooms(void) { return (long long)config.max_rooms; }
static long long plain_wait(void) { return config.plain_wait_ms; }
static long long ping_interval(void) { return config.ping_interval; }
static long long ping_timeout(void) { return config.ping_timeout; }

static const struct bounds numbers[] = {
	{ "--port", "0", "65535", NULL, "65536", "bad port: ", port },
	{ "-p", "0", "65535", NULL, "65536", "bad port: ", port },
	{ "--tls-port", "0", "65535", NULL, "65536",
	    "--tls-port wants 0 to 65535, not ", tls_port },
	{ "--discovery-port", "1", "65535", "0", "65536",
	    "--discovery-port wants 1 to 65535, not ", discovery_port },
	{ "--flood-excess", "1", "86400", "0", "86401",
	    "--flood-excess wants 1 to 86400 seconds, not ", flood_excess },
	{ "--flood-rate", "0", "1000", NULL, "1001",
	    "--flood-rate wants 0 to 1000 lines per second, not ", flood_rate },
	{ "--history", "0", "100000", NULL, "100001",
	    "--history wants 0 to 100000 lines, not ", history },
	{ "--history-keep", "0", "36500", NULL, "36501",
	    "--history-keep wants 0 to 36500 days, not ", history_keep },
	{ "--max-clients", "1", "1000000", "0", "1000001",
	    "--max-clients wants 1 to 1000000, not ", max_clients },
	{ "--max-per-ip", "1", "1000000", "0", "1000001",
	    "--max-per-ip wants 1 to 1000000, not ", max_per_ip },
	{ "--max-rooms", "1", "1000000", "0", "1000001",
	    "--max-rooms wants 1 to 1000000, not ", max_rooms },
	{ "--plain-wait", "0", "60000", NULL, "60001",
	    "--plain-wait wants 0 to 60000 ms, not ", plain_wait },
	{ "--ping-interval", "1", "86400", "0", "86401",
	    "--ping-interval wants 1 to 86400 seconds, not ", ping_interval },
	{ "--ping-timeout", "1", "86400", "0", "86401",
	    "--ping-timeout wants 1 to 86400 seconds, not ", ping_timeout },
};

/* Refused the way numbers[_i] says it, with the value named. */
static void
assert_refused(const struct bounds *b, const char *value)
{
	char want[256];

	ck_assert_msg(parse("-c", "/dev/null", b->option, value) ==
	    OPTIONS_BAD, "%s %s", b->option, value);
	snprintf(want, sizeof want, "%s%s", b->said, value);
	ck_assert_msg(said.errors != NULL && strcmp(said.errors, want) == 0,
	    "%s %s: said %s", b->option, value, said.errors);
}

/* Each number takes its least and its most, and nothing beyond. */
START_TEST(test_number_bounds)
{
	static const char *const malformed[] = { "", "x", "1x", "+1", " 1",
	    "-1", "-0", "0x10", "1.5", "99999999999999999999" };
	const struct bounds *b = &numbers[_i];
	size_t i;

	ck_assert_int_eq(parse("-c", "/dev/null", b->option, b->min),
	    OPTIONS_RUN);
	ck_assert_int_eq(b->value(), atoll(b->min));
	ck_assert_int_eq(parse("-c", "/dev/null", b->option, b->max),
	    OPTIONS_RUN);
	ck_assert_int_eq(b->value(), atoll(b->max));
	if (b->below != NULL)
		assert_refused(b, b->below);
	assert_refused(b, b->above);
	for (i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
		assert_refused(b, malformed[i]);
}
END_TEST

/* The settings that are words: what each takes and refuses. */
START_TEST(test_word_settings)
{
	char name[SERVER_NAME_MAX + 2], info[SERVER_INFO_MAX + 2];

	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	memset(info, 'i', sizeof info - 1);
	info[sizeof info - 1] = '\0';
	ck_assert_int_eq(parse("-c", "/dev/null", "--name", name + 1,
	    "--info", info + 1, "--default-room", "#hall", "--oper",
	    "root:pa:ss", "-b", "::1", "--password", "pw", "-d",
	    "--no-discovery"), OPTIONS_RUN);
	ck_assert_str_eq(config.name, name + 1);
	ck_assert_str_eq(config.info, info + 1);
	ck_assert_str_eq(config.default_room, "#hall");
	ck_assert_str_eq(config.oper_name, "root");
	ck_assert_str_eq(config.oper_password, "pa:ss");
	ck_assert_str_eq(config.bind_addr, "::1");
	ck_assert_str_eq(config.password, "pw");
	ck_assert(config.daemonize);
	ck_assert(!config.discovery);
	ck_assert_int_eq(parse("-c", "/dev/null", "--name", name), OPTIONS_BAD);
	ck_assert(said_error("--name wants a host name"));
	ck_assert_int_eq(parse("-c", "/dev/null", "--name", "lan.box.",
	    "--name", "-x", "--name", "a_b"), OPTIONS_BAD);
	ck_assert_int_eq(error_lines(), 3);
	ck_assert_int_eq(parse("-c", "/dev/null", "--info", info), OPTIONS_BAD);
	ck_assert_str_eq(said.errors, "--info wants one line of 1 to 100 bytes");
	ck_assert_int_eq(parse("-c", "/dev/null", "--info", ""), OPTIONS_BAD);
	ck_assert_int_eq(parse("-c", "/dev/null", "--info", "a\nb"),
	    OPTIONS_BAD);
	ck_assert_int_eq(parse("-c", "/dev/null", "--default-room", "lobby"),
	    OPTIONS_BAD);
	ck_assert(said_error("--default-room wants a room name"));
	ck_assert_int_eq(parse("-c", "/dev/null", "--oper", "root:",
	    "--oper", ":pw", "--oper", "nocolon", "--oper", "a b:c"),
	    OPTIONS_BAD);
	ck_assert_int_eq(error_lines(), 4);
	ck_assert(said_error("--oper wants NAME:PASS, not a b:c"));
}
END_TEST

/* -h and -V end the parse, even after errors (said as well) or before them. */
START_TEST(test_help_and_version)
{
	ck_assert_int_eq(parse("-h"), OPTIONS_HELP);
	ck_assert_int_eq(parse("--help"), OPTIONS_HELP);
	ck_assert_int_eq(parse("-V"), OPTIONS_VERSION);
	ck_assert_int_eq(parse("--version"), OPTIONS_VERSION);
	ck_assert_int_eq(parse("-h", "--bogus"), OPTIONS_HELP);
	ck_assert_ptr_null(said.usage_error);
	ck_assert_int_eq(parse("--history", "x", "-V"), OPTIONS_VERSION);
	ck_assert(said_error("--history wants 0 to 100000 lines, not x"));
	ck_assert_int_eq(parse("--bogus", "-h"), OPTIONS_USAGE);
}
END_TEST

/* What getopt_long cannot parse: in its words, with the program's name. */
START_TEST(test_usage_errors)
{
	static const struct {
		const char	*args[4];
		const char	*said;
	} cases[] = {
		{ { "--bogus" }, "natterd: unrecognized option '--bogus'" },
		{ { "--bogus=1" }, "natterd: unrecognized option '--bogus=1'" },
		{ { "-x" }, "natterd: invalid option -- 'x'" },
		{ { "--daemon", "-dx" }, "natterd: invalid option -- 'x'" },
		{ { "--history" },
		    "natterd: option '--history' requires an argument" },
		{ { "--hist" }, "natterd: option '--hist' is ambiguous; "
		    "possibilities: '--history' '--history-keep'" },
		{ { "--pl" }, "natterd: option '--pl' is ambiguous; "
		    "possibilities: '--plain-bind' '--plain-wait'" },
		{ { "--po" }, "natterd: option '--port' requires an argument" },
		{ { "-p" }, "natterd: option requires an argument -- 'p'" },
		{ { "-dc" }, "natterd: option requires an argument -- 'c'" },
		{ { "--help=yes" },
		    "natterd: option '--help' doesn't allow an argument" },
		{ { "--daemon=no" },
		    "natterd: option '--daemon' doesn't allow an argument" },
		{ { "lanbox" }, "natterd: unexpected argument: lanbox" },
		{ { "-c", "/dev/null", "-" },
		    "natterd: unexpected argument: -" },
		{ { "--", "-d" }, "natterd: unexpected argument: -d" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(parse_args(cases[i].args) == OPTIONS_USAGE,
		    "%s", cases[i].said);
		ck_assert_str_eq(said.usage_error, cases[i].said);
		ck_assert_ptr_null(said.errors);
	}
	/* Bad settings before it are said too. */
	ck_assert_int_eq(parse("--history", "x", "--bogus"), OPTIONS_USAGE);
	ck_assert_str_eq(said.errors, "--history wants 0 to 100000 lines, not x");
}
END_TEST

/* Every error of the file, each with its file and line, then the command line's. */
START_TEST(test_config_file_errors)
{
	const char *path = write_file("port = 1\n"
	    "flood-rate = 5000\n"
	    "bogus = 1\n"
	    "# fine\n"
	    "oper = nocolon\n"
	    "motd\n"
	    "config = other.conf\n"
	    "no-discovery = perhaps\n"
	    "history =\n");
	char want[2048];

	/*
	 * The file's form first, as it is read; then the values, in order;
	 * then what the file and command line together contradict.
	 */
	ck_assert_int_eq(parse("-c", path, "--tls-key", "k.pem"), OPTIONS_BAD);
	snprintf(want, sizeof want,
	    "%1$s:3: unknown key 'bogus'\n"
	    "%1$s:6: expected 'key = value', not 'motd'\n"
	    "%1$s:7: 'config' can only be given on the command line\n"
	    "%1$s:8: no-discovery wants yes or no, not 'perhaps'\n"
	    "%1$s:9: history wants a value\n"
	    "%1$s:2: --flood-rate wants 0 to 1000 lines per second, not 5000\n"
	    "%1$s:5: --oper wants NAME:PASS, not nocolon\n"
	    "--tls-key needs --tls-cert", path);
	ck_assert_str_eq(said.errors, want);
	/* --check-config says the same, and no "valid". */
	ck_assert_int_eq(parse("--check-config", "-c", path), OPTIONS_BAD);
	ck_assert_int_eq(error_lines(), 7);
	/* A file that is not there. */
	ck_assert_int_eq(parse("-c", "/nonexistent/natterd.conf"),
	    OPTIONS_BAD);
	ck_assert_str_eq(said.errors,
	    "/nonexistent/natterd.conf: No such file or directory");
	/* The command line is told before the file is read. */
	ck_assert_int_eq(parse("-c", path, "--history", "-1"), OPTIONS_BAD);
	ck_assert_str_eq(said.errors, "--history wants 0 to 100000 lines, not -1");
}
END_TEST

/* The file sets, the command line wins; --check-config says it is valid. */
START_TEST(test_command_line_wins)
{
	const char *path = write_file("info = \"  From the file  \"\n"
	    "max-per-ip = 1\nmotd = motd.txt\ndaemon = yes\n"
	    "no-discovery = no\nhistory = 7\n");

	ck_assert_int_eq(parse("-c", path, "--info", "From the command",
	    "--history", "9"), OPTIONS_RUN);
	ck_assert_str_eq(config.info, "From the command");
	ck_assert_uint_eq(config.history_lines, 9);
	ck_assert_int_eq(config.max_per_ip, 1);
	ck_assert(config.daemonize);
	ck_assert(config.discovery);
	/* Relative to the folder natterd started in, like the command line's. */
	ck_assert(config.motd_path[0] == '/');
	ck_assert_str_eq(strrchr(config.motd_path, '/'), "/motd.txt");
	ck_assert_str_eq(options_config_file(), path);
	ck_assert_int_eq(parse("-c", path), OPTIONS_RUN);
	ck_assert_str_eq(config.info, "  From the file  ");
	ck_assert_uint_eq(config.history_lines, 7);
	ck_assert_int_eq(parse("--check-config", "-c", path), OPTIONS_CHECKED);
	ck_assert_ptr_null(said.errors);
	ck_assert_int_eq(parse("--check-config", "-c", path, "--history",
	    "x"), OPTIONS_BAD);
}
END_TEST

/* SIGHUP: the file again under the same command line, or nothing on errors. */
START_TEST(test_reload)
{
	const char *path = write_file("info = First\nflood-rate = 5\n");
	struct server_config fresh;
	char *errors = NULL;

	ck_assert_int_eq(parse("-c", path, "--flood-rate", "3"), OPTIONS_RUN);
	ck_assert_str_eq(config.info, "First");
	write_file("info = Second\nflood-rate = 8\nhistory = 20\n");
	ck_assert(options_reload(&fresh, &errors));
	ck_assert_ptr_null(errors);
	ck_assert_str_eq(fresh.info, "Second");
	ck_assert_int_eq(fresh.flood_rate, 3);
	ck_assert_uint_eq(fresh.history_lines, 20);
	/* The first settings are still whole: threads may still read them. */
	ck_assert_str_eq(config.info, "First");
	write_file("info = Third\nhistory = lots\n");
	ck_assert(!options_reload(&fresh, &errors));
	ck_assert_ptr_nonnull(errors);
	ck_assert_ptr_nonnull(strstr(errors, ":2: --history wants"));
	free(errors);
	ck_assert_str_eq(config.info, "First");
}
END_TEST

static Suite *
server_options_suite(void)
{
	Suite *s = suite_create("server_options");
	TCase *tc = tcase_create("options");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_tls_options);
	tcase_add_test(tc, test_tls_contradictions);
	tcase_add_loop_test(tc, test_number_bounds, 0,
	    sizeof numbers / sizeof numbers[0]);
	tcase_add_test(tc, test_word_settings);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_config_file_errors);
	tcase_add_test(tc, test_command_line_wins);
	tcase_add_test(tc, test_reload);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(server_options_suite());
}
