/*
 * The crash signals' handler and the fatal-error exit (see crash.h).
 * Unlike natter's other handlers the signal handler does the work itself,
 * as the loop will never run again; everything in it is
 * async-signal-safe: write(2), tcsetattr(3), raise(3).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "crash.h"

/*
 * What curses and natter turned on, turned off: bracketed paste, colours
 * and attributes, cursor hidden, application keypad, alternate screen.
 * Terminals ignore what they do not know.
 */
static const char crash_reset[] =
    "\033[?2004l\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";

static struct termios	crash_modes;
static bool		crash_have_modes;

/* Give the terminal back: its saved modes, and curses' modes turned off. */
static void
crash_restore(void)
{
	ssize_t n;

	if (crash_have_modes)
		tcsetattr(STDIN_FILENO, TCSANOW, &crash_modes);
	n = write(STDOUT_FILENO, crash_reset, sizeof crash_reset - 1);
	(void)n;
}

/* Restore the terminal, then die of sig (its default action, reset). */
static void
crash_signal(int sig)
{
	crash_restore();
	raise(sig);
}

void
crash_fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);		/* what curses has buffered goes first */
	crash_restore();
	fputs("natter: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void
crash_guard_init(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct sigaction sa;
	size_t i;

	crash_have_modes = tcgetattr(STDIN_FILENO, &crash_modes) == 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash_signal;
	sigemptyset(&sa.sa_mask);
	/* Once: the raise() at the end then takes the default action. */
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}
