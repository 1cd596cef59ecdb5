#!/usr/bin/env bash
# Web-service benchmark against nginx over the same root, in the same run, pinned (see README.md here).
# Usage: bench/web/run.sh            (DURATION=10 IDLE=10000 SLOW=1000 ROUNDS=3 WARMUP=5 by default)
#        OUT=path bench/web/run.sh   writes the Markdown results there instead of bench/web/last-results.md
#        (bench/run.sh does that, and sets short durations for its --quick smoke run)
#        LOGS="off on" (default) measures with access logs off, then on; LOGS=off skips the second pass
#        SCENARIOS="http tls" (default): the HTTP tables, then HTTPS (1 KiB page and 16 MiB file, both servers with
#        the same certificate from scripts/dev-ca.sh, TLS 1.2/1.3, access logs off); SCENARIOS=http or =tls alone
#        ONLY="image, -c2000" measures only the tests whose name holds that text (the idle and slowloris tests still run)
#        WEB_OPTS="-XX:StartFlightRecording=filename=/tmp/web.jfr" passes JVM options to web-service (here: a profile)
# Run it alone: flock /tmp/bench.lock bench/web/run.sh
# Only 127.0.0.1 is contacted; every process started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-"$REPO/web-service/target/web-service-0.1.0-SNAPSHOT.jar"}   # JAR=... measures another build (e.g. an older one)
DURATION=${DURATION:-10}
IDLE=${IDLE:-10000}
SLOW=${SLOW:-1000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}       # seconds of JVM warm-up per file
SETTLE=${SETTLE:-8}       # seconds the slowloris connections get to pile up before wrk measures
LOGS=${LOGS:-off on}
SCENARIOS=${SCENARIOS:-http tls}
SERVER_CPU=${SERVER_CPU:-1}   # both servers run on this core, one at a time, one worker each
LOAD_CPU=${LOAD_CPU:-0}       # wrk -t1 runs on this one
OUT=${OUT:-$HERE/last-results.md}
# shellcheck source=lib.sh
. "$HERE/lib.sh"
JCMD=$JAVA_HOME/bin/jcmd

for tool in wrk curl python3 taskset /usr/sbin/nginx; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk curl nginx-light python3 util-linux)"; exit 1; }
done
[ -f "$JAR" ] || { echo "build first: ./mvnw -pl web-service package -DskipTests"; exit 1; }
share_one_core_if_alone wrk

# 10,000 idle connections and wrk -c2000 need far more than the usual 1024 descriptors.
raise_open_files
if [ "$NOFILE" -lt $((IDLE + 500)) ]; then
    echo "only $NOFILE open files allowed here: holding $((NOFILE - 500)) idle connections instead of $IDLE"
    IDLE=$((NOFILE - 500))
fi

prepare_work /tmp/web-bench.XXXXXX
SCHEME=http

# The same root for both: the demo site plus a 16 MiB file.
head -c 16777216 /dev/urandom > "$WORK/root/big.bin"
PAGE=/index.html; IMAGE=/images/sunset.png; BIG=/big.bin

start_web() { # mode: off | on
    local log_args=(--web.access-log.enabled=false)
    if [ "$1" = on ]; then
        # The access log to a file of its own, nothing on the console (nginx: access_log to a file, buffered).
        log_args=(--web.access-log.enabled=true --web.access-log.file="$WORK/web-access.log")
    fi
    start_web_with "${log_args[@]}"
}

start_nginx() { # mode: off | on
    local access="access_log off;"
    [ "$1" = on ] && access="access_log $WORK/nginx/logs/access.log combined buffer=64k flush=1s;"
    start_nginx_with "" "$access" ""
}

wait_up() {
for i in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT$PAGE" && curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$PAGE" && break
    sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT$PAGE" || { echo "web-service did not start"; cat "$WORK/web.log"; exit 1; }
# HTTPS only matters to the tls scenarios (and an older build measured with SCENARIOS=http has none)
[[ " $SCENARIOS " == *" tls "* ]] || return 0
for server in "web-service $WEB_TLS_PORT" "nginx $NGINX_TLS_PORT"; do
    set -- $server
    for i in $(seq 1 60); do curl -sf -o /dev/null --cacert "$WORK/tls/ca.pem" "https://localhost:$2$PAGE" && break; sleep 0.5; done
    curl -sf -o /dev/null --cacert "$WORK/tls/ca.pem" "https://localhost:$2$PAGE" || { echo "$1 does not answer HTTPS"; cat "$WORK/web.log"; exit 1; }
done
}

