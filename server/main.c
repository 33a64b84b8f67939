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
#include "options.h"
#include "reconfigure.h"
#include "responder.h"
#include "server.h"

/* How long shutdown waits for writers to deliver the farewell, in ms. */
#define MAIN_SHUTDOWN_MS	1500

/* Fork; the parent leaves, the child goes on. */
static void
main_fork_away(void)
{
	switch (fork()) {
	case -1:
		log_fatal("fork");
	case 0:
		return;
	default:
		_exit(0);
	}
}

/* Detach from the terminal: -d.  Logs go to syslog from here on. */
static void
main_daemonize(void)
{
	int fd;

	main_fork_away();
	if (setsid() == -1)
		log_fatal("setsid");
	/* A second fork: never a session leader, never a controlling tty. */
	main_fork_away();
	log_to_syslog();
	if (chdir("/") == -1)
		log_fatal("chdir /");
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		log_fatal("/dev/null");
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Write our pid to path (--pidfile). */
static void
main_write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fprintf(f, "%ld\n", (long)getpid()) < 0 ||
	    fclose(f) != 0)
		log_fatal("cannot write pid file %s", path);
}

/*
 * SIGHUP: the config file again; settings that can change live change,
 * and a file with errors leaves the running settings as they are.
 */
static void
main_reload(struct server *s)
{
	struct server_config fresh;

	if (!options_reload(&fresh)) {
		log_warn("SIGHUP: %s has errors; keeping the running settings",
		    options_config_file());
		server_reload_motd(s);
		return;
	}
	reconfigure(s, &fresh);
	if (options_config_file() != NULL)
		log_info("SIGHUP: read %s", options_config_file());
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
	int sig;

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
		main_daemonize();
	if (config.pidfile != NULL)
		main_write_pidfile(config.pidfile);
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
	if (discovering)
		responder_stop(&responder);
	listener_stop(&listener);
	server_shutdown(&server, MAIN_SHUTDOWN_MS);
	if (config.pidfile != NULL)
		unlink(config.pidfile);
	/* Threads that could not finish in time end with the process. */
	exit(0);
}
