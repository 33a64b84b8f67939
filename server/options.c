/* natterd's command line: the options natterd.8 documents. */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_file.h"
#include "history.h"
#include "irc_names.h"
#include "log.h"
#include "options.h"
#include "server.h"
#include "state_dir.h"
#include "xmalloc.h"

/* Long options that have no short form. */
enum {
	OPT_DEFAULT_ROOM = 256,
	OPT_DISCOVERY_PORT,
	OPT_FINGERPRINT,
	OPT_FLOOD_EXCESS,
	OPT_FLOOD_RATE,
	OPT_HISTORY,
	OPT_HISTORY_KEEP,
	OPT_MAX_CLIENTS,
	OPT_MAX_PER_IP,
	OPT_MAX_ROOMS,
	OPT_MOTD,
	OPT_INFO,
	OPT_NAME,
	OPT_NO_DISCOVERY,
	OPT_NO_PLAIN_PORT,
	OPT_OPER,
	OPT_PASSWORD,
	OPT_PIDFILE,
	OPT_PLAIN_BIND,
	OPT_PLAIN_WAIT,
	OPT_STATE_DIR,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_TLS_PORT,
	OPT_PING_INTERVAL,
	OPT_PING_TIMEOUT,
	OPT_CHECK_CONFIG,
};

/* Where the argument being parsed came from ("FILE:LINE"), NULL: the command line. */
static const char *options_where;
/* Whether an argument was refused since options_apply began. */
static bool options_failed;

/*
 * Say what is wrong with an argument, naming the config file line it came
 * from; parsing goes on so that every error is told at once.
 */
static void __attribute__((format(printf, 1, 2)))
options_error(const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (options_where != NULL)
		log_error("%s: %s", options_where, message);
	else
		log_error("%s", message);
	options_failed = true;
}

