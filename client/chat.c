/*
 * The loop; see chat.h.  Everything happens on this one thread: signal
 * handlers only write the signal's number to a pipe, which the loop reads
 * along with the terminal and the socket.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "chat.h"
#include "chatlog.h"
#include "command.h"
#include "conn.h"
#include "crash.h"
#include "data_dir.h"
#include "dcc.h"
#include "editor.h"
#include "handle.h"
#include "input.h"
#include "isearch.h"
#include "keymap.h"
#include "known_servers.h"
#include "locale_utf8.h"
#include "options.h"
#include "paste.h"
#include "scrollback.h"
#include "session.h"
#include "tls.h"
#include "trust.h"
#include "ui.h"
#include "utf8.h"
#include "write_all.h"

/* At most one screen update per this many ms: bursts are coalesced. */
#define CHAT_FRAME_MS		16
/* Seconds before reconnecting: doubled after each failure, up to max. */
#define CHAT_BACKOFF_MIN	1
#define CHAT_BACKOFF_MAX	60
/* A connection must be registered within this many ms. */
#define CHAT_REGISTER_MS	30000
/* Silent this long: PING the server; this long: give it up. */
#define CHAT_IDLE_PING_MS	90000
#define CHAT_IDLE_LOST_MS	150000
/* A second C-c within this many ms quits. */
#define CHAT_SIGINT_MS		2000
/* How long /quit waits for the QUIT to be sent. */
#define CHAT_QUIT_MS		1000
/* A paste keeps at most this many bytes (paste.h caps its lines). */
#define CHAT_PASTE_MAX		(256 * 1024)
/* Socket reads per loop round at most, so a flood cannot keep the
 * keyboard waiting. */
#define CHAT_READS_PER_ROUND	16
/* Logs are written out this often (ms). */
#define CHAT_LOG_FLUSH_MS	1000
/* Rows one turn of the mouse wheel scrolls. */
#define CHAT_WHEEL_ROWS		3
/* Nicks offered to tab completion at most. */
#define CHAT_COMPLETIONS	512

struct chat {
	const struct options	*opt;
	struct session		 s;
	struct conn		 conn;
	struct ui		 ui;
	int64_t			 now;		/* ms, monotonic */
	int64_t			 last_update;
	int			 backoff;	/* seconds */
	int64_t			 retry_at;	/* 0: none */
	int64_t			 connect_at;
	int64_t			 last_recv;
	bool			 pinged;
	int64_t			 sigint_at;
	bool			 pasting;
	struct buffer		 paste;
	struct paste		 pz;		/* several lines: asked, paced */
	struct isearch		 is;		/* Ctrl-R, Ctrl-S */
	bool			 quitting;
	int64_t			 quit_deadline;
	bool			 done;
	struct tls_creds	*creds;		/* NULL: plain text */
	char			*known_path;	/* known_servers, NULL: no home */
	struct chatlog		 log;
	int64_t			 log_flush_at;
};

static int	chat_pipe[2] = { -1, -1 };

/* The signal handler: the loop does the work. */
static void
chat_signal(int sig)
{
	unsigned char	b = (unsigned char)sig;
	int		saved = errno;
	ssize_t		n;

	n = write(chat_pipe[1], &b, 1);
	(void)n;
	errno = saved;
}

