/* sd_notify for Type=notify; see notify.h. */
#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "notify.h"

/* Send state to systemd when natterd runs under it. */
static void
notify_send(const char *state)
{
#ifdef HAVE_SYSTEMD
	/* A lost notification is systemd's timeout to tell, not ours. */
	(void)sd_notify(0, state);
#else
	(void)state;
#endif
}

void
notify_ready(void)
{
	notify_send("READY=1\nSTATUS=Accepting connections");
}

void
notify_reloading(void)
{
	notify_send("RELOADING=1");
}

void
notify_stopping(void)
{
	notify_send("STOPPING=1");
}
