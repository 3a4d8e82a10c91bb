#!/usr/bin/env bash
# Kill safety: a run that is killed at random moments and resumed each time ends with the same table
# bytes as a run that was never interrupted, and leaves no temp file.
#
#   Tests/Scripts/kill-resume.sh            (CLITests runs it with TRICKS=<package>/.build/debug/tricks)
#
# What it does, on `tricks all --profile quick` (or `tricks run $EXPERIMENTS --profile quick` when
# EXPERIMENTS is set) over a small slice of Fashion-MNIST
# (small-fashion-mnist.sh: 6,000 training and 1,000 test images, so a debug binary finishes in seconds
# rather than minutes; the kill-safety machinery does not depend on the data):
#   1. a reference run, never interrupted;
#   2. at least $KILLS kills, each at a random moment (seeded: RANDOM=$SEED), each followed by a resume
#      of the same command. Most are SIGKILL; one is SIGINT and one SIGTERM, which must exit with 130 and
#      143, print how to resume on stderr, and leave no temp file. Resumes alternate --jobs 1 and 2.
#      When a resume runs to the end before its kill, its tables are compared with the reference, the
#      folder is emptied and the next round starts from nothing, so every kill hits unfinished work;
#      Kills land in the first sixth of a full run's time after each start, so most runs are killed
#      while loading data, training or writing a cell record;
#   2b. the run is finished, and 6 more SIGKILLs land while a resume with nothing to train rewrites the
#      tables and manifest;
#   3. half-written temp files are planted (what a SIGKILL inside a write leaves: a kill rarely lands in
#      that window by chance), a last resume runs, then: every *.csv and verdict.md byte-identical to the
#      reference, the same cell files, no *.tmp anywhere, and no crash report in any log.
# Exit status 0 when all of this holds, 1 with a "kill-resume: FAIL:" line otherwise.
#
# Environment: TRICKS (binary; default .build/debug/tricks), KILLS (24), SEED (42),
# EXPERIMENTS (unset: every registered experiment, through `tricks all`; about 40 s per uninterrupted
# run with a debug binary and seven experiments),
# KEEP=1 keeps the work folder.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
package=$(cd "$here/../.." && pwd)
tricks=${TRICKS:-$package/.build/debug/tricks}
kills=${KILLS:-24}
seed=${SEED:-42}
RANDOM=$seed

work=$(mktemp -d "${TMPDIR:-/tmp}/kill-resume.XXXXXX")
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT

