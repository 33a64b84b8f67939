/* natterd's command line. */
#ifndef NATTER_OPTIONS_H
#define NATTER_OPTIONS_H

struct server_config;

#include <stdbool.h>

/*
 * Fill config from the config file (-c, else natterd.conf when present)
 * and the command line, which wins; prints help or version and exits as
 * asked, exits 1 after reporting bad settings, and exits 0 or 1 after
 * --check-config.  Relative paths are made absolute.
 */
void	options_start(int argc, char **argv, struct server_config *config);
/*
 * SIGHUP: read the config file again under the same command line into
 * fresh; false after logging what is wrong.
 */
bool	options_reload(struct server_config *fresh);
/* The config file in use, NULL: none. */
const char *options_config_file(void);

#endif
