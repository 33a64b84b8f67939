/* A chained hash map from strings to pointers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xmalloc.h"

struct strmap_entry {
	struct strmap_entry	*next;
	uint32_t		 hash;
	void			*value;
	char			 key[];
};

/* FNV-1a: short keys, good spread, no state. */
static uint32_t
strmap_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 16777619u;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	m->nbuckets = 16;
	m->buckets = xcalloc(m->nbuckets, sizeof *m->buckets);
	m->count = 0;
}

void
strmap_free(struct strmap *m)
{
	struct strmap_entry *e, *next;
	size_t i;

	for (i = 0; i < m->nbuckets; i++) {
		for (e = m->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(m->buckets);
	m->buckets = NULL;
	m->nbuckets = m->count = 0;
}

/* Find the link that points at key's entry (or at the NULL ending its chain). */
static struct strmap_entry **
strmap_link(const struct strmap *m, const char *key, uint32_t hash)
{
	struct strmap_entry **link = &m->buckets[hash & (m->nbuckets - 1)];

	while (*link != NULL &&
	    ((*link)->hash != hash || strcmp((*link)->key, key) != 0))
		link = &(*link)->next;
	return link;
}

/* Double the bucket array once the map holds more entries than buckets. */
static void
strmap_grow(struct strmap *m)
{
	size_t n = m->nbuckets * 2, i;
	struct strmap_entry **buckets = xcalloc(n, sizeof *buckets);
	struct strmap_entry *e, *next;

	for (i = 0; i < m->nbuckets; i++) {
		for (e = m->buckets[i]; e != NULL; e = next) {
			next = e->next;
			e->next = buckets[e->hash & (n - 1)];
			buckets[e->hash & (n - 1)] = e;
		}
	}
	free(m->buckets);
	m->buckets = buckets;
	m->nbuckets = n;
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_entry *e = *strmap_link(m, key, strmap_hash(key));

	return e != NULL ? e->value : NULL;
}

bool
strmap_put(struct strmap *m, const char *key, void *value)
{
	uint32_t hash = strmap_hash(key);
	struct strmap_entry **link = strmap_link(m, key, hash), *e;
	size_t len = strlen(key);

	if (*link != NULL)
		return false;
	e = xmalloc(sizeof *e + len + 1);
	e->next = NULL;
	e->hash = hash;
	e->value = value;
	memcpy(e->key, key, len + 1);
	*link = e;
	if (++m->count > m->nbuckets)
		strmap_grow(m);
	return true;
}

void *
strmap_remove(struct strmap *m, const char *key)
{
	struct strmap_entry **link = strmap_link(m, key, strmap_hash(key));
	struct strmap_entry *e = *link;
	void *value;

	if (e == NULL)
		return NULL;
	*link = e->next;
	value = e->value;
	free(e);
	m->count--;
	return value;
}

void
strmap_foreach(const struct strmap *m,
    void (*fn)(const char *key, void *value, void *arg), void *arg)
{
	struct strmap_entry *e;
	size_t i;

	for (i = 0; i < m->nbuckets; i++)
		for (e = m->buckets[i]; e != NULL; e = e->next)
			fn(e->key, e->value, arg);
}
