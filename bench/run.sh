#!/usr/bin/env bash
# Mailmind's benchmark in one command (see bench/README.md):
#   installs what is missing (dovecot-imapd, isync, time; as root, with apt), builds the CLI jar when it is
#   missing or older than the sources, starts a private Dovecot on 127.0.0.1, generates the mailboxes that
#   are missing, measures the references (raw IMAP floor, metadata-only pass, mbsync, the CONDSTORE probe)
#   and Mailmind's sync (H2, PostgreSQL, no-op resync at three sizes, a 100 MB attachment) in one run, prints
#   the table, and stops Dovecot again if it started it.
#
#   bench/run.sh                 # full run, ~12 min on 2 cores (+ ~3 min the first time, to generate)
#   bench/run.sh --quick         # 1,000-message mailbox, fewer runs (~2 min)
#   bench/run.sh --only mailmind-h2,raw-body     # a subset (ids in bench/README.md); other options go to measure.py
#
# Environment: MM_WORK (/tmp/mailmind-bench), MM_DOVECOT_DIR ($MM_WORK/dovecot), MM_IMAP_PORT (11143),
# MM_JAVA (java), MM_JAVA_OPTS (-Xmx256m), MM_PG_URL (jdbc:postgresql://127.0.0.1:5432/mailmind_bench; the
# database is dropped and created for every run), MM_PG_USER (postgres), MM_SKIP_BUILD=1.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
export MM_WORK=${MM_WORK:-/tmp/mailmind-bench}
export MM_DOVECOT_DIR=${MM_DOVECOT_DIR:-$MM_WORK/dovecot}
export MM_IMAP_PORT=${MM_IMAP_PORT:-11143}
export MM_IMAPS_PORT=0
export MM_USERS="bench bench1k bench50k benchbig"
SEED=42

quick=0
args=()
for arg in "$@"; do
    if [ "$arg" = --quick ]; then quick=1; else args+=("$arg"); fi
done
mkdir -p "$MM_WORK"

# --- tools ---------------------------------------------------------------------------------------
missing=()
command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
command -v mbsync >/dev/null || missing+=(isync)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing ${missing[*]} (apt)" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing packages: ${missing[*]} (apt-get install -y ${missing[*]})" >&2; exit 1
    fi
fi

# --- the CLI jar ---------------------------------------------------------------------------------
JAR="$ROOT/mailmind-examples/target/mailmind.jar"
if [ "${MM_SKIP_BUILD:-0}" != 1 ]; then
    if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src -newer "$JAR" 2>/dev/null | head -n 1)" ]; then
        echo "building $JAR (./mvnw -q -B -DskipTests package -pl mailmind-examples -am)" >&2
        (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl mailmind-examples -am) >&2
    fi
fi

# --- Dovecot -------------------------------------------------------------------------------------
started_here=0
if ! { [ -s "$MM_DOVECOT_DIR/run/master.pid" ] && kill -0 "$(cat "$MM_DOVECOT_DIR/run/master.pid")" 2>/dev/null; }; then
    started_here=1
fi
"$HERE/dovecot-up.sh" >/dev/null
if [ $started_here = 1 ]; then
    trap '"$HERE/dovecot-down.sh"' EXIT
fi

# --- mailboxes -----------------------------------------------------------------------------------
# ensure_mailbox USER COUNT [generator options...]: generates the user's Maildir unless its manifest says
# it already holds exactly that mailbox.
ensure_mailbox() {
    local user=$1 count=$2; shift 2
    local maildir="$MM_DOVECOT_DIR/mail/$user"
    local opts="$*"
    if python3 - "$maildir.manifest.json" "$maildir" "$count" "$SEED" "$opts" <<'PY'
import json, os, sys
man, root, count, seed, opts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
try:
    m = json.load(open(man))
except Exception:
    sys.exit(1)
mix = "plain" if "--mix plain" in opts else "default"
big = int(opts.split("--big-attachment-mb ")[1].split()[0]) if "--big-attachment-mb" in opts else 0
n = sum(len(f) for r, d, f in os.walk(root) if os.path.basename(r) in ("cur", "new"))
want = count + (1 if big else 0)
ok = (m["seed"], m.get("mix", "default"), m.get("big_attachment_mb", 0), m["count"], n) == (seed, mix, big, want, want)
sys.exit(0 if ok else 1)
PY
    then
        echo "mailbox $user present ($maildir)" >&2
    else
        echo "generating mailbox $user: $count messages $opts -> $maildir" >&2
        python3 "$HERE/gen-mailbox.py" --count "$count" --seed "$SEED" --maildir "$maildir" --clean "$@" >&2
    fi
}
ensure_mailbox bench1k 1000
ensure_mailbox benchbig 1000 --big-attachment-mb 100
if [ $quick = 1 ]; then
    main_user=bench1k
    noop_users=bench1k
    extra=(--runs 2 --fast-runs 3 --noop-reps 20)
else
    ensure_mailbox bench 10000
    ensure_mailbox bench50k 50000 --mix plain
    main_user=bench
    noop_users=bench1k,bench,bench50k
    extra=()
fi

# --- measure -------------------------------------------------------------------------------------
python3 "$HERE/measure.py" --jar "$JAR" --user "$main_user" --noop-users "$noop_users" \
    "${extra[@]}" ${args[@]+"${args[@]}"}
