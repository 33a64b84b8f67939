/* Lines the user entered: messages and /commands; see input.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "conn.h"
#include "input.h"
#include "irc_names.h"
#include "render.h"
#include "scrollback.h"
#include "session.h"
#include "wire.h"
#include "xmalloc.h"

/* The reason /quit gives when none is typed. */
#define INPUT_QUIT_REASON	"natter"

/* Say in the current window that we are not connected (yet). */
static void
input_not_connected(struct session *s)
{
	if (s->state == SESSION_OFFLINE && s->retry_in >= 0)
		session_error(s, session_current(s),
		    "Not connected (retrying in %ds)", s->retry_in);
	else
		session_error(s, session_current(s), "Not connected yet");
}

/* False (and an error shown) when not registered with a server. */
static bool
input_online(struct session *s)
{
	if (s->state == SESSION_ONLINE)
		return true;
	input_not_connected(s);
	return false;
}

/* The window a message to target shows in when the server does not echo
 * it: the room's, or a private window. */
static struct window *
input_target_window(struct session *s, const char *target, bool notice)
{
	struct window	*w = session_find(s, target, NULL);

	if (w == NULL && !notice && !irc_is_channel(target))
		w = session_open(s, WINDOW_QUERY, target);
	return w != NULL ? w : session_current(s);
}

/*
 * Send text to target as PRIVMSG or NOTICE (or a CTCP ACTION), split into
 * as many lines as it takes, and show it unless the server echoes it.
 */
static void
input_say(struct session *s, const char *command, const char *target,
    const char *text, bool action)
{
	struct window	*w = NULL;
	size_t		 len = strlen(text), off = 0, piece, next, budget;
	char		 out[IRC_LINE_MAX + 16], shown[IRC_LINE_MAX];
	bool		 notice = strcmp(command, "NOTICE") == 0;
	bool		 echo = (s->caps & SESSION_CAP_ECHO_MESSAGE) != 0;

	budget = command_text_budget(command, target, command_source_len(
	    s->nick, s->user[0] != '\0' ? s->user : NULL,
	    s->host[0] != '\0' ? s->host : NULL));
	if (action)
		budget = budget > COMMAND_ACTION_OVERHEAD ?
		    budget - COMMAND_ACTION_OVERHEAD : 0;
	if (budget == 0) {
		session_error(s, session_current(s), "%s: name too long",
		    target);
		return;
	}
	if (!echo)
		w = input_target_window(s, target, notice);
	while (off < len) {
		piece = command_split(text + off, len - off, budget, &next);
		if (piece == 0 && next == 0)
			break;
		snprintf(shown, sizeof shown, "%.*s", (int)piece, text + off);
		if (action)
			snprintf(out, sizeof out, "\001ACTION %s\001", shown);
		else
			strlcpy(out, shown, sizeof out);
		if (piece > 0 && !session_send(s, command, 2,
		    (const char *const[]){ target, out })) {
			session_error(s, session_current(s),
			    "Could not send: the connection is not writable");
			return;
		}
		if (piece > 0 && !echo)
			session_line(s, w, 0, action ? SCROLLBACK_ACTION :
			    notice ? SCROLLBACK_NOTICE : SCROLLBACK_MESSAGE,
			    SCROLLBACK_SELF, s->nick, shown);
		off += next;
	}
}

/* The room of a command: the one typed, or the current window's. */
static const char *
input_room(struct session *s, const char *typed)
{
	struct window	*w = session_current(s);

	if (typed != NULL)
		return typed;
	if (w->kind == WINDOW_ROOM)
		return w->name;
	session_error(s, w, "Not in a room window: name the room (#room)");
	return NULL;
}

