#!/bin/sh
# make check's run of the client benchmark: seconds, natter only.
# natter in tmux absorbs 2000 lines from the fake server, shows the last,
# and echoes 5 keys while 1000 lines a second arrive.  Passes when every
# phase finished and natter wrote to the terminal at most 94 times a
# second meanwhile (1.5 x one frame per 16 ms: redraws are coalesced, and
# a frame goes out in one write); client_run's exit status 0.  Skips (77)
# without tmux.
set -u

: "${NATTER:=./client/natter}"
: "${TOP_SRCDIR:=.}"
if ! command -v tmux >/dev/null 2>&1; then
	echo "client smoke: tmux is not installed: skipped"
	exit 77
fi
if [ ! -x "$NATTER" ]; then
	echo "client smoke: $NATTER is not built: skipped"
	exit 77
fi
exec /usr/bin/python3 "$TOP_SRCDIR/tests/bench/client_run" \
    --natter "$NATTER" --clients natter --lines 2000 --rate 1000 \
    --keys 5 --idle-keys 2 --no-pin --flood-timeout 60 \
    --max-writes 94
