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
#include "log.h"
#include "room.h"
#include "server.h"
#include "state_dir.h"
#include "utf8.h"
#include "xmalloc.h"

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
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
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

/*
 * Connections natterd can hold: raise the descriptor limit as far as we
 * may, and keep a few descriptors back for listeners and files.
 */
static int
server_default_max_clients(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024 - SERVER_FD_RESERVE;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000)
		return 1000000;
	return rl.rlim_cur > 2 * SERVER_FD_RESERVE ?
	    (int)rl.rlim_cur - SERVER_FD_RESERVE : (int)rl.rlim_cur / 2;
}

/* state_dir_load's callback: bring one room back, empty, as it was. */
static void
server_load_room(void *arg, const char *name, const struct history *hist,
    const struct room_state *st)
{
	struct server *s = arg;
	const struct history_entry *e;
	struct room *r;
	size_t i;

	if (room_find(s, name) != NULL)
		return;
	r = room_create(s, name);
	for (i = 0; (e = history_get(hist, i)) != NULL; i++)
		history_add(&r->history, e->time_ms, e->line, e->tags);
	if (st == NULL)
		return;
	if (st->created > 0)
		r->created = (time_t)st->created;
	strlcpy(r->topic, st->topic != NULL ? st->topic : "", sizeof r->topic);
	strlcpy(r->topic_setter, st->topic_setter != NULL ? st->topic_setter :
	    "", sizeof r->topic_setter);
	r->topic_time = (time_t)st->topic_time;
	r->topic_ops_only = st->topic_ops_only;
	r->no_outside = st->no_outside;
	strlcpy(r->key, st->key != NULL ? st->key : "", sizeof r->key);
	r->limit = st->limit <= 1000000 ? (unsigned)st->limit : 0;
}

/* Open --state-dir and bring every room's history and state back. */
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
	n = state_dir_load(s->state, s->config.history_lines, server_load_room,
	    s);
	if (n < 0)
		log_fatalx("cannot read state directory %s", s->config.state_dir);
	log_info("state directory %s: %d rooms", s->config.state_dir, n);
}

/* Seconds between two compactions of the state dir's logs. */
#define SERVER_COMPACT_INTERVAL	3600

/* The sync thread: fsync the state dir every second, compact it hourly. */
static void *
server_sync_main(void *arg)
{
	struct server *s = arg;
	struct timespec wake;
	time_t next_compact = time(NULL) + SERVER_COMPACT_INTERVAL;

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
		s->config.max_clients = server_default_max_clients();
	hub_size_futex_hash((size_t)s->config.max_clients);
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
	strmap_init(&s->nicks);
	strmap_init(&s->rooms);
	strmap_init(&s->per_ip);
	log_limit_init(&s->refusals);
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
	/* Whatever was said is on disk before natterd says it is gone. */
	server_stop_sync(s);
}