/* Plain text for window w; false (an error shown) if it cannot go. */
static bool
input_message_to(struct session *s, struct window *w, const char *text)
{
	if (w->kind == WINDOW_SERVER) {
		session_error(s, w, "This is the server window: /join #room, "
		    "/msg NICK TEXT, or switch windows (Alt-2, Ctrl-N)");
		return false;
	}
	if (!input_online(s))
		return false;
	if (w->kind == WINDOW_ROOM && !w->joined) {
		session_error(s, w, "You are not in %s (/join %s)", w->name,
		    w->name);
		return false;
	}
	input_say(s, "PRIVMSG", w->name, text, false);
	return true;
}

/*
 * Whether what cmd's table flags ask for holds, saying why not in the
 * current window; for COMMAND_F_HERE, cmd->room becomes the room it acts
 * on.  The one place these checks are made, in this order.
 */
static bool
input_can_run(struct session *s, struct command *cmd)
{
	unsigned	 flags = cmd->def->flags;
	const char	*typed = cmd->room;

	if ((flags & COMMAND_F_DCC) && s->dcc == NULL) {
		session_error(s, session_current(s),
		    "File transfers are not available");
		return false;
	}
	if ((flags & COMMAND_F_ONLINE) && !input_online(s))
		return false;
	if ((flags & COMMAND_F_CONNECTED) && (s->state == SESSION_OFFLINE ||
	    s->state == SESSION_CONNECTING)) {
		input_not_connected(s);
		return false;
	}
	if (flags & COMMAND_F_HERE) {
		if (!(flags & COMMAND_F_ROOM))
			typed = cmd->nargs > 0 ? cmd->args[0] : NULL;
		if ((cmd->room = input_room(s, typed)) == NULL)
			return false;
	}
	return true;
}

/* /help [COMMAND] */
void
input_help(struct session *s, const struct command *cmd)
{
	const struct command_def	*defs, *d;
	enum command_status		 status;
	struct window			*w = session_current(s);
	const char			*name;
	size_t				 n, i;

	if (cmd->nargs > 0) {
		name = cmd->args[0];
		if (name[0] == '/')
			name++;
		d = command_find(name, strlen(name), &status);
		if (d == NULL) {
			session_error(s, w, "No command /%s (type /help for "
			    "the list)", name);
			return;
		}
		session_info(s, w, "%s", d->usage);
		session_info(s, w, "  %s", d->help);
		return;
	}
	defs = command_table(&n);
	session_info(s, w, "Commands (/help COMMAND for one; a unique prefix "
	    "works, // sends a line starting with /):");
	for (i = 0; i < n; i++)
		session_info(s, w, "  %-30s %s", defs[i].usage, defs[i].help);
	session_info(s, w, "Keys: Alt-1..9 and Ctrl-N/Ctrl-P switch windows, "
	    "Alt-A goes to the next with news, PgUp/PgDn scroll, Ctrl-R/"
	    "Ctrl-S search, Alt-L the nick list, Tab completes; see "
	    "natter(1).");
}

/* Keep the keys of /join ROOMS KEYS, which pair by position, until the
 * rooms' JOINs come back: they are sent again when rejoining. */
static void
input_join_keys(struct session *s, const char *rooms, const char *keys)
{
	char	*rl, *kl, *rp, *kp, *room, *key;

	rl = rp = xstrdup(rooms);
	kl = kp = xstrdup(keys);
	while ((room = strsep(&rp, ",")) != NULL &&
	    (key = strsep(&kp, ",")) != NULL) {
		if (room[0] != '\0' && key[0] != '\0')
			session_key_expect(s, room, key);
	}
	free(rl);
	free(kl);
}

