/*
 * Lines a window already shows: a server that replays a room's history
 * on every join (natterd, many bouncers) would otherwise show every line
 * again after each reconnect or /part and /join.  A replayed line is the
 * same as a shown one when it has the same kind, sender and text and its
 * time is within a slack of the other's (server-time against our own clock:
 * our own lines without echo-message are stamped by it).  Plain C, no
 * curses; unit-tested.
 */
#ifndef NATTER_DEDUPE_H
#define NATTER_DEDUPE_H

#include <stdbool.h>
#include <time.h>

#include "scrollback.h"

/* Seconds two stamps of one line may differ by: server-time against our
 * own clock. */
#define DEDUPE_SLACK		2

/* True if sb holds a line of this kind, sender and text stamped within
 * DEDUPE_SLACK seconds of when; sender NULL is "". */
bool	dedupe_seen(const struct scrollback *sb, time_t when,
	    enum scrollback_kind kind, const char *sender, const char *text);

#endif
