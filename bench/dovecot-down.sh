#!/usr/bin/env bash
# Stop the private Dovecot started by bench/dovecot-up.sh -- only that master pid (from its pid file).
# The master takes its own child processes (imap, imap-login, auth, ...) down with it.
set -euo pipefail
D=${MM_DOVECOT_DIR:-/tmp/mailmind-bench/dovecot}
PIDFILE="$D/run/master.pid"
if [ ! -s "$PIDFILE" ]; then
    echo "bench dovecot: no pid file ($PIDFILE), nothing to stop" >&2
    exit 0
fi
PID=$(cat "$PIDFILE")
# make sure the pid is really our dovecot master (pid files can go stale)
if ! kill -0 "$PID" 2>/dev/null || ! grep -q "dovecot" "/proc/$PID/comm" 2>/dev/null \
   || ! tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q -- "$D/dovecot.conf"; then
    echo "bench dovecot: pid $PID is not our running dovecot; removing stale pid file" >&2
    rm -f "$PIDFILE"
    exit 0
fi
kill -TERM "$PID"
for _ in $(seq 1 100); do
    kill -0 "$PID" 2>/dev/null || { echo "bench dovecot stopped (pid $PID)" >&2; rm -f "$PIDFILE"; exit 0; }
    sleep 0.1
done
echo "bench dovecot pid $PID still alive after 10s; sending KILL" >&2
kill -KILL "$PID" 2>/dev/null || true
rm -f "$PIDFILE"
