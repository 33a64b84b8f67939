/*
 * Logging for both programs: lines on stderr prefixed with the program
 * name and a level, or to syslog once log_to_syslog is called (natterd -d).
 * Safe to call from any thread; never call it from a signal handler.
 */
#ifndef NATTER_LOG_H
#define NATTER_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* Set the program name shown on every line and the most verbose level shown. */
void	log_init(const char *progname, enum log_level level);
/* From now on log to syslog (facility daemon) instead of stderr. */
void	log_to_syslog(void);
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log the message with strerror(errno) appended and exit(1). */
void	log_fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* Log the message and exit(1): for impossible states, no errno involved. */
void	log_fatalx(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
