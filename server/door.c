/* Which way in a connection takes, by its line: see door.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "door.h"
#include "irc_message.h"
#include "irc_names.h"

/* What parameters a command takes, for telling it from words. */
enum door_first {
	DOOR_ANY,		/* anything */
	DOOR_ROOMS,		/* a room or a comma-separated list of rooms */
	DOOR_ROOMS_OR_ZERO,	/* the same, or "0" (JOIN 0) */
	DOOR_NICK,		/* one nickname */
};

struct door_shape {
	const char	*name;
	size_t		 min, max;	/* parameters */
	enum door_first	 first;		/* what the first one must be */
};

/* The commands natterd knows but CAP, NICK, USER and PASS, sorted. */
static const struct door_shape door_shapes[] = {
	{ "AWAY",	0, 1, DOOR_ANY },
	{ "ISON",	1, 15, DOOR_NICK },
	{ "JOIN",	1, 2, DOOR_ROOMS_OR_ZERO },
	{ "KICK",	2, 3, DOOR_ROOMS },
	{ "KILL",	2, 2, DOOR_NICK },
	{ "LIST",	0, 2, DOOR_ANY },
	{ "LUSERS",	0, 2, DOOR_ANY },
	{ "MODE",	1, 15, DOOR_ANY },
	{ "MOTD",	0, 1, DOOR_ANY },
	{ "NAMES",	0, 2, DOOR_ROOMS },
	{ "NOTICE",	2, 2, DOOR_ANY },
	{ "OPER",	2, 2, DOOR_ANY },
	{ "PART",	1, 2, DOOR_ROOMS },
	{ "PING",	1, 2, DOOR_ANY },
	{ "PONG",	0, 2, DOOR_ANY },
	{ "PRIVMSG",	2, 2, DOOR_ANY },
	{ "QUIT",	0, 1, DOOR_ANY },
	{ "TAGMSG",	1, 1, DOOR_ANY },
	{ "TIME",	0, 1, DOOR_ANY },
	{ "TOPIC",	1, 2, DOOR_ROOMS },
	{ "USERHOST",	1, 5, DOOR_NICK },
	{ "VERSION",	0, 1, DOOR_ANY },
	{ "WHO",	0, 2, DOOR_ANY },
	{ "WHOIS",	1, 2, DOOR_ANY },
};

bool
door_upper_word(const char *word)
{
	const char *p;

	for (p = word; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return p != word;
}

/* A room, or rooms separated by commas, each a valid name. */
static bool
door_rooms(const char *list)
{
	char room[512];
	size_t n;

	while (*list != '\0') {
		n = strcspn(list, ",");
		if (n == 0 || n >= sizeof room)
			return false;
		memcpy(room, list, n);
		room[n] = '\0';
		if (!irc_channel_valid(room))
			return false;
		list += n;
		if (*list == ',')
			list++;
	}
	return true;
}

/* A decimal number. */
static bool
door_number(const char *s)
{
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* CAP as a client negotiates: LS [302], LIST, REQ :caps, END. */
static bool
door_cap(const struct irc_message *m)
{
	const char *sub;

	if (m->nparams == 0)
		return false;
	sub = m->params[0];
	if (strcasecmp(sub, "LS") == 0)
		return m->nparams == 1 ||
		    (m->nparams == 2 && door_number(m->params[1]));
	if (strcasecmp(sub, "LIST") == 0 || strcasecmp(sub, "END") == 0)
		return m->nparams == 1;
	if (strcasecmp(sub, "REQ") == 0)
		return m->nparams == 2 && m->params[1][0] != '\0';
	return false;
}

bool
door_registration(const struct irc_message *m)
{
	const char *cmd = m->command;

	if (strcasecmp(cmd, "CAP") == 0)
		return door_cap(m);
	if (strcasecmp(cmd, "USER") == 0)
		return m->nparams == 4 && m->params[0][0] != '\0';
	if (strcmp(cmd, "NICK") == 0)
		return m->nparams == 1 && m->params[0][0] != '\0';
	if (strcmp(cmd, "PASS") == 0)
		return m->nparams == 1 && m->params[0][0] != '\0';
	return false;
}

/* bsearch comparison: a command name against a shape. */
static int
door_compare(const void *key, const void *entry)
{
	return strcmp(key, ((const struct door_shape *)entry)->name);
}

/* Do msg's parameters fit what shape takes? */
static bool
door_fits(const struct irc_message *m, const struct door_shape *shape)
{
	if (m->nparams < shape->min || m->nparams > shape->max)
		return false;
	if (m->nparams == 0)
		return true;
	switch (shape->first) {
	case DOOR_ROOMS:
		if (!door_rooms(m->params[0]))
			return false;
		break;
	case DOOR_ROOMS_OR_ZERO:
		if (strcmp(m->params[0], "0") != 0 &&
		    !door_rooms(m->params[0]))
			return false;
		break;
	case DOOR_NICK:
		if (!irc_nick_valid(m->params[0]))
			return false;
		break;
	case DOOR_ANY:
		break;
	}
	/* WHO mask [o | %fields]: "WHO IS HERE" is words. */
	if (strcmp(shape->name, "WHO") == 0 && m->nparams == 2)
		return strcmp(m->params[1], "o") == 0 || m->params[1][0] == '%';
	return true;
}

bool
door_looks_like_irc(const struct irc_message *m)
{
	const struct door_shape *shape;

	if (door_registration(m))
		return true;
	if (!door_upper_word(m->command))
		return false;
	shape = bsearch(m->command, door_shapes,
	    sizeof door_shapes / sizeof door_shapes[0], sizeof door_shapes[0],
	    door_compare);
	/*
	 * Known commands that are also words ("WHO IS HERE?", "LIST ALL"),
	 * only with their parameters; CAP, NICK, USER, PASS and unknown
	 * upper-case words, which nobody opens a chat with, as they are (a
	 * malformed registration gets its numeric).
	 */
	return shape == NULL || door_fits(m, shape);
}

/*
 * Parse a copy of line (len bytes) into msg; IRC_PARSE_TOO_LONG when it
 * holds a NUL (no IRC line does) or does not fit in copy.  A CR inside
 * the line is a space, as when the line is run (client_input.c): "NICK
 * \r" names nobody.
 */
static enum irc_parse_result
door_parse_copy(const char *line, size_t len, char *copy, size_t size,
    struct irc_message *msg)
{
	if (len >= size || memchr(line, '\0', len) != NULL)
		return IRC_PARSE_TOO_LONG;
	memcpy(copy, line, len);
	copy[len] = '\0';
	irc_one_line(copy, len);
	return irc_message_parse(msg, copy);
}

bool
door_line_registers(const char *line, size_t len)
{
	char copy[IRC_LINE_MAX];
	struct irc_message msg;

	return door_parse_copy(line, len, copy, sizeof copy, &msg) ==
	    IRC_PARSE_OK && door_registration(&msg);
}

bool
door_line_from_person(const char *line, size_t len)
{
	char copy[IRC_LINE_MAX * 2];
	struct irc_message msg;

	switch (door_parse_copy(line, len, copy, sizeof copy, &msg)) {
	case IRC_PARSE_OK:
		return !door_looks_like_irc(&msg);
	case IRC_PARSE_EMPTY:
		return false;
	default:
		return true;
	}
}
