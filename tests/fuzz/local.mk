# The libFuzzer targets of tests/fuzz (configure --enable-fuzzing CC=clang).
# Included by the top-level Makefile.am (non-recursive: paths are relative
# to the top folder).  See tests/fuzz/README.md.
#
# Each target NAME is tests/fuzz/fuzz_NAME.c, linked against the very
# objects the programs use; tests/fuzz/NAME.fuzz holds its libFuzzer flags,
# tests/fuzz/corpus/NAME/ its seeds and tests/fuzz/NAME.dict (if any) its
# dictionary.  tests/fuzz/run.sh runs one: `make check` a few seconds each
# (FUZZ_CHECK_SECONDS), `make fuzz` FUZZ_SECONDS each (FUZZ_TARGETS to
# choose some, FUZZ_FLAGS for more libFuzzer flags).  Without
# --enable-fuzzing the tests skip (77).

FUZZ_NAMES = irc_message line_framer utf8 plain_text render session discovery \
	known_servers
FUZZ_TESTS = \
	tests/fuzz/irc_message.fuzz \
	tests/fuzz/line_framer.fuzz \
	tests/fuzz/utf8.fuzz \
	tests/fuzz/plain_text.fuzz \
	tests/fuzz/render.fuzz \
	tests/fuzz/session.fuzz \
	tests/fuzz/discovery.fuzz \
	tests/fuzz/known_servers.fuzz
TESTS += $(FUZZ_TESTS)
TEST_EXTENSIONS += .fuzz
FUZZ_LOG_COMPILER = $(SHELL) $(srcdir)/tests/fuzz/run.sh
FUZZ_CHECK_SECONDS = 5
AM_TESTS_ENVIRONMENT += \
	FUZZING='$(enable_fuzzing)'; export FUZZING; \
	FUZZ_BINDIR='$(abs_top_builddir)/tests/fuzz'; export FUZZ_BINDIR; \
	FUZZ_SECONDS='$(FUZZ_CHECK_SECONDS)'; export FUZZ_SECONDS;

EXTRA_DIST += $(FUZZ_TESTS) tests/fuzz/run.sh tests/fuzz/README.md \
	tests/fuzz/fuzz.h tests/fuzz/irc.dict tests/fuzz/mirc.dict \
	tests/fuzz/discovery.dict \
	tests/fuzz/corpus

if FUZZING
FUZZ_BINARIES = \
	tests/fuzz/fuzz_irc_message \
	tests/fuzz/fuzz_line_framer \
	tests/fuzz/fuzz_utf8 \
	tests/fuzz/fuzz_plain_text \
	tests/fuzz/fuzz_render \
	tests/fuzz/fuzz_session \
	tests/fuzz/fuzz_discovery \
	tests/fuzz/fuzz_known_servers
check_PROGRAMS += $(FUZZ_BINARIES)
FUZZ_LINK_FLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
FUZZ_COMMON_LDADD = common/libcommon.a $(BSD_LIBS) $(PTHREAD_LIBS)

tests_fuzz_fuzz_irc_message_SOURCES = tests/fuzz/fuzz_irc_message.c
tests_fuzz_fuzz_irc_message_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_irc_message_LDADD = $(FUZZ_COMMON_LDADD)

tests_fuzz_fuzz_line_framer_SOURCES = tests/fuzz/fuzz_line_framer.c
tests_fuzz_fuzz_line_framer_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_line_framer_LDADD = $(FUZZ_COMMON_LDADD)

tests_fuzz_fuzz_utf8_SOURCES = tests/fuzz/fuzz_utf8.c
tests_fuzz_fuzz_utf8_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_utf8_LDADD = $(FUZZ_COMMON_LDADD)

tests_fuzz_fuzz_discovery_SOURCES = tests/fuzz/fuzz_discovery.c
tests_fuzz_fuzz_discovery_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_discovery_LDADD = $(FUZZ_COMMON_LDADD)

tests_fuzz_fuzz_known_servers_SOURCES = tests/fuzz/fuzz_known_servers.c
tests_fuzz_fuzz_known_servers_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
tests_fuzz_fuzz_known_servers_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_known_servers_LDADD = client/libclient.a $(FUZZ_COMMON_LDADD)

# The plain door's text and telnet filter link with common/ only.
tests_fuzz_fuzz_plain_text_SOURCES = tests/fuzz/fuzz_plain_text.c \
	server/plain_text.c server/telnet.c
tests_fuzz_fuzz_plain_text_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/server
tests_fuzz_fuzz_plain_text_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_plain_text_LDADD = $(FUZZ_COMMON_LDADD)

tests_fuzz_fuzz_render_SOURCES = tests/fuzz/fuzz_render.c
tests_fuzz_fuzz_render_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
tests_fuzz_fuzz_render_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_render_LDADD = client/libclient.a $(FUZZ_COMMON_LDADD)

# natterd minus main, options, listener and responder: the server in
# process.  Keep in step with server_natterd_SOURCES.
tests_fuzz_fuzz_session_SOURCES = tests/fuzz/fuzz_session.c \
	server/hub.c server/server.c server/client.c \
	server/client_reader.c server/client_input.c server/client_writer.c \
	server/room.c server/reply.c server/commands.c server/caps.c \
	server/labeled.c server/monitor.c server/list_filter.c \
	server/relay.c \
	server/cmd_cap.c server/cmd_connection.c server/cmd_info.c \
	server/cmd_messages.c server/cmd_mode.c server/cmd_registration.c \
	server/cmd_rooms.c server/cmd_user.c server/cmd_whowas.c server/cmd_server.c \
	server/whowas.c server/help.c server/welcome.c \
	server/history.c server/msgid.c server/history_query.c \
	server/cmd_chathistory.c server/replay.c server/door.c server/plain.c \
	server/plain_text.c server/telnet.c server/state_dir.c \
	server/state_dir_files.c server/state_dir_record.c \
	server/state_dir_load.c \
	server/state_dir_compact.c \
	server/transport.c server/tls.c server/tls_cert.c
tests_fuzz_fuzz_session_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/server
tests_fuzz_fuzz_session_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS)
tests_fuzz_fuzz_session_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_session_LDADD = $(FUZZ_COMMON_LDADD) $(GNUTLS_LIBS)
endif

# make fuzz: each target (or those in FUZZ_TARGETS) for FUZZ_SECONDS.
FUZZ_SECONDS = 600
FUZZ_TARGETS = $(FUZZ_NAMES)
fuzz: $(FUZZ_BINARIES)
	@if test "$(enable_fuzzing)" != yes; then \
	    echo "make fuzz: configure with --enable-fuzzing CC=clang" >&2; \
	    exit 1; \
	fi; \
	for t in $(FUZZ_TARGETS); do \
	    echo "=== fuzz $$t: $(FUZZ_SECONDS) s ==="; \
	    FUZZING=yes FUZZ_BINDIR='$(abs_top_builddir)/tests/fuzz' \
	    FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_FLAGS='$(FUZZ_FLAGS)' \
	    $(SHELL) $(srcdir)/tests/fuzz/run.sh \
	        $(srcdir)/tests/fuzz/$$t.fuzz || exit 1; \
	done
.PHONY: fuzz

# The corpora runs have grown (tests/fuzz/work) are kept by make clean.
clean-fuzz:
	rm -rf tests/fuzz/work
.PHONY: clean-fuzz
