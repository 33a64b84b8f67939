/* natter's settings: defaults, config file, command line; see options.h. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daymark.h"
#include "decimal.h"
#include "discovery.h"
#include "options.h"
#include "xmalloc.h"

/* The largest paste burst, and lines a second, one may configure. */
#define OPTIONS_PASTE_MAX	1000
/* The longest scrollback or input history a window may keep. */
#define OPTIONS_LINES_MAX	1000000

/* Long-only options. */
enum {
	OPT_NO_COLOR = 256,
	OPT_TLS_FINGERPRINT,
	OPT_TLS_CA,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_SASL_USER,
	OPT_SASL_EXTERNAL,
};

const char options_usage[] =
    "usage: natter [-t] [-n NICK] [-p PORT] [-j ROOMS] [-w PASS] [-r REALNAME]\n"
    "              [--tls-fingerprint SHA256:...] [--tls-ca FILE]\n"
    "              [--tls-cert FILE [--tls-key FILE]] [--sasl-user NAME]\n"
    "              [--sasl-external] [--no-color] [-h] [-V] [HOST]\n"
    "       natter -l [-p PORT]\n"
    "\n"
    "  HOST           the server (default: find the natterd on the LAN, by a\n"
    "                 UDP probe to PORT; choose when several answer)\n"
    "  -l, --discover list the natterd servers on the LAN and exit\n"
    "  -n NICK        your nick (default $USER; NICK_ if it is taken)\n"
    "  -p PORT        the server's port (default 6667, 6697 with -t)\n"
    "  -t, --tls      connect with TLS: the system's CAs vouch for a server\n"
    "                 given by name; a LAN server's own key is remembered\n"
    "                 on first use (~/.local/share/natter/known_servers)\n"
    "                 and a changed one refused\n"
    "  --tls-fingerprint SHA256:...\n"
    "                 accept only the server key with this fingerprint\n"
    "  --tls-ca FILE  trust the CAs in FILE (PEM) instead of the system's\n"
    "  --tls-cert FILE  your certificate and key (PEM), for CertFP and\n"
    "                 SASL EXTERNAL; --tls-key FILE when the key is apart\n"
    "  --sasl-user NAME  log in with SASL PLAIN as NAME; the password is\n"
    "                 sasl_pass in the config file or $NATTER_SASL_PASS\n"
    "  --sasl-external  log in with SASL EXTERNAL (the --tls-cert)\n"
    "  -j ROOMS       rooms to join, comma-separated (default #lobby;\n"
    "                 \"\" for none)\n"
    "  -w PASS        the server's password, if it has one\n"
    "  -r REALNAME    your real name, as /whois shows it\n"
    "  --no-color     no colours (also when NO_COLOR is set)\n"
    "  -h, --help     this help\n"
    "  -V, --version  the version\n"
    "\n"
    "Settings are also read from ~/.config/natter/config (key = value lines:\n"
    "nick, host, port, rooms, password, realname, color, bell, scrollback,\n"
    "history, timestamp, datestamp, day_change, paste_burst, paste_rate, log,\n"
    "ignore, smart_filter, highlight, mouse, nicklist, tls, tls_fingerprint,\n"
    "tls_ca, tls_cert, tls_key, sasl_user, sasl_pass, sasl_mechanism; for files\n"
    "sent with /send and taken with /get: download_dir, dcc_address,\n"
    "dcc_auto_accept, dcc_timeout); the command line wins.  Logs are kept in\n"
    "~/.local/share/natter/logs/HOST/ (log = no turns them off).  Type /help in\n"
    "natter for the commands; see natter(1).\n";

