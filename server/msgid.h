/*
 * IRCv3 message ids (the msgid tag): every relayed message gets one, and a
 * room's history keeps it, in memory and in the --state-dir logs, so that a
 * client can name a message in CHATHISTORY and a replay after a restart
 * carries the ids first sent.
 *
 * An id is a 64-bit number, the Unix time in milliseconds times
 * MSGID_PER_MS plus a count, written as 16 lower-case hex digits
 * ("0658d0c14a3c0400"): ids sort as they were handed out, and a natterd
 * started later hands out larger ones, so an id is never reused across
 * restarts as long as the clock does not go back (the ids of the history
 * loaded from the state dir raise the floor too).  More than MSGID_PER_MS
 * messages in a millisecond borrow from the next one.
 *
 * A log line written before natterd kept ids gets one derived from its
 * time (see msgid_derive), the same at every load.
 */
#ifndef NATTER_MSGID_H
#define NATTER_MSGID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ids per millisecond before they borrow from the next. */
#define MSGID_PER_MS	1024
/* Characters of an id's text. */
#define MSGID_LEN	16

/* A new id, larger than every id handed out or seen before (any thread). */
uint64_t msgid_next(void);
/* Never hand out id or less: it is in a history already (any thread). */
void	msgid_seen(uint64_t id);
/*
 * The id of a logged message that has none: derived from its time, one
 * more than previous when previous (the id of the line before) was derived
 * from the same millisecond; previous is 0 for the first line.
 */
uint64_t msgid_derive(int64_t time_ms, uint64_t previous);
/* The id's text into buf (MSGID_LEN + 1 bytes). */
void	msgid_format(uint64_t id, char *buf, size_t size);
/* Parse an id's text (exactly MSGID_LEN hex digits); false otherwise. */
bool	msgid_parse(const char *s, size_t len, uint64_t *id);

#endif
