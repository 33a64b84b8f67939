/*
 * The server chooser: when several natterd answer natter's probe, a small
 * curses list to pick one with the arrow keys and Enter.
 */
#ifndef NATTER_CHOOSER_H
#define NATTER_CHOOSER_H

#include "discover.h"

/*
 * Show the servers of res and let the user pick one; returns its index,
 * or -1 when the user quit (q, Escape, ^C) or the terminal failed.
 * Leaves curses ended, so chat_run can start it again.
 */
int	chooser_run(const struct discover_result *res);

#endif
