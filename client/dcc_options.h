/*
 * natter's DCC settings, from the config file (options.c hands them the
 * keys it does not know itself):
 *
 *	download_dir = ~/Downloads	where received files go (default
 *					$XDG_DOWNLOAD_DIR, else ~/Downloads)
 *	dcc_address = 192.168.1.20	the address offered to receivers
 *					(default: the one the server
 *					connection uses)
 *	dcc_auto_accept = alice,bob	take these nicks' offers without /get
 *	dcc_timeout = 300		seconds an offer waits, and a
 *					transfer may stall, before it ends
 */
#ifndef NATTER_DCC_OPTIONS_H
#define NATTER_DCC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Defaults and limits of dcc_timeout, in seconds. */
#define DCC_OPTIONS_TIMEOUT	300
#define DCC_OPTIONS_TIMEOUT_MAX	86400

struct dcc_options {
	char		*download_dir;	/* NULL: the default */
	char		*address;	/* an IP address, NULL: the connection's */
	char		*auto_accept;	/* comma list of nicks, NULL: none */
	int		 timeout;	/* seconds */
};

void	dcc_options_init(struct dcc_options *o);
void	dcc_options_free(struct dcc_options *o);
/* Whether key is one of these settings. */
bool	dcc_options_key(const char *key);
/* Set key to value; false with err set on a bad value. */
bool	dcc_options_set(struct dcc_options *o, const char *key,
	    const char *value, char *err, size_t errsize);
/* Whether nick is in the auto_accept list (ASCII case ignored). */
bool	dcc_options_auto(const struct dcc_options *o, const char *nick);

#endif
