/*
 * natterd: a LAN chat server speaking a subset of IRC.
 *
 * The main thread sets up, starts the accept thread, and then only waits
 * for SIGINT or SIGTERM (with sigwait, so no work happens in a signal
 * handler); every client has a reader and a writer thread of its own.
 */
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "listener.h"
#include "log.h"
#include "options.h"
#include "server.h"

/* How long shutdown waits for writers to deliver the farewell, in ms. */
#define MAIN_SHUTDOWN_MS	1500

int
main(int argc, char **argv)
{
	struct server_config config;
	struct listener listener;
	static struct server server;
	sigset_t stop;
	int sig;

	log_init("natterd", LOG_LEVEL_INFO);
	options_parse(argc, argv, &config);

	/* A peer that vanished must cost a failed send, not the process. */
	signal(SIGPIPE, SIG_IGN);
	/* Every thread inherits this mask: only sigwait below sees these. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	server_init(&server, &config);
	listener_open(&listener, &server, config.bind_addr, config.port);
	listener_start(&listener);

	while (sigwait(&stop, &sig) != 0)
		;
	log_info("%s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
	listener_stop(&listener);
	server_shutdown(&server, MAIN_SHUTDOWN_MS);
	/* Threads that could not finish in time end with the process. */
	exit(0);
}
