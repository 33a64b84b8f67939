/* The plain door: greeting, nickname prompt, chat and slash commands in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "client.h"
#include "commands.h"
#include "irc_message.h"
#include "irc_names.h"
#include "plain.h"
#include "plain_text.h"
#include "reply.h"
#include "room.h"
#include "server.h"
#include "utf8.h"
#include "xmalloc.h"

/* Rooms named in the greeting at most. */
#define PLAIN_GREETING_ROOMS	8
/* Bytes of a line typed before the greeting that the greeting quotes. */
#define PLAIN_KEPT_SHOWN	200

/* One room for the greeting's list: "#lobby (3)". */
struct plain_rooms {
	struct buffer	*out;
	size_t		 shown;
	size_t		 more;
};

/* strmap_foreach callback: add a room with people in it to the list. */
static void
plain_list_room(const char *key, void *value, void *arg)
{
	struct plain_rooms *pr = arg;
	const struct room *r = value;
	char count[32];

	(void)key;
	if (r->nmembers == 0)
		return;
	if (pr->shown == PLAIN_GREETING_ROOMS) {
		pr->more++;
		return;
	}
	if (pr->shown++ > 0)
		buffer_append(pr->out, ", ", 2);
	plain_sanitize(pr->out, r->name);
	snprintf(count, sizeof count, " (%zu)", r->nmembers);
	buffer_append(pr->out, count, strlen(count));
}

void
plain_begin(struct client *c)
{
	struct server *s = c->server;
	struct buffer rooms, kept;
	struct plain_rooms pr = { .out = &rooms };
	size_t shown;

	c->plain = true;
	c->plain_state = PLAIN_ASKING_NICK;
	c->view.dialect = HUB_DIALECT_TEXT;
	buffer_init(&rooms);
	strmap_foreach(&s->rooms, plain_list_room, &pr);
	reply_text(c, "Welcome to natter on %s, the chat of this network.",
	    s->name);
	if (s->nregistered == 0)
		reply_text(c, "Nobody else is here yet.");
	else {
		reply_text(c, "%zu %s here%s%.*s%s.", s->nregistered,
		    s->nregistered == 1 ? "person is" : "people are",
		    pr.shown > 0 ? ", in " : "", (int)rooms.len,
		    rooms.data != NULL ? rooms.data : "",
		    pr.more > 0 ? " and more" : "");
	}
	reply_text(c, "(This is the plain-text way in; IRC clients and natter "
	    "work too.)");
	if (c->plain_kept != NULL) {
		buffer_init(&kept);
		plain_sanitize(&kept, c->plain_kept);
		/* Quoted whole up to PLAIN_KEPT_SHOWN bytes, then cut at a
		 * character boundary. */
		shown = utf8_prefix_len(kept.data, kept.len, PLAIN_KEPT_SHOWN);
		reply_text(c, "(You typed \"%.*s%s\" before this greeting: it "
		    "is kept, and goes in once you have a nickname.)",
		    (int)shown, kept.data, shown < kept.len ? "..." : "");
		buffer_free(&kept);
	}
	if (s->config.password != NULL) {
		c->plain_state = PLAIN_ASKING_PASSWORD;
		reply_text(c, "This server needs a password. Password:");
	} else
		reply_text(c, "Choose a nickname and press Enter:");
	buffer_free(&rooms);
}

/*
 * Copy what a person typed into dst (size bytes), each byte that is not
 * UTF-8 (a Latin-1 terminal) as U+FFFD: natterd is UTF8ONLY, and a person
 * at nc should see their line go through, not an error.
 */
static void
plain_utf8(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src), n = 0, step;
	uint32_t cp;
	bool valid;

	while (len > 0) {
		step = utf8_decode(src, len, &cp, &valid);
		if (step == 0)
			break;
		if (valid && n + step < size) {
			memcpy(dst + n, src, step);
			n += step;
		} else if (!valid && n + 3 < size) {
			memcpy(dst + n, "\xef\xbf\xbd", 3);
			n += 3;
		} else
			break;
		src += step;
		len -= step;
	}
	dst[n] = '\0';
}

