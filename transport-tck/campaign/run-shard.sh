#!/usr/bin/env bash
# Runs shard I of N of a property-test campaign and leaves its report in OUT/shard-I/.
#
#   run-shard.sh I N OUT [SEED] [EXAMPLES]
#
# I, N      this shard (0-based) and the number of shards (-Dminitransport.shard=I/N)
# OUT       a folder every shard can write to (shared storage on a cluster)
# SEED      the campaign seed, the same for every shard (default: 1); shard I draws from SEED + I
# EXAMPLES  the example knob (-Dminitransport.examples; default 2000 = the counts of mvn verify)
#
# The shard builds and tests a private copy of the checkout (in $TMPDIR, node-local scratch on a
# cluster), so shards never share a target/ folder. It runs transport-tck's properties only:
# ScenarioProperty splits their examples by shard, and the reports add up (merge.sh).
# Exit code: Maven's (0 when every property held).
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: $0 I N OUT [SEED] [EXAMPLES]" >&2
  exit 2
fi
index=$1 count=$2 out=$3 seed=${4:-1} examples=${5:-2000}
case "$index/$count" in
  [0-9]*/[0-9]*) ;;
  *) echo "$0: shard $index/$count is not two whole numbers" >&2; exit 2 ;;
esac
if [ "$index" -ge "$count" ]; then
  echo "$0: shard index $index must be below the shard count $count" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/minitransport-shard-$index-of-$count.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar --exclude=./.git --exclude='./*/target' -C "$repo" -cf - . | tar -xf - -C "$work"
mkdir -p "$out/shard-$index"
status=0
(cd "$work" && mvn -B -q -pl transport-tck -am test \
    -Dtest='org/minitransport/tck/**/*Properties,!BlindAttackerProperties,!ScenarioJsonProperties' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dminitransport.shard="$index/$count" -Dminitransport.seed="$seed" \
    -Dminitransport.examples="$examples") > "$out/shard-$index/maven.log" 2>&1 || status=$?
cp "$work/transport-tck/target/scenario-report.json" "$out/shard-$index/" 2>/dev/null || true
if [ -d "$work/transport-tck/target/scenario-failures" ]; then
  cp -r "$work/transport-tck/target/scenario-failures" "$out/shard-$index/"
fi
echo "shard $index/$count: exit $status, report $out/shard-$index/scenario-report.json"
exit "$status"
