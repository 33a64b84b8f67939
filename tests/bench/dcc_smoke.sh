#!/bin/sh
# make check's run of the file transfer benchmark: 8 MiB natter to natter
# through natterd, in tmux; passes when the file arrives whole and its
# SHA-256 is verified (dcc_run's exit status 0).  Skips (77) without tmux.
set -u

: "${NATTER:=./client/natter}"
: "${NATTERD:=./server/natterd}"
: "${TOP_SRCDIR:=.}"
if ! command -v tmux >/dev/null 2>&1; then
	echo "dcc smoke: tmux is not installed: skipped"
	exit 77
fi
exec /usr/bin/python3 "$TOP_SRCDIR/tests/bench/dcc_run" --smoke \
    --natter "$NATTER" --natterd "$NATTERD"
