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
/*
 * c typed line (len bytes, raw) before it was greeted: keep it (the
 * greeting, which comes next, says so), and run it once c has a nickname
 * and a room.
 */
void	plain_keep(struct client *c, const char *line, size_t len);
/*
 * c was greeted but turned out to be IRC software (a registration command
 * before it chose a nickname): it is an IRC client from now on.
 */
void	plain_leave(struct client *c);
/* Handle one line a plain user typed (already cleaned). */
enum client_status plain_input(struct client *c, char *line, size_t len);

#endif
