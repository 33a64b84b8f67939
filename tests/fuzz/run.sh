#!/bin/sh
# Run one libFuzzer target of tests/fuzz for a while.
#   run.sh tests/fuzz/NAME.fuzz
# NAME.fuzz holds the target's libFuzzer flags (a -dict= path is relative
# to it).  The target starts from its checked-in seeds, corpus/NAME/, and
# from what earlier runs found, $FUZZ_BINDIR/work/NAME/, where new inputs
# go (the seeds stay as checked in); a crash is saved next to it as
# work/NAME-crash-*.  Environment: FUZZING (yes when configured with
# --enable-fuzzing, else the test is skipped), FUZZ_BINDIR (where the
# fuzz_NAME programs are), FUZZ_SECONDS (how long), FUZZ_FLAGS (more
# libFuzzer flags, e.g. -jobs=2 or -runs=0 to replay the corpus only).
set -eu

options=$1
name=$(basename "$options" .fuzz)
here=$(dirname "$options")

if [ "${FUZZING:-no}" != yes ]; then
	echo "fuzz $name: skipped (configure with --enable-fuzzing CC=clang)"
	exit 77
fi

bin="$FUZZ_BINDIR/fuzz_$name"
work="$FUZZ_BINDIR/work/$name"
mkdir -p "$work"

flags=""
for f in $(sed -e 's/#.*//' "$options"); do
	case "$f" in
	-dict=/*) ;;
	-dict=*) f="-dict=$here/${f#-dict=}" ;;
	esac
	flags="$flags $f"
done

echo "fuzz $name: ${FUZZ_SECONDS:-5} s, seeds $here/corpus/$name, corpus $work"
# libFuzzer's default exit code on a crash, 77, would read as "skipped".
# shellcheck disable=SC2086
exec "$bin" $flags -max_total_time="${FUZZ_SECONDS:-5}" -timeout=10 \
    -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
    -artifact_prefix="$work-" ${FUZZ_FLAGS:-} "$work" "$here/corpus/$name"
