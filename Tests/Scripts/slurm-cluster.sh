#!/usr/bin/env bash
# End-to-end check of `tricks slurm` on a real Slurm cluster: starts a one-node cluster on loopback
# (munged, slurmctld and slurmd as this script's own processes, every file in a temp dir, random ports),
# submits `sanity-checks --profile quick --seeds 2 --epochs 1` as an array of 4 shards plus the
# dependent report job, waits for both (bounded), and checks that the merged tables are byte-identical
# to a single-machine run.
#
# Usage: slurm-cluster.sh /abs/path/to/tricks [data-dir]
#   data-dir: the four Fashion-MNIST *-ubyte(.gz) files (default: $TRICKS_DATA, else the Debian
#   package's folder). The Swift test passes small synthetic files to keep the run short.
# Exit: 0 passed; 1 failed; 77 cannot run here (the reason is the last line on stderr, starting with
#   "cannot run here:"). Installs slurm-wlm and munge with apt-get if they are missing (needs root).
# Environment: TRICKS_SLURM_TIMEOUT (seconds to wait for the jobs, default 300),
#   TRICKS_SLURM_KEEP=1 keeps the temp dir for a look afterwards.
set -euo pipefail

tricks=${1:?usage: slurm-cluster.sh /abs/path/to/tricks [data-dir]}
data=${2:-${TRICKS_DATA:-/usr/share/datasets/fashion-mnist}}
timeout=${TRICKS_SLURM_TIMEOUT:-300}
tasks=4
experiment=(sanity-checks --profile quick --seeds 2 --epochs 1 --data "$data")