/* Catch sig with chat_signal. */
static void
chat_catch(int sig)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = chat_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* Now, in ms. */
static int64_t
chat_clock(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every area needs drawing. */
static void
chat_dirty_all(struct chat *c)
{
	c->s.dirty_pane = c->s.dirty_status = c->s.dirty_input = true;
}

/* The connection is gone: say so and schedule the next attempt. */
static void
chat_lost(struct chat *c, const char *why)
{
	char	reason[256];

	strlcpy(reason, why[0] != '\0' ? why : "connection lost",
	    sizeof reason);
	conn_close(&c->conn, NULL);
	if (c->s.quit) {
		c->done = true;
		return;
	}
	if (c->s.stop) {
		/* Retrying cannot help: the user decides what next. */
		strlcpy(reason, c->s.status_note, sizeof reason);
		session_disconnected(&c->s, reason);
		c->retry_at = 0;
		c->s.retry_in = -1;
		session_info(&c->s, c->s.windows[0], "Not reconnecting; "
		    "/quit to leave");
		return;
	}
	session_disconnected(&c->s, reason);
	c->retry_at = c->now + (int64_t)c->backoff * 1000;
	c->s.retry_in = c->backoff;
	session_info(&c->s, c->s.windows[0], "Reconnecting in %ds",
	    c->backoff);
	c->backoff = c->backoff * 2 > CHAT_BACKOFF_MAX ? CHAT_BACKOFF_MAX :
	    c->backoff * 2;
}

/* Start connecting. */
static void
chat_connect(struct chat *c)
{
	c->retry_at = 0;
	c->s.retry_in = -1;
	c->s.state = SESSION_CONNECTING;
	c->s.dirty_status = true;
	c->connect_at = c->now;
	session_info(&c->s, c->s.windows[0], "Connecting to %s port %s%s...",
	    c->opt->host, c->opt->port, c->creds != NULL ? " with TLS" : "");
	if (!conn_start(&c->conn, c->opt->host, c->opt->port))
		chat_lost(c, c->conn.error);
}

/* Show a message of several lines, each as info or error. */
static void
chat_lines(struct chat *c, const char *msg, bool error)
{
	char		 copy[2048], *p, *line;

	strlcpy(copy, msg, sizeof copy);
	for (p = copy; (line = strsep(&p, "\n")) != NULL;) {
		if (error)
			session_error(&c->s, c->s.windows[0], "%s", line);
		else
			session_info(&c->s, c->s.windows[0], "%s", line);
	}
}

/* The TLS handshake is done: trust the server, or give it up (false,
 * with s.stop set). */
static bool
chat_trust(struct chat *c)
{
	struct tls			*t = c->conn.tls;
	struct trust_facts		 f;
	struct known_servers_entry	 e;
	struct sockaddr_storage		 ss;
	socklen_t			 sl = sizeof ss;
	char				 fp[TLS_FP_SIZE], why[256];
	char				 key[KNOWN_SERVERS_KEY_MAX], msg[2048];
	char				 err[512], *text = NULL;
	size_t				 len = 0, line = 0;
	enum trust_verdict		 v;

	memset(&f, 0, sizeof f);
	if (!tls_fingerprint(t, fp, sizeof fp)) {
		session_stop(&c->s, "TLS: the server sent no certificate; "
		    "not reconnecting");
		return false;
	}
	known_servers_key(c->opt->host, c->opt->port, key, sizeof key);
	why[0] = '\0';
	f.key = key;
	f.fp = fp;
	f.ca_ok = tls_verify(t, c->opt->host, why, sizeof why);
	f.ca_why = why;
	f.pinned = c->opt->tls_fingerprint;
	f.discovered = c->opt->discovered_fp;
	f.local = getpeername(c->conn.fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    trust_addr_local((struct sockaddr *)&ss);
	f.path = c->known_path != NULL ? c->known_path :
	    "known_servers (no $HOME: not kept)";
	f.known = KNOWN_SERVERS_ABSENT;
	if (!f.ca_ok && f.pinned == NULL && c->known_path != NULL) {
		if (!known_servers_load(c->known_path, &text, &len, err,
		    sizeof err)) {
			session_stop(&c->s, "TLS: cannot read the known "
			    "servers: %s; not reconnecting", err);
			return false;
		}
		f.known = known_servers_find(text, len, key, &e, &line);
		f.known_fp = e.fp;
		f.known_line = line;
	}
	v = trust_decide(&f, msg, sizeof msg);
	free(text);
	switch (v) {
	case TRUST_REFUSE:
		chat_lines(c, msg, true);
		session_stop(&c->s, "TLS: the server's key is refused; not "
		    "reconnecting");
		return false;
	case TRUST_FIRST:
	case TRUST_FIRST_ANNOUNCED:
		chat_lines(c, msg, false);
		if (c->known_path != NULL && !known_servers_add(c->known_path,
		    key, fp, err, sizeof err))
			session_error(&c->s, c->s.windows[0], "TLS: could not "
			    "remember the key: %s", err);
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "%s on first "
		    "use", v == TRUST_FIRST ? "it was accepted" :
		    "its discovery answer announced it");
		break;
	case TRUST_CA:
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "a CA "
		    "vouches for it as %s", c->opt->host);
		break;
	case TRUST_PINNED:
		strlcpy(c->s.tls_trust, "it is the one pinned with "
		    "--tls-fingerprint", sizeof c->s.tls_trust);
		break;
	case TRUST_KNOWN:
		snprintf(c->s.tls_trust, sizeof c->s.tls_trust, "it is the "
		    "one remembered in known_servers");
		break;
	}
	strlcpy(c->s.tls_fp, fp, sizeof c->s.tls_fp);
	if (!tls_own_fingerprint(t, c->s.tls_own_fp, sizeof c->s.tls_own_fp))
		c->s.tls_own_fp[0] = '\0';
	tls_describe(t, c->s.tls_desc, sizeof c->s.tls_desc);
	return true;
}

