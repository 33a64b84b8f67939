/* Dispatch of IRC commands from a sorted table. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "labeled.h"
#include "reply.h"
#include "server.h"
#include "utf8.h"

struct command {
	const char	*name;
	command_fn	*fn;
	size_t		 min_params;	/* fewer: 461 */
	bool		 registered;	/* needs registration: else 451 */
};

/* Sorted by name for bsearch. */
static const struct command commands[] = {
	{ "AWAY",	cmd_away,	0, true },
	{ "CAP",	cmd_cap,	1, false },
	{ "CHATHISTORY", cmd_chathistory, 1, true },
	{ "HELP",	cmd_help,	0, true },
	{ "HELPOP",	cmd_help,	0, true },
	{ "INFO",	cmd_info,	0, true },
	{ "INVITE",	cmd_invite,	0, true },	/* alone: the list */
	{ "ISON",	cmd_ison,	1, true },
	{ "JOIN",	cmd_join,	1, true },
	{ "KICK",	cmd_kick,	2, true },
	{ "KILL",	cmd_kill,	1, true },
	{ "LINKS",	cmd_links,	0, true },
	{ "LIST",	cmd_list,	0, true },
	{ "LUSERS",	cmd_lusers,	0, true },
	{ "MODE",	cmd_mode,	1, true },
	{ "MONITOR",	cmd_monitor,	1, true },
	{ "MOTD",	cmd_motd,	0, true },
	{ "NAMES",	cmd_names,	0, true },
	{ "NICK",	cmd_nick,	0, false },	/* 431 rather than 461 */
	{ "NOTICE",	cmd_notice,	0, true },	/* 411/412 rather than 461 */
	{ "OPER",	cmd_oper,	2, true },
	{ "PART",	cmd_part,	1, true },
	{ "PASS",	cmd_pass,	1, false },
	{ "PING",	cmd_ping,	1, false },
	{ "PONG",	cmd_pong,	0, false },
	{ "PRIVMSG",	cmd_privmsg,	0, true },	/* 411/412 rather than 461 */
	{ "QUIT",	cmd_quit,	0, false },
	{ "SETNAME",	cmd_setname,	1, true },
	{ "STATS",	cmd_stats,	1, true },
	{ "TAGMSG",	cmd_tagmsg,	0, true },	/* 411 rather than 461 */
	{ "TIME",	cmd_time,	0, true },
	{ "TOPIC",	cmd_topic,	1, true },
	{ "USER",	cmd_user,	4, false },
	{ "USERHOST",	cmd_userhost,	1, true },
	{ "VERSION",	cmd_version,	0, true },
	{ "WALLOPS",	cmd_wallops,	1, true },
	{ "WHO",	cmd_who,	0, true },
	{ "WHOIS",	cmd_whois,	1, true },
	{ "WHOWAS",	cmd_whowas,	0, true },	/* 431 rather than 461 */
};

/* bsearch comparison: a command name against a table entry, any case. */
static int
commands_compare(const void *key, const void *entry)
{
	return strcasecmp(key, ((const struct command *)entry)->name);
}

bool
commands_known(const char *name)
{
	return bsearch(name, commands, sizeof commands / sizeof commands[0],
	    sizeof commands[0], commands_compare) != NULL;
}

/* True when every parameter of msg is valid UTF-8 (UTF8ONLY). */
static bool
commands_utf8(const struct irc_message *msg)
{
	size_t i;

	for (i = 0; i < msg->nparams; i++)
		if (!utf8_valid(msg->params[i], strlen(msg->params[i])))
			return false;
	return true;
}

/* Check and run one command. */
static enum client_status
commands_run(struct client *c, struct irc_message *msg)
{
	const struct command *cmd;

	/*
	 * UTF8ONLY: what natterd relays and keeps is UTF-8, so a line that
	 * is not is refused whole, with FAIL, before anything reads it.
	 * NICK keeps its own answer, 432, which every client understands
	 * while it registers.
	 */
	if (strcasecmp(msg->command, "NICK") != 0 && !commands_utf8(msg)) {
		reply_line(c, ":%s FAIL %s INVALID_UTF8 :Line refused: it is not "
		    "valid UTF-8", c->server->name, msg->command);
		return CLIENT_ALIVE;
	}

	cmd = bsearch(msg->command, commands,
	    sizeof commands / sizeof commands[0], sizeof commands[0],
	    commands_compare);
	if (cmd == NULL) {
		if (c->registered)
			reply_numeric(c, ERR_UNKNOWNCOMMAND,
			    ERR_UNKNOWNCOMMAND_FMT, msg->command);
		else
			reply_numeric(c, ERR_NOTREGISTERED,
			    ERR_NOTREGISTERED_FMT);
		return CLIENT_ALIVE;
	}
	if (cmd->registered && !c->registered) {
		reply_numeric(c, ERR_NOTREGISTERED, ERR_NOTREGISTERED_FMT);
		return CLIENT_ALIVE;
	}
	if (msg->nparams < cmd->min_params) {
		reply_numeric(c, ERR_NEEDMOREPARAMS, ERR_NEEDMOREPARAMS_FMT,
		    cmd->name);
		return CLIENT_ALIVE;
	}
	return cmd->fn(c, msg);
}

enum client_status
commands_dispatch(struct client *c, struct irc_message *msg)
{
	enum client_status status;

	labeled_begin(c, msg);
	status = commands_run(c, msg);
	labeled_end(c);
	return status;
}