/* /join #a,#b [KEY] */
void
input_join(struct session *s, const struct command *cmd)
{
	char		 list[IRC_LINE_MAX];
	char		*names, *p, *name;
	struct window	*w;
	size_t		 i;
	bool		 first = true;

	list[0] = '\0';
	names = xstrdup(cmd->args[0]);
	for (p = names; (name = strsep(&p, ",")) != NULL;) {
		if (name[0] == '\0')
			continue;
		if (list[0] != '\0')
			strlcat(list, ",", sizeof list);
		if (!irc_is_channel(name))
			strlcat(list, "#", sizeof list);
		strlcat(list, name, sizeof list);
		if (first) {
			snprintf(s->switch_to, sizeof s->switch_to, "%s%s",
			    irc_is_channel(name) ? "" : "#", name);
			first = false;
		}
	}
	free(names);
	if (list[0] == '\0')
		return;
	/* Already there: just show it. */
	if ((w = session_find(s, s->switch_to, &i)) != NULL && w->joined &&
	    strchr(list, ',') == NULL) {
		s->switch_to[0] = '\0';
		session_switch(s, i);
		return;
	}
	if (cmd->nargs > 1) {
		input_join_keys(s, list, cmd->args[1]);
		session_send(s, "JOIN", 2, (const char *const[]){ list,
		    cmd->args[1] });
	} else
		session_send(s, "JOIN", 1, (const char *const[]){ list });
}

/* /part [#ROOM] [REASON] */
void
input_part(struct session *s, const struct command *cmd)
{
	session_send(s, "PART", 2, (const char *const[]){ cmd->room,
	    cmd->nargs > 0 ? cmd->args[0] : "" });
}

/* /close [REASON] */
void
input_close(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);

	if (w->kind == WINDOW_SERVER) {
		session_error(s, w, "The server window stays open (/quit to "
		    "leave)");
		return;
	}
	if (w->kind == WINDOW_ROOM && w->joined && s->state == SESSION_ONLINE)
		session_send(s, "PART", 2, (const char *const[]){ w->name,
		    cmd->nargs > 0 ? cmd->args[0] : "" });
	session_close(s, s->current);
}

/* /query NICK [TEXT] */
void
input_query(struct session *s, const struct command *cmd)
{
	const char	*nick = cmd->args[0];
	struct window	*w;

	if (irc_is_channel(nick)) {
		session_error(s, session_current(s), "/query is for nicks; "
		    "use /join %s", nick);
		return;
	}
	if ((w = session_open(s, WINDOW_QUERY, nick)) == NULL) {
		session_error(s, session_current(s), "Too many windows");
		return;
	}
	session_switch(s, session_index(s, w));
	if (cmd->nargs > 1 && input_online(s))
		input_say(s, "PRIVMSG", w->name, cmd->args[1], false);
}

/* /msg and /notice: sent, and shown where they were typed too unless
 * that is the target's window. */
static void
input_msg_or_notice(struct session *s, const struct command *cmd,
    const char *command, const char *shown)
{
	input_say(s, command, cmd->args[0], cmd->args[1], false);
	if (session_current(s) != session_find(s, cmd->args[0], NULL))
		session_info(s, session_current(s), "%s(%s) %s", shown,
		    cmd->args[0], cmd->args[1]);
}

/* /msg NICK|#ROOM TEXT */
void
input_msg(struct session *s, const struct command *cmd)
{
	input_msg_or_notice(s, cmd, "PRIVMSG", "msg");
}

/* /notice NICK|#ROOM TEXT */
void
input_notice(struct session *s, const struct command *cmd)
{
	input_msg_or_notice(s, cmd, "NOTICE", "notice");
}

/* /me ACTION */
void
input_me(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);

	if (w->kind == WINDOW_SERVER) {
		session_error(s, w, "/me needs a room or private window");
		return;
	}
	input_say(s, "PRIVMSG", w->name, cmd->args[0], true);
}

/* /topic [#ROOM] [TOPIC] */
void
input_topic(struct session *s, const struct command *cmd)
{
	if (cmd->nargs > 0)
		session_send(s, "TOPIC", 2, (const char *const[]){ cmd->room,
		    cmd->args[0] });
	else
		session_send(s, "TOPIC", 1, (const char *const[]){ cmd->room });
}

/* /names [#ROOM]: the answer is shown, not only kept. */
void
input_names(struct session *s, const struct command *cmd)
{
	struct window	*rw;

	if ((rw = session_find(s, cmd->room, NULL)) != NULL &&
	    rw->kind == WINDOW_ROOM && rw->joined)
		rw->names_show = true;
	session_send(s, "NAMES", 1, (const char *const[]){ cmd->room });
}

