/* The rooms a client was invited to (invites.h). */
#include <string.h>

#include "client.h"
#include "invites.h"
#include "irc_names.h"

/* Index of room in c's invitations, or -1. */
static int
invites_find(const struct client *c, const char *room)
{
	size_t i;

	for (i = 0; i < c->ninvites; i++)
		if (irc_casecmp(c->invites[i], room) == 0)
			return (int)i;
	return -1;
}

void
invites_add(struct client *c, const char *room)
{
	invites_forget(c, room);
	/* Full: the oldest goes. */
	if (c->ninvites == CLIENT_INVITES)
		invites_forget(c, c->invites[0]);
	strlcpy(c->invites[c->ninvites++], room, sizeof c->invites[0]);
}

bool
invites_has(const struct client *c, const char *room)
{
	return invites_find(c, room) >= 0;
}

void
invites_forget(struct client *c, const char *room)
{
	int i = invites_find(c, room);

	if (i < 0)
		return;
	/* Oldest first, for INVITE's list. */
	memmove(c->invites[i], c->invites[i + 1],
	    (c->ninvites - (size_t)i - 1) * sizeof c->invites[0]);
	c->ninvites--;
}
