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
#include "server.h"
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
	pthread_mutex_lock(&s->hub.lock);
	old = s->motd;
	old_count = s->motd_count;
	s->motd = lines;
	s->motd_count = count;
	pthread_mutex_unlock(&s->hub.lock);
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

void
server_init(struct server *s, const struct server_config *config)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(s, 0, sizeof *s);
	s->config = *config;
	if (gethostname(s->name, sizeof s->name) != 0 || s->name[0] == '\0' ||
	    strchr(s->name, ' ') != NULL)
		strlcpy(s->name, "natterd", sizeof s->name);
	s->network = "natter";
	gmtime_r(&now, &tm);
	strftime(s->created, sizeof s->created, "%Y-%m-%d %H:%M:%S UTC", &tm);
	if (s->config.max_clients == 0)
		s->config.max_clients = server_default_max_clients();
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
	strmap_init(&s->nicks);
	strmap_init(&s->rooms);
	strmap_init(&s->per_ip);
	pthread_cond_init(&s->threads_done, NULL);
	s->next_id = 1;
}

void
server_free(struct server *s)
{
	server_free_motd(s->motd, s->motd_count);
	strmap_free(&s->nicks);
	strmap_free(&s->rooms);
	strmap_free(&s->per_ip);
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

	pthread_mutex_lock(&s->hub.lock);
	s->shutting_down = true;
	while (s->clients != NULL)
		client_end(s->clients, "Server shutting down",
		    "ERROR :Server shutting down");
	while (s->nthreads > 0) {
		if (pthread_cond_timedwait(&s->threads_done, &s->hub.lock,
		    &deadline) == ETIMEDOUT)
			break;
	}
	if (s->nthreads > 0)
		log_warn("%zu client threads still busy at exit", s->nthreads);
	pthread_mutex_unlock(&s->hub.lock);
}
