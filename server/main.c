/*
 * natterd: a LAN chat server speaking a subset of IRC.
 *
 * The main thread sets up, starts the accept thread, and then only waits
 * for signals (with sigwait, so no work happens in a signal handler):
 * SIGHUP re-reads the config file and the MOTD, SIGINT and SIGTERM shut down.  Every client
 * has a reader and a writer thread of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "listener.h"
#include "log.h"
#include "notify.h"
#include "options.h"
#include "pid_file.h"
#include "reconfigure.h"
#include "responder.h"
#include "server.h"

/* How long shutdown waits for writers to deliver the farewell, in ms. */
#define MAIN_SHUTDOWN_MS	1500

/*
 * The first natterd of -d: wait until the daemon says it is ready (a byte
 * on the pipe) and exit 0, or exit 1 when the pipe closes without one
 * because the daemon died; its reason is already on our shared stderr.
 */
static void __attribute__((noreturn))
main_wait_ready(int fd)
{
	char byte;
	ssize_t n;

	while ((n = read(fd, &byte, 1)) == -1 && errno == EINTR)
		;
	if (n == 1)
		_exit(0);
	fprintf(stderr, "natterd: the daemon did not start\n");
	_exit(1);
}

/*
 * Detach from the terminal: -d.  Returns the pipe's end on which to tell
 * the waiting parent that natterd is ready (main_ready); until then errors
 * still go to the terminal.
 */
static int
main_daemonize(void)
{
	int ready[2];

	if (pipe2(ready, O_CLOEXEC) == -1)
		log_fatal("pipe");
	switch (fork()) {
	case -1:
		log_fatal("fork");
	case 0:
		break;
	default:
		close(ready[1]);
		main_wait_ready(ready[0]);
	}
	close(ready[0]);
	if (setsid() == -1)
		log_fatal("setsid");
	/* A second fork: never a session leader, never a controlling tty. */
	switch (fork()) {
	case -1:
		log_fatal("fork");
	case 0:
		break;
	default:
		_exit(0);
	}
	if (chdir("/") == -1)
		log_fatal("chdir /");
	return ready[1];
}

/*
 * -d: natterd is ready; let the parent go with status 0, and from now on
 * log to syslog, not the terminal (before any thread starts).
 */
static void
main_ready(int ready)
{
	int fd;

	if (write(ready, "", 1) != 1)
		log_fatal("cannot tell the parent natterd is ready");
	close(ready);
	log_to_syslog();
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		log_fatal("/dev/null");
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/*
 * SIGHUP: the config file again; settings that can change live change,
 * and a file with errors leaves the running settings as they are.
 */
static void
main_reload(struct server *s)
{
	struct server_config fresh;

	notify_reloading();
	if (!options_reload(&fresh)) {
		log_warn("SIGHUP: %s has errors; keeping the running settings",
		    options_config_file());
		server_reload_motd(s);
		notify_ready();
		return;
	}
	reconfigure(s, &fresh);
	if (options_config_file() != NULL)
		log_info("SIGHUP: read %s", options_config_file());
	notify_ready();
}

/* The TCP port the listener got (it may have been asked for port 0). */
static unsigned
main_bound_port(const struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getsockname(l->fds[0], (struct sockaddr *)&ss, &len) != 0)
		log_fatal("getsockname");
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

int
main(int argc, char **argv)
{
	struct server_config config;
	struct listener listener;
	static struct responder responder;
	bool discovering = false;
	unsigned port;
	static struct server server;
	sigset_t signals;
	int sig, ready = -1, pidfile = -1;

	log_init("natterd", LOG_LEVEL_INFO);
	/*
	 * glibc gives threads up to 8 malloc arenas per CPU, each holding on
	 * to its own free pages; natterd allocates mostly under the hub lock
	 * anyway, so two arenas cost no contention and save megabytes.
	 */
	mallopt(M_ARENA_MAX, 2);
	options_parse(argc, argv, &config);

	/* A peer that vanished must cost a failed send, not the process. */
	signal(SIGPIPE, SIG_IGN);
	/* Every thread inherits this mask: only sigwait below sees these. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);

	server_init(&server, &config);
	/* Listen before detaching, so a taken port is said on the terminal. */
	listener_open(&listener, &server, config.bind_addr, config.port);
	if (config.daemonize)
		ready = main_daemonize();
	if (config.pidfile != NULL)
		pidfile = pid_file_create(config.pidfile);
	if (config.daemonize)
		main_ready(ready);
	server_start_sync(&server);
	hub_ticker_start(&server.hub);
	listener_start(&listener);
	/* Discovery after the listeners: an answer names a port that accepts. */
	if (config.discovery) {
		port = main_bound_port(&listener);
		discovering = responder_open(&responder, &server,
		    config.bind_addr, config.discovery_port != 0 ?
		    config.discovery_port : port, port);
		if (discovering)
			responder_start(&responder);
	}
	/* Listening, and answering discovery: systemctl start may return. */
	notify_ready();

	for (;;) {
		if (sigwait(&signals, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			main_reload(&server);
			continue;
		}
		break;
	}
	log_info("%s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	notify_stopping();
	if (discovering)
		responder_stop(&responder);
	listener_stop(&listener);
	server_shutdown(&server, MAIN_SHUTDOWN_MS);
	if (pidfile != -1)
		pid_file_remove(config.pidfile, pidfile);
	/* Threads that could not finish in time end with the process. */
	exit(0);
}
