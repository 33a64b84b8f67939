# common/: what natterd and natter share, a static library.  Included by
# the top-level Makefile.am (non-recursive: paths are relative to the top
# folder).

noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/base64.c common/base64.h \
	common/buffer.c common/buffer.h \
	common/dcc_ctcp.c common/dcc_ctcp.h \
	common/decimal.c common/decimal.h \
	common/discovery.c common/discovery.h \
	common/fingerprint.c common/fingerprint.h \
	common/irc_message.c common/irc_message.h \
	common/irc_names.c common/irc_names.h \
	common/irc_mask.c common/irc_mask.h \
	common/line_framer.c common/line_framer.h \
	common/log.c common/log.h \
	common/log_limit.c common/log_limit.h \
	common/server_time.c common/server_time.h \
	common/strmap.c common/strmap.h \
	common/utf8.c common/utf8.h common/utf8_tables.h \
	common/write_all.c common/write_all.h \
	common/wire.h \
	common/xmalloc.c common/xmalloc.h
