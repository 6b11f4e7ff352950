#!/usr/bin/env bash
# Kills a plain H2 writer (no Mailmind code) with kill -9 at random moments and checks the file after each kill.
#   bench/h2-crash/run.sh [lob|conc|plain] [KILLS]   (needs ~/.m2's H2 jar: run ./mvnw -q install -DskipTests once)
# lob: one writer, 300-row batches with CLOBs, MAX_LENGTH_INPLACE_LOB 64 KiB (as the store sets it);
# conc: the same plus two threads rewriting large CLOBs; plain: one writer, H2's defaults.
# Each line: rows (COUNT(*)), orphans (rows of a transaction that never committed: no address row),
# the largest id, H2's persisted identity counter, rows still locked by a transaction that no longer exists.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-lob}; kills=${2:-25}
h2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | sort -V | tail -n 1)
work=$(mktemp -d /tmp/h2-crash.XXXXXX)
javac -cp "$h2" -d "$work" "$here/H2KillRepro.java"
echo "H2 $(basename "$h2"), files in $work"
for i in $(seq 1 "$kills"); do
  delay=$(( (RANDOM % 3000) + 300 ))
  java -cp "$h2:$work" H2KillRepro "$work/db" "$mode" "$delay" >/dev/null 2>&1 || true
  echo "kill $i after ${delay} ms: $(timeout 120 java -cp "$h2:$work" H2KillRepro "$work/db" check 2>&1 | tail -n 1)"
done