/* The usage text: the synopsis and one line per option. */
static void
options_usage(FILE *f)
{
	fprintf(f,
	    "usage: natterd [-dhV] [-b ADDR] [-c FILE] [-p PORT] [--check-config]\n"
	    "               [--default-room ROOM]\n"
	    "               [--discovery-port PORT] [--flood-excess SECONDS]\n"
	    "               [--flood-rate N] [--history N] [--history-keep DAYS]\n"
	    "               [--info TEXT] [--max-clients N] [--max-per-ip N]\n"
	    "               [--max-rooms N] [--motd FILE] [--name NAME]\n"
	    "               [--no-discovery] [--no-plain-port] [--oper NAME:PASS]\n"
	    "               [--password PASS] [--pidfile FILE]\n"
	    "               [--ping-interval SECONDS] [--ping-timeout SECONDS]\n"
	    "               [--plain-bind ADDR] [--plain-wait MS] [--state-dir DIR]\n"
	    "               [--tls-cert FILE] [--tls-key FILE] [--tls-port PORT]\n"
	    "       natterd [--state-dir DIR | --tls-cert FILE] --fingerprint\n"
	    "\n"
	    "  -b, --bind ADDR      listen on this address only (default: all interfaces,\n"
	    "                       IPv6 and IPv4), e.g. 127.0.0.1 or ::1\n"
	    "  -c, --config FILE    read settings from FILE, key = value lines named\n"
	    "                       after the long options; the command line wins\n"
	    "                       (default: " SYSCONFDIR "/natter/natterd.conf when\n"
	    "                       present; -c /dev/null reads none)\n"
	    "      --check-config   check the config file and command line, say what\n"
	    "                       is wrong, and exit 0 or 1\n"
	    "  -d, --daemon         detach from the terminal and log to syslog\n"
	    "  -h, --help           show this help and exit\n"
	    "  -p, --port PORT      TCP port to listen on (default 6667; 0 picks a free one)\n"
	    "  -V, --version        show the version and exit\n"
	    "      --default-room ROOM\n"
	    "                       where nc and telnet users land (default #lobby)\n"
	    "      --discovery-port PORT\n"
	    "                       UDP port for natter's LAN discovery probes\n"
	    "                       (default: the TCP port)\n"
	    "      --fingerprint    print the SHA-256 fingerprint of the TLS certificate\n"
	    "                       (made first in --state-dir if there is none) and exit\n"
	    "      --flood-excess SECONDS\n"
	    "                       disconnect a client slowed down this long\n"
	    "                       (Excess Flood; default 30)\n"
	    "      --flood-rate N   lines per second a client may send on average; a\n"
	    "                       client far over it is slowed (default 25; 0 turns\n"
	    "                       flood control off)\n"
	    "      --history N      lines of each room replayed to joiners (default 100;\n"
	    "                       0 turns history off)\n"
	    "      --history-keep DAYS\n"
	    "                       with --state-dir, drop logged lines older than this,\n"
	    "                       keeping the last --history ones (default 30; 0 keeps\n"
	    "                       everything)\n"
	    "      --info TEXT      the server's description in WHOIS, LINKS and INFO\n"
	    "                       (default \"" SERVER_INFO_DEFAULT "\")\n"
	    "      --max-clients N  connections at once (default: what the descriptor\n"
	    "                       limit allows, less 32, and 72 with --state-dir)\n"
	    "      --max-per-ip N   connections from one address (default 16)\n"
	    "      --max-rooms N    rooms in memory at once (default 1000); with\n"
	    "                       --state-dir an empty room is on disk only\n"
	    "      --motd FILE      message of the day shown after registration\n"
	    "      --name NAME      the server's name in numerics and discovery answers\n"
	    "                       (default: the host name)\n"
	    "      --no-discovery   do not answer natter's LAN discovery probes\n"
	    "      --no-plain-port  listen for TLS only\n"
	    "      --oper NAME:PASS OPER NAME PASS makes a client an IRC operator\n"
	    "      --password PASS  clients must send PASS PASS to register\n"
	    "      --pidfile FILE   write natterd's pid to FILE (removed at exit)\n"
	    "      --ping-interval SECONDS\n"
	    "                       PING a client silent this long (default 90)\n"
	    "      --ping-timeout SECONDS\n"
	    "                       drop a PINGed client silent this long, and a\n"
	    "                       connection not registered by then (default 60)\n"
	    "      --plain-bind ADDR\n"
	    "                       the plain-text port listens on this address only\n"
	    "                       (e.g. 127.0.0.1: only TLS is reachable from the LAN)\n"
	    "      --plain-wait MS  a connection silent this long is a person at nc or\n"
	    "                       telnet: greet it in words (default 1000; 0: no\n"
	    "                       plain door)\n"
	    "      --state-dir DIR  keep room history and state in DIR, across restarts,\n"
	    "                       and a self-signed TLS certificate (made on first\n"
	    "                       start); DIR must be ours alone: owned by natterd's\n"
	    "                       user, writable by nobody else\n"
	    "      --tls-cert FILE  serve TLS with this certificate (PEM; the chain after it)\n"
	    "      --tls-key FILE   its private key (PEM; default: in the --tls-cert file)\n"
	    "      --tls-port PORT  TCP port for TLS (default 6697; 0 picks a free one),\n"
	    "                       when there is a certificate; SIGHUP reloads it\n"
	    "\n"
	    "See natterd(8).\n");
}

/* The decimal number s (digits only) if it lies in min..max, else -1. */
static long
options_number(const char *s, long min, long max)
{
	const char *error;
	long long n;

	/* strtonum would take leading blanks and a sign too. */
	if (*s < '0' || *s > '9')
		return -1;
	n = strtonum(s, min, max, &error);
	return error == NULL ? (long)n : -1;
}

/* A count of connections, 1 to a million, for option name; exits when it is not. */
static int
options_count(const char *s, const char *name)
{
	long n = options_number(s, 1, 1000000);

	if (n == -1) {
		options_error("%s wants 1 to 1000000, not %s",
		    name, s);
		return -1;
	}
	return (int)n;
}

