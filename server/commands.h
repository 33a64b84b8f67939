/*
 * The IRC commands natterd understands: a sorted table saying, for each,
 * its handler, the parameters it needs and whether the client must have
 * registered first.  Those checks run once, before the handler.
 */
#ifndef NATTER_COMMANDS_H
#define NATTER_COMMANDS_H

#include <stddef.h>

struct client;
struct irc_message;

/* What a handler leaves of its client. */
enum client_status {
	CLIENT_ALIVE,
	CLIENT_GONE,		/* client_end ran: read no more from it */
};

typedef enum client_status command_fn(struct client *, struct irc_message *);

/* True when name (any case) is a command natterd knows. */
bool	commands_known(const char *name);
/* Run one parsed line from c; hub.lock held. */
enum client_status commands_dispatch(struct client *c, struct irc_message *msg);

/* cmd_cap.c: IRCv3 capability negotiation. */
command_fn cmd_cap;
/* cmd_connection.c: the connection itself. */
command_fn cmd_ping, cmd_pong, cmd_quit;
/* cmd_registration.c: who the client is. */
command_fn cmd_nick, cmd_pass, cmd_user;
/* cmd_rooms.c: rooms. */
command_fn cmd_join, cmd_kick, cmd_names, cmd_part, cmd_topic;
/* cmd_invite.c: invitations to rooms. */
command_fn cmd_invite;
/* cmd_mode.c: room and user modes. */
command_fn cmd_mode;
/* cmd_messages.c: talking. */
command_fn cmd_notice, cmd_privmsg, cmd_tagmsg;
/* cmd_info.c: questions about people and the server. */
command_fn cmd_ison, cmd_list, cmd_lusers, cmd_time, cmd_userhost,
	    cmd_version, cmd_who, cmd_whois;
/* cmd_whowas.c: who had a nick that is gone. */
command_fn cmd_whowas;
/* cmd_user.c: a person's own state and the operator's powers. */
command_fn cmd_away, cmd_kill, cmd_oper, cmd_setname, cmd_wallops;
/* cmd_server.c: questions about the server itself. */
command_fn cmd_help, cmd_info, cmd_links, cmd_stats;
/* cmd_chathistory.c: IRCv3 draft/chathistory. */
command_fn cmd_chathistory;
/* monitor.c: IRCv3 MONITOR. */
command_fn cmd_monitor;
/* welcome.c: the greeting. */
command_fn cmd_motd;

/* welcome.c: register c if it has given all it must; true when it did now. */
bool	welcome_try_register(struct client *c);
/* welcome.c: the 005 lines. */
void	welcome_send_isupport(struct client *c);
/* cmd_info.c: the LUSERS numerics (251-255, 265, 266). */
void	info_send_lusers(struct client *c);

#endif
