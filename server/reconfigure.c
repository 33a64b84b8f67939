/* SIGHUP's new settings; see reconfigure.h. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reconfigure.h"
#include "server.h"

/* Whether two optional strings differ. */
static bool
reconfigure_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Log a setting that changed in the file but holds until a restart. */
static void
reconfigure_restart(const char *key)
{
	log_warn("SIGHUP: %s changed; it takes effect when natterd restarts",
	    key);
}

/* Settings read once at start: say which of them changed. */
static void
reconfigure_check_fixed(const struct server_config *old,
    const struct server_config *fresh)
{
	if (reconfigure_differ(old->bind_addr, fresh->bind_addr))
		reconfigure_restart("bind");
	if (reconfigure_differ(old->port, fresh->port))
		reconfigure_restart("port");
	if (reconfigure_differ(old->plain_bind, fresh->plain_bind))
		reconfigure_restart("plain-bind");
	if (old->no_plain_port != fresh->no_plain_port)
		reconfigure_restart("no-plain-port");
	if (reconfigure_differ(old->tls_port, fresh->tls_port))
		reconfigure_restart("tls-port");
	/* SIGHUP reads the same certificate files again (tls_reload). */
	if (reconfigure_differ(old->tls_cert, fresh->tls_cert))
		reconfigure_restart("tls-cert");
	if (reconfigure_differ(old->tls_key, fresh->tls_key))
		reconfigure_restart("tls-key");
	if (reconfigure_differ(old->state_dir, fresh->state_dir))
		reconfigure_restart("state-dir");
	if (reconfigure_differ(old->pidfile, fresh->pidfile))
		reconfigure_restart("pidfile");
	if (reconfigure_differ(old->name, fresh->name))
		reconfigure_restart("name");
	/* A plain user may be between "Password:" and the answer. */
	if (reconfigure_differ(old->password, fresh->password))
		reconfigure_restart("password");
	if (reconfigure_differ(old->default_room, fresh->default_room))
		reconfigure_restart("default-room");
	if (old->daemonize != fresh->daemonize)
		reconfigure_restart("daemon");
	if (old->discovery != fresh->discovery)
		reconfigure_restart("no-discovery");
	if (old->discovery_port != fresh->discovery_port)
		reconfigure_restart("discovery-port");
	if (old->history_lines != fresh->history_lines)
		reconfigure_restart("history");
	if (old->history_keep_days != fresh->history_keep_days)
		reconfigure_restart("history-keep");
	if (old->plain_wait_ms != fresh->plain_wait_ms)
		reconfigure_restart("plain-wait");
	if (old->ping_interval != fresh->ping_interval)
		reconfigure_restart("ping-interval");
	if (old->ping_timeout != fresh->ping_timeout)
		reconfigure_restart("ping-timeout");
}

void
reconfigure(struct server *s, const struct server_config *fresh)
{
	struct server_config *cur = &s->config;
	bool motd_changed;

	reconfigure_check_fixed(cur, fresh);
	motd_changed = reconfigure_differ(cur->motd_path, fresh->motd_path);
	/* Everything below is read under the hub lock, or atomically. */
	hub_lock(&s->hub);
	cur->oper_name = fresh->oper_name;
	cur->oper_password = fresh->oper_password;
	cur->info = fresh->info;
	cur->max_per_ip = fresh->max_per_ip;
	/* 0 is "what the descriptor limit allows", worked out at start. */
	if (fresh->max_clients != 0)
		cur->max_clients = fresh->max_clients;
	if (fresh->max_rooms != 0)
		cur->max_rooms = fresh->max_rooms;
	__atomic_store_n(&cur->flood_rate, fresh->flood_rate,
	    __ATOMIC_RELAXED);
	__atomic_store_n(&cur->flood_excess, fresh->flood_excess,
	    __ATOMIC_RELAXED);
	if (motd_changed && fresh->motd_path == NULL)
		s->has_motd = false;
	cur->motd_path = fresh->motd_path;
	hub_unlock(&s->hub);
	if (motd_changed && fresh->motd_path != NULL)
		log_info("SIGHUP: the MOTD is now %s", fresh->motd_path);
	server_reload_motd(s);
}
