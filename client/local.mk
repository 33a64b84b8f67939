# natter, the curses client.  Included by the top-level Makefile.am
# (non-recursive: paths are relative to the top folder).
#
# The plain-C modules, with no curses in them, are a static library so
# that the program and the Check suites link the very same objects.

noinst_LIBRARIES += client/libclient.a
client_libclient_a_SOURCES = \
	client/cluster.c client/cluster.h \
	client/command.c client/command.h \
	client/editor.c client/editor.h \
	client/layout.c client/layout.h \
	client/render.c client/render.h \
	client/scrollback.c client/scrollback.h \
	client/wrap.c client/wrap.h

# Check suites of the client's modules, one per module.
CLIENT_UNIT_TESTS = \
	tests/unit/check_command \
	tests/unit/check_editor \
	tests/unit/check_layout \
	tests/unit/check_render \
	tests/unit/check_scrollback \
	tests/unit/check_wrap
check_PROGRAMS += $(CLIENT_UNIT_TESTS)
TESTS += $(CLIENT_UNIT_TESTS)
CLIENT_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
CLIENT_UNIT_LDADD = client/libclient.a $(UNIT_LDADD)

tests_unit_check_command_SOURCES = tests/unit/check_command.c
tests_unit_check_command_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_command_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_command_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_editor_SOURCES = tests/unit/check_editor.c
tests_unit_check_editor_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_editor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_editor_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_layout_SOURCES = tests/unit/check_layout.c
tests_unit_check_layout_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_layout_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_render_SOURCES = tests/unit/check_render.c
tests_unit_check_render_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_render_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_render_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_scrollback_SOURCES = tests/unit/check_scrollback.c
tests_unit_check_scrollback_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_scrollback_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_scrollback_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_wrap_SOURCES = tests/unit/check_wrap.c
tests_unit_check_wrap_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_wrap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_wrap_LDADD = $(CLIENT_UNIT_LDADD)
