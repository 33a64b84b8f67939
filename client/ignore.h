/*
 * /ignore: people whose lines natter does not show, by nick or by a
 * nick!user@host mask (irc_mask.h globs), for all kinds of line or some:
 *
 *	/ignore bob                     everything from bob
 *	/ignore *!*@10.0.0.7 ctcp,joins CTCP and joins/parts/quits from a host
 *
 * Kept in the config file as "ignore = MASK [KINDS]" lines.  And the smart
 * filter (WeeChat's): in a room of more than IGNORE_SMART_MEMBERS people,
 * the joins, parts, quits and nick changes of those who have not spoken in
 * the last few minutes are not shown (they are still logged).
 * Plain C, no curses; unit-tested.
 */
#ifndef NATTER_IGNORE_H
#define NATTER_IGNORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Kinds of line an entry ignores. */
#define IGNORE_MESSAGES	0x01	/* messages and actions in rooms */
#define IGNORE_PRIVATE	0x02	/* private messages: no window opens */
#define IGNORE_NOTICES	0x04
#define IGNORE_CTCP	0x08	/* CTCP requests (not answered) and replies */
#define IGNORE_JOINS	0x10	/* joins, parts, quits, nick changes */
#define IGNORE_ALL	0x1f

/* Entries at most. */
#define IGNORE_MAX		256
/* Rooms larger than this get the smart filter. */
#define IGNORE_SMART_MEMBERS	50
/* Minutes without a word after which joins and parts are hidden. */
#define IGNORE_SMART_MINUTES	5

struct ignore_entry {
	char		*mask;		/* nick!user@host form */
	unsigned	 kinds;
};

struct ignore_list {
	struct ignore_entry	*entries;
	size_t			 count;
};

void	ignore_init(struct ignore_list *l);
void	ignore_free(struct ignore_list *l);
/*
 * Parse "MASK [KINDS]" (KINDS a comma list of messages, private, notices,
 * ctcp, joins, all; all by default) and add it, or change the kinds of an
 * entry with the same mask.  A bare nick means nick!*@*.  False with err
 * set on a bad mask or kind, or when the list is full.
 */
bool	ignore_add(struct ignore_list *l, const char *spec, char *err,
	    size_t errsize);
/* Remove the entry with this mask (a bare nick as for ignore_add) or
 * number (1-based); false when there is none. */
bool	ignore_remove(struct ignore_list *l, const char *mask);
/* Whether a line of kind from source (nick!user@host, or just a nick)
 * is ignored. */
bool	ignore_match(const struct ignore_list *l, const char *source,
	    unsigned kind);
/* "MASK KINDS" of entry i, as the config file keeps it. */
void	ignore_describe(const struct ignore_entry *e, char *out, size_t size);
/*
 * Rewrite the config file at path with every "ignore = " line replaced by
 * the list (other lines kept as they are; the file made if missing);
 * written to a new file and renamed over the old.  False with err set.
 */
bool	ignore_save(const struct ignore_list *l, const char *path, char *err,
	    size_t errsize);
/*
 * The smart filter: whether to hide a join, part, quit or nick change in
 * a room of members people, of someone who last spoke at spoke (0:
 * never), now being now; minutes 0 turns it off.
 */
bool	ignore_smart_hide(size_t members, time_t spoke, time_t now,
	    int minutes);

#endif
