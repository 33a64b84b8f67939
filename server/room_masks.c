/* A room's mask lists: bans, exceptions, invite exceptions (room_masks.h). */
#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "irc_mask.h"
#include "irc_names.h"
#include "room_masks.h"
#include "xmalloc.h"

bool
room_masks_canon(const char *typed, char *out, size_t size)
{
	size_t plen = strlen(ROOM_MASK_MUTE);

	if (strncmp(typed, ROOM_MASK_MUTE, plen) == 0) {
		if (size <= plen)
			return false;
		memcpy(out, ROOM_MASK_MUTE, plen);
		return irc_mask_canon(typed + plen, out + plen, size - plen);
	}
	return irc_mask_canon(typed, out, size);
}

/* Index of the entry equal to mask (any case), or -1. */
static ssize_t
room_masks_find(const struct room_masks *l, const char *mask)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (irc_casecmp(l->entries[i].mask, mask) == 0)
			return (ssize_t)i;
	return -1;
}

enum room_masks_added
room_masks_add(struct room_masks *l, const char *mask, const char *setter,
    int64_t set_at)
{
	struct room_mask *e;

	if (room_masks_find(l, mask) >= 0)
		return ROOM_MASKS_PRESENT;
	if (l->count == IRC_MAXLIST)
		return ROOM_MASKS_FULL;
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->entries = xreallocarray(l->entries, l->cap,
		    sizeof *l->entries);
	}
	e = &l->entries[l->count++];
	strlcpy(e->mask, mask, sizeof e->mask);
	strlcpy(e->setter, setter, sizeof e->setter);
	e->set_at = set_at;
	return ROOM_MASKS_ADDED;
}

bool
room_masks_remove(struct room_masks *l, const char *mask, char *removed,
    size_t size)
{
	ssize_t i = room_masks_find(l, mask);

	if (i < 0)
		return false;
	strlcpy(removed, l->entries[i].mask, size);
	/* Keep the order the list shows. */
	memmove(&l->entries[i], &l->entries[i + 1],
	    (l->count - (size_t)i - 1) * sizeof *l->entries);
	l->count--;
	return true;
}

bool
room_masks_match(const struct room_masks *l, const char *who, bool mutes)
{
	size_t i, plen = strlen(ROOM_MASK_MUTE);
	const char *mask;

	for (i = 0; i < l->count; i++) {
		mask = l->entries[i].mask;
		if (strncmp(mask, ROOM_MASK_MUTE, plen) == 0) {
			if (!mutes)
				continue;
			mask += plen;
		}
		if (irc_mask_match(mask, who))
			return true;
	}
	return false;
}

void
room_masks_free(struct room_masks *l)
{
	free(l->entries);
	l->entries = NULL;
	l->count = l->cap = 0;
}
