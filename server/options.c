/* natterd's command line: the options natterd.8 documents. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "server.h"

/* Long options that have no short form. */
enum {
	OPT_MOTD = 256,
	OPT_PASSWORD,
	OPT_PING_INTERVAL,
	OPT_PING_TIMEOUT,
};

/* The usage text: the synopsis and one line per option. */
static void
options_usage(FILE *f)
{
	fprintf(f,
	    "usage: natterd [-p PORT] [-b ADDR] [--motd FILE] [--password PASS]\n"
	    "               [--ping-interval SECONDS] [--ping-timeout SECONDS]\n"
	    "               [-h] [-V]\n"
	    "\n"
	    "  -p, --port PORT      TCP port to listen on (default 6667; 0 picks a free one)\n"
	    "  -b, --bind ADDR      listen on this address only (default: all interfaces,\n"
	    "                       IPv6 and IPv4), e.g. 127.0.0.1 or ::1\n"
	    "      --motd FILE      message of the day shown after registration\n"
	    "      --password PASS  clients must send PASS PASS to register\n"
	    "      --ping-interval SECONDS\n"
	    "                       PING a client silent this long (default 90)\n"
	    "      --ping-timeout SECONDS\n"
	    "                       drop a PINGed client silent this long, and a\n"
	    "                       connection not registered by then (default 60)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
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
		{ "help",	no_argument,		NULL, 'h' },
		{ "motd",	required_argument,	NULL, OPT_MOTD },
		{ "password",	required_argument,	NULL, OPT_PASSWORD },
		{ "ping-interval", required_argument,	NULL, OPT_PING_INTERVAL },
		{ "ping-timeout", required_argument,	NULL, OPT_PING_TIMEOUT },
		{ "port",	required_argument,	NULL, 'p' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	int ch;

	memset(config, 0, sizeof *config);
	config->port = "6667";
	config->ping_interval = SERVER_PING_INTERVAL;
	config->ping_timeout = SERVER_PING_TIMEOUT;
	while ((ch = getopt_long(argc, argv, "b:hp:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			config->bind_addr = optarg;
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
		case OPT_MOTD:
			config->motd_path = optarg;
			break;
		case OPT_PASSWORD:
			config->password = optarg;
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
