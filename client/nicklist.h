/*
 * The nick list side pane's model: a room's members in irssi's order,
 * by rank (the server's PREFIX order: ~ & @ % + first, then those with
 * none), then by nick, ASCII case ignored; and whether the pane fits.
 * Plain C, no curses; unit-tested.
 */
#ifndef NATTER_NICKLIST_H
#define NATTER_NICKLIST_H

#include <stdbool.h>
#include <stddef.h>

struct member;

/* Columns the pane takes, its border included. */
#define NICKLIST_COLS		17
/* It is shown only on a terminal at least this wide. */
#define NICKLIST_MIN_COLS	80

/* Point out[0..n) at the members in display order (prefixes: the
 * server's rank order, e.g. "~&@%+"). */
void	nicklist_sort(const struct member *members, size_t n,
	    const char *prefixes, const struct member **out);
/* Whether the pane shows on a terminal cols wide when wanted. */
bool	nicklist_fits(bool wanted, int cols);

#endif
