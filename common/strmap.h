/*
 * A hash map from strings to pointers: natterd's nick and room tables.
 * Keys are copied; callers pass keys already case-folded (irc_casefold),
 * so the map itself knows nothing of IRC case rules.
 */
#ifndef NATTER_STRMAP_H
#define NATTER_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_entry;

struct strmap {
	struct strmap_entry	**buckets;
	size_t			  nbuckets;	/* a power of two */
	size_t			  count;
};

void	 strmap_init(struct strmap *m);
/* Free the map and its keys; the values belong to the caller. */
void	 strmap_free(struct strmap *m);
/* The value stored under key, or NULL. */
void	*strmap_get(const struct strmap *m, const char *key);
/* Store value under key; false (and no change) when key is already there. */
bool	 strmap_put(struct strmap *m, const char *key, void *value);
/* Remove key; returns its value, or NULL when it was not there. */
void	*strmap_remove(struct strmap *m, const char *key);
/* Call fn on every value, in no particular order; fn must not change the map. */
void	 strmap_foreach(const struct strmap *m,
	    void (*fn)(const char *key, void *value, void *arg), void *arg);

#endif
