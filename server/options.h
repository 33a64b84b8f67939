/* natterd's command line. */
#ifndef NATTER_OPTIONS_H
#define NATTER_OPTIONS_H

struct server_config;

/* Fill config from the command line; prints help or version and exits as asked. */
void	options_parse(int argc, char **argv, struct server_config *config);

#endif
