/*
 * What natter does with each line the server sends: registration and CAP
 * negotiation, PING, the session's rooms, members and topics kept up to
 * date, and every message turned into scrollback lines in the right
 * window (server-time stamps when present, echo-message, chathistory
 * batches shown as past lines).
 *
 * Handlers are found in a table sorted by command, with bsearch (handle.c);
 * they live by concern in handle_register.c, handle_room.c,
 * handle_message.c, handle_reply.c and handle_batch.c.
 */
#ifndef NATTER_HANDLE_H
#define NATTER_HANDLE_H

#include <stdbool.h>
#include <time.h>

struct session;

/* Handle one received line (CR LF stripped; modified in place). */
void	handle_line(struct session *s, char *line);
/* Parse an IRCv3 server-time value ("2024-05-01T12:04:05.123Z"); 0 when
 * it is not one. */
time_t	handle_parse_time(const char *value);

#endif