/*
 * Every string a loaded configuration points into: the file's arguments,
 * the absolute paths, the operator's name.  Kept for natterd's life, since after a SIGHUP
 * threads may still read settings of the load before; a reload adds a few
 * hundred bytes.  Held here, not dropped, so that they are ours to the end
 * (and a leak checker sees them so).
 */
static char **options_kept;
static size_t options_kept_count;

static char *
options_keep(char *s)
{
	options_kept = xreallocarray(options_kept, options_kept_count + 1,
	    sizeof *options_kept);
	options_kept[options_kept_count++] = s;
	return s;
}

/*
 * --oper NAME:PASS: split at the first colon; both parts must be there.
 * The name is a copy, kept: arg is parsed again with the config file (and
 * again at each SIGHUP), so it must stay whole.
 */
static void
options_oper(const char *arg, struct server_config *config)
{
	const char *colon = strchr(arg, ':');

	if (colon == NULL || colon == arg || colon[1] == '\0' ||
	    strchr(arg, ' ') != NULL) {
		options_error("--oper wants NAME:PASS, not %s",
		    arg);
		return;
	}
	config->oper_name = options_keep(xstrndup(arg,
	    (size_t)(colon - arg)));
	config->oper_password = colon + 1;
}

/*
 * Whether s can name the server: the source of every numeric, so one word
 * of host name characters that cannot be taken for a nick (a nick has no
 * dot, and a name must not start or end with one).
 */
static bool
options_server_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > SERVER_NAME_MAX || s[0] == '.' || s[0] == '-' ||
	    s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '.' &&
		    s[i] != '-')
			return false;
	return true;
}

/* A number of seconds, 1 to a day, for option name; exits when it is not. */
static int
options_seconds(const char *s, const char *name)
{
	long n = options_number(s, 1, 86400);

	if (n == -1) {
		options_error("%s wants 1 to 86400 seconds, not %s",
		    name, s);
		return -1;
	}
	return (int)n;
}

/* The TLS options together: say when they contradict each other. */
static void
options_check_tls(const struct server_config *config)
{
	if (config->tls_key != NULL && config->tls_cert == NULL)
		options_error("--tls-key needs --tls-cert");
	else if (config->fingerprint && config->tls_cert == NULL &&
	    config->state_dir == NULL)
		options_error("--fingerprint needs --state-dir or --tls-cert");
	else if (config->no_plain_port && config->tls_cert == NULL &&
	    config->state_dir == NULL)
		options_error("--no-plain-port needs TLS: give --tls-cert or "
		    "--state-dir");
	else if (config->no_plain_port && config->plain_bind != NULL)
		options_error("--plain-bind and --no-plain-port contradict "
		    "each other");
}

/* The long options: each is also a key of the config file. */
static const struct option options_longopts[] = {
	{ "bind",	required_argument,	NULL, 'b' },
	{ "check-config", no_argument,		NULL, OPT_CHECK_CONFIG },
	{ "config",	required_argument,	NULL, 'c' },
	{ "daemon",	no_argument,		NULL, 'd' },
	{ "default-room", required_argument,	NULL, OPT_DEFAULT_ROOM },
	{ "discovery-port", required_argument,	NULL, OPT_DISCOVERY_PORT },
	{ "fingerprint", no_argument,		NULL, OPT_FINGERPRINT },
	{ "flood-excess", required_argument,	NULL, OPT_FLOOD_EXCESS },
	{ "flood-rate",	required_argument,	NULL, OPT_FLOOD_RATE },
	{ "help",	no_argument,		NULL, 'h' },
	{ "history",	required_argument,	NULL, OPT_HISTORY },
	{ "history-keep", required_argument,	NULL, OPT_HISTORY_KEEP },
	{ "info",	required_argument,	NULL, OPT_INFO },
	{ "max-clients", required_argument,	NULL, OPT_MAX_CLIENTS },
	{ "max-per-ip",	required_argument,	NULL, OPT_MAX_PER_IP },
	{ "max-rooms",	required_argument,	NULL, OPT_MAX_ROOMS },
	{ "motd",	required_argument,	NULL, OPT_MOTD },
	{ "name",	required_argument,	NULL, OPT_NAME },
	{ "no-discovery", no_argument,		NULL, OPT_NO_DISCOVERY },
	{ "no-plain-port", no_argument,		NULL, OPT_NO_PLAIN_PORT },
	{ "oper",	required_argument,	NULL, OPT_OPER },
	{ "password",	required_argument,	NULL, OPT_PASSWORD },
	{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
	{ "plain-bind",	required_argument,	NULL, OPT_PLAIN_BIND },
	{ "plain-wait",	required_argument,	NULL, OPT_PLAIN_WAIT },
	{ "ping-interval", required_argument,	NULL, OPT_PING_INTERVAL },
	{ "ping-timeout", required_argument,	NULL, OPT_PING_TIMEOUT },
	{ "port",	required_argument,	NULL, 'p' },
	{ "state-dir",	required_argument,	NULL, OPT_STATE_DIR },
	{ "tls-cert",	required_argument,	NULL, OPT_TLS_CERT },
	{ "tls-key",	required_argument,	NULL, OPT_TLS_KEY },
	{ "tls-port",	required_argument,	NULL, OPT_TLS_PORT },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 },
};