/* The socket is ready. */
static void
chat_conn_io(struct chat *c, short revents)
{
	enum conn_io		 r;
	enum session_state	 before = c->s.state;
	char			*line;
	size_t			 len;

	int			 reads = 0;

	for (;;) {
		r = conn_io(&c->conn, revents);
		if (r == CONN_IO_OPENED && c->conn.tls != NULL &&
		    !chat_trust(c)) {
			r = CONN_IO_LOST;
			break;
		}
		if (r == CONN_IO_OPENED) {
			c->last_recv = c->now;
			c->pinged = false;
			session_connected(&c->s);
			session_info(&c->s, c->s.windows[0], "Connected; "
			    "logging in as %s", c->s.nick);
		}
		while (!c->s.stop && conn_next_line(&c->conn, &line, &len)) {
			c->last_recv = c->now;
			c->pinged = false;
			handle_line(&c->s, line);
		}
		if (c->s.stop) {
			r = CONN_IO_LOST;
			break;
		}
		/* A few reads in a row, then the terminal gets its turn. */
		if (r != CONN_IO_OK || !c->conn.more ||
		    ++reads == CHAT_READS_PER_ROUND)
			break;
		revents = POLLIN;
	}
	if (c->s.state == SESSION_ONLINE && before != SESSION_ONLINE)
		c->backoff = CHAT_BACKOFF_MIN;
	if (r == CONN_IO_LOST)
		chat_lost(c, c->conn.error);

}

/* Ask to quit: QUIT is sent, then the loop ends. */
static void
chat_quit(struct chat *c, const char *reason)
{
	if (c->s.quit)
		return;
	if (c->conn.state == CONN_OPEN)
		session_send(&c->s, "QUIT", 1, (const char *const[]){ reason });
	c->s.quit = true;
}

/* Stop (SIGTSTP) and come back. */
static void
chat_suspend(struct chat *c)
{
	ui_suspend(&c->ui);
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* Continued. */
	chat_catch(SIGTSTP);
	ui_resume(&c->ui);
	session_resize(&c->s, ui_pane_width(&c->ui), ui_pane_height(&c->ui));
	chat_dirty_all(c);
}

