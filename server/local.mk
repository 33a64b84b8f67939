# natterd.  Included by the top-level Makefile.am (non-recursive: paths
# are relative to the top folder).
#
# Every source but main.c is a static library, so that natterd, the Check
# suites and the session fuzz target link the very same objects, and the
# list of the server's sources is here only.

noinst_LIBRARIES += server/libserver.a
server_libserver_a_SOURCES = \
	server/options.c server/options.h server/options_usage.c \
	server/config_file.c server/config_file.h \
	server/reconfigure.c server/reconfigure.h \
	server/pid_file.c server/pid_file.h \
	server/notify.c server/notify.h \
	server/listener.c server/listener.h \
	server/responder.c server/responder.h \
	server/hub.c server/hub.h server/wake_word.c server/wake_word.h \
	server/server.c server/server.h \
	server/client.c server/client.h \
	server/client_reader.c server/client_writer.c \
	server/client_input.c server/client_input.h \
	server/transport.c server/transport.h \
	server/tls.c server/tls.h \
	server/tls_cert.c server/tls_cert.h \
	server/room.c server/room.h \
	server/reply.c server/reply.h \
	server/commands.c server/commands.h \
	server/caps.c server/caps.h server/labeled.c server/labeled.h \
	server/relay.c server/relay.h \
	server/cmd_cap.c server/cmd_connection.c server/cmd_info.c \
	server/cmd_messages.c server/cmd_mode.c server/cmd_registration.c \
	server/cmd_rooms.c server/cmd_user.c server/cmd_whowas.c server/cmd_server.c \
	server/whowas.c server/whowas.h server/help.c server/help.h \
	server/monitor.c server/monitor.h \
	server/list_filter.c server/list_filter.h \
	server/welcome.c \
	server/history.c server/history.h server/msgid.c server/msgid.h \
	server/history_query.c server/history_query.h server/cmd_chathistory.c \
	server/replay.c server/replay.h \
	server/door.c server/door.h \
	server/plain.c server/plain.h \
	server/cmd_invite.c server/invites.c server/invites.h \
	server/mode_parse.c server/mode_parse.h \
	server/room_masks.c server/room_masks.h \
	server/room_modes.c server/room_modes.h \
	server/plain_text.c server/plain_text.h \
	server/telnet.c server/telnet.h \
	server/state_dir.c server/state_dir.h server/state_dir_private.h \
	server/state_dir_files.c server/state_dir_record.c \
	server/state_dir_load.c \
	server/state_dir_compact.c
server_libserver_a_CPPFLAGS = $(AM_CPPFLAGS) -DSYSCONFDIR='"$(sysconfdir)"' \
	$(SYSTEMD_CFLAGS)
# What a program linking server/libserver.a links besides.
SERVER_LIBS = common/libcommon.a $(GNUTLS_LIBS) $(BSD_LIBS) $(PTHREAD_LIBS) \
	$(SYSTEMD_LIBS)

sbin_PROGRAMS = server/natterd
server_natterd_SOURCES = server/main.c
server_natterd_LDADD = server/libserver.a $(SERVER_LIBS)

dist_man8_MANS = man/natterd.8

# The systemd unit, with the installed natterd's path.
doc_DATA = contrib/natterd.service
CLEANFILES += contrib/natterd.service
contrib/natterd.service: contrib/natterd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib && \
	sed 's|@sbindir[@]|$(sbindir)|g' $(srcdir)/contrib/natterd.service.in > $@
