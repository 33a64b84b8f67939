/*
 * Give the terminal back when natter dies of a crash signal (SIGSEGV,
 * SIGABRT, ...) or of a fatal error, so that the shell is usable after
 * it: curses' endwin() cannot run from a signal handler, and raw mode,
 * the alternate screen and bracketed paste would stay.
 */
#ifndef NATTER_CRASH_H
#define NATTER_CRASH_H

/*
 * Save the terminal's modes (call before curses changes them) and catch
 * the crash signals: each restores the modes, leaves the alternate
 * screen, shows the cursor, and dies of the same signal.
 */
void	crash_guard_init(void);
/*
 * The one way out for a fatal error once curses may have the terminal:
 * give the terminal back as a crash does, then print "natter: " and the
 * message on stderr and exit 1.
 */
void	crash_fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
