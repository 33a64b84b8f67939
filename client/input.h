/*
 * What natter does with a line the user entered: a message for the
 * current window (split to fit IRC lines), or a /command run against the
 * session.  Errors (unknown command, wrong arguments, not connected) are
 * shown in the current window.
 */
#ifndef NATTER_INPUT_H
#define NATTER_INPUT_H

struct session;

/* Run one entered line (a copy is parsed; line is not changed). */
void	input_submit(struct session *s, const char *line);
/* Send one pasted line as a message to the current window, even if it
 * starts with '/' (pasted text is never run as a command). */
void	input_paste(struct session *s, const char *line);

#endif
