/* natter's DCC settings; see dcc_options.h. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcc_options.h"
#include "decimal.h"
#include "irc_names.h"
#include "xmalloc.h"

void
dcc_options_init(struct dcc_options *o)
{
	memset(o, 0, sizeof *o);
	o->timeout = DCC_OPTIONS_TIMEOUT;
}

void
dcc_options_free(struct dcc_options *o)
{
	free(o->download_dir);
	free(o->address);
	free(o->auto_accept);
	memset(o, 0, sizeof *o);
}

/* The keys. */
bool
dcc_options_key(const char *key)
{
	return strcmp(key, "download_dir") == 0 ||
	    strcmp(key, "dcc_address") == 0 ||
	    strcmp(key, "dcc_auto_accept") == 0 ||
	    strcmp(key, "dcc_timeout") == 0;
}

/* Replace a string, "" for none. */
static void
dcc_options_string(char **slot, const char *value)
{
	free(*slot);
	*slot = value[0] != '\0' ? xstrdup(value) : NULL;
}

/* Set one. */
bool
dcc_options_set(struct dcc_options *o, const char *key, const char *value,
    char *err, size_t errsize)
{
	unsigned char	 a[16];
	long long	 n;

	if (strcmp(key, "download_dir") == 0)
		dcc_options_string(&o->download_dir, value);
	else if (strcmp(key, "dcc_address") == 0) {
		if (value[0] != '\0' && inet_pton(AF_INET, value, a) != 1 &&
		    inet_pton(AF_INET6, value, a) != 1) {
			snprintf(err, errsize, "dcc_address: expected an IPv4 "
			    "or IPv6 address, not '%s'", value);
			return false;
		}
		dcc_options_string(&o->address, value);
	} else if (strcmp(key, "dcc_auto_accept") == 0)
		dcc_options_string(&o->auto_accept, value);
	else if (strcmp(key, "dcc_timeout") == 0) {
		if (!decimal_parse_digits(value, 1, DCC_OPTIONS_TIMEOUT_MAX,
		    &n)) {
			snprintf(err, errsize, "dcc_timeout: expected seconds "
			    "(1-%d)", DCC_OPTIONS_TIMEOUT_MAX);
			return false;
		}
		o->timeout = (int)n;
	} else {
		snprintf(err, errsize, "unknown setting '%s'", key);
		return false;
	}
	return true;
}

/* Whether nick's offers are taken at once. */
bool
dcc_options_auto(const struct dcc_options *o, const char *nick)
{
	const char	*p, *comma;
	char		 one[128];
	size_t		 len;

	if (o->auto_accept == NULL)
		return false;
	for (p = o->auto_accept; *p != '\0'; p = comma + 1) {
		while (*p == ' ')
			p++;
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len < sizeof one) {
			memcpy(one, p, len);
			one[len] = '\0';
			if (irc_casecmp(one, nick) == 0)
				return true;
		}
		if (comma == NULL)
			break;
	}
	return false;
}
