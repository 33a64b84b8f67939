/*
 * Telling systemd how natterd is doing (Type=notify): ready once it
 * listens, reloading on SIGHUP, stopping at shutdown.  Without libsystemd
 * at build time, or outside systemd (no NOTIFY_SOCKET), these do nothing.
 */
#ifndef NATTER_NOTIFY_H
#define NATTER_NOTIFY_H

/* natterd listens and answers: systemctl start returns. */
void	notify_ready(void);
/* SIGHUP: the settings are being read again (notify_ready when done). */
void	notify_reloading(void);
/* Shutting down. */
void	notify_stopping(void);

#endif
