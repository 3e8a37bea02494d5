#!/usr/bin/env bash
# Merges the shard reports under OUT into OUT/scenario-report.json and prints the totals.
#
#   merge.sh OUT
#
# Needs the command line jar (mvn -B -q -DskipTests package builds it). Exit code: 0 when no
# property was violated, 1 when one was, 2 when there is nothing to merge.
set -euo pipefail
out=${1:?usage: merge.sh OUT}
repo=$(cd "$(dirname "$0")/../.." && pwd)
jar="$repo/demo-apps/target/minitransport.jar"
if [ ! -f "$jar" ]; then
  (cd "$repo" && mvn -B -q -DskipTests package)
fi
shopt -s nullglob
reports=("$out"/shard-*/scenario-report.json)
if [ "${#reports[@]}" -eq 0 ]; then
  echo "merge.sh: no shard-*/scenario-report.json under $out" >&2
  exit 2
fi
java -jar "$jar" scenario merge-reports -o "$out/scenario-report.json" "${reports[@]}"
