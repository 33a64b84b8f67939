/*
 * The commands of daily use (issue 16), apart from input.c's core so that
 * each stays small: /log, /lastlog, /ignore, /unignore, /urls, /open,
 * /copy, /ctcp, /ping, /nicklist.
 */
#ifndef NATTER_INPUT_DAILY_H
#define NATTER_INPUT_DAILY_H

#include "command.h"

/* Their handlers, for command.c's table. */
command_fn	input_copy, input_ctcp, input_ignore, input_lastlog, input_log,
		input_nicklist, input_open, input_ping, input_unignore,
		input_urls;

#endif
