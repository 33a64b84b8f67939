/* natterd's shared state: set-up, ids, shutdown. */
#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "irc_message.h"
#include "log.h"
#include "room.h"
#include "server.h"
#include "state_dir.h"
#include "utf8.h"
#include "wake_word.h"
#include "xmalloc.h"
#include "monitor.h"

/* Read the MOTD file into lines; false (errno set) when it cannot be opened. */
static bool
server_read_motd(const char *path, char ***lines, size_t *count)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	*lines = NULL;
	*count = 0;
	if ((f = fopen(path, "r")) == NULL)
		return false;
	while ((n = getline(&line, &cap, f)) != -1) {
		n = (ssize_t)irc_trim_crlf(line, (size_t)n);
		line[n] = '\0';
		if (!utf8_valid(line, (size_t)n)) {
			log_warn("%s: skipping a line that is not UTF-8", path);
			continue;
		}
		*lines = xreallocarray(*lines, *count + 1, sizeof **lines);
		(*lines)[(*count)++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return true;
}

/* Free MOTD lines. */
static void
server_free_motd(char **lines, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}

void
server_reload_motd(struct server *s)
{
	char **lines, **old;
	size_t count, old_count;

	if (s->config.motd_path == NULL)
		return;
	/* Read outside the lock: the file may be slow, clients are not. */
	if (!server_read_motd(s->config.motd_path, &lines, &count)) {
		log_warn("SIGHUP: cannot read MOTD file %s: %s; keeping the "
		    "old one", s->config.motd_path, strerror(errno));
		return;
	}
	hub_lock(&s->hub);
	old = s->motd;
	old_count = s->motd_count;
	s->motd = lines;
	s->motd_count = count;
	s->has_motd = true;
	hub_unlock(&s->hub);
	server_free_motd(old, old_count);
	log_info("SIGHUP: read %zu MOTD lines from %s", count,
	    s->config.motd_path);
}

/* The descriptor limit, raised as far as we may (at most 1000000). */
static long
server_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000)
		return 1000000;
	return (long)rl.rlim_cur;
}

/*
 * Connections natterd can hold: the descriptors less a few for listeners
 * and files and, with a state dir, what its store may hold (each connection
 * is one descriptor).  The store's logs used to share the last 32 with the
 * rest: a full server failed to open them, and relayed without saving.
 */
static int
server_default_max_clients(const struct server *s)
{
	long limit = server_fd_limit(), reserve = SERVER_FD_RESERVE;

	if (s->config.state_dir != NULL)
		reserve += STATE_DIR_FDS;
	return limit > 2 * reserve ? (int)(limit - reserve) : (int)(limit / 2);
}

/* With --max-clients set too high for the descriptors, the store keeps
 * fewer logs open at once rather than fail to open them. */
static void
server_size_store(struct server *s)
{
	long limit = server_fd_limit(), left;

	left = limit - SERVER_FD_RESERVE - s->config.max_clients -
	    (STATE_DIR_FDS - STATE_DIR_MAX_OPEN);
	if (left >= STATE_DIR_MAX_OPEN)
		return;
	if (left < 1)
		left = 1;
	log_warn("--max-clients %d with %ld descriptors (ulimit -n) leaves "
	    "room for %ld open room logs", s->config.max_clients, limit, left);
	state_dir_set_max_open(s->state, (size_t)left);
}

/* Open --state-dir; its rooms come back as they are joined (room_open). */
static void
server_open_state(struct server *s)
{
	int n;

	if (s->config.state_dir == NULL)
		return;
	if ((s->state = state_dir_open(s->config.state_dir)) == NULL)
		log_fatalx("cannot use state directory %s", s->config.state_dir);
	/* Old lines go first, so what is loaded is what is kept. */
	state_dir_compact(s->state, s->config.history_keep_days,
	    s->config.history_lines);
	n = state_dir_scan(s->state);
	if (n < 0)
		log_fatalx("cannot read state directory %s", s->config.state_dir);
	log_info("state directory %s: %d rooms", s->config.state_dir, n);
	server_size_store(s);
}

/* Seconds between two compactions of the state dir's logs. */
#define SERVER_COMPACT_INTERVAL	3600

void
server_name_thread(const char *name)
{
#if defined(HAVE_PTHREAD_SETNAME_NP) && !defined(__APPLE__)
	(void)pthread_setname_np(pthread_self(), name);
#else
	(void)name;	/* macOS names only itself, with one argument: skip */
#endif
}

/* The sync thread: fsync the state dir every second, compact it hourly. */
static void *
server_sync_main(void *arg)
{
	struct server *s = arg;
	struct timespec wake;
	time_t next_compact = time(NULL) + SERVER_COMPACT_INTERVAL;

	server_name_thread("natterd-sync");
	pthread_mutex_lock(&s->sync_lock);
	while (!s->sync_stop) {
		clock_gettime(CLOCK_REALTIME, &wake);
		wake.tv_sec += 1;
		pthread_cond_timedwait(&s->sync_wake, &s->sync_lock, &wake);
		pthread_mutex_unlock(&s->sync_lock);
		state_dir_sync(s->state);
		if (time(NULL) >= next_compact) {
			state_dir_compact(s->state, s->config.history_keep_days,
			    s->config.history_lines);
			next_compact = time(NULL) + SERVER_COMPACT_INTERVAL;
		}
		pthread_mutex_lock(&s->sync_lock);
	}
	pthread_mutex_unlock(&s->sync_lock);
	return NULL;
}

