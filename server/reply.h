/*
 * Building and sending what natterd says.  Replies to the client whose
 * command is running gather in its `replies` buffer and reach the hub as
 * one event when the command ends (or before anything it broadcasts, so
 * the order is kept).  Everything here is called with hub.lock held.
 */
#ifndef NATTER_REPLY_H
#define NATTER_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "hub.h"

struct client;
struct room;

/*
 * Queue ":server NUMERIC nick <fmt...>" for c (see wire.h for formats).
 * These and reply_line's lines reach a plain-door user in words
 * (plain_render_reply), or not at all.
 */
void	reply_numeric(struct client *c, const char *numeric, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Queue a whole line (no CRLF) for c, formatted as printf does. */
void	reply_line(struct client *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Send w, a client other than the one whose command runs, a whole line
 * (no CRLF) now, as an event of its own, as IRC (only IRC clients ask
 * for what others do: MONITOR).
 */
void	reply_line_to(struct client *w, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Queue a line that starts with IRCv3 tags (the tags may take 8191 bytes). */
void	reply_tagged_line(struct client *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Queue a line of plain-door text for c (CRLF added), as it is: callers
 * sanitize what came from other people (plain_sanitize).
 */
void	reply_text(struct client *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hand c's queued replies to the hub as one event. */
void	reply_flush(struct client *c);
/*
 * Hand c's queued replies (labeled or not, maybe none) to the hub as its
 * last event: its writer sends them and closes the connection.
 */
void	reply_close(struct client *c);

/*
 * Format a message "source command params..." as one wire line into buf
 * (IRC_LINE_MAX + 1 bytes); the last param is cut to fit.  Returns the length.
 */
size_t	line_format(char *buf, const char *source, const char *command,
	    size_t nparams, const char *const params[]);

#endif
