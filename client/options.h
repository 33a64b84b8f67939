/*
 * natter's settings: the defaults, ~/.config/natter/config ("key = value"
 * lines) and the command line, which wins over the file:
 *
 *	natter [-l] [-n NICK] [-p PORT] [-j ROOMS] [-w PASS] [-r REALNAME]
 *	    [--no-color] [-h] [-V] [HOST]
 *
 * Plain C with no terminal in it, so the Check suite drives it directly.
 */
#ifndef NATTER_OPTIONS_H
#define NATTER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Defaults. */
#define OPTIONS_HOST		"localhost"
#define OPTIONS_PORT		"6667"
#define OPTIONS_ROOMS		"#lobby"
#define OPTIONS_NICK		"natter"	/* when $USER is not set */
#define OPTIONS_REALNAME	"natter user"
/* A config file line longer than this is an error. */
#define OPTIONS_LINE_MAX	1024

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
	char		*nick;
	char		*rooms;		/* comma list, "" for none */
	char		*password;	/* NULL: none */
	char		*realname;
	char		*time_format;	/* strftime; "" for no timestamps */
	bool		 color;
	enum options_bell bell;
	size_t		 scrollback;	/* lines per window */
	size_t		 history;	/* input history lines per window */
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
 * history (lines), timestamp (strftime format, "" for none).  False with
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
/* The --help text. */
extern const char options_usage[];

#endif