void
server_start_sync(struct server *s)
{
	int error;

	if (s->state == NULL)
		return;
	if ((error = pthread_create(&s->sync_thread, NULL, server_sync_main,
	    s)) != 0)
		log_fatalx("cannot start the sync thread: %s", strerror(error));
}

/* Stop the sync thread and sync a last time. */
static void
server_stop_sync(struct server *s)
{
	if (s->state == NULL)
		return;
	pthread_mutex_lock(&s->sync_lock);
	s->sync_stop = true;
	pthread_cond_signal(&s->sync_wake);
	pthread_mutex_unlock(&s->sync_lock);
	pthread_join(s->sync_thread, NULL);
	/* Under the hub lock: no reader may be appending meanwhile. */
	hub_lock(&s->hub);
	state_dir_sync(s->state);
	hub_unlock(&s->hub);
}

void
server_init(struct server *s, const struct server_config *config)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(s, 0, sizeof *s);
	s->config = *config;
	if (config->name != NULL)
		strlcpy(s->name, config->name, sizeof s->name);
	else if (gethostname(s->name, sizeof s->name) != 0 ||
	    s->name[0] == '\0' || strchr(s->name, ' ') != NULL)
		strlcpy(s->name, "natterd", sizeof s->name);
	s->network = "natter";
	gmtime_r(&now, &tm);
	strftime(s->created, sizeof s->created, "%Y-%m-%d %H:%M:%S UTC", &tm);
	s->started = now;
	if (s->config.max_clients == 0)
		s->config.max_clients = server_default_max_clients(s);
	if (s->config.max_rooms == 0)
		s->config.max_rooms = SERVER_MAX_ROOMS;
	wake_word_size((size_t)s->config.max_clients);
	/* Check timers often enough that a timeout is late by a quarter at most. */
	s->timer_tick = (config->ping_timeout < config->ping_interval ?
	    config->ping_timeout : config->ping_interval) / 4;
	if (s->timer_tick < 1)
		s->timer_tick = 1;
	if (s->timer_tick > SERVER_TIMER_TICK)
		s->timer_tick = SERVER_TIMER_TICK;
	if (config->motd_path != NULL) {
		if (!server_read_motd(config->motd_path, &s->motd,
		    &s->motd_count))
			log_fatal("cannot open MOTD file %s", config->motd_path);
		s->has_motd = true;
	}
	hub_init(&s->hub, HUB_RING_EVENTS, HUB_RING_BYTES);
	whowas_init(&s->whowas, WHOWAS_ENTRIES);
	s->backlog_budget = SERVER_CLIENT_BACKLOG;
	strmap_init(&s->nicks);
	strmap_init(&s->monitors);
	strmap_init(&s->rooms);
	strmap_init(&s->per_ip);
	log_limit_init(&s->refusals);
	log_limit_init(&s->handshake_failures);
	pthread_cond_init(&s->threads_done, NULL);
	pthread_mutex_init(&s->sync_lock, NULL);
	pthread_cond_init(&s->sync_wake, NULL);
	s->next_id = 1;
	server_open_state(s);
}

void
server_free(struct server *s)
{
	server_free_motd(s->motd, s->motd_count);
	strmap_free(&s->nicks);
	monitor_free(s);
	strmap_free(&s->rooms);
	strmap_free(&s->per_ip);
	whowas_free(&s->whowas);
	pthread_cond_destroy(&s->threads_done);
	hub_destroy(&s->hub);
}

const char *
server_admit(struct server *s, const char *host)
{
	uintptr_t n = (uintptr_t)strmap_get(&s->per_ip, host);

	if (s->nclients >= (size_t)s->config.max_clients)
		return "Server is full";
	if (n >= (uintptr_t)s->config.max_per_ip)
		return "Too many connections from your address";
	if (n > 0)
		strmap_remove(&s->per_ip, host);
	strmap_put(&s->per_ip, host, (void *)(n + 1));
	return NULL;
}

void
server_release_host(struct server *s, const char *host)
{
	uintptr_t n = (uintptr_t)strmap_remove(&s->per_ip, host);

	if (n > 1)
		strmap_put(&s->per_ip, host, (void *)(n - 1));
}

uint64_t
server_new_id(struct server *s)
{
	return s->next_id++;
}

void
server_shutdown(struct server *s, int timeout_ms)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}

	hub_lock(&s->hub);
	s->shutting_down = true;
	while (s->clients != NULL)
		client_end(s->clients, "Server shutting down",
		    "ERROR :Server shutting down");
	/* hub_unlock wakes the writers: a wait on the lock would not. */
	hub_unlock(&s->hub);
	hub_lock(&s->hub);
	while (s->nthreads > 0) {
		if (pthread_cond_timedwait(&s->threads_done, &s->hub.lock,
		    &deadline) == ETIMEDOUT)
			break;
	}
	if (s->nthreads > 0)
		log_warn("%zu client threads still busy at exit", s->nthreads);
	hub_unlock(&s->hub);
	hub_ticker_stop(&s->hub);
	/* The accept thread has stopped: its refusal count is ours now. */
	client_log_held_refusals(s, log_limit_due(&s->refusals));
	client_log_held_handshakes(s, 0);
	/* Whatever was said is on disk before natterd says it is gone. */
	server_stop_sync(s);
}
