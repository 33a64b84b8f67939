/*
 * Room modes: what MODE #room shows (324, 329) and how a modestring
 * changes a room, announced as the net change.  hub.lock held.
 */
#ifndef NATTER_ROOM_MODES_H
#define NATTER_ROOM_MODES_H

struct client;
struct irc_message;
struct room;

/* 324 and 329: r's modes, with the key shown to members only. */
void	room_modes_show(struct client *c, const struct room *r);
/*
 * MODE #room modes [params...] from c: list queries (+b, +e, +I without
 * a mask) for anybody who may see the room, changes for its operators
 * and IRC operators (482 for the others).
 */
void	room_modes_change(struct client *c, struct room *r,
	    struct irc_message *msg);

#endif
