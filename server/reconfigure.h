/* SIGHUP: bring a running natterd to the settings of its config file. */
#ifndef NATTER_RECONFIGURE_H
#define NATTER_RECONFIGURE_H

struct server;
struct server_config;

/*
 * Take over what can change while clients are connected (MOTD, operator,
 * info, connection limits, flood settings) from fresh, and log
 * each other setting that changed as waiting for a restart.
 */
void	reconfigure(struct server *s, const struct server_config *fresh);

#endif
