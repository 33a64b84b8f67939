# DCC in natter: sending and receiving files (issue 18).  Included by the
# top-level Makefile.am after client/ and tests/fuzz/ (non-recursive: paths
# are relative to the top folder).

# The parser and formatter of DCC requests: natterd's door says an offer in
# words with it, so it is in common/.
common_libcommon_a_SOURCES += common/dcc_ctcp.c common/dcc_ctcp.h

client_libclient_a_SOURCES += \
	client/dcc.c client/dcc.h client/dcc_private.h \
	client/dcc_file.c client/dcc_file.h \
	client/dcc_io.c \
	client/dcc_name.c client/dcc_name.h \
	client/dcc_options.c client/dcc_options.h \
	client/dcc_show.c

DCC_UNIT_TESTS = \
	tests/unit/check_dcc_ctcp \
	tests/unit/check_dcc_file
check_PROGRAMS += $(DCC_UNIT_TESTS)
TESTS += $(DCC_UNIT_TESTS)

tests_unit_check_dcc_ctcp_SOURCES = tests/unit/check_dcc_ctcp.c
tests_unit_check_dcc_ctcp_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_dcc_ctcp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_dcc_ctcp_LDADD = $(CLIENT_UNIT_LDADD)
tests_unit_check_dcc_file_SOURCES = tests/unit/check_dcc_file.c
tests_unit_check_dcc_file_CPPFLAGS = $(CLIENT_UNIT_CPPFLAGS)
tests_unit_check_dcc_file_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_dcc_file_LDADD = $(CLIENT_UNIT_LDADD)

# The fuzz target of the parser (tests/fuzz/README.md).
FUZZ_NAMES += dcc_ctcp
TESTS += tests/fuzz/dcc_ctcp.fuzz
EXTRA_DIST += tests/fuzz/dcc_ctcp.fuzz tests/fuzz/dcc.dict
if FUZZING
FUZZ_BINARIES += tests/fuzz/fuzz_dcc_ctcp
tests_fuzz_fuzz_dcc_ctcp_SOURCES = tests/fuzz/fuzz_dcc_ctcp.c
tests_fuzz_fuzz_dcc_ctcp_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/client
tests_fuzz_fuzz_dcc_ctcp_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_dcc_ctcp_LDADD = client/libclient.a $(FUZZ_COMMON_LDADD)
endif

# natter to natter, against a scripted DCC peer, with irssi and with
# WeeChat, in tmux (skip without tmux, irssi or weechat-headless).
DCC_UI_TESTS = tests/integration/test_natter_dcc.py \
	tests/integration/test_natter_dcc_irssi.py \
	tests/integration/test_natter_dcc_weechat.py
TESTS += $(DCC_UI_TESTS)
EXTRA_DIST += $(DCC_UI_TESTS) tests/integration/dcc_peer.py

# natterd's door says an offer in words.
TESTS += tests/integration/test_door_dcc.py
EXTRA_DIST += tests/integration/test_door_dcc.py

# The file transfer benchmark (tests/bench/dcc_run: natter to natter, nc
# and irssi to irssi, 1 GiB): make bench-dcc; make check runs an 8 MiB
# smoke of it, natter only.
TESTS += tests/bench/dcc_smoke.sh
EXTRA_DIST += tests/bench/dcc_smoke.sh tests/bench/dcc_run
bench-dcc: client/natter server/natterd
	$(PYTHON3) $(srcdir)/tests/bench/dcc_run \
	    --natter $(abs_top_builddir)/client/natter \
	    --natterd $(abs_top_builddir)/server/natterd $(DCC_BENCH_FLAGS)
.PHONY: bench-dcc
