#!/usr/bin/env bash
# A whole campaign on this machine: N shards as N processes at once, then the merge.
#
#   run-local.sh N OUT [SEED] [EXAMPLES]
#
# The same scripts a Slurm array job (slurm-array.sbatch) or a Kubernetes indexed Job
# (k8s-indexed-job.yaml) runs, one shard per task.
set -euo pipefail
count=${1:?usage: run-local.sh N OUT [SEED] [EXAMPLES]}
out=${2:?usage: run-local.sh N OUT [SEED] [EXAMPLES]}
seed=${3:-1} examples=${4:-2000}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
pids=()
for ((i = 0; i < count; i++)); do
  "$here/run-shard.sh" "$i" "$count" "$out" "$seed" "$examples" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
"$here/merge.sh" "$out" || failed=1
exit "$failed"