/* Run an IRC command on c's behalf: command and up to three parameters. */
static enum client_status
plain_run(struct client *c, const char *command, const char *p0,
    const char *p1)
{
	char a[IRC_LINE_MAX], b[IRC_LINE_MAX];
	struct irc_message msg;

	memset(&msg, 0, sizeof msg);
	msg.command = (char *)command;
	if (p0 != NULL) {
		plain_utf8(a, sizeof a, p0);
		msg.params[msg.nparams++] = a;
	}
	if (p1 != NULL) {
		plain_utf8(b, sizeof b, p1);
		msg.params[msg.nparams++] = b;
	}
	return commands_dispatch(c, &msg);
}

/* Explain why nick cannot be had; true when it can. */
static bool
plain_nick_ok(struct client *c, const char *nick)
{
	char folded[IRC_NICKLEN + 1];
	struct client *holder;
	struct buffer shown;

	buffer_init(&shown);
	plain_sanitize(&shown, nick);
	if (!irc_nick_valid(nick)) {
		reply_text(c, "Sorry, \"%.*s\" cannot be a nickname: use up to "
		    "%d bytes of letters (any script), digits and - _ [ ] { } "
		    "\\ | ^ `, not starting with a digit or -.",
		    (int)shown.len, shown.data != NULL ? shown.data : "",
		    IRC_NICKLEN);
		buffer_free(&shown);
		return false;
	}
	irc_casefold(folded, nick, sizeof folded);
	holder = strmap_get(&c->server->nicks, folded);
	if (holder != NULL && holder != c) {
		reply_text(c, "Sorry, %.*s is taken.", (int)shown.len,
		    shown.data);
		buffer_free(&shown);
		return false;
	}
	buffer_free(&shown);
	return true;
}

/* Move c into room name (leaving its current room): /join, and at the start. */
static enum client_status
plain_join(struct client *c, const char *name)
{
	char room[IRC_CHANNELLEN + 2];
	struct room *r;

	/* One room at a time: "/join #a,#b" would be two. */
	if (strchr(name, ',') != NULL) {
		reply_text(c, "-- One room at a time: /join #room");
		return CLIENT_ALIVE;
	}
	snprintf(room, sizeof room, "%s%s", irc_is_channel(name) ? "" : "#",
	    name);
	r = room_find(c->server, room);
	if (r != NULL && r == c->plain_room) {
		reply_text(c, "-- You are already in %s.", r->name);
		return CLIENT_ALIVE;
	}
	if (plain_run(c, "JOIN", room, NULL) == CLIENT_GONE)
		return CLIENT_GONE;
	r = room_find(c->server, room);
	if (r == NULL || room_member(r, c) == NULL)
		return CLIENT_ALIVE;	/* the reason has been said */
	/* One room at a time at a terminal: leave the one before. */
	if (c->plain_room != NULL && c->plain_room != r &&
	    plain_run(c, "PART", c->plain_room->name, "Moved to another room")
	    == CLIENT_GONE)
		return CLIENT_GONE;
	c->plain_room = r;
	return CLIENT_ALIVE;
}

/* What c typed before the greeting, run now that it has a nickname. */
static enum client_status
plain_run_kept(struct client *c)
{
	char *kept = c->plain_kept;
	enum client_status status;

	if (kept == NULL)
		return CLIENT_ALIVE;
	c->plain_kept = NULL;
	status = plain_input(c, kept, strlen(kept));
	free(kept);
	return status;
}

/* The nickname answer: register and enter the default room. */
static enum client_status
plain_choose_nick(struct client *c, char *line)
{
	struct server *s = c->server;
	char *nick = line + strspn(line, " ");

	nick[strcspn(nick, " ")] = '\0';
	if (*nick == '\0') {
		reply_text(c, "Choose a nickname and press Enter:");
		return CLIENT_ALIVE;
	}
	if (!plain_nick_ok(c, nick)) {
		reply_text(c, "Try another:");
		return CLIENT_ALIVE;
	}
	/* USER first: NICK then completes the registration. */
	strlcpy(c->user, "plain", sizeof c->user);
	strlcpy(c->realname, "plain-text door (nc, telnet)",
	    sizeof c->realname);
	if (plain_run(c, "NICK", nick, NULL) == CLIENT_GONE)
		return CLIENT_GONE;
	if (!c->registered)
		return CLIENT_ALIVE;
	c->plain_state = PLAIN_CHATTING;
	reply_text(c, "-- Hello %s! Type a message and press Enter; /help "
	    "lists the commands.", c->nick);
	if (plain_join(c, s->config.default_room) == CLIENT_GONE)
		return CLIENT_GONE;
	return plain_run_kept(c);
}