/* Replace a string setting. */
static void
options_set(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

/* Defaults. */
void
options_init(struct options *o, const char *user, bool no_color)
{
	memset(o, 0, sizeof *o);
	o->host = xstrdup(OPTIONS_HOST);
	o->port = xstrdup(OPTIONS_PORT);
	o->nick = xstrdup(user != NULL && user[0] != '\0' ? user :
	    OPTIONS_NICK);
	o->rooms = xstrdup(OPTIONS_ROOMS);
	o->password = NULL;
	o->realname = xstrdup(OPTIONS_REALNAME);
	o->time_format = xstrdup("%H:%M");
	o->date_format = xstrdup(DAYMARK_DATE_FORMAT);
	o->log = true;
	o->smart_filter = IGNORE_SMART_MINUTES;
	o->mouse = true;
	ignore_init(&o->ignores);
	o->day_format = xstrdup(DAYMARK_FORMAT);
	o->color = !no_color;
	o->bell = OPTIONS_BELL_HIGHLIGHT;
	o->scrollback = 5000;
	o->history = 100;
	dcc_options_init(&o->dcc);
}

/* Free the settings. */
void
options_free(struct options *o)
{
	free(o->host);
	free(o->port);
	free(o->nick);
	free(o->rooms);
	free(o->password);
	free(o->realname);
	free(o->time_format);
	free(o->date_format);
	free(o->config_path);
	free(o->highlights);
	ignore_free(&o->ignores);
	free(o->day_format);
	free(o->tls_fingerprint);
	free(o->tls_ca);
	free(o->tls_cert);
	free(o->tls_key);
	free(o->discovered_fp);
	free(o->sasl_user);
	if (o->sasl_pass != NULL)
		explicit_bzero(o->sasl_pass, strlen(o->sasl_pass));
	free(o->sasl_pass);
	dcc_options_free(&o->dcc);
	memset(o, 0, sizeof *o);
}

/* A port: 1..65535, digits only. */
static bool
options_port_valid(const char *s)
{
	long long	n;

	return decimal_parse_digits(s, 1, 65535, &n);
}

/* A count of lines: 1..OPTIONS_LINES_MAX, digits only. */
static bool
options_lines(const char *s, size_t *out)
{
	long long	n;

	if (!decimal_parse_digits(s, 1, OPTIONS_LINES_MAX, &n))
		return false;
	*out = (size_t)n;
	return true;
}

/* yes/no and their usual spellings. */
static bool
options_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t	i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Check and store a nick, host or port given on either side. */
static bool
options_check_value(const char *key, const char *value, char *err,
    size_t errsize)
{
	if (strcmp(key, "port") == 0 && !options_port_valid(value)) {
		snprintf(err, errsize, "bad port '%s' (1-65535)", value);
		return false;
	}
	if (strcmp(key, "tls_fingerprint") == 0 && !discovery_valid_fp(value)) {
		snprintf(err, errsize, "bad fingerprint '%s' (SHA256: and 43 "
		    "characters of base64, as natterd --fingerprint prints "
		    "it)", value);
		return false;
	}
	if ((strcmp(key, "nick") == 0 || strcmp(key, "host") == 0 ||
	    strcmp(key, "sasl_user") == 0) &&
	    (value[0] == '\0' || strpbrk(value, " ,\t") != NULL)) {
		snprintf(err, errsize, "bad %s '%s'", key, value);
		return false;
	}
	return true;
}

/* A paste's burst or rate, or smart_filter's minutes: 1..OPTIONS_PASTE_MAX
 * (a sign before the digits is taken, as it always was). */
static bool
options_small(const char *value, int *out)
{
	long long	n;

	if (!decimal_parse(value, 1, OPTIONS_PASTE_MAX, &n))
		return false;
	*out = (int)n;
	return true;
}

/* Strip spaces at both ends in place. */
static char *
options_trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	*end = '\0';
	return s;
}

