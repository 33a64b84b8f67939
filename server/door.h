/*
 * Which way in a connection takes: IRC software or a person at nc or
 * telnet.  Silence decides most connections (see plain.h); these decide
 * by a line: IRC software writes a command we know, in upper case, with
 * the parameters that command takes ("WHO #lobby", "CAP LS 302"), while a
 * person writes words that may start like one ("who is here?", "list",
 * "join me").  Pure functions of a parsed line, so the Check suite tests
 * them directly.
 */
#ifndef NATTER_DOOR_H
#define NATTER_DOOR_H

#include <stdbool.h>

struct irc_message;

/*
 * Is msg an IRC registration command as software sends it: CAP LS [302],
 * CAP LIST, CAP REQ :caps, CAP END, NICK nick, USER user mode unused
 * :real name, PASS password?  The command word in upper case (CAP and
 * USER, which nobody types as words, in any case).
 */
bool	door_registration(const struct irc_message *msg);
/*
 * Is a first line, before the connection chose a way in, from IRC
 * software?  A registration command (door_registration); another command
 * we know, in upper case, with parameters that fit it; CAP, NICK, USER or
 * PASS in upper case whatever follows (software that gets them wrong gets
 * the numeric); or an upper-case word we do not know (a command of a
 * newer client).
 */
bool	door_looks_like_irc(const struct irc_message *msg);

#endif
