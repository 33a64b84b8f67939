/*
 * natterd's command line and config file into its settings, the options
 * natterd.8 documents; what is wrong is returned, main.c prints it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decimal.h"
#include "config_file.h"
#include "history.h"
#include "irc_names.h"
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

/* The most of a count of connections or rooms, and of seconds (a day). */
#define OPTIONS_COUNT_MAX	1000000
#define OPTIONS_SECONDS_MAX	86400

/* One parse of the settings: where its argument came from, what was wrong. */
struct options_parse {
	const char	*where;	/* "FILE:LINE" of the argument, NULL: the command line */
	char		*errors;	/* every bad setting, a line each; NULL: none */
};

/* Add a line to *text (NULL: empty so far). */
static void
options_say(char **text, const char *line)
{
	char *longer;

	if (*text == NULL) {
		*text = xstrdup(line);
		return;
	}
	longer = xasprintf("%s\n%s", *text, line);
	free(*text);
	*text = longer;
}

/*
 * Say what is wrong with an argument, naming the config file line it came
 * from; parsing goes on so that every error is told at once.
 */
static void __attribute__((format(printf, 2, 3)))
options_error(struct options_parse *p, const char *fmt, ...)
{
	char message[512], line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	if (p->where != NULL)
		snprintf(line, sizeof line, "%s: %s", p->where, message);
	else
		snprintf(line, sizeof line, "%s", message);
	options_say(&p->errors, line);
}

/* The decimal number s (digits only) if it lies in min..max, else -1. */
static long
options_number(const char *s, long min, long max)
{
	long long n;

	return decimal_parse_digits(s, min, max, &n) ? (long)n : -1;
}

/*
 * The number s for option name if it lies in min..max, else -1 after
 * saying what name wants (unit: "" or " seconds", for the message).
 */
