/*
 * natterd: a LAN chat server speaking a subset of IRC.
 *
 * The main thread sets up, starts the accept thread, and then only waits
 * for signals (with sigwait, so no work happens in a signal handler):
 * SIGHUP re-reads the config file, the MOTD and the TLS certificate,
 * SIGINT and SIGTERM shut down.  Every client
 * has a reader and a writer thread of its own.
 */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
#include "tls.h"

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

/* Log each line of text (NULL: none) as an error. */
static void
main_log_errors(const char *text)
{
	const char *nl;

	for (; text != NULL; text = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(text, '\n');
		log_error("%.*s", nl != NULL ? (int)(nl - text) :
		    (int)strlen(text), text);
	}
}

/*
 * The settings natterd starts with, into config; exits after printing
 * what the command line asked for (help, version, a check) or what is
 * wrong with it or the config file.
 */
static void
main_options(int argc, char **argv, struct server_config *config)
{
	struct options_said said;
	enum options_result result;
	const char *file;
	int status = 0;

	result = options_start(argc, argv, config, &said);
	main_log_errors(said.errors);
	switch (result) {
	case OPTIONS_RUN:
		options_said_free(&said);
		return;
	case OPTIONS_HELP:
		options_usage(stdout);
		break;
	case OPTIONS_VERSION:
		printf("natterd %s\n", PACKAGE_VERSION);
		break;
	case OPTIONS_CHECKED:
		file = options_config_file();
		printf("natterd: %s: settings are valid\n", file != NULL ? file :
		    "no config file; the command line");
		break;
	case OPTIONS_USAGE:
		fprintf(stderr, "%s\n", said.usage_error);
		options_usage(stderr);
		status = 1;
		break;
	case OPTIONS_BAD:
		status = 1;
		break;
	}
	options_said_free(&said);
	exit(status);
}

/*
 * SIGHUP: the config file again; settings that can change live change,
 * and a file with errors leaves the running settings as they are.
 */
static void
main_reload(struct server *s)
{
	struct server_config fresh;
	char *errors;

	notify_reloading();
	/* The same certificate files, read again for new connections. */
	if (s->tls != NULL)
		tls_reload(s->tls);
	if (!options_reload(&fresh, &errors)) {
		main_log_errors(errors);
		free(errors);
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

/*
 * TLS from the configuration into t: true when it is on.  Exits when a
 * certificate was asked for and cannot be had; says how to turn TLS on
 * when it was not.
 */
static bool
main_tls(struct tls *t, const struct server_config *config, const char *name)
{
	char err[PATH_MAX * 2 + 128];

	if (!tls_paths(t, config->tls_cert, config->tls_key, config->state_dir,
	    name, err, sizeof err)) {
		if (err[0] != '\0')
			log_fatalx("TLS: %s", err);
		return false;
	}
	if (!tls_open(t, err, sizeof err))
		log_fatalx("TLS: cannot load the certificate: %s", err);
	return true;
}

/* --fingerprint: print the certificate's fingerprint and exit. */
static void
main_fingerprint(const struct server_config *config)
{
	static struct tls tls;
	char name[256], fp[FINGERPRINT_LEN + 1];

	if (gethostname(name, sizeof name) != 0 || name[0] == '\0')
		strlcpy(name, "localhost", sizeof name);
	name[sizeof name - 1] = '\0';
	if (!main_tls(&tls, config, name))
		log_fatalx("--fingerprint: no certificate");
	tls_served_fingerprint(&tls, fp, sizeof fp);
	printf("%s\n", fp);
	exit(fflush(stdout) == 0 ? 0 : 1);
}

int
main(int argc, char **argv)
{
	struct server_config config;
	struct listener listener;
	static struct responder responder;
	static struct tls tls;
	bool discovering = false, tls_on;
	char fp[FINGERPRINT_LEN + 1];
	unsigned port = 0, tls_port = 0;
	static struct server server;
	sigset_t signals;
	int sig, ready = -1, pidfile = -1;

	log_init("natterd", LOG_LEVEL_INFO);
	/*
	 * glibc gives threads up to 8 malloc arenas per CPU, each holding on
	 * to its own free pages; natterd allocates mostly under the hub lock
	 * anyway, so two arenas cost no contention and save megabytes.
	 */
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, 2);
#endif
	main_options(argc, argv, &config);
	if (config.fingerprint)
		main_fingerprint(&config);

	/* A peer that vanished must cost a failed send, not the process. */
	signal(SIGPIPE, SIG_IGN);
	/* Every thread inherits this mask: only sigwait below sees these. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);

	server_init(&server, &config);
	if ((tls_on = main_tls(&tls, &config, server.name))) {
		server.tls = &tls;
		tls_served_fingerprint(&tls, fp, sizeof fp);
		log_info("TLS certificate %s, fingerprint %s", tls.cert_path,
		    fp);
	} else
		log_info("TLS is off: give --tls-cert FILE (and --tls-key "
		    "FILE), or --state-dir DIR for a self-signed certificate");
	/* Listen before detaching, so a taken port is said on the terminal. */
	listener_init(&listener, &server);
	if (!config.no_plain_port)
		port = listener_open(&listener, config.plain_bind != NULL ?
		    config.plain_bind : config.bind_addr, config.port, false);
	if (tls_on)
		tls_port = listener_open(&listener, config.bind_addr,
		    config.tls_port, true);
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
		/* Without a plain port, port= names the TLS port too. */
		if (port == 0)
			port = tls_port;
		discovering = responder_open(&responder, &server,
		    config.bind_addr, config.discovery_port != 0 ?
		    config.discovery_port : port, port);
		responder.tls_port = tls_port;
		responder.tls = tls_on ? &tls : NULL;
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