/* Options that make no sense in the config file. */
static const char *const options_command_line_only[] = {
	"check-config", "config", "fingerprint", "help", "version", NULL
};

/* What the command line says besides the server's settings. */
struct options_run {
	const char	*config_path;	/* -c, NULL: the default if present */
	bool		 check_config;	/* --check-config */
};

/* The settings natterd has when nothing is said. */
static void
options_defaults(struct server_config *config)
{
	memset(config, 0, sizeof *config);
	config->port = "6667";
	config->tls_port = "6697";
	config->ping_interval = SERVER_PING_INTERVAL;
	config->ping_timeout = SERVER_PING_TIMEOUT;
	config->flood_rate = SERVER_FLOOD_RATE;
	config->flood_excess = SERVER_FLOOD_EXCESS;
	config->history_lines = HISTORY_DEFAULT_CAP;
	config->plain_wait_ms = SERVER_PLAIN_WAIT;
	config->default_room = SERVER_DEFAULT_ROOM;
	config->info = SERVER_INFO_DEFAULT;
	config->history_keep_days = STATE_DIR_KEEP_DAYS_DEFAULT;
	config->max_per_ip = SERVER_MAX_PER_IP;
	config->max_rooms = SERVER_MAX_ROOMS;
	config->discovery = true;
}

/*
 * Parse argv over the defaults into config; where[i], when where is not
 * NULL, names the config file line argv[i] came from.  Prints help or
 * version and exits as asked; returns false after reporting bad arguments.
 */
static bool
options_apply(int argc, char **argv, char *const *where,
    struct server_config *config, struct options_run *run)
{
	int ch;
	long number;

