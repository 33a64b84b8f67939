/*
 * A room's mask lists: bans (+b), ban exceptions (+e) and invite
 * exceptions (+I), each of at most IRC_MAXLIST canonical masks
 * (irc_mask_canon) with who set them and when.  A ban may be the extban
 * "m:mask", a mute: who matches it stays in the room but cannot talk.
 * Protected by hub.lock, as the room is.
 */
#ifndef NATTER_ROOM_MASKS_H
#define NATTER_ROOM_MASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/* The extban prefix of a mute. */
#define ROOM_MASK_MUTE		"m:"

struct room_mask {
	char		 mask[IRC_MASKLEN + 1];
	char		 setter[IRC_LINE_MAX / 4];	/* nick!user@host */
	int64_t		 set_at;			/* Unix seconds */
};

struct room_masks {
	struct room_mask	*entries;	/* in the order they were set */
	size_t			 count;
	size_t			 cap;
};

enum room_masks_added {
	ROOM_MASKS_ADDED,
	ROOM_MASKS_PRESENT,	/* already there, in any case */
	ROOM_MASKS_FULL,	/* IRC_MAXLIST entries */
};

/*
 * The canonical form of a mask as typed into out (IRC_MASKLEN + 1 bytes):
 * irc_mask_canon's, after the prefix "m:" kept as it is.  False when it is
 * not a usable mask.
 */
bool	room_masks_canon(const char *typed, char *out, size_t size);
/* Add a canonical mask set by setter at set_at. */
enum room_masks_added room_masks_add(struct room_masks *l, const char *mask,
	    const char *setter, int64_t set_at);
/*
 * Remove the entry equal to a canonical mask (any case), its spelling
 * into removed (size bytes); false when there is none.
 */
bool	room_masks_remove(struct room_masks *l, const char *mask,
	    char *removed, size_t size);
/*
 * Whether an entry matches who (nick!user@host): a plain mask always, a
 * mute only when mutes is set.
 */
bool	room_masks_match(const struct room_masks *l, const char *who,
	    bool mutes);
void	room_masks_free(struct room_masks *l);

#endif
