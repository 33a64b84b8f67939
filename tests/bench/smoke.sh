#!/bin/sh
# make check's smoke run of the benchmark instrument: natterload against a
# real natterd on a free loopback port, 20 clients, 2 senders x 20
# messages.  Passes when every client registered and every message was
# delivered exactly once and in order (natterload's exit status 0).  It
# keeps the generator working; it measures nothing (see tests/bench/run).
set -u

: "${NATTERD:=./server/natterd}"
: "${NATTERLOAD:=./tests/bench/natterload}"
for prog in "$NATTERD" "$NATTERLOAD"; do
	if [ ! -x "$prog" ]; then
		echo "smoke: $prog is not built: skipped"
		exit 77
	fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/natter-smoke.XXXXXX") || exit 99
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 99' INT TERM

# Port 0: natterd picks a free port and says which on stderr.
"$NATTERD" -b 127.0.0.1 -p 0 --max-per-ip 100 --flood-rate 0 \
    2>"$dir/natterd.log" &
pid=$!
port=""
tries=0
while [ -z "$port" ] && [ "$tries" -lt 100 ]; do
	port=$(sed -n 's/.*listening on 127\.0\.0\.1 port \([0-9][0-9]*\).*/\1/p' \
	    "$dir/natterd.log")
	[ -n "$port" ] || sleep 0.05
	tries=$((tries + 1))
done
if [ -z "$port" ]; then
	echo "smoke: natterd did not start:"
	cat "$dir/natterd.log"
	exit 99
fi

"$NATTERLOAD" -p "$port" -n 20 -s 2 -m 20 -r 20 --server-pid "$pid" \
    --label natterd --reg-timeout 10 --settle-quiet 0.2 --settle-timeout 10 \
    --drain-timeout 5 --deadline 30
status=$?
case $status in
0)	echo "smoke: every message delivered once and in order" ;;
3)	echo "smoke: natterload could not set up (exit 3): skipped"
	status=77 ;;
*)	echo "smoke: natterload found faults (exit $status); natterd's log:"
	cat "$dir/natterd.log" ;;
esac
exit $status
