/*
 * A room (an IRC channel): its name, topic and members.  Created by the
 * first JOIN, destroyed when the last member leaves.  Protected by hub.lock.
 */
#ifndef NATTER_ROOM_H
#define NATTER_ROOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "wire.h"

struct client;
struct server;

struct room_member {
	struct client	*client;
	bool		 op;		/* room operator: '@' */
};

struct room {
	uint64_t		 id;
	char			 name[IRC_CHANNELLEN + 1];	/* as first joined */
	char			 topic[IRC_TOPICLEN + 1];	/* "" when unset */
	char			 topic_setter[IRC_NICKLEN + 1];
	time_t			 topic_time;
	time_t			 created;
	/* Modes: +t (only operators set the topic), +n (members only talk), +k, +l. */
	bool			 topic_ops_only;
	bool			 no_outside;
	char			 key[IRC_KEYLEN + 1];		/* "" when -k */
	unsigned		 limit;				/* 0 when -l */
	struct room_member	*members;
	size_t			 nmembers;
	size_t			 cap;
};

/* Find a room by name (any case), or NULL. */
struct room	*room_find(struct server *s, const char *name);
/* Create an empty room and register it under its name. */
struct room	*room_create(struct server *s, const char *name);
/* Add c to r's members (c->rooms is the caller's business). */
struct room_member *room_add_member(struct room *r, struct client *c);
/* c's membership of r, or NULL. */
struct room_member *room_member(const struct room *r, const struct client *c);
/* The prefix of a member in NAMES and WHO: "@" or "". */
const char	*room_member_prefix(const struct room_member *m);
/* Remove c from r; destroys the room when it becomes empty. */
void		 room_remove_member(struct server *s, struct room *r,
		    struct client *c);

#endif