	options_defaults(config);
	memset(run, 0, sizeof *run);
	options_failed = false;
	optind = 0;	/* glibc: start afresh, for SIGHUP's second parse */
	while ((ch = getopt_long(argc, argv, "b:c:dhp:V", options_longopts,
	    NULL)) != -1) {
		options_where = where != NULL ? where[optind - 1] : NULL;
		switch (ch) {
		case 'c':
			run->config_path = optarg;
			break;
		case OPT_CHECK_CONFIG:
			run->check_config = true;
			break;
		case 'b':
			config->bind_addr = optarg;
			break;
		case 'd':
			config->daemonize = true;
			break;
		case 'h':
			options_usage(stdout);
			exit(0);
		case 'p':
			if (options_number(optarg, 0, 65535) == -1) {
				options_error("bad port: %s",
				    optarg);
				break;
			}
			config->port = optarg;
			break;
		case 'V':
			printf("natterd %s\n", PACKAGE_VERSION);
			exit(0);
		case OPT_DEFAULT_ROOM:
			if (!irc_channel_valid(optarg)) {
				options_error("--default-room wants a "
				    "room name such as #lobby, not %s", optarg);
				break;
			}
			config->default_room = optarg;
			break;
		case OPT_DISCOVERY_PORT:
			if ((number = options_number(optarg, 1, 65535)) == -1) {
				options_error("--discovery-port wants "
				    "1 to 65535, not %s", optarg);
				break;
			}
			config->discovery_port = (unsigned)number;
			break;
		case OPT_FINGERPRINT:
			config->fingerprint = true;
			break;
		case OPT_FLOOD_EXCESS:
			config->flood_excess = options_seconds(optarg,
			    "--flood-excess");
			break;
		case OPT_FLOOD_RATE:
			config->flood_rate = (int)options_number(optarg, 0, 1000);
			if (config->flood_rate == -1) {
				options_error("--flood-rate wants 0 to "
				    "1000 lines per second, not %s", optarg);
				break;
			}
			break;
		case OPT_HISTORY:
			config->history_lines = (size_t)options_number(optarg,
			    0, 100000);
			if (config->history_lines == (size_t)-1) {
				options_error("--history wants 0 to "
				    "100000 lines, not %s", optarg);
				break;
			}
			break;
		case OPT_HISTORY_KEEP:
			config->history_keep_days = (int)options_number(optarg,
			    0, 36500);
			if (config->history_keep_days == -1) {
				options_error("--history-keep wants 0 "
				    "to 36500 days, not %s", optarg);
				break;
			}
			break;
		case OPT_INFO:
			if (optarg[0] == '\0' || strlen(optarg) > SERVER_INFO_MAX ||
			    strpbrk(optarg, "\r\n") != NULL) {
				options_error("--info wants one line "
				    "of 1 to %d bytes", SERVER_INFO_MAX);
				break;
			}
			config->info = optarg;
			break;
		case OPT_MAX_CLIENTS:
			config->max_clients = options_count(optarg,
			    "--max-clients");
			break;
		case OPT_MAX_PER_IP:
			config->max_per_ip = options_count(optarg,
			    "--max-per-ip");
			break;
		case OPT_MAX_ROOMS:
			config->max_rooms = (size_t)options_count(optarg,
			    "--max-rooms");
			break;
		case OPT_MOTD:
			config->motd_path = optarg;
			break;
		case OPT_NAME:
			if (!options_server_name(optarg)) {
				options_error("--name wants a host "
				    "name such as lanbox or irc.example.org "
				    "(letters, digits, '.' and '-', at most "
				    "%d bytes), not %s", SERVER_NAME_MAX,
				    optarg);
				break;
			}
			config->name = optarg;
			break;
		case OPT_NO_DISCOVERY:
			config->discovery = false;
			break;
		case OPT_NO_PLAIN_PORT:
			config->no_plain_port = true;
			break;
		case OPT_OPER:
			options_oper(optarg, config);
			break;
		case OPT_PASSWORD:
			config->password = optarg;
			break;
		case OPT_PIDFILE:
			config->pidfile = optarg;
			break;
		case OPT_PLAIN_BIND:
			config->plain_bind = optarg;
			break;
		case OPT_PLAIN_WAIT:
			config->plain_wait_ms = (int)options_number(optarg, 0,
			    60000);
			if (config->plain_wait_ms == -1) {
				options_error("--plain-wait wants 0 to "
				    "60000 ms, not %s", optarg);
				break;
			}
			break;
		case OPT_STATE_DIR:
			config->state_dir = optarg;
			break;
		case OPT_TLS_CERT:
			config->tls_cert = optarg;
			break;
		case OPT_TLS_KEY:
			config->tls_key = optarg;
			break;
		case OPT_TLS_PORT:
			if (options_number(optarg, 0, 65535) == -1) {
				options_error("--tls-port wants 0 to "
				    "65535, not %s", optarg);
				break;
			}
			config->tls_port = optarg;
			break;
		case OPT_PING_INTERVAL:
			config->ping_interval = options_seconds(optarg,
			    "--ping-interval");
			break;
		case OPT_PING_TIMEOUT:
			config->ping_timeout = options_seconds(optarg,
			    "--ping-timeout");
			break;
		default:
			options_usage(stderr);
			exit(1);
		}
	}
	options_where = NULL;
	if (optind != argc) {
		fprintf(stderr, "natterd: unexpected argument: %s\n",
		    argv[optind]);
		options_usage(stderr);
		exit(1);
	}
	return !options_failed;
}

