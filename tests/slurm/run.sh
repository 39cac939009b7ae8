#!/usr/bin/env bash
# Sharded sweeps on a real Slurm: a single-node cluster (munge, slurmctld, slurmd)
# started here with a minimal slurm.conf in a temporary folder, the job-array
# script of `leadplan sweep --slurm-script` submitted with 4 shards of the
# trilateral sweep, merged by the dependent job the script's header names, and
# compared byte for byte with a single-machine sweep. Then again with one array
# task cancelled mid-run (scancel) and requeued (scontrol requeue): it resumes
# (--resume), and the merge is still the same bytes.
#
# Installs nothing: .ci/run installs `slurmctld slurmd slurm-client munge`.
# If Slurm cannot start, this says why and fails; it never skips. It stops the
# daemons it started, by PID, and cancels its jobs, whatever happens.
#
#   tests/slurm/run.sh                     # as root, from anywhere
#   LEADPLAN=target/release/leadplan tests/slurm/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

say() { printf 'slurm test: %s\n' "$*"; }
fail() {
  printf 'slurm test FAILED: %s\n' "$*" >&2
  exit 1
}

for cmd in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$cmd" >/dev/null 2>&1 ||
    fail "$cmd not found; install the Debian packages slurmctld slurmd slurm-client munge (.ci/run does)"
done
[ "$(id -u)" = 0 ] || fail "slurmd must run as root (run this as root, as .ci/run does)"

if [ -z "${LEADPLAN:-}" ]; then
  cargo build --quiet --bin leadplan
  LEADPLAN=$repo/target/debug/leadplan
fi
LEADPLAN=$(realpath "$LEADPLAN")