/* Signals, as the handler wrote them. */
static void
chat_signals(struct chat *c)
{
	unsigned char	buf[64];
	ssize_t		n, i;

	while ((n = read(chat_pipe[0], buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			switch (buf[i]) {
			case SIGWINCH:
				ui_resize(&c->ui);
				session_resize(&c->s, ui_pane_width(&c->ui),
				    ui_pane_height(&c->ui));
				chat_dirty_all(c);
				break;
			case SIGTERM:
			case SIGHUP:
				chat_quit(c, "natter");
				break;
			case SIGINT:
				if (c->sigint_at != 0 &&
				    c->now - c->sigint_at <= CHAT_SIGINT_MS) {
					chat_quit(c, "natter");
					break;
				}
				c->sigint_at = c->now;
				session_info(&c->s, session_current(&c->s),
				    "Press Ctrl-C again to quit (or type "
				    "/quit)");
				break;
			case SIGTSTP:
				chat_suspend(c);
				break;
			case SIGCONT:
				ui_repaint(&c->ui);
				chat_dirty_all(c);
				break;
			default:
				break;
			}
		}
	}
}

/* The paste's progress in the status line. */
static void
chat_paste_note(struct chat *c)
{
	if (c->pz.state == PASTE_SENDING)
		snprintf(c->s.paste_note, sizeof c->s.paste_note,
		    "paste %zu/%zu to %s (Esc stops)", c->pz.sent, c->pz.count,
		    c->pz.target);
	else
		c->s.paste_note[0] = '\0';
	c->s.dirty_status = true;
}

/* Paste ends: one line goes on the input line; several are asked for,
 * then sent paced (chat_paste_send). */
static void
chat_paste_end(struct chat *c)
{
	struct window	*w = session_current(&c->s);
	char		*text;

	c->pasting = false;
	buffer_append(&c->paste, "", 1);
	text = c->paste.data;
	if (strchr(text, '\n') != NULL && c->pz.state != PASTE_IDLE) {
		session_error(&c->s, w, "Not sent: the last paste is still "
		    "going out (Esc stops it); paste again after it");
	} else if (strchr(text, '\n') != NULL && w->kind == WINDOW_SERVER) {
		session_error(&c->s, w, "Not sent: this is the server window; "
		    "switch to a room or private window and paste again");
	} else if (paste_offer(&c->pz, text, c->paste.len - 1, w->name)) {
		if (c->pz.dropped > 0)
			snprintf(c->s.prompt, sizeof c->s.prompt, "Send the "
			    "first %zu of %zu lines to %s? Enter/Esc",
			    c->pz.count, c->pz.count + c->pz.dropped, w->name);
		else
			snprintf(c->s.prompt, sizeof c->s.prompt, "Send %zu "
			    "lines to %s? Enter/Esc", c->pz.count, w->name);
	} else {
		/* One line (maybe with newlines around it): typed in. */
		text += strspn(text, "\r\n");
		text[strcspn(text, "\r\n")] = '\0';
		editor_insert(&w->ed, text, strlen(text));
	}
	c->s.dirty_input = true;
	buffer_reset(&c->paste, 4096);
}

/* The paste's answer: Enter sends, Esc keeps it back. */
static void
chat_paste_answer(struct chat *c, bool yes)
{
	size_t	n = c->pz.count;
	struct window *w = session_find(&c->s, c->pz.target, NULL);

	c->s.prompt[0] = '\0';
	c->s.dirty_input = true;
	if (yes) {
		paste_confirm(&c->pz, c->now);
		chat_paste_note(c);
		return;
	}
	paste_cancel(&c->pz);
	session_info(&c->s, w != NULL ? w : session_current(&c->s),
	    "Paste of %zu lines not sent", n);
}

/* Stop a paste, saying how far it went and why. */
static void
chat_paste_stop(struct chat *c, const char *why)
{
	struct window	*w = session_find(&c->s, c->pz.target, NULL);
	size_t		 sent = c->pz.sent, left;

	left = paste_cancel(&c->pz);
	session_error(&c->s, w != NULL ? w : session_current(&c->s),
	    "Paste stopped (%s): %zu lines sent, %zu not sent", why, sent,
	    left);
	chat_paste_note(c);
}

/* Send the paste's lines that are due. */
static void
chat_paste_send(struct chat *c)
{
	struct window	*w;
	const char	*line;
	size_t		 dropped;

	if (c->pz.state != PASTE_SENDING)
		return;
	if ((w = session_find(&c->s, c->pz.target, NULL)) == NULL) {
		chat_paste_stop(c, "its window was closed");
		return;
	}
	if (c->s.state != SESSION_ONLINE) {
		chat_paste_stop(c, "not connected");
		return;
	}
	while ((line = paste_next(&c->pz, c->now)) != NULL) {
		if (!input_paste(&c->s, w, line)) {
			chat_paste_stop(c, "could not send");
			return;
		}
		chat_paste_note(c);
	}
	if (c->pz.state == PASTE_SENDING && c->pz.sent == c->pz.count) {
		dropped = c->pz.dropped;
		paste_cancel(&c->pz);
		if (dropped > 0)
			session_error(&c->s, w, "Paste: %zu lines after the "
			    "first %d were not sent", dropped,
			    PASTE_LINES_MAX);
		chat_paste_note(c);
	}
}

/* A key during a paste: collected. */
static void
chat_paste_key(struct chat *c, const struct keymap_key *k)
{
	char	enc[UTF8_LEN_MAX];
	size_t	n;

	if (c->paste.len >= CHAT_PASTE_MAX)
		return;
	if (k->code == KEYMAP_ENTER ||
	    (k->code == KEYMAP_CHAR && (k->ch == '\r' || k->ch == '\n'))) {
		buffer_append(&c->paste, "\n", 1);
		return;
	}
	if (k->code != KEYMAP_CHAR)
		return;
	if (k->ch == '\t') {
		buffer_append(&c->paste, " ", 1);
		return;
	}
	if (k->ch < 0x20 || k->ch == 0x7f)
		return;
	if ((n = utf8_encode(k->ch, enc)) > 0)
		buffer_append(&c->paste, enc, n);
}

/* Tab completion on the current window's line. */
static bool
chat_complete(struct chat *c, bool forward)
{
	struct window	*w = session_current(&c->s);
	const char	*nicks[CHAT_COMPLETIONS], *cmds[64];
	size_t		 n, nc;

	n = session_completions(&c->s, w, nicks, CHAT_COMPLETIONS);
	nc = command_names(cmds, sizeof cmds / sizeof cmds[0]);
	return editor_complete(&w->ed, nicks, n, cmds, nc, forward);
}

/* The next (step > 0) or previous window, wrapping around. */
static void
chat_cycle(struct chat *c, int step)
{
	size_t	n = c->s.nwindows;

	session_switch(&c->s, step > 0 ? (c->s.current + 1) % n :
	    (c->s.current + n - 1) % n);
}

static void	chat_key(struct chat *, const struct keymap_key *);

/* A key while searching (Ctrl-R, Ctrl-S): the query, the next match,
 * Enter to stay there, Esc to go back; any other key ends the search and
 * does what it does. */
static void
chat_search_key(struct chat *c, enum keymap_action a,
    const struct keymap_key *k)
{
	struct scrollback	*sb = &session_current(&c->s)->sb;
	char			 enc[UTF8_LEN_MAX];
	size_t			 n;

	switch (a) {
	case KEYMAP_INSERT:
		if ((n = utf8_encode(k->ch, enc)) > 0)
			isearch_type(&c->is, sb, enc, n);
		break;
	case KEYMAP_DELETE_BACK:
		isearch_backspace(&c->is, sb);
		break;
	case KEYMAP_SEARCH_BACK:
	case KEYMAP_SEARCH_FORWARD:
		isearch_again(&c->is, sb, a == KEYMAP_SEARCH_BACK ? -1 : 1);
		break;
	default:
		isearch_end(&c->is, sb, a != KEYMAP_CANCEL);
		c->s.prompt[0] = '\0';
		chat_dirty_all(c);
		if (a != KEYMAP_SUBMIT && a != KEYMAP_CANCEL)
			chat_key(c, k);
		return;
	}
	isearch_prompt(&c->is, c->s.prompt, sizeof c->s.prompt);
	chat_dirty_all(c);
}

/* One key. */
static void
chat_key(struct chat *c, const struct keymap_key *k)
{
	struct session		*s = &c->s;
	struct window		*w = session_current(s);
	struct editor		*e = &w->ed;
	struct scrollback	*sb = &w->sb;
	enum keymap_action	 a;
	char			 enc[UTF8_LEN_MAX], *line;
	size_t			 n;
	ssize_t			 active;
	int			 arg;

	a = keymap_lookup(k, &arg);
	if (c->pasting) {
		if (a == KEYMAP_PASTE_END)
			chat_paste_end(c);
		else
			chat_paste_key(c, k);
		return;
	}
	if (c->pz.state == PASTE_ASKING) {
		/* Only the answer counts while asking. */
		if (a == KEYMAP_SUBMIT || a == KEYMAP_CANCEL)
			chat_paste_answer(c, a == KEYMAP_SUBMIT);
		return;
	}
	if (a == KEYMAP_CANCEL && c->pz.state == PASTE_SENDING) {
		chat_paste_stop(c, "Esc");
		return;
	}
	if (c->is.active) {
		chat_search_key(c, a, k);
		return;
	}
	if (a == KEYMAP_SEARCH_BACK || a == KEYMAP_SEARCH_FORWARD) {
		isearch_start(&c->is, sb, a == KEYMAP_SEARCH_BACK ? -1 : 1);
		isearch_prompt(&c->is, s->prompt, sizeof s->prompt);
		chat_dirty_all(c);
		return;
	}
	switch (a) {
	case KEYMAP_INSERT:
		if ((n = utf8_encode(k->ch, enc)) > 0)
			editor_insert(e, enc, n);
		break;
	case KEYMAP_CURSOR_LEFT:	editor_left(e); break;
	case KEYMAP_CURSOR_RIGHT:	editor_right(e); break;
	case KEYMAP_WORD_LEFT:		editor_word_left(e); break;
	case KEYMAP_WORD_RIGHT:		editor_word_right(e); break;
	case KEYMAP_LINE_HOME:		editor_home(e); break;
	case KEYMAP_LINE_END:		editor_end(e); break;
	case KEYMAP_DELETE_BACK:	editor_backspace(e); break;
	case KEYMAP_DELETE_FORWARD:	editor_delete(e); break;
	case KEYMAP_KILL_WORD_BACK:	editor_kill_word_back(e); break;
	case KEYMAP_KILL_WORD_FORWARD:	editor_kill_word_forward(e); break;
	case KEYMAP_KILL_HOME:		editor_kill_home(e); break;
	case KEYMAP_KILL_END:		editor_kill_end(e); break;
	case KEYMAP_YANK:		editor_yank(e); break;
	case KEYMAP_TRANSPOSE:		editor_transpose(e); break;
	case KEYMAP_HISTORY_UP:		editor_history_up(e); break;
	case KEYMAP_HISTORY_DOWN:	editor_history_down(e); break;
	case KEYMAP_COMPLETE:		chat_complete(c, true); break;
	case KEYMAP_COMPLETE_BACK:	chat_complete(c, false); break;
	case KEYMAP_SUBMIT:
		line = editor_accept(e);
		input_submit(s, line);
		free(line);
		break;
	case KEYMAP_SCROLL_PAGE_UP:	scrollback_page_up(sb); break;
	case KEYMAP_SCROLL_PAGE_DOWN:	scrollback_page_down(sb); break;
	case KEYMAP_SCROLL_UP:		scrollback_scroll_up(sb, 1); break;
	case KEYMAP_SCROLL_DOWN:	scrollback_scroll_down(sb, 1); break;
	case KEYMAP_SCROLL_TOP:		scrollback_scroll_top(sb); break;
	case KEYMAP_SCROLL_BOTTOM:	scrollback_scroll_bottom(sb); break;
	case KEYMAP_WINDOW:
		session_switch(s, (size_t)arg - 1);
		break;
	case KEYMAP_WINDOW_NEXT:	chat_cycle(c, 1); break;
	case KEYMAP_NICKLIST:
		s->nicklist = !s->nicklist;
		s->relayout = true;
		break;
	case KEYMAP_WINDOW_ACTIVE:
		if ((active = session_next_active(s)) >= 0)
			session_switch(s, (size_t)active);
		break;
	case KEYMAP_WHEEL_SCROLL_UP:
		scrollback_scroll_up(sb, CHAT_WHEEL_ROWS);
		break;
	case KEYMAP_WHEEL_SCROLL_DOWN:
		scrollback_scroll_down(sb, CHAT_WHEEL_ROWS);
		break;
	case KEYMAP_MOUSE_CLICK:
		/* A window number in the status line. */
		if (k->y == c->ui.rows - 2 &&
		    (active = session_status_hit(s, k->x)) >= 0)
			session_switch(s, (size_t)active);
		break;
	case KEYMAP_WINDOW_PREV:	chat_cycle(c, -1); break;
	case KEYMAP_REDRAW:
		ui_repaint(&c->ui);
		chat_dirty_all(c);
		break;
	case KEYMAP_PASTE_BEGIN:
		c->pasting = true;
		buffer_reset(&c->paste, 4096);
		break;
	default:
		return;
	}
	switch (a) {
	case KEYMAP_SCROLL_PAGE_UP:
	case KEYMAP_SCROLL_PAGE_DOWN:
	case KEYMAP_SCROLL_UP:
	case KEYMAP_SCROLL_DOWN:
	case KEYMAP_SCROLL_TOP:
	case KEYMAP_SCROLL_BOTTOM:
	case KEYMAP_WHEEL_SCROLL_UP:
	case KEYMAP_WHEEL_SCROLL_DOWN:
		s->dirty_pane = s->dirty_status = true;
		break;
	default:
		s->dirty_input = true;
		break;
	}
}

/* The input line, or the question asked there. */
static void
chat_draw_input(struct chat *c)
{
	if (c->s.prompt[0] != '\0')
		ui_draw_prompt(&c->ui, c->s.prompt);
	else
		ui_draw_input(&c->ui, &session_current(&c->s)->ed);
}

/* Keys waiting on the terminal: typing shows at once, not at the next
 * frame (the pane and status line still wait for theirs). */
static void
chat_keys(struct chat *c)
{
	struct keymap_key	k;

	while (!c->done && ui_read_key(&c->ui, &k))
		chat_key(c, &k);
	if (c->s.dirty_input && !c->done) {
		chat_draw_input(c);
		ui_update(&c->ui);
		c->s.dirty_input = false;
	}
}

/* Timers: reconnect, registration and keepalive limits, countdown, a
 * paste's next lines. */
static void
chat_timers(struct chat *c)
{
	int	left;

	chat_paste_send(c);
	if (c->now >= c->log_flush_at) {
		c->log_flush_at = c->now + CHAT_LOG_FLUSH_MS;
		chatlog_flush(&c->log);
	}
	if (c->log.error_new) {
		c->log.error_new = false;
		session_error(&c->s, c->s.windows[0], "%s", c->log.error);
	}
	if (c->s.state == SESSION_OFFLINE && c->retry_at != 0) {
		if (c->now >= c->retry_at) {
			chat_connect(c);
		} else {
			left = (int)((c->retry_at - c->now + 999) / 1000);
			if (left != c->s.retry_in) {
				c->s.retry_in = left;
				c->s.dirty_status = true;
			}
		}
	}
	if ((c->s.state == SESSION_CONNECTING ||
	    c->s.state == SESSION_REGISTERING) &&
	    c->now - c->connect_at > CHAT_REGISTER_MS)
		chat_lost(c, "timed out connecting");
	if (c->s.state == SESSION_ONLINE) {
		if (c->now - c->last_recv > CHAT_IDLE_LOST_MS)
			chat_lost(c, "ping timeout: the server went silent");
		else if (!c->pinged &&
		    c->now - c->last_recv > CHAT_IDLE_PING_MS) {
			session_send(&c->s, "PING", 1,
			    (const char *const[]){ "natter" });
			c->pinged = true;
		}
	}
}

/* The poll timeout: the nearest timer. */
static int
chat_timeout(const struct chat *c)
{
	int64_t	next = -1, t;

#define CHAT_SOONER(x) do {						\
	t = (x);							\
	if (next == -1 || t < next)					\
		next = t;						\
} while (0)
	if (c->s.dirty_pane || c->s.dirty_status || c->s.dirty_input)
		CHAT_SOONER(c->last_update + CHAT_FRAME_MS);
	if (conn_buffered(&c->conn))
		CHAT_SOONER(c->now);
	if (c->s.state == SESSION_OFFLINE && c->retry_at != 0) {
		CHAT_SOONER(c->retry_at);
		CHAT_SOONER(c->retry_at - (int64_t)(c->s.retry_in - 1) *
		    1000);
	}
	if (c->s.state == SESSION_CONNECTING ||
	    c->s.state == SESSION_REGISTERING)
		CHAT_SOONER(c->connect_at + CHAT_REGISTER_MS + 1);
	if (c->s.state == SESSION_ONLINE)
		CHAT_SOONER(c->last_recv + (c->pinged ? CHAT_IDLE_LOST_MS :
		    CHAT_IDLE_PING_MS) + 1);
	if (c->quitting)
		CHAT_SOONER(c->quit_deadline);
	if (c->s.dcc != NULL && (t = dcc_next(c->s.dcc, c->now)) != -1)
		CHAT_SOONER(t);
	if (chatlog_on(&c->log))
		CHAT_SOONER(c->log_flush_at);
	if (paste_due(&c->pz) != -1)
		CHAT_SOONER(paste_due(&c->pz));
#undef CHAT_SOONER
	if (next == -1)
		return -1;
	if (next <= c->now)
		return 0;
	return next - c->now > 60000 ? 60000 : (int)(next - c->now);
}

