/*
 * What natter does with a line the user entered: a message for the
 * current window (split to fit IRC lines), or a /command run against the
 * session.  Errors (unknown command, wrong arguments, not connected) are
 * shown in the current window.
 */
#ifndef NATTER_INPUT_H
#define NATTER_INPUT_H

#include <stdbool.h>

#include "command.h"

struct session;
struct window;

/* Run one entered line (a copy is parsed; line is not changed). */
void	input_submit(struct session *s, const char *line);

/* Send one pasted line as a message to window w, even if it starts with
 * '/' (pasted text is never run as a command); false (an error shown)
 * when it cannot be sent there. */
bool	input_paste(struct session *s, struct window *w, const char *line);

/* The commands run here: their handlers, for command.c's table. */
command_fn	input_away, input_clear, input_close, input_help, input_join,
		input_list, input_me, input_msg, input_names, input_nick,
		input_notice, input_part, input_query, input_quit, input_quote,
		input_tls, input_topic, input_who, input_whois, input_window;

#endif
