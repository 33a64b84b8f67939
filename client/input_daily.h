/*
 * The commands of daily use (issue 16), apart from input.c's core so that
 * each stays small: /log, and the others as they come.  input.c hands
 * every parsed command here first.
 */
#ifndef NATTER_INPUT_DAILY_H
#define NATTER_INPUT_DAILY_H

#include <stdbool.h>

struct command;
struct session;

/* Run cmd if it is one of these (true); false leaves it to input.c. */
bool	input_daily(struct session *s, const struct command *cmd);

#endif