/* Draw what changed, at most once a frame. */
static void
chat_draw(struct chat *c)
{
	struct session	*s = &c->s;

	if (s->bell) {
		ui_bell(&c->ui);
		s->bell = false;
	}
	if (s->relayout) {
		/* The nick list came or went: the pane's width changed. */
		s->relayout = false;
		ui_set_nicklist(&c->ui, s->nicklist);
		session_resize(s, ui_pane_width(&c->ui),
		    ui_pane_height(&c->ui));
		chat_dirty_all(c);
	}
	if (!s->dirty_pane && !s->dirty_status && !s->dirty_input)
		return;
	if (c->now - c->last_update < CHAT_FRAME_MS)
		return;
	if (s->dirty_pane)
		ui_draw_pane(&c->ui, s);
	if (s->dirty_status || s->dirty_pane)
		ui_draw_nicklist(&c->ui, s);
	if (s->dirty_status)
		ui_draw_status(&c->ui, s);
	if (s->dirty_input)
		chat_draw_input(c);
	ui_update(&c->ui);
	s->dirty_pane = s->dirty_status = s->dirty_input = false;
	c->last_update = c->now;
}

/* Bytes for the terminal itself (/copy's OSC 52), after the frame. */
static void
chat_term_out(struct chat *c)
{
	if (c->s.term_out == NULL)
		return;
	/* A terminal that takes nothing: the sequence is lost, nothing else. */
	(void)write_all(STDOUT_FILENO, c->s.term_out, strlen(c->s.term_out));
	free(c->s.term_out);
	c->s.term_out = NULL;
}