/* /who [MASK] */
void
input_who(struct session *s, const struct command *cmd)
{
	session_send(s, "WHO", 1, (const char *const[]){ cmd->room });
}

/* /whois NICK */
void
input_whois(struct session *s, const struct command *cmd)
{
	session_send(s, "WHOIS", 1, (const char *const[]){ cmd->args[0] });
}

/* /away [MESSAGE]: kept, to be set again after a reconnect. */
void
input_away(struct session *s, const struct command *cmd)
{
	session_set_away(s, cmd->nargs > 0 ? cmd->args[0] : NULL);
	session_send(s, "AWAY", (size_t)cmd->nargs, cmd->args);
}

/* /list [#ROOM[,#ROOM...]] */
void
input_list(struct session *s, const struct command *cmd)
{
	session_send(s, "LIST", (size_t)cmd->nargs, cmd->args);
}

/* /tls: what protects the connection. */
void
input_tls(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);

	(void)cmd;
	if (s->tls_desc[0] == '\0') {
		session_info(s, w, "TLS: none; this connection is not "
		    "encrypted (natter -t connects with TLS)");
		return;
	}
	session_info(s, w, "TLS: %s", s->tls_desc);
	session_info(s, w, "TLS: the server's key is %s", s->tls_fp);
	session_info(s, w, "TLS: trusted because %s", s->tls_trust);
	if (s->tls_own_fp[0] != '\0')
		session_info(s, w, "TLS: your certificate's key is %s",
		    s->tls_own_fp);
}

/* /clear */
void
input_clear(struct session *s, const struct command *cmd)
{
	(void)cmd;
	scrollback_clear(&session_current(s)->sb);
	s->dirty_pane = true;
}

/* /window N */
void
input_window(struct session *s, const struct command *cmd)
{
	if (!session_switch(s, (size_t)cmd->number - 1))
		session_error(s, session_current(s), "No window %d (there "
		    "are %zu)", cmd->number, s->nwindows);
}

/* /quit [REASON] */
void
input_quit(struct session *s, const struct command *cmd)
{
	const char	*text = cmd->nargs > 0 ? cmd->args[0] :
			    INPUT_QUIT_REASON;

	if (s->state != SESSION_OFFLINE)
		session_send(s, "QUIT", 1, (const char *const[]){ text });
	s->quit = true;
}

/* /nick NICK: offline, the nick to connect with next. */
void
input_nick(struct session *s, const struct command *cmd)
{
	if (s->state == SESSION_OFFLINE) {
		strlcpy(s->nick, cmd->args[0], sizeof s->nick);
		session_info(s, session_current(s), "You will be %s when "
		    "connected", s->nick);
		s->dirty_status = true;
		return;
	}
	session_send(s, "NICK", 1, (const char *const[]){ cmd->args[0] });
}

/* /quote RAW LINE: also before registration, to talk to the server. */
void
input_quote(struct session *s, const struct command *cmd)
{
	if (!session_send_raw(s, cmd->args[0]))
		session_error(s, session_current(s), "Not sent: a raw line "
		    "must fit 510 bytes");
}

/* Run one entered line. */
void
input_submit(struct session *s, const char *line)
{
	struct command	 cmd;
	char		*copy = xstrdup(line);

	switch (command_parse(&cmd, copy)) {
	case COMMAND_OK:
		if (cmd.def == NULL)
			input_message_to(s, session_current(s), cmd.text);
		else if (input_can_run(s, &cmd))
			cmd.def->run(s, &cmd);
		break;
	case COMMAND_EMPTY:
		break;
	default:
		session_error(s, session_current(s), "%s", cmd.error);
		break;
	}
	free(copy);
	s->dirty_status = true;
}

/* Send a pasted line as a message. */
bool
input_paste(struct session *s, struct window *w, const char *line)
{
	if (line[strspn(line, " ")] == '\0')
		return true;
	return input_message_to(s, w, line);
}