static long
options_range(struct options_parse *p, const char *s, const char *name,
    long min, long max, const char *unit)
{
	long n = options_number(s, min, max);

	if (n == -1)
		options_error(p, "%s wants %ld to %ld%s, not %s", name, min, max,
		    unit, s);
	return n;
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
options_oper(struct options_parse *p, const char *arg,
    struct server_config *config)
{
	const char *colon = strchr(arg, ':');

	if (colon == NULL || colon == arg || colon[1] == '\0' ||
	    strchr(arg, ' ') != NULL) {
		options_error(p, "--oper wants NAME:PASS, not %s",
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

/* The TLS options together: say when they contradict each other. */
static void
options_check_tls(struct options_parse *p, const struct server_config *config)
{
	if (config->tls_key != NULL && config->tls_cert == NULL)
		options_error(p, "--tls-key needs --tls-cert");
	else if (config->fingerprint && config->tls_cert == NULL &&
	    config->state_dir == NULL)
		options_error(p, "--fingerprint needs --state-dir or --tls-cert");
	else if (config->no_plain_port && config->tls_cert == NULL &&
	    config->state_dir == NULL)
		options_error(p, "--no-plain-port needs TLS: give --tls-cert or "
		    "--state-dir");
	else if (config->no_plain_port && config->plain_bind != NULL)
		options_error(p, "--plain-bind and --no-plain-port contradict "
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

/* The long option whose getopt_long value is val, or NULL. */
static const struct option *
options_by_val(int val)
{
	const struct option *o;

	for (o = options_longopts; o->name != NULL; o++)
		if (o->val == val)
			return o;
	return NULL;
}

/*
 * What getopt_long, told not to print (opterr 0), found wrong in argv: the
 * line it would have printed, in glibc's words, which natterd has always
 * shown.  optind and optopt say what: optopt 0 for a long option that is
 * unknown or ambiguous, a known option's value for a long option's missing
 * or unwanted argument and a short option's missing one, any other
 * character for an unknown short option.
 */
static char *
options_complaint(char **argv)
{
	const struct option *o = optopt != 0 ? options_by_val(optopt) : NULL;
	const char *arg = argv[optind - 1], *name = arg + 2;
	size_t len = strcspn(name, "="), matches = 0;
	char *text, *longer;

	if (optopt == 0) {
		for (o = options_longopts; o->name != NULL; o++)
			matches += strncmp(o->name, name, len) == 0;
		if (matches < 2)
			return xasprintf("%s: unrecognized option '%s'",
			    argv[0], arg);
		text = xasprintf("%s: option '%s' is ambiguous; possibilities:",
		    argv[0], arg);
		for (o = options_longopts; o->name != NULL; o++) {
			if (strncmp(o->name, name, len) != 0)
				continue;
			longer = xasprintf("%s '--%s'", text, o->name);
			free(text);
			text = longer;
		}
		return text;
	}
	if (o != NULL && strncmp(arg, "--", 2) == 0)
		return xasprintf(o->has_arg == no_argument ?
		    "%s: option '--%s' doesn't allow an argument" :
		    "%s: option '--%s' requires an argument", argv[0], o->name);
	if (o != NULL)
		return xasprintf("%s: option requires an argument -- '%c'",
		    argv[0], optopt);
	return xasprintf("%s: invalid option -- '%c'", argv[0], optopt);
}

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
 * NULL, names the config file line argv[i] came from.  Bad settings are
 * said in p->errors and parsing goes on; -h, -V and what getopt_long
 * cannot parse end it (the last in *usage_error, as natterd prints it).
 */
static enum options_result
options_apply(int argc, char **argv, char *const *where,
    struct server_config *config, struct options_run *run,
    struct options_parse *p, char **usage_error)
{
	int ch;
	long number;

	options_defaults(config);
	memset(run, 0, sizeof *run);
	optind = 0;	/* glibc: start afresh, for SIGHUP's second parse */
	opterr = 0;	/* what is wrong is said by options_complaint */
	while ((ch = getopt_long(argc, argv, "b:c:dhp:V", options_longopts,
	    NULL)) != -1) {
		p->where = where != NULL ? where[optind - 1] : NULL;
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
			return OPTIONS_HELP;
		case 'p':
			if (options_number(optarg, 0, 65535) == -1) {
				options_error(p, "bad port: %s",
				    optarg);
				break;
			}
			config->port = optarg;
			break;
		case 'V':
			return OPTIONS_VERSION;
		case OPT_DEFAULT_ROOM:
			if (!irc_channel_valid(optarg)) {
				options_error(p, "--default-room wants a "
				    "room name such as #lobby, not %s", optarg);
				break;
			}
			config->default_room = optarg;
			break;
		case OPT_DISCOVERY_PORT:
			if ((number = options_range(p, optarg, "--discovery-port",
			    1, 65535, "")) != -1)
				config->discovery_port = (unsigned)number;
			break;
		case OPT_FINGERPRINT:
			config->fingerprint = true;
			break;
		case OPT_FLOOD_EXCESS:
			config->flood_excess = (int)options_range(p, optarg,
			    "--flood-excess", 1, OPTIONS_SECONDS_MAX, " seconds");
			break;
		case OPT_FLOOD_RATE:
			config->flood_rate = (int)options_range(p, optarg,
			    "--flood-rate", 0, 1000, " lines per second");
			break;
		case OPT_HISTORY:
			config->history_lines = (size_t)options_range(p, optarg,
			    "--history", 0, 100000, " lines");
			break;
		case OPT_HISTORY_KEEP:
			config->history_keep_days = (int)options_range(p, optarg,
			    "--history-keep", 0, 36500, " days");
			break;
		case OPT_INFO:
			if (optarg[0] == '\0' || strlen(optarg) > SERVER_INFO_MAX ||
			    strpbrk(optarg, "\r\n") != NULL) {
				options_error(p, "--info wants one line "
				    "of 1 to %d bytes", SERVER_INFO_MAX);
				break;
			}
			config->info = optarg;
			break;
		case OPT_MAX_CLIENTS:
			config->max_clients = (int)options_range(p, optarg,
			    "--max-clients", 1, OPTIONS_COUNT_MAX, "");
			break;
		case OPT_MAX_PER_IP:
			config->max_per_ip = (int)options_range(p, optarg,
			    "--max-per-ip", 1, OPTIONS_COUNT_MAX, "");
			break;
		case OPT_MAX_ROOMS:
			config->max_rooms = (size_t)options_range(p, optarg,
			    "--max-rooms", 1, OPTIONS_COUNT_MAX, "");
			break;
		case OPT_MOTD:
			config->motd_path = optarg;
			break;
		case OPT_NAME:
			if (!options_server_name(optarg)) {
				options_error(p, "--name wants a host "
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
			options_oper(p, optarg, config);
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
			config->plain_wait_ms = (int)options_range(p, optarg,
			    "--plain-wait", 0, 60000, " ms");
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
			if (options_range(p, optarg, "--tls-port", 0, 65535, "") !=
			    -1)
				config->tls_port = optarg;
			break;
		case OPT_PING_INTERVAL:
			config->ping_interval = (int)options_range(p, optarg,
			    "--ping-interval", 1, OPTIONS_SECONDS_MAX, " seconds");
			break;
		case OPT_PING_TIMEOUT:
			config->ping_timeout = (int)options_range(p, optarg,
			    "--ping-timeout", 1, OPTIONS_SECONDS_MAX, " seconds");
			break;
		default:
			*usage_error = options_complaint(argv);
			return OPTIONS_USAGE;
		}
	}
	p->where = NULL;
	if (optind != argc) {
		*usage_error = xasprintf("natterd: unexpected argument: %s",
		    argv[optind]);
		return OPTIONS_USAGE;
	}
	return OPTIONS_RUN;
}

/* The default config file, read when present and -c names no other. */
#define OPTIONS_DEFAULT_CONFIG	SYSCONFDIR "/natter/natterd.conf"

/* The command line, the directory natterd started in and the config file, for SIGHUP. */
static int options_argc;
static char **options_argv;
static char options_cwd[PATH_MAX];
static const char *options_config_path;	/* NULL: none */

/* A config file error, said with the others. */
static void
options_report(void *arg, const char *where, const char *message)
{
	struct options_parse *p = arg;
	char line[1024];

	snprintf(line, sizeof line, "%s: %s", where, message);
	options_say(&p->errors, line);
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
 * command line, which wins.  Returns false with every error in *errors.
 * The file's text is kept on success: config points into it.
 */
static bool
options_load(const char *path, struct server_config *config,
    struct options_run *run, char **errors)
{
	struct options_parse p = { NULL, NULL };
	struct config_file cf;
	char **args, **where, *usage_error = NULL;
	size_t i;
	int argc;
	bool ok = true;

	memset(&cf, 0, sizeof cf);
	/* On errors go on, to check the values of the good lines too. */
	if (path != NULL && !config_file_read(path, options_longopts,
	    options_command_line_only, options_report, &p, &cf))
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
	/*
	 * The command line alone parsed already, and a file makes only
	 * "--key=value" and "--key" of keys it knows: no usage error, no
	 * -h or -V here.  Were there one, it would be an error all the same.
	 */
	if (options_apply(argc, args, where, config, run, &p, &usage_error) !=
	    OPTIONS_RUN) {
		options_say(&p.errors, usage_error != NULL ? usage_error :
		    "-h and -V are for the command line");
		free(usage_error);
	}
	/* Only now: the file may give what a command-line option needs. */
	options_check_tls(&p, config);
	ok = ok && p.errors == NULL;
	free(args);
	free(where);
	*errors = p.errors;
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

enum options_result
options_start(int argc, char **argv, struct server_config *config,
    struct options_said *said)
{
	struct options_parse p = { NULL, NULL };
	struct options_run run;
	enum options_result result;
	const char *path;
	char line[512];

	memset(said, 0, sizeof *said);
	options_argc = argc;
	options_argv = argv;
	if (getcwd(options_cwd, sizeof options_cwd) == NULL) {
		snprintf(line, sizeof line, "getcwd: %s", strerror(errno));
		options_say(&said->errors, line);
		return OPTIONS_BAD;
	}
	/* The command line alone first: which file, and is this a check? */
	result = options_apply(argc, argv, NULL, config, &run, &p,
	    &said->usage_error);
	said->errors = p.errors;
	if (result != OPTIONS_RUN)
		return result;
	if (said->errors != NULL)
		return OPTIONS_BAD;
	path = run.config_path;
	if (path == NULL && access(OPTIONS_DEFAULT_CONFIG, F_OK) == 0)
		path = OPTIONS_DEFAULT_CONFIG;
	options_config_path = options_absolute(path);
	if (!options_load(options_config_path, config, &run, &said->errors))
		return OPTIONS_BAD;
	return run.check_config ? OPTIONS_CHECKED : OPTIONS_RUN;
}

void
options_said_free(struct options_said *said)
{
	free(said->errors);
	free(said->usage_error);
	memset(said, 0, sizeof *said);
}

bool
options_reload(struct server_config *fresh, char **errors)
{
	struct options_run run;

	return options_load(options_config_path, fresh, &run, errors);
}

const char *
options_config_file(void)
{
	return options_config_path;
}