/* Apply one config line. */
bool
options_config_line(struct options *o, char *line, char *err,
    size_t errsize)
{
	char	*key, *value, *eq;
	bool	 b;

	key = options_trim(line);
	if (key[0] == '\0' || key[0] == '#')
		return true;
	if ((eq = strchr(key, '=')) == NULL) {
		snprintf(err, errsize, "expected 'key = value'");
		return false;
	}
	*eq = '\0';
	key = options_trim(key);
	value = options_trim(eq + 1);
	/* "value" in quotes keeps its spaces; "" is empty. */
	if (value[0] == '"' && strlen(value) >= 2 &&
	    value[strlen(value) - 1] == '"') {
		value[strlen(value) - 1] = '\0';
		value++;
	}
	if (!options_check_value(key, value, err, errsize))
		return false;

	if (strcmp(key, "nick") == 0)
		options_set(&o->nick, value);
	else if (strcmp(key, "host") == 0) {
		options_set(&o->host, value);
		o->host_given = true;
	}
	else if (strcmp(key, "port") == 0) {
		options_set(&o->port, value);
		o->port_given = true;
	}
	else if (strcmp(key, "rooms") == 0)
		options_set(&o->rooms, value);
	else if (strcmp(key, "password") == 0)
		options_set(&o->password, value[0] != '\0' ? value : NULL);
	else if (strcmp(key, "realname") == 0)
		options_set(&o->realname, value);
	else if (strcmp(key, "timestamp") == 0)
		options_set(&o->time_format, value);
	else if (strcmp(key, "datestamp") == 0)
		options_set(&o->date_format, value);
	else if (strcmp(key, "day_change") == 0)
		options_set(&o->day_format, value);
	else if (strcmp(key, "tls_fingerprint") == 0)
		options_set(&o->tls_fingerprint, value);
	else if (strcmp(key, "tls_ca") == 0)
		options_set(&o->tls_ca, value[0] != '\0' ? value : NULL);
	else if (strcmp(key, "tls_cert") == 0)
		options_set(&o->tls_cert, value[0] != '\0' ? value : NULL);
	else if (strcmp(key, "tls_key") == 0)
		options_set(&o->tls_key, value[0] != '\0' ? value : NULL);
	else if (strcmp(key, "sasl_user") == 0)
		options_set(&o->sasl_user, value);
	else if (strcmp(key, "sasl_pass") == 0)
		options_set(&o->sasl_pass, value[0] != '\0' ? value : NULL);
	else if (strcmp(key, "sasl_mechanism") == 0) {
		if (strcasecmp(value, "plain") == 0)
			o->sasl = OPTIONS_SASL_PLAIN;
		else if (strcasecmp(value, "external") == 0)
			o->sasl = OPTIONS_SASL_EXTERNAL;
		else {
			snprintf(err, errsize,
			    "sasl_mechanism: expected plain or external");
			return false;
		}
	} else if (strcmp(key, "ignore") == 0) {
		if (!ignore_add(&o->ignores, value, err, errsize))
			return false;
	} else if (strcmp(key, "smart_filter") == 0) {
		if (strcmp(value, "0") == 0 || strcmp(value, "no") == 0)
			o->smart_filter = 0;
		else if (!options_small(value, &o->smart_filter)) {
			snprintf(err, errsize, "%s: expected minutes (0-%d)",
			    key, OPTIONS_PASTE_MAX);
			return false;
		}
	} else if (strcmp(key, "highlight") == 0) {
		options_set(&o->highlights, value[0] != '\0' ? value : NULL);
	} else if (strcmp(key, "mouse") == 0 ||
	    strcmp(key, "nicklist") == 0) {
		if (!options_bool(value, strcmp(key, "mouse") == 0 ?
		    &o->mouse : &o->nicklist)) {
			snprintf(err, errsize, "%s: expected yes or no", key);
			return false;
		}
	} else if (strcmp(key, "log") == 0) {
		if (!options_bool(value, &o->log)) {
			snprintf(err, errsize, "%s: expected yes or no", key);
			return false;
		}
	} else if (strcmp(key, "tls") == 0) {
		if (!options_bool(value, &o->tls)) {
			snprintf(err, errsize, "%s: expected yes or no", key);
			return false;
		}
	}
	else if (strcmp(key, "color") == 0 || strcmp(key, "colour") == 0) {
		if (!options_bool(value, &b)) {
			snprintf(err, errsize, "%s: expected yes or no", key);
			return false;
		}
		/* The file may turn colours off, never back on over NO_COLOR. */
		o->color = o->color && b;
	} else if (strcmp(key, "bell") == 0) {
		if (strcmp(value, "never") == 0 || strcmp(value, "no") == 0)
			o->bell = OPTIONS_BELL_NEVER;
		else if (strcmp(value, "highlight") == 0 ||
		    strcmp(value, "yes") == 0)
			o->bell = OPTIONS_BELL_HIGHLIGHT;
		else if (strcmp(value, "private") == 0)
			o->bell = OPTIONS_BELL_PRIVATE;
		else {
			snprintf(err, errsize,
			    "bell: expected never, highlight or private");
			return false;
		}
	} else if (strcmp(key, "scrollback") == 0 ||
	    strcmp(key, "history") == 0) {
		if (!options_lines(value, strcmp(key, "history") == 0 ?
		    &o->history : &o->scrollback)) {
			snprintf(err, errsize, "%s: expected a number of lines "
			    "(1-%d)", key, OPTIONS_LINES_MAX);
			return false;
		}
	} else if (dcc_options_key(key)) {
		if (!dcc_options_set(&o->dcc, key, value, err, errsize))
			return false;
	} else if (strcmp(key, "paste_burst") == 0 ||
	    strcmp(key, "paste_rate") == 0) {
		if (!options_small(value, strcmp(key, "paste_burst") == 0 ?
		    &o->paste_burst : &o->paste_rate)) {
			snprintf(err, errsize, "%s: expected a number of lines "
			    "(1-%d)", key, OPTIONS_PASTE_MAX);
			return false;
		}
	} else {
		snprintf(err, errsize, "unknown setting '%s'", key);
		return false;
	}
	return true;
}