/* /help: every command, in words. */
static void
plain_help(struct client *c)
{
	static const char *const lines[] = {
		"-- What you type goes to the room you are in. Commands:",
		"--   /nick NAME         change your nickname",
		"--   /join #room        go to another room (you leave this one)",
		"--   /part              leave the room you are in",
		"--   /msg NICK text     a private message",
		"--   /me does something an action: * you do something",
		"--   /who               who is in this room",
		"--   /rooms or /list    the rooms and how many are in each",
		"--   /topic [text]      show or set the room's topic",
		"--   /away [text]       say you are away (no text: back)",
		"--   /help              this list",
		"--   /quit [reason]     leave natter",
		"--   //text             send text that starts with /",
	};
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		reply_text(c, "%s", lines[i]);
}

/* /who: the people in the current room, operators, the voiced and the away marked. */
static void
plain_who(struct client *c)
{
	const struct room *r = c->plain_room;
	struct buffer out;
	size_t i;

	if (r == NULL) {
		reply_text(c, "-- You are in no room: /join one.");
		return;
	}
	buffer_init(&out);
	for (i = 0; i < r->nmembers; i++) {
		const struct client *m = r->members[i].client;

		if (i > 0)
			buffer_append(&out, ", ", 2);
		plain_sanitize(&out, m->nick);
		if (r->members[i].op)
			buffer_append(&out, " (runs the room)", 16);
		else if (r->members[i].voice)
			buffer_append(&out, " (voiced)", 9);
		if (m->away[0] != '\0')
			buffer_append(&out, " (away)", 7);
	}
	reply_text(c, "-- In %s: %.*s", r->name, (int)out.len, out.data);
	buffer_free(&out);
}

/* strmap_foreach callback: one line per room for /rooms. */
static void
plain_rooms_line(const char *key, void *value, void *arg)
{
	struct client *c = arg;
	const struct room *r = value;
	struct buffer topic;

	(void)key;
	buffer_init(&topic);
	plain_sanitize(&topic, r->topic);
	reply_text(c, "--   %s: %zu %s%s%.*s", r->name, r->nmembers,
	    r->nmembers == 1 ? "person" : "people", topic.len > 0 ? " - " : "",
	    (int)topic.len, topic.data != NULL ? topic.data : "");
	buffer_free(&topic);
}

/* The text budget of a message c sends to target, so it is relayed whole. */
static size_t
plain_budget(const struct client *c, const char *target)
{
	char prefix[IRC_LINE_MAX];
	size_t used;

	client_prefix(c, prefix, sizeof prefix);
	/* ":prefix PRIVMSG target :" and CRLF. */
	used = 1 + strlen(prefix) + 9 + strlen(target) + 2 + 2;
	return used < IRC_LINE_MAX ? IRC_LINE_MAX - used : 0;
}

/* Send text to target (a room or a nick), refusing what would be cut. */
static enum client_status
plain_say(struct client *c, const char *target, const char *text)
{
	size_t budget = plain_budget(c, target), len = strlen(text);

	if (len > budget) {
		reply_text(c, "-- Not sent: that line is %zu bytes, and %zu fit "
		    "in one message. Say it in shorter lines.", len, budget);
		return CLIENT_ALIVE;
	}
	return plain_run(c, "PRIVMSG", target, text);
}

