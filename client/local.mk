# natter, the curses client.  Included by the top-level Makefile.am
# (non-recursive: paths are relative to the top folder).
#
# The plain-C modules, with no curses in them, are a static library so
# that the program and the Check suites link the very same objects.

noinst_LIBRARIES += client/libclient.a
client_libclient_a_SOURCES = \
	client/autoreply.c client/autoreply.h \
	client/chatlog.c client/chatlog.h \
	client/cluster.c client/cluster.h \
	client/command.c client/command.h \
	client/conn.c client/conn.h \
	client/cp1252.c client/cp1252.h \
	client/data_dir.c client/data_dir.h \
	client/daymark.c client/daymark.h \
	client/dedupe.c client/dedupe.h \
	client/discover.c client/discover.h \
	client/editor.c client/editor.h \
	client/gapless.c client/gapless.h \
	client/handle.c client/handle.h \
	client/ignore.c client/ignore.h \
	client/input.c client/input.h \
	client/isearch.c client/isearch.h \
	client/input_daily.c client/input_daily.h \
	client/keymap.c client/keymap.h \
	client/known_servers.c client/known_servers.h \
	client/layout.c client/layout.h \
	client/locale_utf8.c client/locale_utf8.h \
	client/nicklist.c client/nicklist.h \
	client/options.c client/options.h \
	client/paste.c client/paste.h \
	client/render.c client/render.h \
	client/sasl.c client/sasl.h \
	client/scrollback.c client/scrollback.h \
	client/search.c client/search.h \
	client/session.c client/session.h \
	client/status.c client/status.h \
	client/tls.c client/tls.h \
	client/trust.c client/trust.h \
	client/urls.c client/urls.h \
	client/wrap.c client/wrap.h
client_libclient_a_CPPFLAGS = $(AM_CPPFLAGS) $(GNUTLS_CFLAGS)

# Check suites of the client's modules, one per module.
CLIENT_UNIT_TESTS = \
	tests/unit/check_chatlog \
	tests/unit/check_command \
	tests/unit/check_crash \
	tests/unit/check_daily_model \
	tests/unit/check_editor \
	tests/unit/check_layout \
	tests/unit/check_paste \
	tests/unit/check_render \
	tests/unit/check_scrollback \
	tests/unit/check_search \
	tests/unit/check_wrap
check_PROGRAMS += $(CLIENT_UNIT_TESTS)
TESTS += $(CLIENT_UNIT_TESTS)
CLIENT_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client $(GNUTLS_CFLAGS)
CLIENT_UNIT_LDADD = client/libclient.a $(UNIT_LDADD) $(GNUTLS_LIBS)

tests_unit_check_chatlog_SOURCES = tests/unit/check_chatlog.c
tests_unit_check_chatlog_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_chatlog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_chatlog_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_command_SOURCES = tests/unit/check_command.c
tests_unit_check_command_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_command_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_command_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_crash_SOURCES = tests/unit/check_crash.c \
	client/crash.c client/crash.h
tests_unit_check_crash_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_crash_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_crash_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_daily_model_SOURCES = tests/unit/check_daily_model.c
tests_unit_check_daily_model_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_daily_model_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_daily_model_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_editor_SOURCES = tests/unit/check_editor.c
tests_unit_check_editor_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_editor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_editor_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_layout_SOURCES = tests/unit/check_layout.c
tests_unit_check_layout_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_layout_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_paste_SOURCES = tests/unit/check_paste.c
tests_unit_check_paste_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_paste_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_paste_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_render_SOURCES = tests/unit/check_render.c
tests_unit_check_render_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_render_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_render_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_scrollback_SOURCES = tests/unit/check_scrollback.c
tests_unit_check_scrollback_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_scrollback_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_scrollback_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_search_SOURCES = tests/unit/check_search.c
tests_unit_check_search_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_search_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_search_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_wrap_SOURCES = tests/unit/check_wrap.c
tests_unit_check_wrap_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_wrap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_wrap_LDADD = $(CLIENT_UNIT_LDADD)

# The program: the loop and the curses layer on top of the library.
bin_PROGRAMS = client/natter
client_natter_SOURCES = \
	client/main.c \
	client/chat.c client/chat.h \
	client/chooser.c client/chooser.h \
	client/crash.c client/crash.h \
	client/ui.c client/ui.h
client_natter_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
client_natter_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
client_natter_LDADD = client/libclient.a common/libcommon.a \
	$(NCURSESW_LIBS) $(GNUTLS_LIBS) $(BSD_LIBS)

# Check suites of the connection, the session and the server's lines, the
# user's lines, the settings and the key bindings.
CLIENT_SESSION_TESTS = \
	tests/unit/check_conn \
	tests/unit/check_handle \
	tests/unit/check_ignore \
	tests/unit/check_input \
	tests/unit/check_keymap \
	tests/unit/check_known_servers \
	tests/unit/check_options \
	tests/unit/check_sasl \
	tests/unit/check_trust \
	tests/unit/check_urls
check_PROGRAMS += $(CLIENT_SESSION_TESTS)
TESTS += $(CLIENT_SESSION_TESTS)

tests_unit_check_conn_SOURCES = tests/unit/check_conn.c
tests_unit_check_conn_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_conn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_conn_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_handle_SOURCES = tests/unit/check_handle.c
tests_unit_check_handle_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_handle_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_handle_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_ignore_SOURCES = tests/unit/check_ignore.c
tests_unit_check_ignore_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_ignore_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_ignore_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_input_SOURCES = tests/unit/check_input.c
tests_unit_check_input_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_input_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_input_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_keymap_SOURCES = tests/unit/check_keymap.c
tests_unit_check_keymap_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_keymap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_keymap_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_known_servers_SOURCES = tests/unit/check_known_servers.c
tests_unit_check_known_servers_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_known_servers_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_known_servers_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_sasl_SOURCES = tests/unit/check_sasl.c
tests_unit_check_sasl_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_sasl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_sasl_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_trust_SOURCES = tests/unit/check_trust.c
tests_unit_check_trust_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_trust_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_trust_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_urls_SOURCES = tests/unit/check_urls.c
tests_unit_check_urls_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_urls_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_urls_LDADD = $(CLIENT_UNIT_LDADD)

tests_unit_check_options_SOURCES = tests/unit/check_options.c
tests_unit_check_options_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_options_LDADD = $(CLIENT_UNIT_LDADD)

# natter in tmux against a real natterd, against ngircd and InspIRCd, and
# against a hostile scripted server (they skip without tmux, or the server).
CLIENT_UI_TESTS = \
	tests/integration/test_natter_ui.py \
	tests/integration/test_natter_ngircd.py \
	tests/integration/test_natter_inspircd.py \
	tests/integration/test_natter_rejoin.py \
	tests/integration/test_natter_chooser.py \
	tests/integration/test_natter_hostile.py \
	tests/integration/test_natter_tls.py \
	tests/integration/test_natter_ctcp.py \
	tests/integration/test_natter_daily.py \
	tests/integration/test_natter_history.py
TESTS += $(CLIENT_UI_TESTS)
EXTRA_DIST += $(CLIENT_UI_TESTS) tests/integration/natter_peer.py \
	tests/integration/tls_fake.py tests/integration/history_ircd.py

# The manual.
dist_man1_MANS = man/natter.1