# A row with non-2xx answers (taken out of the rate) is flagged: its name says so, the notes say how many.
rps() { # port path connections seconds -> "good-requests/s MB/s errors"
    local out
    out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$3" -d"$4"s "$SCHEME://127.0.0.1:$1$2" 2>&1)
    local req mb errors
    req=$(wrk_good_rate "$out")
    mb=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /KB/) {sub("KB","",v); v/=1024} else {sub("MB","",v)}; print v}' <<<"$out")
    errors=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' <<<"$out" | tr ' ' '_')
    echo "$req ${mb:-0} ${errors:-none}"
}
rss_kb() { local total=0; for p in "$@"; do total=$((total + $(awk '/VmRSS/ {print $2}' /proc/"$p"/status))); done; echo $total; }
nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }
heap_kb() { "$JCMD" "$WEB_PID" GC.run >/dev/null; sleep 1; "$JCMD" "$WEB_PID" GC.heap_info | grep -oP 'used \K[0-9]+(?=K)' | head -1; }

spread() { python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[1:]]; m=statistics.median(v); print(f'{(max(v)-min(v))/m*100:.0f}%' if m else '-')" "$@"; }

RESULTS="$WORK/results.md"
SPREAD="$WORK/spread.md"
{
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores. Pinned: each server alone on core $SERVER_CPU with one worker"
echo "(web-service --web.event-loops=1, nginx worker_processes 1, sendfile on), wrk -t1 on core $LOAD_CPU, -d${DURATION}s,"
echo "same root, median of $ROUNDS rounds alternating which server goes first; JVM warmed $WARMUP s per file."
echo "Access logs off, then on (web-service to its own file; nginx access_log to a file, buffer=64k)."
} > "$RESULTS"
{
echo
echo "| test | web-service req/s per round | nginx req/s per round | web-service spread | nginx spread |"
echo "|---|---|---|---|---|"
} > "$SPREAD"

measure() { # mode [tls]
    local mode=$1 tls=${2:-} web_port=$WEB_PORT nginx_port=$NGINX_PORT
    local label="access log $mode"
    local specs=("1 KiB page, -c64:$PAGE:64" "64 KiB image, -c64:$IMAGE:64" "16 MiB file, -c64:$BIG:64"
                 "1 KiB page, -c2000:$PAGE:2000" "64 KiB image, -c2000:$IMAGE:2000")
    if [ -n "$tls" ]; then
        # HTTPS: the same certificate on both; wrk keeps its connections, so this measures records, not handshakes.
        SCHEME=https; web_port=$WEB_TLS_PORT; nginx_port=$NGINX_TLS_PORT; label="HTTPS, access log $mode"
        specs=("1 KiB page, -c64:$PAGE:64" "16 MiB file, -c64:$BIG:64")
    fi
    {
    echo
    echo "| test ($label) | web-service req/s | nginx req/s | ratio | web-service MB/s | nginx MB/s |"
    echo "|---|---|---|---|---|---|"
    } >> "$RESULTS"
    echo "warming up the JVM ($WARMUP s per file) ..."
    for path in $PAGE $IMAGE $BIG; do rps "$web_port" "$path" 64 "$WARMUP" >/dev/null; done
    for spec in "${specs[@]}"; do
        IFS=: read -r name path conns <<<"$spec"
        [[ -z "${ONLY:-}" || "$name" == *"$ONLY"* ]] || continue
        name="${tls:+HTTPS }$name, logs $mode"
        w_reqs=(); n_reqs=(); w_mbs=(); n_mbs=(); flagged=""
        # Rounds alternate which server goes first, and the median is kept.
        for round in $(seq 1 "$ROUNDS"); do
            for server in $([ $((round % 2)) = 1 ] && echo "web nginx" || echo "nginx web"); do
                port=$([ "$server" = web ] && echo "$web_port" || echo "$nginx_port")
                read -r req mb err <<<"$(rps "$port" "$path" "$conns" "$DURATION")"
                if [ "$server" = web ]; then w_reqs+=("$req"); w_mbs+=("$mb"); else n_reqs+=("$req"); n_mbs+=("$mb"); fi
                [ "$err" != "none" ] && echo "$server, $name, round $round: ${err//_/ }" >> "$WORK/notes"
                [[ "$err" == *Non-2xx* ]] && flagged=" (FLAGGED: non-2xx answers, see the notes)"
            done
        done
        name="$name$flagged"
        w_req=$(median "${w_reqs[@]}"); n_req=$(median "${n_reqs[@]}")
        echo "| $name | $w_req | $n_req | $(ratio "$w_req" "$n_req") | $(median "${w_mbs[@]}") | $(median "${n_mbs[@]}") |" >> "$RESULTS"
        echo "| $name | ${w_reqs[*]} | ${n_reqs[*]} | $(spread "${w_reqs[@]}") | $(spread "${n_reqs[@]}") |" >> "$SPREAD"
        tail -1 "$RESULTS"
    done
    SCHEME=http
}

