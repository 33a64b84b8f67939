/*
 * The loop; see chat.h.  Everything happens on this one thread: signal
 * handlers only write the signal's number to a pipe, which the loop reads
 * along with the terminal and the socket.  This file holds the loop, the
 * signals, the timers and the drawing; the connection is chat_conn.c's
 * (and chat_trust.c's), the keys chat_keys.c's, a paste chat_paste.c's,
 * all sharing struct chat through chat_private.h.
 */
#include <sys/types.h>

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
#include "chat_private.h"
#include "chatlog.h"
#include "conn.h"
#include "crash.h"
#include "data_dir.h"
#include "dcc.h"
#include "known_servers.h"
#include "locale_utf8.h"
#include "options.h"
#include "paste.h"
#include "session.h"
#include "tls.h"
#include "ui.h"
#include "write_all.h"

/* At most one screen update per this many ms: bursts are coalesced. */
#define CHAT_FRAME_MS		16
/* A connection must be registered within this many ms. */
#define CHAT_REGISTER_MS	30000
/* Silent this long: PING the server; this long: give it up. */
#define CHAT_IDLE_PING_MS	90000
#define CHAT_IDLE_LOST_MS	150000
/* A second C-c within this many ms quits. */
#define CHAT_SIGINT_MS		2000
/* How long /quit waits for the QUIT to be sent. */
#define CHAT_QUIT_MS		1000
/* Logs are written out this often (ms). */
#define CHAT_LOG_FLUSH_MS	1000

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
void
chat_dirty_all(struct chat *c)
{
	c->s.dirty_pane = c->s.dirty_status = c->s.dirty_input = true;
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

/* The input line, or the question asked there. */
void
chat_draw_input(struct chat *c)
{
	if (c->s.prompt[0] != '\0')
		ui_draw_prompt(&c->ui, c->s.prompt);
	else
		ui_draw_input(&c->ui, &session_current(&c->s)->ed);
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
