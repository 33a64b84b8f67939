/*
 * natter's settings: the defaults, ~/.config/natter/config ("key = value"
 * lines) and the command line, which wins over the file:
 *
 *	natter [-lt] [-n NICK] [-p PORT] [-j ROOMS] [-w PASS] [-r REALNAME]
 *	    [--tls-fingerprint FP] [--tls-ca FILE] [--tls-cert FILE]
 *	    [--tls-key FILE] [--sasl-user NAME] [--sasl-external]
 *	    [--no-color] [-h] [-V] [HOST]
 *
 * Plain C with no terminal in it, so the Check suite drives it directly.
 */
#ifndef NATTER_OPTIONS_H
#define NATTER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "dcc_options.h"
#include "ignore.h"

/* Defaults. */
#define OPTIONS_HOST		"localhost"
#define OPTIONS_PORT		"6667"
#define OPTIONS_TLS_PORT	"6697"	/* with TLS and no port given */
#define OPTIONS_ROOMS		"#lobby"
#define OPTIONS_NICK		"natter"	/* when $USER is not set */
#define OPTIONS_REALNAME	"natter user"
/* A config file line longer than this is an error. */
#define OPTIONS_LINE_MAX	1024

/* How natter logs in with SASL. */
enum options_sasl {
	OPTIONS_SASL_NONE,
	OPTIONS_SASL_PLAIN,	/* sasl_user and sasl_pass */
	OPTIONS_SASL_EXTERNAL,	/* the client certificate (--tls-cert) */
};

/* When the terminal bell rings. */
enum options_bell {
	OPTIONS_BELL_NEVER,
	OPTIONS_BELL_HIGHLIGHT,	/* a line mentioning our nick (default) */
	OPTIONS_BELL_PRIVATE,	/* ... and every private message */
};

struct options {
	char		*host;		/* OPTIONS_HOST unless host_given */
	bool		 host_given;	/* by the config file or the command line */
	bool		 discover;	/* -l: list the servers on the LAN, exit */
	char		*port;
	bool		 port_given;	/* by the config file or the command line */
	char		*nick;
	char		*rooms;		/* comma list, "" for none */
	char		*password;	/* NULL: none */
	char		*realname;
	char		*time_format;	/* strftime; "" for no timestamps */
	char		*date_format;	/* strftime: lines of other days */
	char		*day_format;	/* strftime: the day-change line */
	bool		 color;
	enum options_bell bell;
	size_t		 scrollback;	/* lines per window */
	size_t		 history;	/* input history lines per window */
	int		 paste_burst;	/* lines of a paste sent at once */
	int		 paste_rate;	/* then lines a second */
	bool		 log;		/* logs on disk (default yes) */
	struct ignore_list ignores;	/* "ignore = MASK [KINDS]" lines */
	int		 smart_filter;	/* minutes; 0: off */
	char		*highlights;	/* words that highlight, comma list */
	bool		 mouse;		/* wheel and clicks (default yes) */
	bool		 nicklist;	/* the nick list pane at start */
	char		*config_path;	/* where /ignore keeps its list */
	bool		 tls;		/* -t: connect with TLS */
	char		*tls_fingerprint; /* pinned "SHA256:...", NULL: none */
	char		*tls_ca;	/* CA file instead of the system's */
	char		*tls_cert;	/* client certificate (PEM) */
	char		*tls_key;	/* its key, NULL: in tls_cert */
	char		*discovered_fp;	/* the discovery answer's fp= */
	enum options_sasl sasl;
	char		*sasl_user;
	char		*sasl_pass;	/* from the file or NATTER_SASL_PASS */
	struct dcc_options dcc;		/* download_dir, dcc_* (dcc_options.h) */
};

/* What options_parse found. */
enum options_result {
	OPTIONS_RUN,		/* go on and chat */
	OPTIONS_HELP,		/* -h: print options_usage, exit 0 */
	OPTIONS_VERSION,	/* -V: print the version, exit 0 */
	OPTIONS_ERROR,		/* err says why; print usage, exit 2 */
};

/* Defaults; nick from user (the $USER value, may be NULL), color false
 * when no_color (NO_COLOR is set and not empty). */
void	options_init(struct options *o, const char *user, bool no_color);
void	options_free(struct options *o);

/*
 * Apply one config line: "key = value", blank lines and lines starting
 * with '#' ignored.  Keys: nick, port, host, rooms, password, realname,
 * color (yes/no), bell (never/highlight/private), scrollback (lines),
 * history (lines), timestamp (strftime format, "" for none),
 * datestamp (strftime, before the time of a line of another day),
 * day_change (strftime, the day-change line), paste_burst and
 * paste_rate (lines), log (yes/no), ignore (MASK [KINDS], one line
 * each), smart_filter (minutes, 0 off), highlight (words, comma
 * separated), mouse (yes/no), nicklist (yes/no), tls
 * (yes/no), tls_fingerprint, tls_ca, tls_cert, tls_key (files),
 * sasl_user, sasl_pass, sasl_mechanism (plain/external).  False with
 * err set on an unknown key or bad value.
 */
bool	options_config_line(struct options *o, char *line, char *err,
	    size_t errsize);
/*
 * Read a config file.  Returns 0 when there is no such file, 1 when it was
 * read, -1 with err ("FILE:LINE: why") on an error.
 */
int	options_read_config(struct options *o, const char *path, char *err,
	    size_t errsize);
/*
 * Where the config file is: $XDG_CONFIG_HOME/natter/config, else
 * $HOME/.config/natter/config (arguments: the two variables, either may
 * be NULL).  Allocated; NULL when neither is set.
 */
char	*options_config_path(const char *xdg_config_home, const char *home);
/* Parse the command line over what is already set (getopt_long: resets
 * optind itself). */
enum options_result options_parse(struct options *o, int argc, char **argv,
	    char *err, size_t errsize);
/*
 * What the settings together mean, once file, environment (sasl_pass and
 * home, either may be NULL) and command line are read: a leading "~/" in
 * the TLS files is home's, TLS without a port given uses
 * OPTIONS_TLS_PORT (when a host is given: discovery probes the plain
 * port), SASL PLAIN is chosen by a user name and needs a password,
 * EXTERNAL needs a certificate.  False with err set when they do not fit
 * together.
 */
bool	options_finish(struct options *o, const char *sasl_pass,
	    const char *home, char *err, size_t errsize);
/* The --help text. */
extern const char options_usage[];

#endif
