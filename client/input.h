/*
 * What natter does with a line the user entered: a message for the
 * current window (split to fit IRC lines), or a /command run against the
 * session.  Errors (unknown command, wrong arguments, not connected) are
 * shown in the current window.
 */
#ifndef NATTER_INPUT_H
#define NATTER_INPUT_H

#include <stdbool.h>

struct session;

/* Run one entered line (a copy is parsed; line is not changed). */
void	input_submit(struct session *s, const char *line);
struct window;

/* Send one pasted line as a message to window w, even if it starts with
 * '/' (pasted text is never run as a command); false (an error shown)
 * when it cannot be sent there. */
bool	input_paste(struct session *s, struct window *w, const char *line);

#endif
