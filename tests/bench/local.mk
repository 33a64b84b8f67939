# The benchmark instrument: the load generator, the driver, and the smoke
# test make check runs.  Included by the top-level Makefile.am
# (non-recursive: paths are relative to the top folder).

# natterload, the load generator: built by make check (the smoke test
# drives it) and by make bench; never installed.
check_PROGRAMS += tests/bench/natterload
tests_bench_natterload_SOURCES = \
	tests/bench/natterload.c tests/bench/load.h \
	tests/bench/load_conn.c \
	tests/bench/load_proc.c tests/bench/load_proc.h \
	tests/bench/load_stats.c tests/bench/load_stats.h
tests_bench_natterload_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS)
tests_bench_natterload_LDADD = common/libcommon.a $(GNUTLS_LIBS) $(BSD_LIBS)

# make check: a seconds-long smoke run of natterload against natterd.
TESTS += tests/bench/smoke.sh
AM_TESTS_ENVIRONMENT += \
	NATTERLOAD='$(abs_top_builddir)/tests/bench/natterload'; \
	export NATTERLOAD;

EXTRA_DIST += tests/bench/smoke.sh tests/bench/run tests/bench/README.md \
	tests/bench/RESULTS.md tests/bench/tls_memory

# make bench: the full side-by-side run (see tests/bench/README.md);
# BENCH_FLAGS=--quick for a short one.
bench: tests/bench/natterload server/natterd
	$(PYTHON3) $(srcdir)/tests/bench/run \
	    --natterd $(abs_top_builddir)/server/natterd \
	    --natterload $(abs_top_builddir)/tests/bench/natterload $(BENCH_FLAGS)
.PHONY: bench

# The client benchmark: natter, irssi and WeeChat flooded by a fake server
# (tests/bench/client_run, fakeircd.py).  make check runs a seconds-long
# smoke of it, natter only; make bench-client the full comparison
# (CLIENT_BENCH_FLAGS=--lines 20000 for a shorter one).
TESTS += tests/bench/client_smoke.sh
AM_TESTS_ENVIRONMENT += \
	NATTER='$(abs_top_builddir)/client/natter'; export NATTER;
EXTRA_DIST += tests/bench/client_smoke.sh tests/bench/client_run \
	tests/bench/fakeircd.py

bench-client: client/natter
	$(PYTHON3) $(srcdir)/tests/bench/client_run \
	    --natter $(abs_top_builddir)/client/natter $(CLIENT_BENCH_FLAGS)
.PHONY: bench-client

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
