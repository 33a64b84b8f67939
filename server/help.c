/* The text of HELP, one short entry per command, sorted for bsearch. */
#include <stdlib.h>
#include <strings.h>

#include "help.h"

struct help_entry {
	const char		*subject;
	const char *const	 lines[6];
};

/* Sorted by subject; "" is the overview HELP gives without one. */
static const struct help_entry help_entries[] = {
	{ "", { "natterd understands these commands; HELP COMMAND says more:",
	    "AWAY HELP INFO INVITE ISON JOIN KICK KILL LINKS LIST LUSERS MODE MOTD",
	    "NAMES NICK NOTICE OPER PART PING PRIVMSG QUIT STATS TIME TOPIC",
	    "USERHOST VERSION WALLOPS WHO WHOIS WHOWAS",
	    "CHATHISTORY MONITOR SETNAME", NULL } },
	{ "AWAY", { "AWAY [:message]",
	    "Mark yourself away with a message, or back without one.", NULL } },
	{ "CHATHISTORY", { "CHATHISTORY LATEST|BEFORE|AFTER|AROUND #room "
	    "*|msgid=ID|timestamp=TIME limit",
	    "CHATHISTORY BETWEEN #room ref ref limit; TARGETS time time limit",
	    "Ask for a room's history (with CAP draft/chathistory).", NULL } },
	{ "HELP", { "HELP [command]",
	    "Say what a command does, or list them all.", NULL } },
	{ "INFO", { "INFO", "Say what this server is.", NULL } },
	{ "INVITE", { "INVITE [nick #room]",
	    "Let somebody into a room once, past +i +k +l and +b.",
	    "INVITE alone lists the rooms you are invited to.",
	    NULL } },
	{ "ISON", { "ISON nick [nick ...]",
	    "Say which of these nicks are here.", NULL } },
	{ "JOIN", { "JOIN #room[,#room ...] [key[,key ...]]",
	    "Enter rooms (made when they do not exist); JOIN 0 leaves all.",
	    NULL } },
	{ "KICK", { "KICK #room nick [:reason]",
	    "Put somebody out of a room (room operators).", NULL } },
	{ "KILL", { "KILL nick :reason",
	    "Disconnect somebody (IRC operators).", NULL } },
	{ "LINKS", { "LINKS", "List the servers: just this one.", NULL } },
	{ "LIST", { "LIST [#room[,#room ...]]",
	    "List rooms with their member counts and topics.", NULL } },
	{ "LUSERS", { "LUSERS", "Say how many people and rooms there are.",
	    NULL } },
	{ "MODE", { "MODE #room [+|-modes [parameters]] | MODE nick [+|-iw]",
	    "Show or change a room's modes (b e I i k l m n o s t v)",
	    "or your own (i w).",
	    "+b/+e/+I alone list bans, exceptions, invite exceptions.",
	    NULL } },
	{ "MONITOR", { "MONITOR +|- nick[,nick ...] | MONITOR C|L|S",
	    "Be told when these nicks come and go (730, 731).", NULL } },
	{ "MOTD", { "MOTD", "Show the message of the day.", NULL } },
	{ "NAMES", { "NAMES [#room[,#room ...]]",
	    "List who is in a room.", NULL } },
	{ "NICK", { "NICK nick", "Choose or change your nickname.", NULL } },
	{ "NOTICE", { "NOTICE target[,target ...] :text",
	    "Like PRIVMSG, but never answered automatically.", NULL } },
	{ "OPER", { "OPER name password",
	    "Become an IRC operator.", NULL } },
	{ "PART", { "PART #room[,#room ...] [:reason]", "Leave rooms.",
	    NULL } },
	{ "PING", { "PING token", "Ask the server to answer PONG token.",
	    NULL } },
	{ "PRIVMSG", { "PRIVMSG target[,target ...] :text",
	    "Talk to a room or to a person.", NULL } },
	{ "QUIT", { "QUIT [:reason]", "Leave the server.", NULL } },
	{ "SETNAME", { "SETNAME :real name",
	    "Change your real name (with CAP setname others see it).", NULL } },
	{ "STATS", { "STATS u", "Say how long the server has been up.",
	    NULL } },
	{ "TIME", { "TIME", "Say the server's time.", NULL } },
	{ "TOPIC", { "TOPIC #room [:topic]",
	    "Show or set a room's topic.", NULL } },
	{ "USERHOST", { "USERHOST nick [nick ...]",
	    "Say the user@host of these nicks.", NULL } },
	{ "VERSION", { "VERSION", "Say the server's version and limits.",
	    NULL } },
	{ "WALLOPS", { "WALLOPS :text",
	    "Tell everybody with user mode +w (IRC operators).", NULL } },
	{ "WHO", { "WHO #room|nick|mask [o][%fields[,token]]",
	    "List people: a room's members, a nick, or those a mask matches.",
	    NULL } },
	{ "WHOIS", { "WHOIS nick", "Say who somebody is and where.", NULL } },
	{ "WHOWAS", { "WHOWAS nick [count]",
	    "Say who had a nick that is gone.", NULL } },
};

/* bsearch comparison: a subject against an entry, any case. */
static int
help_compare(const void *key, const void *entry)
{
	return strcasecmp(key, ((const struct help_entry *)entry)->subject);
}

const char *const *
help_topic(const char *subject)
{
	const struct help_entry *e;

	e = bsearch(subject, help_entries,
	    sizeof help_entries / sizeof help_entries[0],
	    sizeof help_entries[0], help_compare);
	return e != NULL ? e->lines : NULL;
}
