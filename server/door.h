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
#include <stddef.h>

struct irc_message;

/* Is word upper-case letters and digits only, as software writes a
 * command ("CAP", "001"; not "cap", not "")? */
bool	door_upper_word(const char *word);
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

/*
 * The same for a raw line (len bytes, not changed), as the reader has it.
 * door_line_registers: is it a registration command?  A greeted
 * connection that has not chosen a nickname and sends one is IRC software
 * whose first bytes came late (a lost first segment is sent again a
 * second later).  door_line_from_person: is a first line, before the
 * connection chose a way in, a person's (not IRC, a NUL in it, too long
 * for IRC; an empty line is nobody's)?
 */
bool	door_line_registers(const char *line, size_t len);
bool	door_line_from_person(const char *line, size_t len);

#endif