/* The default config file, read when present and -c names no other. */
#define OPTIONS_DEFAULT_CONFIG	SYSCONFDIR "/natter/natterd.conf"

/* The command line, the directory natterd started in and the config file, for SIGHUP. */
static int options_argc;
static char **options_argv;
static char options_cwd[PATH_MAX];
static const char *options_config_path;	/* NULL: none */

/* A config file error, to stderr or the log. */
static void
options_report(void *arg, const char *where, const char *message)
{
	(void)arg;
	log_error("%s: %s", where, message);
}

/*
 * path as an absolute path, relative ones taken from the directory natterd
 * started in: -d moves to /, and SIGHUP must find the same files.
 */
static const char *
options_absolute(const char *path)
{
	if (path == NULL || path[0] == '/')
		return path;
	return options_keep(xasprintf("%s/%s", options_cwd, path));
}

/*
 * The settings from the config file at path (NULL: none) and then the
 * command line, which wins.  Returns false after reporting every error.
 * The file's text is kept on success: config points into it.
 */
static bool
options_load(const char *path, struct server_config *config,
    struct options_run *run)
{
	struct config_file cf;
	char **args, **where;
	size_t i;
	int argc;
	bool ok = true;

	memset(&cf, 0, sizeof cf);
	/* On errors go on, to check the values of the good lines too. */
	if (path != NULL && !config_file_read(path, options_longopts,
	    options_command_line_only, options_report, NULL, &cf))
		ok = false;
	argc = (int)cf.count + options_argc;
	args = xcalloc((size_t)argc + 1, sizeof *args);
	where = xcalloc((size_t)argc + 1, sizeof *where);
	args[0] = options_argv[0];
	for (i = 0; i < cf.count; i++) {
		args[1 + i] = cf.args[i];
		where[1 + i] = cf.where[i];
	}
	for (i = 1; i < (size_t)options_argc; i++)
		args[cf.count + i] = options_argv[i];
	ok = options_apply(argc, args, where, config, run) && ok;
	/* Only now: the file may give what a command-line option needs. */
	options_check_tls(config);
	ok = ok && !options_failed;
	free(args);
	free(where);
	if (!ok) {
		config_file_free(&cf);
		return false;
	}
	for (i = 0; i < cf.count; i++) {
		options_keep(cf.args[i]);
		free(cf.where[i]);
	}
	free(cf.where);
	free(cf.args);
	config->motd_path = options_absolute(config->motd_path);
	config->pidfile = options_absolute(config->pidfile);
	config->state_dir = options_absolute(config->state_dir);
	config->tls_cert = options_absolute(config->tls_cert);
	config->tls_key = options_absolute(config->tls_key);
	return true;
}

void
options_start(int argc, char **argv, struct server_config *config)
{
	struct options_run run;
	const char *path;
	bool ok;

	options_argc = argc;
	options_argv = argv;
	if (getcwd(options_cwd, sizeof options_cwd) == NULL)
		log_fatal("getcwd");
	/* The command line alone first: which file, and is this a check? */
	if (!options_apply(argc, argv, NULL, config, &run))
		exit(1);
	path = run.config_path;
	if (path == NULL && access(OPTIONS_DEFAULT_CONFIG, F_OK) == 0)
		path = OPTIONS_DEFAULT_CONFIG;
	options_config_path = options_absolute(path);
	ok = options_load(options_config_path, config, &run);
	if (run.check_config) {
		if (ok)
			printf("natterd: %s: settings are valid\n",
			    options_config_path != NULL ? options_config_path :
			    "no config file; the command line");
		exit(ok ? 0 : 1);
	}
	if (!ok)
		exit(1);
}

bool
options_reload(struct server_config *fresh)
{
	struct options_run run;

	return options_load(options_config_path, fresh, &run);
}

const char *
options_config_file(void)
{
	return options_config_path;
}
