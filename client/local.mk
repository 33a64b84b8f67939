# natter, the curses client: its plain-C modules (no curses in them) as a
# static library, the program, and their Check suites.  Included by the
# top-level Makefile.am (non-recursive: paths are relative to the top).