skip() { echo "cannot run here: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "slurm-cluster: $*" >&2; }

[ -x "$tricks" ] || fail "no tricks binary at '$tricks'"
case "$tricks" in /*) ;; *) fail "give the tricks binary as an absolute path, not '$tricks'" ;; esac
[ "$(id -u)" -eq 0 ] || skip "slurmd runs jobs as their owner and so must be root, and this is uid $(id -u)"
ls "$data"/train-images-idx3-ubyte* >/dev/null 2>&1 || skip "no Fashion-MNIST in $data (apt-get install dataset-fashion-mnist)"
data=$(cd "$data" && pwd)  # the jobs run in another folder

# --- Slurm and munge from Debian, if missing ------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null || ! command -v mungekey >/dev/null; then
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  say "installing slurm-wlm munge (about 30 s)"
  install_log=$(mktemp)
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge; } >"$install_log" 2>&1; then
    skip "apt-get install slurm-wlm munge failed: $(tail -n 1 "$install_log")"
  fi
fi

# --- The cluster's folder and teardown ------------------------------------------------------------
dir=$(mktemp -d /tmp/tricks-slurm.XXXXXX)
chmod 755 "$dir"  # munged refuses a socket in a folder that others cannot traverse
pids=()
cleanup() {
  local status=$?
  trap - EXIT
  if [ -f "$dir/slurm.conf" ] && [ -n "${SLURM_CONF:-}" ]; then
    scancel --quiet --user=root >/dev/null 2>&1 || true   # only this cluster's jobs: SLURM_CONF is ours
    sleep 1
  fi
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    for log in slurmctld.log slurmd.log munged.log; do
      [ -f "$dir/$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$dir/$log" >&2; }
    done
    for log in "$dir"/run/scratch/slurm/*/logs/*.out; do
      [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  if [ "${TRICKS_SLURM_KEEP:-0}" = 1 ]; then say "kept $dir"; else rm -rf "$dir"; fi
  exit "$status"
}
trap cleanup EXIT

# Two free TCP ports next to each other, away from Slurm's defaults (other clusters may be running).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 50); do
  port=$(( 20000 + RANDOM % 30000 ))
  port_in_use "$port" || port_in_use $((port + 1)) || break
done

# --- munged ---------------------------------------------------------------------------------------
mungekey --create --keyfile="$dir/munge.key" >/dev/null 2>&1 || skip "mungekey could not create a key"
munged --foreground --socket="$dir/munge.sock" --key-file="$dir/munge.key" --log-file="$dir/munged.log" \
  --pid-file="$dir/munged.pid" --seed-file="$dir/munged.seed" >>"$dir/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -S "$dir/munge.sock" ] && break; sleep 0.1; done
[ -S "$dir/munge.sock" ] || skip "munged did not start: $(tail -n 1 "$dir/munged.log")"

# --- slurm.conf -----------------------------------------------------------------------------------
# proctrack/linuxproc and task/none need no cgroups, so this works in a container too.
mkdir -p "$dir/state" "$dir/spool" "$dir/run"
cat >"$dir/slurm.conf" <<EOF
ClusterName=trickstest
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=kill_invalid_depend
SlurmdParameters=config_overrides
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

# --- slurmctld and slurmd -------------------------------------------------------------------------
slurmctld -D -i -f "$SLURM_CONF" >>"$dir/slurmctld.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q "is UP" && break; sleep 0.2; done
scontrol ping 2>/dev/null | grep -q "is UP" || skip "slurmctld did not come up: $(grep -i error "$dir/slurmctld.log" | tail -n 1)"
slurmd -D -N localhost -f "$SLURM_CONF" >>"$dir/slurmd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
[ "$state" = idle ] || skip "slurmd did not register (node state '$state'): $(grep -i error "$dir/slurmd.log" | tail -n 1)"
say "cluster up (slurmctld port $port, $(nproc) CPUs) in $dir"

# --- The reference: one machine, no shards --------------------------------------------------------
cd "$dir/run"
started=$SECONDS
"$tricks" run "${experiment[@]}" --out reference --jobs "$(nproc)" >reference.log 2>&1 \
  || { tail -n 20 reference.log >&2; fail "the single-machine run failed"; }
say "single-machine run: $((SECONDS - started)) s"

# --- The same on the cluster: 4 shards, then the report -------------------------------------------
started=$SECONDS
"$tricks" slurm "${experiment[@]}" --tasks "$tasks" --out sharded --submit >submit.log 2>&1 \
  || { cat submit.log >&2; fail "tricks slurm --submit failed"; }
array_job=$(sed -n 's/^submitted array job \([0-9]*\).*/\1/p' submit.log)
report_job=$(sed -n 's/^submitted report job \([0-9]*\).*/\1/p' submit.log)
[ -n "$array_job" ] && [ -n "$report_job" ] || { cat submit.log >&2; fail "no job ids in the output of --submit"; }
grep -q -- "--array=1-$tasks" scratch/slurm/sanity-checks/array.sbatch || fail "array.sbatch has no --array=1-$tasks"

deadline=$((SECONDS + timeout))
while [ -n "$(squeue -h -j "$array_job,$report_job" 2>/dev/null)" ]; do
  [ "$SECONDS" -lt "$deadline" ] || { squeue >&2; fail "the jobs did not finish within $timeout s"; }
  sleep 2
done
report_state=$(scontrol -o show job "$report_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
[ "$report_state" = COMPLETED ] || fail "the report job ended $report_state (a shard failed or the report did)"
for task in $(seq 1 "$tasks"); do
  state=$(scontrol -o show job "${array_job}_$task" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [ "$state" = COMPLETED ] || fail "shard $task ended ${state:-unknown}"
done
say "cluster run ($tasks shards + report): $((SECONDS - started)) s"

# --- Same bytes -----------------------------------------------------------------------------------
compared=0
for table in curves.csv finals.csv summary.csv significance.csv probes.csv verdict.md; do
  [ -f "reference/sanity-checks/$table" ] || continue
  cmp "reference/sanity-checks/$table" "sharded/sanity-checks/$table" || fail "$table differs from the single-machine run"
  compared=$((compared + 1))
done
[ "$compared" -ge 5 ] || fail "only $compared tables to compare"
! grep -q "Missing runs" sharded/sanity-checks/verdict.md || fail "the merged verdict.md lists missing runs"
! grep -q -- "--shard" sharded/sanity-checks/manifest.json || fail "the manifest keeps a shard's command"
say "passed: $compared tables byte-identical to the single-machine run"
