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
};

/* The usage text: the synopsis and one line per option. */
static void
options_usage(FILE *f)
{
	fprintf(f,
	    "usage: natterd [-p PORT] [-b ADDR] [--motd FILE] [--password PASS]\n"
	    "               [-h] [-V]\n"
	    "\n"
	    "  -p, --port PORT      TCP port to listen on (default 6667; 0 picks a free one)\n"
	    "  -b, --bind ADDR      listen on this address only (default: all interfaces,\n"
	    "                       IPv6 and IPv4), e.g. 127.0.0.1 or ::1\n"
	    "      --motd FILE      message of the day shown after registration\n"
	    "      --password PASS  clients must send PASS PASS to register\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
	    "\n"
	    "See natterd(8).\n");
}

/* True when s is a decimal port number 0..65535. */
static bool
options_valid_port(const char *s)
{
	char *end;
	long port;

	if (*s < '0' || *s > '9')
		return false;
	port = strtol(s, &end, 10);
	return *end == '\0' && port >= 0 && port <= 65535;
}

void
options_parse(int argc, char **argv, struct server_config *config)
{
	static const struct option longopts[] = {
		{ "bind",	required_argument,	NULL, 'b' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "motd",	required_argument,	NULL, OPT_MOTD },
		{ "password",	required_argument,	NULL, OPT_PASSWORD },
		{ "port",	required_argument,	NULL, 'p' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	int ch;

	memset(config, 0, sizeof *config);
	config->port = "6667";
	while ((ch = getopt_long(argc, argv, "b:hp:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			config->bind_addr = optarg;
			break;
		case 'h':
			options_usage(stdout);
			exit(0);
		case 'p':
			if (!options_valid_port(optarg)) {
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
