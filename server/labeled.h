/*
 * IRCv3 labeled-response: a client with the cap that sends a command with
 * a label tag gets its whole response marked with it.  While the command
 * runs its replies are held (reply_flush waits) and what the hub would
 * have sent the client of its own doing (its JOIN, PART, NICK, the echo of
 * its message) joins them instead (relay.c); at the end the response is
 * one labeled line, a labeled-response batch (with the batch cap), or a
 * labeled ACK when there was nothing to say.  hub.lock held throughout.
 */
#ifndef NATTER_LABELED_H
#define NATTER_LABELED_H

struct client;
struct irc_message;

/* Longest label value kept (escaped); a longer one is not echoed. */
#define LABEL_MAX	64

/* Start holding c's response when msg has a label and c the cap. */
void	labeled_begin(struct client *c, const struct irc_message *msg);
/* Mark what c's command said with its label, and stop holding. */
void	labeled_end(struct client *c);

#endif
