/*
 * The rooms a client was invited to (INVITE), by name: an invitation lets
 * it join once past +i, +b, +k and +l, and is forgotten then, when the
 * client disconnects, or when CLIENT_INVITES newer ones push it out.
 * Invitations are not kept across a restart.  hub.lock held.
 */
#ifndef NATTER_INVITES_H
#define NATTER_INVITES_H

#include <stdbool.h>

struct client;

/* Remember that c is invited to room (the newest; a repeat moves up). */
void	invites_add(struct client *c, const char *room);
/* Whether c is invited to room (any case). */
bool	invites_has(const struct client *c, const char *room);
/* Forget c's invitation to room, if any. */
void	invites_forget(struct client *c, const char *room);

#endif
