/*
 * The command table and the parsing of input lines, plus the splitting of
 * long messages.  Arguments are checked against the table once, here, so
 * whoever runs a command finds them present and counted.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "command.h"
#include "dcc.h"
#include "decimal.h"
#include "input.h"
#include "input_daily.h"
#include "irc_names.h"
#include "utf8.h"
#include "wire.h"

/* The longest command name, for folding a typed name before lookup. */
#define COMMAND_NAME_MAX	16

/*
 * Every command: its name, its handler, how many arguments it takes, how
 * they are read and what must hold before it runs (COMMAND_F_*), its
 * usage and its line of /help.  Sorted by name: command_find searches it
 * with bsearch.
 */
static const struct command_def command_defs[] = {
	{ "away", input_away, 0, 1, COMMAND_F_REST | COMMAND_F_ONLINE,
	    "/away [MESSAGE]",
	    "Mark yourself away with MESSAGE; without one, back." },
	{ "clear", input_clear, 0, 0, 0,
	    "/clear",
	    "Clear the window's scrollback." },
	{ "close", input_close, 0, 1, COMMAND_F_REST,
	    "/close [REASON]",
	    "Close the window, leaving its room with REASON." },
	{ "copy", input_copy, 0, 1, 0,
	    "/copy [N]",
	    "Put link N of /urls (the newest by default) on the clipboard (OSC 52)." },
	{ "ctcp", input_ctcp, 2, 2, COMMAND_F_REST,
	    "/ctcp NICK VERSION|PING|TIME|...",
	    "Send a CTCP request; the answer shows where you are." },
	{ "dcc", dcc_command_dcc, 0, 2, COMMAND_F_DCC,
	    "/dcc [list] | /dcc close N",
	    "List file transfers and offers (progress, speed, time left), or end one." },
	{ "get", dcc_command_get, 0, 1, COMMAND_F_DCC,
	    "/get [N]",
	    "Take file offer N (the newest without N) into download_dir." },
	{ "help", input_help, 0, 1, 0,
	    "/help [COMMAND]",
	    "List the commands, or explain one." },
	{ "ignore", input_ignore, 0, 2, COMMAND_F_REST,
	    "/ignore [NICK|MASK [KINDS]]",
	    "Hide a nick's or mask's lines (KINDS: messages,private,notices,ctcp,joins); list." },
	{ "join", input_join, 1, 2, COMMAND_F_ONLINE,
	    "/join #ROOM[,#ROOM...] [KEY]",
	    "Join rooms, opening a window for each." },
	{ "lastlog", input_lastlog, 1, 1, COMMAND_F_REST,
	    "/lastlog [-n N] TEXT",
	    "List the window's lines with TEXT (the last N), matches highlighted." },
	{ "list", input_list, 0, 1, COMMAND_F_ONLINE,
	    "/list [#ROOM[,#ROOM...]]",
	    "List the server's rooms with their topics." },
	{ "log", input_log, 0, 1, 0,
	    "/log [on|off]",
	    "Show where the window is logged; turn logging on or off." },
	{ "me", input_me, 1, 1, COMMAND_F_REST | COMMAND_F_ONLINE,
	    "/me ACTION",
	    "Send an action to the current window: * nick ACTION." },
	{ "msg", input_msg, 2, 2, COMMAND_F_REST | COMMAND_F_ONLINE,
	    "/msg NICK|#ROOM TEXT",
	    "Send TEXT to a nick or a room without switching windows." },
	{ "names", input_names, 0, 1, COMMAND_F_ONLINE | COMMAND_F_HERE,
	    "/names [#ROOM]",
	    "List who is in a room (the current one by default)." },
	{ "nick", input_nick, 1, 1, 0,
	    "/nick NICK",
	    "Change your nick." },
	{ "nicklist", input_nicklist, 0, 1, 0,
	    "/nicklist [on|off]",
	    "Show or hide the nick list beside the pane (Alt-L)." },
	{ "notice", input_notice, 2, 2, COMMAND_F_REST | COMMAND_F_ONLINE,
	    "/notice NICK|#ROOM TEXT",
	    "Send a notice, which clients never answer automatically." },
	{ "open", input_open, 0, 1, 0,
	    "/open [N]",
	    "Open link N of /urls (the newest by default) with $BROWSER or xdg-open." },
	{ "part", input_part, 0, 1,
	    COMMAND_F_ROOM | COMMAND_F_REST | COMMAND_F_ONLINE | COMMAND_F_HERE,
	    "/part [#ROOM] [REASON]",
	    "Leave a room (the current one by default)." },
	{ "ping", input_ping, 1, 1, 0,
	    "/ping NICK",
	    "Send NICK a CTCP PING and show the round trip when it answers." },
	{ "query", input_query, 1, 2, COMMAND_F_REST,
	    "/query NICK [TEXT]",
	    "Open a private window with NICK, sending TEXT if given." },
	{ "quit", input_quit, 0, 1, COMMAND_F_REST,
	    "/quit [REASON]",
	    "Disconnect and exit." },
	{ "quote", input_quote, 1, 1, COMMAND_F_REST | COMMAND_F_CONNECTED,
	    "/quote RAW LINE",
	    "Send a raw IRC line to the server." },
	{ "reject", dcc_command_reject, 0, 1, COMMAND_F_DCC,
	    "/reject [N]",
	    "Refuse file offer N (the newest without N)." },
	{ "send", dcc_command_send, 2, 2, COMMAND_F_REST | COMMAND_F_DCC,
	    "/send [-passive] NICK FILE",
	    "Offer FILE to NICK (DCC SEND, with its SHA-256)." },
	{ "tls", input_tls, 0, 0, COMMAND_F_ONLINE,
	    "/tls",
	    "Show the connection's encryption: protocol, cipher, the server's key." },
	{ "topic", input_topic, 0, 1,
	    COMMAND_F_ROOM | COMMAND_F_REST | COMMAND_F_ONLINE | COMMAND_F_HERE,
	    "/topic [#ROOM] [TOPIC]",
	    "Show a room's topic, or set it to TOPIC." },
	{ "unignore", input_unignore, 1, 1, 0,
	    "/unignore NICK|MASK|N",
	    "Show a nick's or mask's lines again." },
	{ "urls", input_urls, 0, 0, 0,
	    "/urls",
	    "List the window's recent links, numbered, newest first." },
	{ "who", input_who, 0, 1, COMMAND_F_ONLINE | COMMAND_F_HERE,
	    "/who [MASK]",
	    "List users matching MASK (the current room by default)." },
	{ "whois", input_whois, 1, 1, COMMAND_F_ONLINE,
	    "/whois NICK",
	    "Show who NICK is." },
	{ "window", input_window, 1, 1, COMMAND_F_NUMBER,
	    "/window N",
	    "Switch to window N (Alt-1..Alt-9, Alt-0 for 10)." },
};
#define COMMAND_NDEFS	(sizeof command_defs / sizeof command_defs[0])

