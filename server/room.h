/*
 * A room (an IRC channel): its name, topic and members.  Created by the
 * first JOIN, destroyed when the last member leaves (see room_release).
 * Protected by hub.lock.
 */
#ifndef NATTER_ROOM_H
#define NATTER_ROOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "history.h"
#include "hub.h"
#include "room_masks.h"
#include "wire.h"

struct client;
struct server;

struct room_member {
	struct client	*client;
	bool		 op;		/* room operator: '@' */
	bool		 voice;		/* may talk in a moderated room: '+' */
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
	bool			 invite_only;	/* +i: invited or +I only */
	bool			 moderated;	/* +m: only the voiced and operators talk */
	bool			 secret;	/* +s: hidden from whoever is not in it */
	struct room_masks	 bans;		/* +b, "m:" mutes included */
	struct room_masks	 excepts;	/* +e: not banned, not muted */
	struct room_masks	 invex;		/* +I: may join a +i room */
	struct room_member	*members;
	size_t			 nmembers;
	size_t			 cap;
	struct history		 history;	/* the last --history lines said */
	struct hub_room		 hub;		/* the hub's list of members' views */
	/* Empty and kept in memory (no state dir), oldest first. */
	bool			 idle;
	struct room		*idle_prev;
	struct room		*idle_next;
};

/* Find a room by name (any case), or NULL. */
struct room	*room_find(struct server *s, const char *name);
/* Create an empty room and register it under its name. */
struct room	*room_create(struct server *s, const char *name);
/*
 * The room name for a joiner: the one in memory, or a new one, brought
 * back from the state dir when it is there.  NULL when --max-rooms rooms
 * are in memory and none of them is empty (the oldest empty one is
 * forgotten to make room).
 */
struct room	*room_open(struct server *s, const char *name);
/* Add c to r's members (c->rooms is the caller's business). */
struct room_member *room_add_member(struct room *r, struct client *c);
/* c's membership of r, or NULL. */
struct room_member *room_member(const struct room *r, const struct client *c);
/*
 * The prefix of a member in NAMES, WHO and WHOIS: "@", "+" or "", or with
 * all (multi-prefix) every one that applies, "@+".
 */
const char	*room_member_prefix(const struct room_member *m, bool all);
/* Whether c may see r in LIST, NAMES, WHO and WHOIS: not +s, or a member. */
bool		 room_visible(const struct room *r, const struct client *c);
/* The 353 symbol of r: '@' for a secret room, '=' for the others. */
char		 room_names_symbol(const struct room *r);
/* Whether c is banned from joining r (+b and no +e). */
bool		 room_banned(const struct room *r, const struct client *c);
/* Whether c matches r's invite exceptions (+I). */
bool		 room_invex(const struct room *r, const struct client *c);
/*
 * Why c (member m, or NULL) may not talk in r, as a 404 format, or NULL
 * when it may: an outsider of a +n room, anybody neither voiced nor an
 * operator in a +m room, or banned or muted without an exception.
 */
const char	*room_cannot_speak(const struct room *r, const struct client *c,
		    const struct room_member *m);
/* Whether a ban or mute keeps member m of r silent (and from changing nick). */
bool		 room_silenced(const struct room *r, const struct room_member *m);
/* Remove c from r; room_release then. */
void		 room_remove_member(struct server *s, struct room *r,
		    struct client *c);
/*
 * r is empty (or was opened for a joiner who was refused): with a state
 * dir it goes from memory, its history and state being on disk; without
 * one it goes unless it has something to keep (history, a topic, a key or
 * limit), and then waits, empty, for the next joiner, at most until
 * --max-rooms needs its place.
 */
void		 room_release(struct server *s, struct room *r);
/* Keep a relayed line (CRLF-terminated) in r's history and state dir, with
 * its tags as history keeps them ("msgid=...;+client", struct relay). */
void		 room_record(struct server *s, struct room *r, int64_t time_ms,
		    const char *line, size_t len, const char *tags);
/* Save r's topic and modes to the state dir (no-op without one). */
void		 room_save_state(struct server *s, const struct room *r);

#endif