if [[ " $SCENARIOS " == *" http "* ]]; then
    for mode in $LOGS; do
        start_web "$mode"; start_nginx "$mode"; wait_up
        measure "$mode"
        stop_web; stop_nginx
    done
fi
if [[ " $SCENARIOS " == *" tls "* ]]; then
    start_web off; start_nginx off; wait_up
    measure off tls
    stop_web; stop_nginx
fi
cat "$SPREAD" >> "$RESULTS"
if [[ " $SCENARIOS " != *" http "* ]]; then
    cat "$RESULTS"; mkdir -p "$(dirname "$OUT")"; cp "$RESULTS" "$OUT"; exit 0
fi
# Idle connections and slowloris: access logs off.
start_web off; start_nginx off; wait_up

echo "idle connections ..."
HOLD=${HOLD:-$((20 + IDLE / 1000))}   # seconds the idle connections are held
heap_before=$(heap_kb); rss_before=$(rss_kb "$WEB_PID")
python3 "$HERE/holders.py" idle "$WEB_PORT" "$IDLE" "$HOLD" "$PAGE" > "$WORK/idle-web.log" 2>&1 &
HOLDER=$!
for i in $(seq 1 200); do grep -q holding "$WORK/idle-web.log" && break; sleep 0.5; done
heap_after=$(heap_kb); rss_after=$(rss_kb "$WEB_PID")
open_web=$(curl -s "http://127.0.0.1:$WEB_PORT/api/status")
wait "$HOLDER"
n_rss_before=$(rss_kb $(nginx_pids))
python3 "$HERE/holders.py" idle "$NGINX_PORT" "$IDLE" "$HOLD" "$PAGE" > "$WORK/idle-nginx.log" 2>&1 &
HOLDER=$!
for i in $(seq 1 200); do grep -q holding "$WORK/idle-nginx.log" && break; sleep 0.5; done
n_rss_after=$(rss_kb $(nginx_pids))
wait "$HOLDER"

echo "slowloris ..."
slow_run() { # port log -> "rate-before rate-during"
    local before during holder
    read -r before _ _ <<<"$(rps "$1" "$PAGE" 64 "$DURATION")"
    python3 "$HERE/holders.py" slowloris "$1" "$SLOW" $((SETTLE + DURATION + 7)) > "$2" 2>&1 &
    holder=$!; sleep "$SETTLE"
    read -r during _ _ <<<"$(rps "$1" "$PAGE" 64 "$DURATION")"
    wait "$holder"
    echo "$before $during"
}
read -r w_base w_slow <<<"$(slow_run "$WEB_PORT" "$WORK/slow-web.log")"
read -r n_base n_slow <<<"$(slow_run "$NGINX_PORT" "$WORK/slow-nginx.log")"

{
echo
echo "| $IDLE idle keep-alive connections | web-service | nginx |"
echo "|---|---|---|"
echo "| heap added (after full GC) | $(( (heap_after - heap_before) / 1024 )) MB | - |"
echo "| RSS added | $(( (rss_after - rss_before) / 1024 )) MB | $(( (n_rss_after - n_rss_before) / 1024 )) MB |"
echo "| held (holder's count) | $(grep -o 'holding [0-9]*' "$WORK/idle-web.log") | $(grep -o 'holding [0-9]*' "$WORK/idle-nginx.log") |"
echo
echo "| $SLOW slowloris connections held while wrk -c64 fetches the page | web-service | nginx |"
echo "|---|---|---|"
echo "| req/s just before | $w_base | $n_base |"
echo "| req/s during slowloris | $w_slow | $n_slow |"
echo "| share kept | $(ratio "$w_slow" "$w_base") | $(ratio "$n_slow" "$n_base") |"
echo
echo "web-service /api/status while holding the idle connections: $open_web"
echo "idle (web-service): $(tr '\n' ' ' < "$WORK/idle-web.log")"
echo "idle (nginx): $(tr '\n' ' ' < "$WORK/idle-nginx.log")"
echo "slowloris (web-service): $(cat "$WORK/slow-web.log")"
echo "slowloris (nginx): $(cat "$WORK/slow-nginx.log")"
[ -f "$WORK/notes" ] && cat "$WORK/notes"
} >> "$RESULTS"

cat "$RESULTS"
mkdir -p "$(dirname "$OUT")"
cp "$RESULTS" "$OUT"