/* A slash command. */
static enum client_status
plain_command(struct client *c, char *line)
{
	char *name = line + 1, *args, *word, action[IRC_LINE_MAX];
	struct buffer shown;

	args = name + strcspn(name, " ");
	if (*args != '\0')
		*args++ = '\0';
	args += strspn(args, " ");
	if (strcasecmp(name, "help") == 0) {
		plain_help(c);
	} else if (strcasecmp(name, "nick") == 0) {
		args[strcspn(args, " ")] = '\0';
		if (*args == '\0')
			reply_text(c, "-- Usage: /nick NAME");
		else if (plain_nick_ok(c, args))
			return plain_run(c, "NICK", args, NULL);
	} else if (strcasecmp(name, "join") == 0) {
		args[strcspn(args, " ")] = '\0';
		if (*args == '\0')
			reply_text(c, "-- Usage: /join #room");
		else
			return plain_join(c, args);
	} else if (strcasecmp(name, "part") == 0) {
		if (c->plain_room == NULL)
			reply_text(c, "-- You are in no room.");
		else {
			struct room *r = c->plain_room;

			c->plain_room = NULL;
			reply_text(c, "-- You left %s; /join another room to "
			    "talk.", r->name);
			return plain_run(c, "PART", r->name, *args != '\0' ?
			    args : NULL);
		}
	} else if (strcasecmp(name, "msg") == 0) {
		word = args;
		args += strcspn(args, " ");
		if (*args != '\0')
			*args++ = '\0';
		if (*word == '\0' || *args == '\0') {
			reply_text(c, "-- Usage: /msg NICK text");
			return CLIENT_ALIVE;
		}
		buffer_init(&shown);
		plain_sanitize(&shown, word);
		buffer_append(&shown, "* ", 2);
		plain_sanitize(&shown, args);
		reply_text(c, "-> *%.*s", (int)shown.len, shown.data);
		buffer_free(&shown);
		return plain_say(c, word, args);
	} else if (strcasecmp(name, "me") == 0) {
		if (c->plain_room == NULL)
			reply_text(c, "-- You are in no room: /join one.");
		else if (*args == '\0')
			reply_text(c, "-- Usage: /me does something");
		else {
			snprintf(action, sizeof action, "\001ACTION %s\001", args);
			return plain_say(c, c->plain_room->name, action);
		}
	} else if (strcasecmp(name, "who") == 0 ||
	    strcasecmp(name, "names") == 0) {
		plain_who(c);
	} else if (strcasecmp(name, "rooms") == 0 ||
	    strcasecmp(name, "list") == 0) {
		reply_text(c, "-- Rooms:");
		strmap_foreach(&c->server->rooms, plain_rooms_line, c);
	} else if (strcasecmp(name, "topic") == 0) {
		if (c->plain_room == NULL)
			reply_text(c, "-- You are in no room: /join one.");
		else
			return plain_run(c, "TOPIC", c->plain_room->name,
			    *args != '\0' ? args : NULL);
	} else if (strcasecmp(name, "away") == 0) {
		return plain_run(c, "AWAY", *args != '\0' ? args : NULL, NULL);
	} else if (strcasecmp(name, "quit") == 0) {
		return plain_run(c, "QUIT", *args != '\0' ? args : NULL, NULL);
	} else {
		buffer_init(&shown);
		plain_sanitize(&shown, name);
		reply_text(c, "-- There is no /%.*s command; /help lists them.",
		    (int)shown.len, shown.data != NULL ? shown.data : "");
		buffer_free(&shown);
	}
	return CLIENT_ALIVE;
}

void
plain_keep(struct client *c, const char *line, size_t len)
{
	char *kept;

	kept = xmalloc(len + 1);
	memcpy(kept, line, len);
	kept[len] = '\0';
	if (plain_clean_line(kept, len) == 0) {
		free(kept);
		return;
	}
	free(c->plain_kept);
	c->plain_kept = kept;
}

void
plain_leave(struct client *c)
{
	c->plain = false;
	c->plain_state = PLAIN_ASKING_NICK;
	c->view.dialect = HUB_DIALECT_PLAIN;
	free(c->plain_kept);
	c->plain_kept = NULL;
}

enum client_status
plain_input(struct client *c, char *line, size_t len)
{
	(void)len;
	if (c->plain_state == PLAIN_ASKING_PASSWORD) {
		if (strcmp(line, c->server->config.password) != 0) {
			reply_text(c, "-- Wrong password.");
			client_end(c, NULL, NULL);
			return CLIENT_GONE;
		}
		c->pass_ok = true;
		c->plain_state = PLAIN_ASKING_NICK;
		reply_text(c, "Choose a nickname and press Enter:");
		return CLIENT_ALIVE;
	}
	if (c->plain_state == PLAIN_ASKING_NICK)
		return plain_choose_nick(c, line);
	if (line[0] == '\0')
		return CLIENT_ALIVE;
	if (line[0] == '/' && line[1] != '/')
		return plain_command(c, line);
	if (c->plain_room == NULL) {
		reply_text(c, "-- You are in no room: /join one to talk.");
		return CLIENT_ALIVE;
	}
	/* "//text" says "/text". */
	return plain_say(c, c->plain_room->name, line[0] == '/' ? line + 1 :
	    line);
}