/* Read a config file. */
int
options_read_config(struct options *o, const char *path, char *err,
    size_t errsize)
{
	FILE	*f;
	char	 line[OPTIONS_LINE_MAX + 2], why[256];
	int	 lineno = 0;
	size_t	 len;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		len = strlen(line);
		if (len > OPTIONS_LINE_MAX && line[len - 1] != '\n') {
			snprintf(err, errsize, "%s:%d: line too long", path,
			    lineno);
			fclose(f);
			return -1;
		}
		if (!options_config_line(o, line, why, sizeof why)) {
			snprintf(err, errsize, "%s:%d: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
	}
	if (ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 1;
}

/* Where the config file is. */
char *
options_config_path(const char *xdg_config_home, const char *home)
{
	/* XDG: a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg_config_home != NULL && xdg_config_home[0] == '/')
		return xasprintf("%s/natter/config", xdg_config_home);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.config/natter/config", home);
	return NULL;
}

/* Parse the command line. */
enum options_result
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errsize)
{
	static const struct option longopts[] = {
		{ "discover",	no_argument,	NULL, 'l' },
		{ "help",	no_argument,	NULL, 'h' },
		{ "version",	no_argument,	NULL, 'V' },
		{ "no-color",	no_argument,	NULL, OPT_NO_COLOR },
		{ "no-colour",	no_argument,	NULL, OPT_NO_COLOR },
		{ "tls",	no_argument,	NULL, 't' },
		{ "tls-fingerprint", required_argument, NULL, OPT_TLS_FINGERPRINT },
		{ "tls-ca",	required_argument, NULL, OPT_TLS_CA },
		{ "tls-cert",	required_argument, NULL, OPT_TLS_CERT },
		{ "tls-key",	required_argument, NULL, OPT_TLS_KEY },
		{ "sasl-user",	required_argument, NULL, OPT_SASL_USER },
		{ "sasl-external", no_argument,	NULL, OPT_SASL_EXTERNAL },
		{ NULL, 0, NULL, 0 },
	};
	int	 ch;

	optind = 0;	/* glibc: start over, as for a new argv */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:ln:p:j:w:r:thV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (!options_check_value("nick", optarg, err, errsize))
				return OPTIONS_ERROR;
			options_set(&o->nick, optarg);
			break;
		case 'p':
			if (!options_check_value("port", optarg, err, errsize))
				return OPTIONS_ERROR;
			options_set(&o->port, optarg);
			o->port_given = true;
			break;
		case 't':
			o->tls = true;
			break;
		case OPT_TLS_FINGERPRINT:
			if (!options_check_value("tls_fingerprint", optarg,
			    err, errsize))
				return OPTIONS_ERROR;
			options_set(&o->tls_fingerprint, optarg);
			o->tls = true;
			break;
		case OPT_TLS_CA:
			options_set(&o->tls_ca, optarg);
			break;
		case OPT_TLS_CERT:
			options_set(&o->tls_cert, optarg);
			o->tls = true;
			break;
		case OPT_TLS_KEY:
			options_set(&o->tls_key, optarg);
			break;
		case OPT_SASL_USER:
			if (!options_check_value("sasl_user", optarg, err,
			    errsize))
				return OPTIONS_ERROR;
			options_set(&o->sasl_user, optarg);
			if (o->sasl == OPTIONS_SASL_EXTERNAL)
				o->sasl = OPTIONS_SASL_PLAIN;
			break;
		case OPT_SASL_EXTERNAL:
			o->sasl = OPTIONS_SASL_EXTERNAL;
			break;
		case 'l':
			o->discover = true;
			break;
		case 'j':
			options_set(&o->rooms, optarg);
			break;
		case 'w':
			options_set(&o->password, optarg);
			break;
		case 'r':
			options_set(&o->realname, optarg);
			break;
		case OPT_NO_COLOR:
			o->color = false;
			break;
		case 'h':
			return OPTIONS_HELP;
		case 'V':
			return OPTIONS_VERSION;
		case ':':
			if (optopt >= OPT_NO_COLOR)
				snprintf(err, errsize, "option %s needs a "
				    "value", argv[optind - 1]);
			else
				snprintf(err, errsize, "option -%c needs a "
				    "value", optopt);
			return OPTIONS_ERROR;
		default:
			if (optopt != 0)
				snprintf(err, errsize, "unknown option -%c",
				    optopt);
			else
				snprintf(err, errsize, "unknown option %s",
				    argv[optind - 1]);
			return OPTIONS_ERROR;
		}
	}
	if (argc - optind > 1) {
		snprintf(err, errsize, "one HOST only (got '%s' too)",
		    argv[optind + 1]);
		return OPTIONS_ERROR;
	}
	if (argc - optind == 1) {
		if (!options_check_value("host", argv[optind], err, errsize))
			return OPTIONS_ERROR;
		options_set(&o->host, argv[optind]);
		o->host_given = true;
	}
	return OPTIONS_RUN;
}

