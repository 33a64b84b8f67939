/* natterd's command line: the options natterd.8 documents. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "irc_names.h"
#include "options.h"
#include "server.h"
#include "state_dir.h"

/* Long options that have no short form. */
enum {
	OPT_DEFAULT_ROOM = 256,
	OPT_DISCOVERY_PORT,
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
	OPT_OPER,
	OPT_PASSWORD,
	OPT_PIDFILE,
	OPT_PLAIN_WAIT,
	OPT_STATE_DIR,
	OPT_PING_INTERVAL,
	OPT_PING_TIMEOUT,
};

/* The usage text: the synopsis and one line per option. */
static void
options_usage(FILE *f)
{
	fprintf(f,
	    "usage: natterd [-dhV] [-b ADDR] [-p PORT] [--default-room ROOM]\n"
	    "               [--discovery-port PORT] [--flood-excess SECONDS]\n"
	    "               [--flood-rate N] [--history N] [--history-keep DAYS]\n"
	    "               [--info TEXT] [--max-clients N] [--max-per-ip N]\n"
	    "               [--max-rooms N] [--motd FILE] [--name NAME]\n"
	    "               [--no-discovery] [--oper NAME:PASS] [--password PASS]\n"
	    "               [--pidfile FILE] [--ping-interval SECONDS]\n"
	    "               [--ping-timeout SECONDS] [--plain-wait MS]\n"
	    "               [--state-dir DIR]\n"
	    "\n"
	    "  -b, --bind ADDR      listen on this address only (default: all interfaces,\n"
	    "                       IPv6 and IPv4), e.g. 127.0.0.1 or ::1\n"
	    "  -d, --daemon         detach from the terminal and log to syslog\n"
	    "  -h, --help           show this help and exit\n"
	    "  -p, --port PORT      TCP port to listen on (default 6667; 0 picks a free one)\n"
	    "  -V, --version        show the version and exit\n"
	    "      --default-room ROOM\n"
	    "                       where nc and telnet users land (default #lobby)\n"
	    "      --discovery-port PORT\n"
	    "                       UDP port for natter's LAN discovery probes\n"
	    "                       (default: the TCP port)\n"
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
	    "      --oper NAME:PASS OPER NAME PASS makes a client an IRC operator\n"
	    "      --password PASS  clients must send PASS PASS to register\n"
	    "      --pidfile FILE   write natterd's pid to FILE (removed at exit)\n"
	    "      --ping-interval SECONDS\n"
	    "                       PING a client silent this long (default 90)\n"
	    "      --ping-timeout SECONDS\n"
	    "                       drop a PINGed client silent this long, and a\n"
	    "                       connection not registered by then (default 60)\n"
	    "      --plain-wait MS  a connection silent this long is a person at nc or\n"
	    "                       telnet: greet it in words (default 1000; 0: no\n"
	    "                       plain door)\n"
	    "      --state-dir DIR  keep room history and state in DIR, across restarts\n"
	    "                       (DIR must be ours alone: owned by natterd's user,\n"
	    "                       writable by nobody else)\n"
	    "\n"
	    "See natterd(8).\n");
}

/* The decimal number s if it lies in min..max, else -1. */
static long
options_number(const char *s, long min, long max)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	return *end == '\0' && n >= min && n <= max ? n : -1;
}

/* A count of connections, 1 to a million, for option name; exits when it is not. */
static int
options_count(const char *s, const char *name)
{
	long n = options_number(s, 1, 1000000);

	if (n == -1) {
		fprintf(stderr, "natterd: %s wants 1 to 1000000, not %s\n",
		    name, s);
		exit(1);
	}
	return (int)n;
}

/* --oper NAME:PASS: split at the first colon; both parts must be there. */
static void
options_oper(char *arg, struct server_config *config)
{
	char *colon = strchr(arg, ':');

	if (colon == NULL || colon == arg || colon[1] == '\0' ||
	    strchr(arg, ' ') != NULL) {
		fprintf(stderr, "natterd: --oper wants NAME:PASS, not %s\n",
		    arg);
		exit(1);
	}
	*colon = '\0';
	config->oper_name = arg;
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
		fprintf(stderr, "natterd: %s wants 1 to 86400 seconds, not %s\n",
		    name, s);
		exit(1);
	}
	return (int)n;
}