/* After events: send what was queued; end once /quit's QUIT is out. */
static void
chat_after(struct chat *c)
{
	if (c->conn.state == CONN_OPEN && conn_pending(&c->conn) > 0 &&
	    conn_flush(&c->conn) == CONN_IO_LOST)
		chat_lost(c, c->conn.error);
	if (!c->s.quit)
		return;
	if (!c->quitting) {
		c->quitting = true;
		c->quit_deadline = c->now + CHAT_QUIT_MS;
	}
	if (c->conn.state != CONN_OPEN || conn_pending(&c->conn) == 0 ||
	    c->now >= c->quit_deadline)
		c->done = true;
}

/* The self-pipe and the signals it carries. */
static void
chat_signals_init(void)
{
	if (pipe2(chat_pipe, O_NONBLOCK | O_CLOEXEC) == -1) {
		perror("natter: pipe");
		exit(1);
	}
	signal(SIGPIPE, SIG_IGN);
	chat_catch(SIGWINCH);
	chat_catch(SIGTERM);
	chat_catch(SIGHUP);
	chat_catch(SIGINT);
	chat_catch(SIGTSTP);
	chat_catch(SIGCONT);
}

/* Logs on, in the data folder's logs/HOST. */
static void
chat_log_start(struct chat *c)
{
	char	*base = data_dir_path(getenv("XDG_DATA_HOME"), getenv("HOME"),
	    "logs");

	chatlog_start(&c->log, base, c->opt->host);
	free(base);
}

