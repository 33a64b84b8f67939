/* natter: the curses chat client.  Settings, then the loop (chat.c). */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "chat.h"
#include "options.h"

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
	free(path);
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
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "natter: needs a terminal\n");
		return 1;
	}
	status = chat_run(&opt);
	options_free(&opt);
	return status;
}
