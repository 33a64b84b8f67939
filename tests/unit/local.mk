# The Check suites: tests/unit/check_NAME.c each, one per module.
# Included by the top-level Makefile.am (non-recursive: paths are relative
# to the top folder).
#
# A suite includes what it tests by folder ("server/hub.h") and links the
# libraries the programs are made of, so it names nothing but itself here
# (the defaults below), unless it needs a source of a program's own.

COMMON_UNIT_TESTS = \
	tests/unit/check_decimal \
	tests/unit/check_discovery \
	tests/unit/check_fingerprint \
	tests/unit/check_irc_message \
	tests/unit/check_irc_names \
	tests/unit/check_irc_mask \
	tests/unit/check_line_framer \
	tests/unit/check_log_limit \
	tests/unit/check_strmap \
	tests/unit/check_utf8 \
	tests/unit/check_write_all
SERVER_UNIT_TESTS = \
	tests/unit/check_hub \
	tests/unit/check_history \
	tests/unit/check_history_query \
	tests/unit/check_list_filter \
	tests/unit/check_whowas \
	tests/unit/check_mode_parse \
	tests/unit/check_room_masks \
	tests/unit/check_state_dir \
	tests/unit/check_door \
	tests/unit/check_plain_text \
	tests/unit/check_telnet \
	tests/unit/check_server_options \
	tests/unit/check_config_file
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
	tests/unit/check_wrap \
	tests/unit/check_conn \
	tests/unit/check_dcc_ctcp \
	tests/unit/check_dcc_file \
	tests/unit/check_discover \
	tests/unit/check_handle \
	tests/unit/check_ignore \
	tests/unit/check_input \
	tests/unit/check_keymap \
	tests/unit/check_known_servers \
	tests/unit/check_options \
	tests/unit/check_sasl \
	tests/unit/check_trust \
	tests/unit/check_urls
UNIT_TESTS = $(COMMON_UNIT_TESTS) $(SERVER_UNIT_TESTS) $(CLIENT_UNIT_TESTS)
if HAVE_CHECK
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
EXTRA_DIST += tests/unit/check_run.h tests/unit/check_random.h

# Every program without an LDADD of its own is a suite: the three
# libraries (only the objects a suite uses are linked) and Check.
LDADD = server/libserver.a client/libclient.a common/libcommon.a \
	$(CHECK_LIBS) $(GNUTLS_LIBS) $(SYSTEMD_LIBS) $(BSD_LIBS) $(PTHREAD_LIBS)

# crash.c is natter's own (it ends curses), not the library's.
tests_unit_check_crash_SOURCES = tests/unit/check_crash.c \
	client/crash.c client/crash.h