/* Chat. */
int
chat_run(const struct options *opt)
{
	struct chat	*c;
	struct pollfd	 pfd[3 + DCC_MAX];
	char		 err[512], note[512];
	size_t		 ndcc;
	int		 n;

	c = calloc(1, sizeof *c);
	if (c == NULL) {
		perror("natter");
		return 1;
	}
	c->opt = opt;
	c->backoff = CHAT_BACKOFF_MIN;
	if (opt->tls) {
		c->creds = tls_creds_new(opt->tls_ca, opt->tls_cert,
		    opt->tls_key, err, sizeof err);
		if (c->creds == NULL) {
			fprintf(stderr, "natter: %s\n", err);
			free(c);
			return 1;
		}
		c->known_path = known_servers_path(getenv("XDG_DATA_HOME"),
		    getenv("HOME"));
	}
	buffer_init(&c->paste);
	paste_init(&c->pz, opt->paste_burst, opt->paste_rate);
	chat_signals_init();
	conn_init(&c->conn);
	c->conn.tls_creds = c->creds;
	crash_guard_init();	/* before curses changes the terminal's modes */
	locale_utf8_ensure(note, sizeof note);
	ui_init(&c->ui, opt->color, opt->mouse);
	ui_set_nicklist(&c->ui, opt->nicklist);
	session_init(&c->s, opt, &c->conn);
	c->s.dcc = dcc_new(&c->s, &opt->dcc, getenv("HOME"),
	    getenv("XDG_DOWNLOAD_DIR"));
	chatlog_init(&c->log);
	chat_log_start(c);
	chatlog_pause(&c->log, !opt->log);
	c->s.log = &c->log;
	session_resize(&c->s, ui_pane_width(&c->ui), ui_pane_height(&c->ui));
	c->now = c->s.now = chat_clock();
	session_info(&c->s, c->s.windows[0], "natter %s: type /help for the "
	    "commands, /quit to leave", PACKAGE_VERSION);
	if (note[0] != '\0')
		session_error(&c->s, c->s.windows[0], "%s", note);
	chat_connect(c);

	while (!c->done) {
		c->now = c->s.now = chat_clock();
		chat_draw(c);
		chat_term_out(c);
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = chat_pipe[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = c->conn.fd;
		pfd[2].events = conn_events(&c->conn);
		pfd[0].revents = pfd[1].revents = pfd[2].revents = 0;
		/* File transfers' sockets after the three of the chat. */
		ndcc = dcc_pollfds(c->s.dcc, pfd + 3, DCC_MAX);
		n = poll(pfd, 3 + ndcc, chat_timeout(c));
		if (n == -1 && errno != EINTR) {
			perror("natter: poll");
			break;
		}
		c->now = c->s.now = chat_clock();
		if (pfd[1].revents & POLLIN)
			chat_signals(c);
		if (pfd[0].revents & POLLIN)
			chat_keys(c);
		else if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			chat_quit(c, "natter: terminal closed");
		if (pfd[2].revents != 0 && c->conn.fd != -1)
			chat_conn_io(c, pfd[2].revents);
		else if (conn_buffered(&c->conn))
			chat_conn_io(c, POLLIN);
		dcc_io(c->s.dcc, pfd + 3, ndcc);
		dcc_timers(c->s.dcc, c->now);
		chat_timers(c);
		chat_after(c);
	}

	ui_end(&c->ui);
	dcc_free(c->s.dcc);
	c->s.dcc = NULL;
	chatlog_free(&c->log);
	session_free(&c->s);
	conn_free(&c->conn);
	tls_creds_free(c->creds);
	free(c->known_path);
	buffer_free(&c->paste);
	paste_free(&c->pz);
	free(c);
	return 0;
}