void
options_parse(int argc, char **argv, struct server_config *config)
{
	static const struct option longopts[] = {
		{ "bind",	required_argument,	NULL, 'b' },
		{ "daemon",	no_argument,		NULL, 'd' },
		{ "default-room", required_argument,	NULL, OPT_DEFAULT_ROOM },
		{ "discovery-port", required_argument,	NULL, OPT_DISCOVERY_PORT },
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
		{ "oper",	required_argument,	NULL, OPT_OPER },
		{ "password",	required_argument,	NULL, OPT_PASSWORD },
		{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
		{ "plain-wait",	required_argument,	NULL, OPT_PLAIN_WAIT },
		{ "ping-interval", required_argument,	NULL, OPT_PING_INTERVAL },
		{ "ping-timeout", required_argument,	NULL, OPT_PING_TIMEOUT },
		{ "port",	required_argument,	NULL, 'p' },
		{ "state-dir",	required_argument,	NULL, OPT_STATE_DIR },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	int ch;

	memset(config, 0, sizeof *config);
	config->port = "6667";
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
	while ((ch = getopt_long(argc, argv, "b:dhp:V", longopts, NULL)) != -1) {
		switch (ch) {
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
				fprintf(stderr, "natterd: bad port: %s\n",
				    optarg);
				exit(1);
			}
			config->port = optarg;
			break;
		case 'V':
			printf("natterd %s\n", PACKAGE_VERSION);
			exit(0);
		case OPT_DEFAULT_ROOM:
			if (!irc_channel_valid(optarg)) {
				fprintf(stderr, "natterd: --default-room wants a "
				    "room name such as #lobby, not %s\n", optarg);
				exit(1);
			}
			config->default_room = optarg;
			break;
		case OPT_DISCOVERY_PORT:
			if (options_number(optarg, 1, 65535) == -1) {
				fprintf(stderr, "natterd: --discovery-port wants "
				    "1 to 65535, not %s\n", optarg);
				exit(1);
			}
			config->discovery_port = (unsigned)atoi(optarg);
			break;
		case OPT_FLOOD_EXCESS:
			config->flood_excess = options_seconds(optarg,
			    "--flood-excess");
			break;
		case OPT_FLOOD_RATE:
			config->flood_rate = (int)options_number(optarg, 0, 1000);
			if (config->flood_rate == -1) {
				fprintf(stderr, "natterd: --flood-rate wants 0 to "
				    "1000 lines per second, not %s\n", optarg);
				exit(1);
			}
			break;
		case OPT_HISTORY:
			config->history_lines = (size_t)options_number(optarg,
			    0, 100000);
			if (config->history_lines == (size_t)-1) {
				fprintf(stderr, "natterd: --history wants 0 to "
				    "100000 lines, not %s\n", optarg);
				exit(1);
			}
			break;
		case OPT_HISTORY_KEEP:
			config->history_keep_days = (int)options_number(optarg,
			    0, 36500);
			if (config->history_keep_days == -1) {
				fprintf(stderr, "natterd: --history-keep wants 0 "
				    "to 36500 days, not %s\n", optarg);
				exit(1);
			}
			break;
		case OPT_INFO:
			if (optarg[0] == '\0' || strlen(optarg) > SERVER_INFO_MAX ||
			    strpbrk(optarg, "\r\n") != NULL) {
				fprintf(stderr, "natterd: --info wants one line "
				    "of 1 to %d bytes\n", SERVER_INFO_MAX);
				exit(1);
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
				fprintf(stderr, "natterd: --name wants a host "
				    "name such as lanbox or irc.example.org "
				    "(letters, digits, '.' and '-', at most "
				    "%d bytes), not %s\n", SERVER_NAME_MAX,
				    optarg);
				exit(1);
			}
			config->name = optarg;
			break;
		case OPT_NO_DISCOVERY:
			config->discovery = false;
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
		case OPT_PLAIN_WAIT:
			config->plain_wait_ms = (int)options_number(optarg, 0,
			    60000);
			if (config->plain_wait_ms == -1) {
				fprintf(stderr, "natterd: --plain-wait wants 0 to "
				    "60000 ms, not %s\n", optarg);
				exit(1);
			}
			break;
		case OPT_STATE_DIR:
			config->state_dir = optarg;
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
	if (optind != argc) {
		fprintf(stderr, "natterd: unexpected argument: %s\n",
		    argv[optind]);
		options_usage(stderr);
		exit(1);
	}
}