tmp=$(mktemp -d /tmp/leadplan-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
jobs_submitted=()
cleanup() {
  local rc=$?
  for j in "${jobs_submitted[@]}"; do scancel "$j" 2>/dev/null || true; done
  # Let slurmd take down the cancelled job steps before it stops itself.
  if [ ${#jobs_submitted[@]} -gt 0 ]; then sleep 1; fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ $rc -ne 0 ]; then
    for log in "$tmp"/log/*.log; do
      [ -f "$log" ] && { echo "--- $log (last 20 lines)"; tail -n 20 "$log"; }
    done
  fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT

# A port nothing listens on.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (: </dev/tcp/127.0.0.1/$p) 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  fail "no free TCP port found"
}

# Waits up to $1 seconds for the command "${@:2}" to succeed.
wait_for() {
  local secs=$1
  shift
  for _ in $(seq $((secs * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

start_munge() {
  mkdir -p "$tmp/munge" "$tmp/log"
  chmod 711 "$tmp/munge"
  head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
  chmod 400 "$tmp/munge/munge.key"
  munged --foreground --force --socket="$tmp/munge/munge.socket" \
    --key-file="$tmp/munge/munge.key" --pid-file="$tmp/munge/munged.pid" \
    --seed-file="$tmp/munge/munged.seed" --log-file="$tmp/log/munged.log" \
    >>"$tmp/log/munged.out" 2>&1 &
  pids+=($!)
  wait_for 10 bash -c "munge --socket='$tmp/munge/munge.socket' -n | unmunge --socket='$tmp/munge/munge.socket'" ||
    fail "munged did not start (see its log below)"
}

host=$(hostname -s)
write_conf() {
  local cpus
  cpus=$(nproc)
  mkdir -p "$tmp/etc" "$tmp/state" "$tmp/spool"
  cat >"$tmp/etc/slurm.conf" <<EOF
ClusterName=leadplantest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=500 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$tmp/etc/slurm.conf
}

start_slurm() {
  slurmctld -D -i -f "$SLURM_CONF" >>"$tmp/log/slurmctld.out" 2>&1 &
  pids+=($!)
  wait_for 30 scontrol ping || fail "slurmctld did not answer scontrol ping within 30 s"
  slurmd -D -N "$host" -f "$SLURM_CONF" >>"$tmp/log/slurmd.out" 2>&1 &
  pids+=($!)
  wait_for 60 bash -c 'sinfo -h -N -o "%T" | grep -qx idle' ||
    fail "the node did not become idle within 60 s: $(sinfo -h -N -o '%T %E' 2>&1)"
  say "Slurm up: $(sinfo -h -o '%P %D %T %c CPUs')"
}

# The state of job (or array task) $1: PENDING, RUNNING, COMPLETED, CANCELLED, ...
state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }

# Waits until no task of job $1 is pending or running; every task must have completed with exit 0.
wait_job() {
  local job=$1 secs=$2
  wait_for "$secs" bash -c "[ -z \"\$(squeue -h -j $job 2>/dev/null)\" ]" ||
    fail "job $job still queued after $secs s: $(squeue -h -j "$job" -o '%i %T %R')"
  local bad
  bad=$(scontrol -o show job "$job" | grep -v 'JobState=COMPLETED .*ExitCode=0:0' || true)
  [ -z "$bad" ] || fail "job $job did not complete cleanly: $bad"
}

# Exit 0 or 1 (1: some runs failed) of "$@"; anything else fails the test.
run_leadplan() {
  local rc=0
  "$@" || rc=$?
  [ $rc -le 1 ] || fail "exit $rc from: $*"
}

# The merged folder $1 holds the single-machine sweep's bytes (the manifest apart from threads and timing).
same_as_single() {
  for f in runs.csv runs.jsonl summary.json summary.md; do
    cmp "single/$f" "$1/$f" || fail "$1/$f differs from the single-machine sweep's"
  done
  local facts='"threads"|"wall_seconds"|"runs_per_second"'
  diff <(grep -Ev "$facts" single/manifest.json) <(grep -Ev "$facts" "$1/manifest.json") ||
    fail "$1/manifest.json differs from the single-machine sweep's"
  say "$1: runs.csv, runs.jsonl, summary.json, summary.md and the manifest are the single-machine sweep's"
}

start_munge
write_conf
start_slurm

# The study: the trilateral Saltelli sweep with 8192 base samples (x 8 = 65536
# runs), 4 shards of 16384. The shipped file's 512 base samples made shards of
# 1024 runs that a fast machine finished (0.3 s) before scancel reached them;
# a shard now takes seconds, so the cancel lands mid-run.
study=$tmp/study
mkdir -p "$study"
cp scenarios/trilateral-saltelli.sweep.toml scenarios/trilateral-public-goods.toml "$study/"
cd "$study"
sed -i "s/^runs = 512 /runs = 8192/" trilateral-saltelli.sweep.toml
grep -q "^runs = 8192" trilateral-saltelli.sweep.toml ||
  fail "could not set 8192 base samples in the copied sweep file (its runs line changed?)"
sweep=trilateral-saltelli.sweep.toml
script() { # $1: output folder
  "$LEADPLAN" sweep "$sweep" --chunk 16 --out "$1" --slurm-script --shards 4 \
    --cpus 1 --time 00:10:00 --partition test 2>/dev/null
}
say "single-machine sweep"
run_leadplan "$LEADPLAN" sweep "$sweep" --out single --threads 2 >/dev/null 2>&1

# 1. The array, and the merge as the dependent job the script's header names.
script cluster1 >job1.sbatch
jobid=$(sbatch --parsable job1.sbatch)
jobs_submitted+=("$jobid")
dependent=$(grep -m 1 '^#   sbatch --dependency=' job1.sbatch | sed 's/^#   sbatch /sbatch --parsable /')
[ -n "$dependent" ] || fail "no dependent merge job in the script's header"
merge_job=$(eval "$dependent")
jobs_submitted+=("$merge_job")
say "submitted array job $jobid (4 shards) and merge job $merge_job after it"
wait_job "$jobid" 120
# The merge exits 1 when some runs failed; this sweep has none, so it must complete.
wait_job "$merge_job" 60
same_as_single cluster1

# 2. One task cancelled mid-run, requeued: it resumes, and the merge is the same.
script cluster2 >job2.sbatch
jobid=$(sbatch --parsable job2.sbatch)
jobs_submitted+=("$jobid")
shard2=cluster2/shards/2-of-4
wait_for 60 bash -c "[ \"\$(wc -l <$shard2/runs.jsonl 2>/dev/null || echo 0)\" -ge 32 ]" ||
  fail "shard 2 of job $jobid recorded no runs within 60 s"
scancel "${jobid}_2"
wait_for 30 bash -c "scontrol show job ${jobid}_2 | grep -q JobState=CANCELLED" ||
  fail "task ${jobid}_2 was not cancelled: $(state "${jobid}_2")"
recorded=$(wc -l <"$shard2/runs.jsonl")
[ "$recorded" -lt 16384 ] || fail "task ${jobid}_2 finished before it was cancelled; the test needs a longer shard"
say "cancelled task ${jobid}_2 after $recorded of its 16384 runs; requeueing it"
scontrol requeue "${jobid}_2" || fail "scontrol requeue ${jobid}_2 refused"
# A requeued job waits about two minutes before it may start again; start it now.
scontrol update JobId="${jobid}_2" StartTime=now || fail "cannot move the requeued task's start time"
wait_job "$jobid" 120
resumed=$(grep -o '"started_at_run": [0-9]*' "$shard2/manifest.json" | grep -o '[0-9]*$')
[ "$resumed" -gt 16384 ] ||
  fail "the requeued shard started again from run $resumed, not where it stopped (after run 16384 + $recorded)"
say "the requeued task resumed at run $resumed"
merge=$(grep -m 1 '^#   cd ' job2.sbatch | sed 's/^#   //')
run_leadplan bash -c "$merge" >/dev/null
same_as_single cluster2
say "passed"