/* A file named "~/..." (a config file's way): in home. */
static void
options_home(char **path, const char *home)
{
	char	*full;

	if (*path == NULL || strncmp(*path, "~/", 2) != 0 || home == NULL ||
	    home[0] == '\0')
		return;
	full = xasprintf("%s%s", home, *path + 1);
	free(*path);
	*path = full;
}

/* What the settings mean together. */
bool
options_finish(struct options *o, const char *sasl_pass, const char *home,
    char *err, size_t errsize)
{
	if (sasl_pass != NULL && sasl_pass[0] != '\0')
		options_set(&o->sasl_pass, sasl_pass);
	options_home(&o->tls_ca, home);
	options_home(&o->tls_cert, home);
	options_home(&o->tls_key, home);
	if (o->tls && !o->port_given && o->host_given)
		options_set(&o->port, OPTIONS_TLS_PORT);
	if (o->tls_key != NULL && o->tls_cert == NULL) {
		snprintf(err, errsize, "--tls-key needs --tls-cert");
		return false;
	}
	if (o->sasl == OPTIONS_SASL_NONE && o->sasl_user != NULL)
		o->sasl = OPTIONS_SASL_PLAIN;
	switch (o->sasl) {
	case OPTIONS_SASL_PLAIN:
		if (o->sasl_user == NULL) {
			snprintf(err, errsize, "SASL PLAIN needs a user name: "
			    "--sasl-user NAME or sasl_user in the config file");
			return false;
		}
		if (o->sasl_pass == NULL) {
			snprintf(err, errsize, "SASL PLAIN needs a password: "
			    "sasl_pass in the config file or NATTER_SASL_PASS "
			    "in the environment");
			return false;
		}
		break;
	case OPTIONS_SASL_EXTERNAL:
		if (o->tls_cert == NULL || !o->tls) {
			snprintf(err, errsize, "SASL EXTERNAL needs TLS and a "
			    "client certificate: -t --tls-cert FILE");
			return false;
		}
		break;
	default:
		break;
	}
	return true;
}