/* The command table, for /help and completion. */
const struct command_def *
command_table(size_t *n)
{
	*n = COMMAND_NDEFS;
	return command_defs;
}

/* The command names, for tab completion. */
size_t
command_names(const char **names, size_t max)
{
	size_t	i;

	for (i = 0; i < COMMAND_NDEFS && i < max; i++)
		names[i] = command_defs[i].name;
	return i;
}

/* bsearch comparison: a folded name against a table entry. */
static int
command_cmp(const void *key, const void *def)
{
	return strcmp(key, ((const struct command_def *)def)->name);
}

/* Find a command by exact name or unique prefix. */
const struct command_def *
command_find(const char *name, size_t len, enum command_status *status)
{
	const struct command_def	*def, *found = NULL;
	char				 key[COMMAND_NAME_MAX + 1];
	size_t				 lo = 0, hi = COMMAND_NDEFS, mid;

	*status = COMMAND_UNKNOWN;
	if (len == 0 || len > COMMAND_NAME_MAX)
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	irc_casefold(key, key, sizeof key);
	def = bsearch(key, command_defs, COMMAND_NDEFS, sizeof *command_defs,
	    command_cmp);
	if (def != NULL) {
		*status = COMMAND_OK;
		return def;
	}
	/* The first name not below the prefix, then those it starts. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(command_defs[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < COMMAND_NDEFS; lo++) {
		if (strncmp(command_defs[lo].name, key, len) != 0)
			break;
		if (found != NULL) {
			*status = COMMAND_AMBIGUOUS;
			return NULL;
		}
		found = &command_defs[lo];
	}
	if (found != NULL)
		*status = COMMAND_OK;
	return found;
}

/* Skip spaces. */
static char *
command_skip_spaces(char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Cut the word at p off the rest of the line; returns the rest. */
static char *
command_cut_word(char *p)
{
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p == ' ')
		*p++ = '\0';
	return command_skip_spaces(p);
}

/* Set the error for a usage mistake. */
static enum command_status
command_usage(struct command *cmd)
{
	snprintf(cmd->error, sizeof cmd->error, "usage: %s", cmd->def->usage);
	return COMMAND_USAGE;
}

/* List the commands a prefix could mean, for the error. */
static void
command_ambiguous(struct command *cmd, const char *name, size_t len)
{
	size_t	i, n;
	char	key[COMMAND_NAME_MAX + 1];

	memcpy(key, name, len);
	key[len] = '\0';
	irc_casefold(key, key, sizeof key);
	n = (size_t)snprintf(cmd->error, sizeof cmd->error,
	    "ambiguous command /%s:", key);
	for (i = 0; i < COMMAND_NDEFS && n < sizeof cmd->error; i++) {
		if (strncmp(command_defs[i].name, key, len) == 0)
			n += (size_t)snprintf(cmd->error + n,
			    sizeof cmd->error - n, " /%s",
			    command_defs[i].name);
	}
}

/* Parse the arguments after a command's name. */
static enum command_status
command_args(struct command *cmd, char *p)
{
	const struct command_def	*def = cmd->def;
	long long			 number;

	p = command_skip_spaces(p);
	if ((def->flags & COMMAND_F_ROOM) && irc_is_channel(p)) {
		cmd->room = p;
		p = command_cut_word(p);
	}
	while (*p != '\0') {
		if (cmd->nargs == def->max)
			return command_usage(cmd);
		cmd->args[cmd->nargs++] = p;
		if ((def->flags & COMMAND_F_REST) && cmd->nargs == def->max)
			break;
		p = command_cut_word(p);
	}
	if (cmd->nargs < def->min)
		return command_usage(cmd);
	/* A window number: digits only, 1..COMMAND_WINDOW_MAX. */
	if (def->flags & COMMAND_F_NUMBER) {
		if (!decimal_parse_digits(cmd->args[0], 1, COMMAND_WINDOW_MAX,
		    &number))
			return command_usage(cmd);
		cmd->number = (int)number;
	}
	return COMMAND_OK;
}

/* Parse one input line; see command.h. */
enum command_status
command_parse(struct command *cmd, char *line)
{
	enum command_status	 status;
	char			*name, *end;
	size_t			 len;
	char			 shown[48];

	memset(cmd, 0, sizeof *cmd);
	if (line[0] != '/' || line[1] == '/') {
		cmd->text = line[0] == '/' ? line + 1 : line;
		if (*command_skip_spaces(line) == '\0') {
			cmd->text = NULL;
			return COMMAND_EMPTY;
		}
		return COMMAND_OK;
	}
	name = line + 1;
	for (end = name; *end != '\0' && *end != ' '; end++)
		continue;
	len = (size_t)(end - name);
	if (len == 0) {
		snprintf(cmd->error, sizeof cmd->error, "no command after /; "
		    "type // to send a line starting with /");
		return COMMAND_UNKNOWN;
	}
	cmd->def = command_find(name, len, &status);
	if (cmd->def == NULL) {
		if (status == COMMAND_AMBIGUOUS)
			command_ambiguous(cmd, name, len);
		else {
			/* Show at most a few characters of what was typed. */
			if (len >= sizeof shown)
				len = utf8_prefix_len(name, len, sizeof shown - 4);
			snprintf(shown, sizeof shown, "%.*s%s", (int)len, name,
			    (size_t)(end - name) > len ? "..." : "");
			snprintf(cmd->error, sizeof cmd->error,
			    "unknown command /%s (type /help for a list)", shown);
		}
		return status;
	}
	if (*end == ' ')
		*end++ = '\0';
	return command_args(cmd, end);
}

/* Length of "nick!user@host", unknown parts counted at their longest. */
size_t
command_source_len(const char *nick, const char *user, const char *host)
{
	return strlen(nick) + 1 +
	    (user != NULL ? strlen(user) : IRC_USERLEN + 1) + 1 +
	    (host != NULL ? strlen(host) : COMMAND_HOST_MAX);
}

/* Text bytes left in ":source COMMAND target :text\r\n". */
size_t
command_text_budget(const char *command, const char *target,
    size_t source_len)
{
	size_t	used;

	/* ':' source ' ' command ' ' target " :" and CRLF. */
	used = 1 + source_len + 1 + strlen(command) + 1 + strlen(target) +
	    2 + 2;
	return used >= IRC_LINE_MAX ? 0 : IRC_LINE_MAX - used;
}

/* The cluster boundary at or before off (a code point boundary). */
static size_t
command_boundary(const char *text, size_t len, size_t off)
{
	size_t	start;

	if (off == 0 || off >= len)
		return off;
	start = cluster_prev(text, len, off);
	if (cluster_next(text, len, start, NULL, NULL) == off)
		return off;
	/* off is inside a cluster: cut before it, unless that is nothing. */
	return start > 0 ? start : off;
}

/* Split off the first piece of a long message; see command.h. */
size_t
command_split(const char *text, size_t len, size_t max, size_t *next)
{
	size_t	cut, p, end;

	if (max < UTF8_LEN_MAX)
		max = UTF8_LEN_MAX;
	if (len <= max) {
		*next = len;
		return len;
	}
	cut = command_boundary(text, len, utf8_prefix_len(text, len, max));
	/* The last space that fits, with something before it. */
	for (p = cut; p > 0; p--) {
		if (text[p] != ' ')
			continue;
		for (end = p; end > 0 && text[end - 1] == ' '; end--)
			continue;
		if (end == 0)
			break;
		for (p++; p < len && text[p] == ' '; p++)
			continue;
		*next = p;
		return end;
	}
	*next = cut;
	return cut;
}