fail() { echo "kill-resume: FAIL: $*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# A uniform integer in [low, high], from the seeded RANDOM (30 bits, so spans beyond 32767 work).
random_between() { echo $(($1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1))); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

[[ -x $tricks ]] || fail "$tricks is not an executable (build it with swift build)"
bash "$here/small-fashion-mnist.sh" "$work/data"
if [[ -n ${EXPERIMENTS:-} ]]; then
  read -r -a experiments <<<"$EXPERIMENTS"
  command=(run "${experiments[@]}" --profile quick --data "$work/data")
else
  # `tricks list` prints each id unindented, its details indented.
  read -r -a experiments <<<"$("$tricks" list --out "$work/none" | grep -v '^ ' | tr '\n' ' ')"
  command=(all --profile quick --data "$work/data")
fi
[[ ${#experiments[@]} -gt 0 ]] || fail "no experiments to run"

# Every *.csv, verdict.md and cell file of the reference must exist in $1 with the same bytes, and $1
# must hold no other table, no other cell and no temp file.
check_same() {
  local out=$1 id
  for id in "${experiments[@]}"; do
    local ref=$work/reference/$id got=$out/$id name
    [[ $(cd "$ref" && ls -- *.csv verdict.md) == $(cd "$got" && ls -- *.csv verdict.md) ]] ||
      fail "$got holds other tables than the reference"
    for name in $(cd "$ref" && ls -- *.csv verdict.md); do
      cmp -s "$ref/$name" "$got/$name" || fail "$got/$name differs from the uninterrupted run's"
    done
    [[ $(ls "$ref/cells") == $(ls "$got/cells") ]] || fail "$got/cells holds other cell files than the reference"
  done
  local temporary
  temporary=$(find "$out" -name '*.tmp')
  [[ -z $temporary ]] || fail "temp files left behind: $temporary"
}

# 1. The reference, timed so that kill moments scale with this machine's speed and load.
started=$(now_ms)
"$tricks" "${command[@]}" --jobs 2 --out "$work/reference" >/dev/null 2>"$work/reference.log" ||
  fail "the reference run failed: $(tail -n 3 "$work/reference.log")"
reference_ms=$(($(now_ms) - started))

# 2. Kill and resume. A kill lands somewhere in the first sixth of a full run's time: loading the data,
# training a cell, writing a cell record or a table.
out=$work/killed
landed=0 attempts=0 rounds=0 temp_seen=0 interrupt_ok=0 terminate_ok=0
while ((landed < kills)); do
  attempts=$((attempts + 1))
  ((attempts <= kills * 4)) || fail "only $landed of $kills kills landed in $((attempts - 1)) attempts"
  signal=KILL expected=137
  if ((landed == 4 && !interrupt_ok)); then signal=INT expected=130; fi
  if ((landed == 12 && !terminate_ok)); then signal=TERM expected=143; fi
  log=$work/attempt-$attempts.log
  "$tricks" "${command[@]}" --jobs $((1 + attempts % 2)) --out "$out" >/dev/null 2>"$log" &
  pid=$!
  # SIGINT and SIGTERM wait until the process has surely installed its handlers (its first milliseconds).
  earliest=50
  [[ $signal == KILL ]] || earliest=500
  sleep_ms "$(random_between $earliest $((reference_ms / 6 + earliest)))"
  kill -s "$signal" "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?  # 2>/dev/null: bash's own "Killed" notice
  if ((status == 0)); then
    # This resume finished before the signal: check it, then start a new round from nothing.
    check_same "$out"
    rm -rf "$out"
    rounds=$((rounds + 1))
    continue
  fi
  ((status == expected)) || fail "attempt $attempts: SIG$signal gave exit status $status, expected $expected: $(tail -n 3 "$log")"
  landed=$((landed + 1))
  if [[ $signal != KILL ]]; then
    grep -q "run the same command again to resume" "$log" || fail "SIG$signal: stderr does not say how to resume: $(tail -n 3 "$log")"
    [[ -z $(find "$out" -name '*.tmp' 2>/dev/null) ]] || fail "SIG$signal left a temp file behind"
    if [[ $signal == INT ]]; then interrupt_ok=1; else terminate_ok=1; fi
  elif [[ -n $(find "$out" -name '*.tmp' 2>/dev/null) ]]; then
    temp_seen=$((temp_seen + 1))
  fi
done
((interrupt_ok && terminate_ok)) || fail "SIGINT or SIGTERM was never tested"

# 2b. Kills while the tables are written, which happens only once all cells are done: finish the run,
# time a resume that has nothing left to train (it only rewrites the tables and the manifest), then kill
# such resumes at random moments within that time. Not all of them land; they need not.
"$tricks" "${command[@]}" --jobs 2 --out "$out" >/dev/null 2>"$work/finish.log" ||
  fail "finishing the run failed: $(tail -n 3 "$work/finish.log")"
started=$(now_ms)
"$tricks" "${command[@]}" --jobs 2 --out "$out" >/dev/null 2>"$work/rewrite.log" ||
  fail "rewriting the tables failed: $(tail -n 3 "$work/rewrite.log")"
rewrite_ms=$(($(now_ms) - started))
table_kills=0
for attempt in 1 2 3 4 5 6; do
  "$tricks" "${command[@]}" --jobs 2 --out "$out" >/dev/null 2>"$work/rewrite-$attempt.log" &
  pid=$!
  sleep_ms "$(random_between 0 "$rewrite_ms")"
  kill -s KILL "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  ((status == 0 || status == 137)) || fail "a table rewrite gave exit status $status: $(tail -n 3 "$work/rewrite-$attempt.log")"
  ((status == 0)) || table_kills=$((table_kills + 1))
done

# 3. Resume to the end and compare. First plant what a SIGKILL in the middle of a write leaves (a kill
# rarely lands in that window by chance): half-written temp files beside a cell record and a table.
for id in "${experiments[@]}"; do
  mkdir -p "$out/$id/cells"
  printf '{"formatVersion":1,"experi' >"$out/$id/cells/$(ls "$work/reference/$id/cells" | head -n 1).tmp"
  printf 'arm,seed,epoch\n' >"$out/$id/curves.csv.tmp"
done
"$tricks" "${command[@]}" --jobs 2 --out "$out" >/dev/null 2>"$work/final.log" ||
  fail "the final resume failed: $(tail -n 3 "$work/final.log")"
check_same "$out"
if grep -l -E "Fatal error|Stack dump|Backtrac|Program crashed" "$work"/*.log >/dev/null; then
  fail "a crash report in $(grep -l -E "Fatal error|Stack dump|Backtrac|Program crashed" "$work"/*.log | head -n 1)"
fi
echo "kill-resume: OK: $landed kills (SIGINT and SIGTERM included) in $attempts attempts, $rounds completed rounds," \
  "$temp_seen kills left a temp file that the next resume removed; then $table_kills of 6 kills landed" \
  "while tables were rewritten (${rewrite_ms} ms); tables identical to an uninterrupted run" \
  "(reference run ${reference_ms} ms)"
