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
#include "layout.h"
#include "options.h"
#include "render.h"
#include "scrollback.h"
#include "search.h"
#include "session.h"
#include "urls.h"
#include "xmalloc.h"

/* /log [on|off]: where the window's log is, or turn logging on or off. */
void
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
void
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
void
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

/* /lastlog [-n N] TEXT: the window's lines with TEXT, highlighted. */
void
input_lastlog(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);
	const char	*q = cmd->args[0];
	char		*end, text[4096], marked[8192], **lines;
	unsigned long	 n = SEARCH_LASTLOG_MAX;
	size_t		*found, count, i;
	struct render_text rt;

	if (strncmp(q, "-n ", 3) == 0) {
		n = strtoul(q + 3, &end, 10);
		if (end == q + 3 || *end != ' ' || n == 0) {
			session_error(s, w, "Usage: %s", cmd->def->usage);
			return;
		}
		q = end + strspn(end, " ");
		if (n > SEARCH_LASTLOG_MAX)
			n = SEARCH_LASTLOG_MAX;
	}
	if (q[0] == '\0') {
		session_error(s, w, "Usage: %s", cmd->def->usage);
		return;
	}
	found = xreallocarray(NULL, n, sizeof *found);
	count = search_last(&w->sb, q, n, found);
	/* Every line laid out before any is added: adding to a full
	 * scrollback drops its oldest line and moves the indices. */
	lines = xreallocarray(NULL, count > 0 ? count : 1, sizeof *lines);
	render_init(&rt);
	for (i = 0; i < count; i++) {
		layout_line(&s->layout, scrollback_line(&w->sb, found[i]), &rt);
		search_mark(rt.text, q, marked, sizeof marked);
		lines[i] = xstrdup(marked);
	}
	render_free(&rt);
	snprintf(text, sizeof text, "Lastlog: %zu line%s with \"%s\"%s",
	    count, count == 1 ? "" : "s", q, count > 0 ? ":" : "");
	session_line(s, w, 0, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH, NULL,
	    text);
	for (i = 0; i < count; i++) {
		session_line(s, w, 0, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH,
		    NULL, lines[i]);
		free(lines[i]);
	}
	free(lines);
	free(found);
}

/* /urls: the window's recent links, numbered for /open and /copy. */
void
input_urls(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);
	char		*found[URLS_MAX], line[URLS_LEN_MAX + 16];
	size_t		 n, i;

	(void)cmd;
	session_urls_clear(w);
	n = urls_recent(&w->sb, found, URLS_MAX);
	if (n == 0) {
		session_info(s, w, "No links in this window");
		return;
	}
	w->urls = xreallocarray(NULL, n, sizeof *w->urls);
	w->nurls = n;
	session_line(s, w, 0, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH, NULL,
	    "Links, newest first (/open N, /copy N):");
	for (i = 0; i < n; i++) {
		w->urls[i] = found[i];
		snprintf(line, sizeof line, "%2zu. %s", i + 1, found[i]);
		session_line(s, w, 0, SCROLLBACK_SERVER, SCROLLBACK_NOSEARCH,
		    NULL, line);
	}
}

/* Link n (1-based; 0 the newest) of the window, as /urls numbered it
 * (numbered now if /urls was not run); NULL with an error shown. */
static const char *
input_url(struct session *s, const struct command *cmd)
{
	struct window	*w = session_current(s);
	char		*found[URLS_MAX], *end;
	unsigned long	 n = 1;
	size_t		 i, count;

	if (cmd->nargs > 0) {
		n = strtoul(cmd->args[0], &end, 10);
		if (end == cmd->args[0] || *end != '\0' || n == 0) {
			session_error(s, w, "Usage: %s", cmd->def->usage);
			return NULL;
		}
	}
	if (w->nurls == 0) {
		count = urls_recent(&w->sb, found, URLS_MAX);
		if (count > 0) {
			w->urls = xreallocarray(NULL, count, sizeof *w->urls);
			for (i = 0; i < count; i++)
				w->urls[i] = found[i];
			w->nurls = count;
		}
	}
	if (n > w->nurls) {
		session_error(s, w, "No link %lu here (/urls lists %zu)", n,
		    w->nurls);
		return NULL;
	}
	return w->urls[n - 1];
}

/* /open [N] */
void
input_open(struct session *s, const struct command *cmd)
{
	const char	*url = input_url(s, cmd), *browser = getenv("BROWSER");
	char		 err[256];

	if (url == NULL)
		return;
	if (!urls_open(url, browser, err, sizeof err)) {
		session_error(s, session_current(s), "/open: %s", err);
		return;
	}
	session_info(s, session_current(s), "Opening %s with %s", url,
	    browser != NULL && browser[0] != '\0' ? browser : "xdg-open");
}

/* /copy [N]: OSC 52, written by the loop after the next frame. */
void
input_copy(struct session *s, const struct command *cmd)
{
	const char	*url = input_url(s, cmd);

	if (url == NULL)
		return;
	free(s->term_out);
	s->term_out = urls_osc52(url);
	session_info(s, session_current(s), "Copied %s to the clipboard "
	    "(if the terminal allows OSC 52)", url);
}

/* /ctcp NICK REQUEST [ARGS] and /ping NICK (a PING carrying our clock in
 * ms, which handle.c turns into the round trip when it comes back). */
static void
input_ctcp_send(struct session *s, const char *nick,
    const char *request)
{
	struct window	*w = session_current(s);
	char		 text[512], word[64];
	size_t		 n = strcspn(request, " "), i;

	if (s->state != SESSION_ONLINE) {
		session_error(s, w, "Not connected");
		return;
	}
	if (n == 0 || n >= sizeof word) {
		session_error(s, w, "Usage: /ctcp NICK VERSION|PING|TIME");
		return;
	}
	memcpy(word, request, n);
	word[n] = '\0';
	for (i = 0; i < n; i++)
		if (word[i] >= 'a' && word[i] <= 'z')
			word[i] = (char)(word[i] - 'a' + 'A');
	if (strcmp(word, "PING") == 0 && request[n] == '\0')
		snprintf(text, sizeof text, "\001PING %lld\001",
		    (long long)s->now);
	else
		snprintf(text, sizeof text, "\001%s%s\001", word,
		    request + n);
	if (!session_send(s, "PRIVMSG", 2, (const char *const[]){ nick,
	    text })) {
		session_error(s, w, "Not sent: the request is too long");
		return;
	}
	session_info(s, w, "CTCP %s sent to %s", word, nick);
}

/* /ctcp NICK REQUEST [ARGS] */
void
input_ctcp(struct session *s, const struct command *cmd)
{
	input_ctcp_send(s, cmd->args[0], cmd->args[1]);
}

/* /ping NICK */
void
input_ping(struct session *s, const struct command *cmd)
{
	input_ctcp_send(s, cmd->args[0], "PING");
}

/* /nicklist [on|off]: without a word, the other way round. */
void
input_nicklist(struct session *s, const struct command *cmd)
{
	if (cmd->nargs > 0 && strcasecmp(cmd->args[0], "on") != 0 &&
	    strcasecmp(cmd->args[0], "off") != 0) {
		session_error(s, session_current(s), "Usage: %s",
		    cmd->def->usage);
		return;
	}
	s->nicklist = cmd->nargs > 0 ?
	    strcasecmp(cmd->args[0], "on") == 0 : !s->nicklist;
	s->relayout = true;
}
