#!/usr/bin/env bash
# Two chat-service jars, each measured against the same reference in its own run of ChatFanoutBench, the runs
# alternated (A B, then B A, ...), so that a before/after comparison shares the machine's moods; then the median of
# each jar's per-round ratios, pooled over its runs. Per-round ratios, because this VM's speed moves by itself between
# rounds: a round's two sides share its speed, the rounds of different runs do not.
#
#   bench/chat/compare-jars.sh BEFORE.jar AFTER.jar [bare|cluster] [ROUNDS per run, 5] [PAIRS, 2]
#
# Each run takes the lock in $BENCH_LOCK (default /tmp/bench.lock) alone; the full logs go to $OUT (default a new
# folder under /tmp). Pinning is ChatFanoutBench's: servers on core 1; this script puts the load on core 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
select_jdk 21
before=$1 after=$2 mode=${3:-bare} rounds=${4:-5} pairs=${5:-2}
out=${OUT:-$(mktemp -d /tmp/chat-compare.XXXXXX)}
mkdir -p "$out"
lock=${BENCH_LOCK:-/tmp/bench.lock}
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then order="before after"; else order="after before"; fi
  for side in $order; do
    if [ "$side" = before ]; then jar=$before; else jar=$after; fi
    echo "run $i $side ($jar) $(date -u +%T)"
    flock "$lock" taskset -c 0 "$JAVA_HOME/bin/java" bench/chat/ChatFanoutBench.java --compare "$mode" \
      --seconds 6 --warmup 3 --rounds "$rounds" --jar "$jar" > "$out/$i-$side.log" 2>&1
  done
done
python3 - "$out" <<'PY'
import glob, re, statistics, sys
ratios = {}
for path in sorted(glob.glob(sys.argv[1] + "/*.log")):
    side = path.rsplit("-", 1)[1][:-4]
    rounds = {}
    for line in open(path):
        m = re.match(r"round (\d+)\s+(.*?)\s+W=(\d+)\s+([\d,]+) delivered", line)
        if not m:
            continue
        reference = "(peer)" in m.group(2) or m.group(2) == "one node"
        pair = rounds.setdefault((int(m.group(3)), m.group(1)), {})
        pair["reference" if reference else "measured"] = float(m.group(4).replace(",", ""))
        if len(pair) == 2:
            ratios.setdefault((side, int(m.group(3))), []).append(pair["measured"] / pair["reference"])
for (side, w), values in sorted(ratios.items(), key=lambda item: (item[0][1], item[0][0] != "before")):
    print(f"W={w:<3} {side:<7} median of {len(values)} per-round ratios {statistics.median(values):.2f}"
          f"  (rounds {' '.join(f'{v:.2f}' for v in values)})")
PY
echo "logs: $out"
