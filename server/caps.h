/*
 * The IRCv3 capabilities natterd offers (CAP LS), each advertised because
 * it works end to end.  A client's set decides which events it gets
 * (away-notify) and in which text form (server-time, message-tags).
 */
#ifndef NATTER_CAPS_H
#define NATTER_CAPS_H

#include <stddef.h>

#include "hub.h"

struct client;

enum cap_bit {
	CAP_AWAY_NOTIFY		= 1u << 0,	/* AWAY of people you share a room with */
	CAP_BATCH		= 1u << 1,	/* history replay inside a chathistory batch */
	CAP_ECHO_MESSAGE	= 1u << 2,	/* your own PRIVMSG/NOTICE/TAGMSG come back */
	CAP_MESSAGE_TAGS	= 1u << 3,	/* client tags (+foo) relayed; TAGMSG */
	CAP_MULTI_PREFIX	= 1u << 4,	/* every prefix in NAMES/WHO (@ and +) */
	CAP_SERVER_TIME		= 1u << 5,	/* @time= on relayed messages and history */
	/* IRCv3 history and the rest of issue 15 (from bit 16 on): */
	CAP_CHATHISTORY		= 1u << 16,	/* CHATHISTORY; no replay on JOIN */
	CAP_EVENT_PLAYBACK	= 1u << 17,	/* CHATHISTORY has topic changes too */
	CAP_USERHOST_IN_NAMES	= 1u << 18,	/* nick!user@host in NAMES (353) */
	CAP_CAP_NOTIFY		= 1u << 19,	/* CAP NEW/DEL: never sent, the set is fixed */
	CAP_SETNAME		= 1u << 20,	/* SETNAME of people you share a room with */
	CAP_LABELED_RESPONSE	= 1u << 21,	/* @label= on what a command caused */
	CAP_EXTENDED_MONITOR	= 1u << 22,	/* AWAY, SETNAME of the nicks you MONITOR */
	/* INVITEs to a room you run (issue 15's room owner part: bits from 24 on). */
	CAP_INVITE_NOTIFY	= 1u << 24,
};

struct cap_info {
	const char	*name;
	unsigned	 bit;
};

/* Every capability offered, sorted by name. */
extern const struct cap_info caps_offered[];
extern const size_t caps_offered_count;

/* The capability called name, or NULL. */
const struct cap_info *caps_find(const char *name);
/* The names of the capabilities in mask, space-separated, into buf. */
void	caps_names(unsigned mask, char *buf, size_t size);
/* Give c the capability set caps (hub.lock held): its writer follows at once. */
void	caps_set(struct client *c, unsigned caps);

#endif
