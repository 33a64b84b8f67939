/* natter: the curses chat client.  Settings, then the loop (chat.c). */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chat.h"
#include "chooser.h"
#include "discover.h"
#include "options.h"
#include "xmalloc.h"

/* Say what a round of discovery tried and how to name a server instead. */
static void
main_none_found(const struct options *opt, const struct discover_result *res)
{
	fprintf(stderr, "natter: no natterd answered on UDP port %s within "
	    "%d ms; probed %s\n", opt->port, DISCOVER_WAIT_MS,
	    res->tried[0] != '\0' ? res->tried : "nothing");
	fprintf(stderr, "natter: give the server: natter HOST (or -p PORT "
	    "HOST), or \"host = HOST\" in ~/.config/natter/config\n");
}

/* natter -l: print the servers that answer, one a line. */
static int
main_list(const struct options *opt)
{
	struct discover_result res;
	char line[256];
	size_t i;

	if (discover_run(opt->port, DISCOVER_WAIT_MS, &res) == -1) {
		fprintf(stderr, "natter: cannot probe: %s\n", res.tried);
		return 1;
	}
	if (res.count == 0) {
		main_none_found(opt, &res);
		return 1;
	}
	for (i = 0; i < res.count; i++) {
		discover_describe(&res.servers[i], line, sizeof line);
		printf("%s\n", line);
	}
	return 0;
}

/* No host given: find one on the LAN; false when there is none to use. */
static bool
main_find_host(struct options *opt)
{
	struct discover_result res;
	const struct discovery_answer *a;
	char port[8];
	int chosen = 0;

	if (discover_run(opt->port, DISCOVER_WAIT_MS, &res) == -1) {
		fprintf(stderr, "natter: cannot probe: %s\n", res.tried);
		return false;
	}
	if (res.count == 0) {
		main_none_found(opt, &res);
		return false;
	}
	if (res.count > 1 && (chosen = chooser_run(&res)) < 0)
		return false;
	a = &res.servers[chosen].answer;
	free(opt->host);
	opt->host = xstrdup(res.servers[chosen].addr);
	/* A server that offers TLS is spoken to with TLS, its announced
	 * key trusted on first use without a question. */
	if (a->tls_port != 0) {
		opt->tls = true;
		free(opt->discovered_fp);
		opt->discovered_fp = a->fp[0] != '\0' ? xstrdup(a->fp) : NULL;
	} else if (opt->tls) {
		fprintf(stderr, "natter: the natterd at %s offers no TLS; "
		    "start it with a TLS port, or leave -t out\n", opt->host);
		return false;
	}
	snprintf(port, sizeof port, "%u", a->tls_port != 0 ? a->tls_port :
	    a->port);
	free(opt->port);
	opt->port = xstrdup(port);
	return true;
}

int
main(int argc, char **argv)
{
	struct options	 opt;
	const char	*no_color = getenv("NO_COLOR");
	char		 err[512], *path;
	int		 status;

	setlocale(LC_ALL, "");
	options_init(&opt, getenv("USER"), no_color != NULL &&
	    no_color[0] != '\0');
	path = options_config_path(getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (path != NULL && options_read_config(&opt, path, err,
	    sizeof err) == -1) {
		fprintf(stderr, "natter: %s\n", err);
		return 1;
	}
	/* Kept: /ignore writes its list back to the file. */
	opt.config_path = path;
	switch (options_parse(&opt, argc, argv, err, sizeof err)) {
	case OPTIONS_HELP:
		fputs(options_usage, stdout);
		return 0;
	case OPTIONS_VERSION:
		printf("natter %s\n", PACKAGE_VERSION);
		return 0;
	case OPTIONS_ERROR:
		fprintf(stderr, "natter: %s\n%s", err, options_usage);
		return 2;
	default:
		break;
	}
	if (!options_finish(&opt, getenv("NATTER_SASL_PASS"), getenv("HOME"),
	    err, sizeof err)) {
		fprintf(stderr, "natter: %s\n", err);
		options_free(&opt);
		return 2;
	}
	if (opt.discover) {
		status = main_list(&opt);
		options_free(&opt);
		return status;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "natter: needs a terminal\n");
		return 1;
	}
	if (!opt.host_given && !main_find_host(&opt)) {
		options_free(&opt);
		return 1;
	}
	status = chat_run(&opt);
	options_free(&opt);
	return status;
}
