/* The commands of daily use; see input_daily.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatlog.h"
#include "command.h"
#include "ignore.h"
#include "input_daily.h"
#include "options.h"
#include "session.h"

/* /log [on|off]: where the window's log is, or turn logging on or off. */
static void
input_log(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);
	char		*path;

	if (s->log == NULL || s->log->dir == NULL) {
		session_error(s, w, "No logs: natter has no data folder "
		    "($HOME and $XDG_DATA_HOME are not set)");
		return;
	}
	if (cmd->nargs > 0) {
		if (strcasecmp(cmd->args[0], "on") == 0)
			chatlog_pause(s->log, false);
		else if (strcasecmp(cmd->args[0], "off") == 0)
			chatlog_pause(s->log, true);
		else {
			session_error(s, w, "Usage: %s", cmd->def->usage);
			return;
		}
	}
	path = chatlog_path(s->log, w->name);
	if (chatlog_on(s->log))
		session_info(s, w, "Logging to %s (every window under %s)",
		    path, s->log->dir);
	else
		session_info(s, w, "Not logging (/log on logs to %s)", path);
	free(path);
}

/* Keep the ignore list in the config file, saying where or why not. */
static void
input_ignore_save(struct session *s, struct window *w)
{
	char	err[512];

	if (s->opt->config_path == NULL) {
		session_error(s, w, "Not kept: no config file ($HOME is not "
		    "set)");
		return;
	}
	if (!ignore_save(&s->ignores, s->opt->config_path, err, sizeof err))
		session_error(s, w, "Not kept in the config file: %s", err);
}

/* /ignore [MASK [KINDS]]: add, or list. */
static void
input_ignore(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);
	char		 spec[512], err[256];
	size_t		 i;

	if (cmd->nargs == 0) {
		if (s->ignores.count == 0) {
			session_info(s, w, "Nobody is ignored (/ignore NICK "
			    "[KINDS])");
			return;
		}
		session_info(s, w, "Ignored (/unignore N or MASK):");
		for (i = 0; i < s->ignores.count; i++) {
			ignore_describe(&s->ignores.entries[i], spec,
			    sizeof spec);
			session_info(s, w, "  %zu. %s", i + 1, spec);
		}
		return;
	}
	snprintf(spec, sizeof spec, "%s%s%s", cmd->args[0],
	    cmd->nargs > 1 ? " " : "", cmd->nargs > 1 ? cmd->args[1] : "");
	if (!ignore_add(&s->ignores, spec, err, sizeof err)) {
		session_error(s, w, "/ignore: %s", err);
		return;
	}
	for (i = 0; i < s->ignores.count; i++) {
		ignore_describe(&s->ignores.entries[i], spec, sizeof spec);
		if (strncasecmp(spec, cmd->args[0], strlen(cmd->args[0])) == 0)
			break;
	}
	session_info(s, w, "Ignoring %s", i < s->ignores.count ? spec :
	    cmd->args[0]);
	input_ignore_save(s, w);
}

/* /unignore MASK|N */
static void
input_unignore(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);

	if (!ignore_remove(&s->ignores, cmd->args[0])) {
		session_error(s, w, "/unignore: %s is not ignored (/ignore "
		    "lists who is)", cmd->args[0]);
		return;
	}
	session_info(s, w, "No longer ignoring %s", cmd->args[0]);
	input_ignore_save(s, w);
}

/* A command of daily use? */
bool
input_daily(struct session *s, const struct command *cmd)
{
	switch (cmd->id) {
	case COMMAND_LOG:
		input_log(s, cmd);
		return true;
	case COMMAND_IGNORE:
		input_ignore(s, cmd);
		return true;
	case COMMAND_UNIGNORE:
		input_unignore(s, cmd);
		return true;
	default:
		return false;
	}
}
