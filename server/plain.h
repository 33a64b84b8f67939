/*
 * The plain door: a person at nc or telnet, who said nothing in the first
 * --plain-wait milliseconds, is greeted in words, asked for a nickname,
 * put in the default room, and chats in readable lines, with a few slash
 * commands.  They are in the same rooms as IRC users, who see them as
 * ordinary IRC clients.  Called with hub.lock held.
 */
#ifndef NATTER_PLAIN_H
#define NATTER_PLAIN_H

#include "commands.h"

struct client;

/* Make c a plain-door client: greet it and ask for a nickname. */
void	plain_begin(struct client *c);
/* Handle one line a plain user typed (already cleaned). */
enum client_status plain_input(struct client *c, char *line, size_t len);

#endif
