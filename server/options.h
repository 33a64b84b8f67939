/* natterd's command line and config file. */
#ifndef NATTER_OPTIONS_H
#define NATTER_OPTIONS_H

struct server_config;

#include <stdbool.h>
#include <stdio.h>

/* What options_start found: main prints, and exits where it says. */
enum options_result {
	OPTIONS_RUN,		/* start natterd with the settings */
	OPTIONS_HELP,		/* -h: options_usage on stdout, exit 0 */
	OPTIONS_VERSION,	/* -V: the version on stdout, exit 0 */
	OPTIONS_CHECKED,	/* --check-config, and the settings are valid: exit 0 */
	OPTIONS_USAGE,		/* usage_error, then options_usage on stderr: exit 1 */
	OPTIONS_BAD,		/* bad settings (errors says each): exit 1 */
};

/* What options_start has to say, for main to print; options_said_free. */
struct options_said {
	/*
	 * Every bad setting, a line each, "FILE:LINE: " before those from
	 * the config file; for the log, whatever the result (natterd has
	 * always told those found before -h or a usage error too).  NULL:
	 * none.
	 */
	char	*errors;
	/* OPTIONS_USAGE: the line to print as it is ("natterd: ..."). */
	char	*usage_error;
};

/*
 * Fill config from the config file (-c, else natterd.conf when present)
 * and the command line, which wins; relative paths are made absolute.
 * The strings config points to stay for natterd's life (a SIGHUP's
 * config may still be read by other threads after the next one).
 */
enum options_result options_start(int argc, char **argv,
	    struct server_config *config, struct options_said *said);
void	options_said_free(struct options_said *said);
/* The --help text: the synopsis and a line or two per option. */
void	options_usage(FILE *f);
/*
 * SIGHUP: read the config file again under the same command line into
 * fresh; false with every error in *errors (a line each, the caller's to
 * free), or true and *errors NULL.
 */
bool	options_reload(struct server_config *fresh, char **errors);
/* The config file in use, NULL: none. */
const char *options_config_file(void);

#endif
