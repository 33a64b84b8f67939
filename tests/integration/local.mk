# The tests that run the programs: a real natterd on a free loopback port
# driven by scripted clients (Python standard library), irssi and WeeChat
# in tmux; natter in tmux against natterd, ngircd, InspIRCd and hostile
# scripted servers; and the checks of the man pages, the packaging and
# conformance.  Included by the top-level Makefile.am (non-recursive:
# paths are relative to the top folder).

INTEGRATION_TESTS = \
	tests/integration/test_registration.py \
	tests/integration/test_rooms.py \
	tests/integration/test_messages.py \
	tests/integration/test_errors.py \
	tests/integration/test_bad_bytes.py \
	tests/integration/test_robustness.py \
	tests/integration/test_shutdown.py \
	tests/integration/test_timeouts.py \
	tests/integration/test_half_open.py \
	tests/integration/test_silent_flood.py \
	tests/integration/test_dead_readers.py \
	tests/integration/test_flood_fairness.py \
	tests/integration/test_limits.py \
	tests/integration/test_config_file.py \
	tests/integration/test_daemon.py \
	tests/integration/test_notify.py \
	tests/integration/test_history.py \
	tests/integration/test_msgid.py \
	tests/integration/test_chathistory.py \
	tests/integration/test_ircv3.py \
	tests/integration/test_labeled.py \
	tests/integration/test_monitor.py \
	tests/integration/test_state_dir.py \
	tests/integration/test_room_limits.py \
	tests/integration/test_modes.py \
	tests/integration/test_invite.py \
	tests/integration/test_bans.py \
	tests/integration/test_room_flags.py \
	tests/integration/test_room_state.py \
	tests/integration/test_plain_room_owner.py \
	tests/integration/test_info.py \
	tests/integration/test_caps.py \
	tests/integration/test_irssi.py \
	tests/integration/test_weechat.py \
	tests/integration/test_plain.py \
	tests/integration/test_door.py \
	tests/integration/test_door_dcc.py \
	tests/integration/test_errors_said.py \
	tests/integration/test_plain_terminals.py \
	tests/integration/test_discovery.py \
	tests/integration/test_tls.py \
	tests/man_lint.sh \
	tests/contrib_unit.sh \
	tests/deb_package.sh \
	tests/conformance/irctest.sh
if HAVE_PYTHON
TESTS += $(INTEGRATION_TESTS)
endif

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
	tests/integration/test_natter_history.py \
	tests/integration/test_natter_dcc.py \
	tests/integration/test_natter_dcc_irssi.py \
	tests/integration/test_natter_dcc_weechat.py
if HAVE_PYTHON
TESTS += $(CLIENT_UI_TESTS)
endif
EXTRA_DIST += $(CLIENT_UI_TESTS) tests/integration/natter_peer.py \
	tests/integration/tls_fake.py tests/integration/dcc_peer.py \
	tests/integration/tmux_driver.py \
	tests/integration/history_ircd.py
EXTRA_DIST += $(INTEGRATION_TESTS) \
	tests/integration/natterd_harness.py tests/integration/netns_pair.py \
	tests/conformance/natterd_irctest.py tests/conformance/RESULTS.md
