/* The commands of daily use; see input_daily.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chatlog.h"
#include "command.h"
#include "input_daily.h"
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

/* A command of daily use? */
bool
input_daily(struct session *s, const struct command *cmd)
{
	switch (cmd->id) {
	case COMMAND_LOG:
		input_log(s, cmd);
		return true;
	default:
		return false;
	}
}
