/*
 * What the user typed on the input line: a slash command with its
 * arguments, or a message for the current window; and the splitting of a
 * message too long for one IRC line.
 *
 * Commands come from one sorted table (name, handler, argument counts,
 * flags, usage, help) searched with bsearch; a unique prefix of a name
 * works too ("/wi" is /window only if nothing else starts with "wi"), an
 * exact name always wins ("/who" is not ambiguous with /whois).  Names ignore ASCII case.
 * Arguments are words separated by spaces; for commands whose last
 * argument is text (/msg NICK TEXT) it is the rest of the line as typed.
 * "//text" sends "/text" as a message.
 */
#ifndef NATTER_COMMAND_H
#define NATTER_COMMAND_H

#include <stdbool.h>
#include <stddef.h>

/* Arguments a command takes at most (not counting an optional room). */
#define COMMAND_ARGS_MAX	2
/* The highest window number /window accepts. */
#define COMMAND_WINDOW_MAX	999
/* Bytes a host name may take in a message's source, when it is not known. */
#define COMMAND_HOST_MAX	63
/* What CTCP ACTION adds around /me text: \x01ACTION and a space, \x01. */
#define COMMAND_ACTION_OVERHEAD	9

enum command_status {
	COMMAND_OK,		/* def (or text) and arguments are set */
	COMMAND_EMPTY,		/* nothing but spaces: nothing to do */
	COMMAND_UNKNOWN,	/* no such command; error says so */
	COMMAND_AMBIGUOUS,	/* a prefix of several; error lists them */
	COMMAND_USAGE,		/* wrong arguments; error gives the usage */
};

struct command;
struct session;

/*
 * What runs a command: every handler has this one signature.  It runs
 * only once the table's counts and flags hold, so it finds its arguments
 * present and counted, and what its flags ask for true.
 */
typedef void command_fn(struct session *, const struct command *);

/* How the arguments are read (command.c)... */
#define COMMAND_F_REST		0x01	/* the last argument is the rest of the line */
#define COMMAND_F_ROOM		0x02	/* an optional #room comes first */
#define COMMAND_F_NUMBER	0x04	/* the argument is a window number */
/* ...and what must hold before the handler runs (input.c, which says why
 * not in the current window). */
#define COMMAND_F_ONLINE	0x08	/* registered with the server */
#define COMMAND_F_CONNECTED	0x10	/* connected, registered or not yet */
#define COMMAND_F_HERE		0x20	/* acts on a room: the one typed (the
					 * COMMAND_F_ROOM one, else the first
					 * argument), or the current room
					 * window's; cmd->room says which */
#define COMMAND_F_DCC		0x40	/* file transfers are available */

struct command_def {
	const char	*name;		/* without the slash, lower case */
	command_fn	*run;
	int		 min;		/* arguments, the optional room aside */
	int		 max;
	unsigned	 flags;
	const char	*usage;		/* "/msg NICK|#ROOM TEXT" */
	const char	*help;		/* one line saying what it does */
};

struct command {
	const struct command_def *def;	/* NULL for a plain message */
	const char		*text;	/* a plain message: what to send */
	const char		*room;	/* the optional #room, or NULL */
	const char		*args[COMMAND_ARGS_MAX]; /* NULL when absent */
	int			 nargs;
	int			 number;	/* COMMAND_F_NUMBER: the number */
	char			 error[160];	/* why, when not COMMAND_OK */
};

/*
 * Parse one input line in place (spaces between arguments become NULs;
 * the result points into line).  On COMMAND_OK, cmd->def is the command
 * to run, or NULL for a plain message (cmd->text); otherwise cmd->error
 * is a message for the window.
 */
enum command_status command_parse(struct command *cmd, char *line);
/* The command a name (without slash, len bytes) or unique prefix names;
 * NULL with *status COMMAND_UNKNOWN or COMMAND_AMBIGUOUS otherwise. */
const struct command_def *command_find(const char *name, size_t len,
	    enum command_status *status);
/* The whole table, sorted by name, and its size. */
const struct command_def *command_table(size_t *n);
/* Fill names with up to max command names (for tab completion); returns
 * how many. */
size_t	command_names(const char **names, size_t max);

/*
 * Bytes of a source prefix "nick!user@host" as the server will put it in
 * front of our messages; an unknown user or host (NULL) counts as the
 * longest allowed.
 */
size_t	command_source_len(const char *nick, const char *user,
	    const char *host);
/*
 * Bytes of text one "COMMAND target :text" message can carry so that the
 * line others receive, ":source COMMAND target :text\r\n", fits
 * IRC_LINE_MAX; 0 if not even that fits.
 */
size_t	command_text_budget(const char *command, const char *target,
	    size_t source_len);
/*
 * Split a message too long for one line: the length of the first piece of
 * text[0..len) that is at most max bytes (max below UTF8_LEN_MAX counts
 * as UTF8_LEN_MAX), cut at the last space that fits if there is one, else
 * at a character boundary (keeping combining marks with their base).
 * *next gets where the following piece starts (after the spaces at a
 * break); the caller sends text[0..piece) and goes on from *next until it
 * reaches len.
 */
size_t	command_split(const char *text, size_t len, size_t max,
	    size_t *next);

#endif
