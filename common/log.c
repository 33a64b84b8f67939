/* Logging to stderr, one whole line per write so threads do not interleave. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char *log_progname = "natter";
static enum log_level log_max_level = LOG_LEVEL_INFO;
static int log_syslog;	/* set once, before any thread starts */
static int log_journal;	/* stderr is systemd's journal: set by log_init */

/* The syslog priority of each level. */
static const int log_priorities[] = {
	LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
};

/*
 * Whether stderr is connected to the journal: systemd sets JOURNAL_STREAM
 * to its device and inode, so a stderr passed on elsewhere does not count.
 */
static int
log_stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (stream == NULL || sscanf(stream, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname, enum log_level level)
{
	log_progname = progname;
	log_max_level = level;
	log_journal = log_stderr_is_journal();
}

void
log_to_syslog(void)
{
	openlog(log_progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = 1;
	log_journal = 0;	/* -d closes stderr: the journal reads syslog too */
}

/* Format one line and write it with a single write(2). */
static void
log_vline(enum log_level level, const char *errstr, const char *fmt,
    va_list ap)
{
	static const char *const names[] = { "error", "warning", "", "debug" };
	char line[1024];
	size_t len;
	int n;

	if (level > log_max_level)
		return;
	/*
	 * The journal stamps and names each line itself and reads "<N>" as
	 * the priority, so journalctl -p warning works.
	 */
	if (log_journal)
		n = snprintf(line, sizeof line, "<%d>%s%s",
		    log_priorities[level], names[level],
		    *names[level] != '\0' ? ": " : "");
	else
		n = snprintf(line, sizeof line, "%s: %s%s", log_progname,
		    names[level], *names[level] != '\0' ? ": " : "");
	len = n < 0 ? 0 : (size_t)n;
	if (len < sizeof line) {
		n = vsnprintf(line + len, sizeof line - len, fmt, ap);
		if (n > 0)
			len += (size_t)n;
	}
	if (errstr != NULL && len < sizeof line) {
		n = snprintf(line + len, sizeof line - len, ": %s", errstr);
		if (n > 0)
			len += (size_t)n;
	}
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	if (log_syslog && !log_journal) {
		size_t skip = strlen(log_progname) + 2;	/* syslog names us */

		line[len] = '\0';
		syslog(log_priorities[level], "%s",
		    line + (skip < len ? skip : 0));
		return;
	}
	line[len++] = '\n';
	(void)!write(STDERR_FILENO, line, len);
}

#define LOG_FN(name, level)						\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	log_vline(level, NULL, fmt, ap);				\
	va_end(ap);							\
}
LOG_FN(log_error, LOG_LEVEL_ERROR)
LOG_FN(log_warn, LOG_LEVEL_WARN)
LOG_FN(log_info, LOG_LEVEL_INFO)
LOG_FN(log_debug, LOG_LEVEL_DEBUG)

void
log_fatal(const char *fmt, ...)
{
	const char *errstr = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_ERROR, errstr, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(LOG_LEVEL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
