/*
 * Give the terminal back when natter dies of a crash signal (SIGSEGV,
 * SIGABRT, ...), so that the shell is usable after a bug: curses'
 * endwin() cannot run then, and raw mode, the alternate screen and
 * bracketed paste would stay.
 */
#ifndef NATTER_CRASH_H
#define NATTER_CRASH_H

/*
 * Save the terminal's modes (call before curses changes them) and catch
 * the crash signals: each restores the modes, leaves the alternate
 * screen, shows the cursor, and dies of the same signal.
 */
void	crash_guard_init(void);

#endif
