/*
 * The status line, as styled text (render.h) the curses layer draws in
 * reverse video:
 *
 *	tester on lanbox | 2:#lobby, 5 people | act: 3 4! | lunch at noon
 *	tester | disconnected, retrying in 4s | 2:#lobby | act: 3
 *
 * Our nick (and "away"), the connection state, the current window with
 * its member count (rooms) or "private", the other windows with unseen
 * activity ("4!" and a highlight style when a line mentioned us or came
 * privately, "3" for other messages), and the room's topic.
 */
#ifndef NATTER_STATUS_H
#define NATTER_STATUS_H

struct render_text;
struct session;

/* Clear out and write the status line of s into it. */
void	status_format(struct session *s, struct render_text *out);

#endif
