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
	client/dcc.c client/dcc.h client/dcc_private.h \
	client/dcc_command.c \
	client/dcc_file.c client/dcc_file.h \
	client/dcc_io.c \
	client/dcc_name.c client/dcc_name.h \
	client/dcc_options.c client/dcc_options.h \
	client/dcc_show.c \
	client/dedupe.c client/dedupe.h \
	client/discover.c client/discover.h \
	client/editor.c client/editor.h \
	client/gapless.c client/gapless.h \
	client/handle.c client/handle.h client/handle_private.h \
	client/handle_batch.c \
	client/handle_message.c \
	client/handle_register.c \
	client/handle_reply.c \
	client/handle_room.c \
	client/ignore.c client/ignore.h \
	client/input.c client/input.h \
	client/input_daily.c client/input_daily.h \
	client/isearch.c client/isearch.h \
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
	client/session.c client/session.h client/session_members.c \
	client/status.c client/status.h \
	client/tls.c client/tls.h \
	client/trust.c client/trust.h \
	client/urls.c client/urls.h \
	client/wrap.c client/wrap.h

# The program: the loop and the curses layer on top of the library.
bin_PROGRAMS = client/natter
client_natter_SOURCES = \
	client/main.c \
	client/chat.c client/chat.h client/chat_private.h \
	client/chat_conn.c \
	client/chat_keys.c \
	client/chat_paste.c \
	client/chat_trust.c \
	client/chooser.c client/chooser.h \
	client/crash.c client/crash.h \
	client/ui.c client/ui.h
client_natter_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
client_natter_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
client_natter_LDADD = client/libclient.a common/libcommon.a \
	$(NCURSESW_LIBS) $(GNUTLS_LIBS) $(BSD_LIBS)

# The manual.
dist_man1_MANS = man/natter.1
