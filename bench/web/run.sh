#!/usr/bin/env bash
# Web-service benchmark against nginx over the same root, in the same run (see README.md here).
# Usage: bench/web/run.sh            (DURATION=10 IDLE=10000 SLOW=1000 ROUNDS=3 WARMUP=5 by default)
#        OUT=path bench/web/run.sh   writes the Markdown results there instead of bench/web/last-results.md
#        (bench/run.sh does that, and sets short durations for its --quick smoke run)
# Run it alone: flock /tmp/bench.lock bench/web/run.sh
# Only 127.0.0.1 is contacted; every process started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR="$REPO/web-service/target/web-service-0.1.0-SNAPSHOT.jar"
DURATION=${DURATION:-10}
IDLE=${IDLE:-10000}
SLOW=${SLOW:-1000}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}       # seconds of JVM warm-up per file
SETTLE=${SETTLE:-8}       # seconds the slowloris connections get to pile up before wrk measures
OUT=${OUT:-$HERE/last-results.md}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd

for tool in wrk curl python3 /usr/sbin/nginx; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk curl nginx-light python3)"; exit 1; }
done
[ -f "$JAR" ] || { echo "build first: ./mvnw -pl web-service package -DskipTests"; exit 1; }

# 10,000 idle connections and wrk -c2000 need far more than the usual 1024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)
if [ "$NOFILE" -lt $((IDLE + 500)) ]; then
    echo "only $NOFILE open files allowed here: holding $((NOFILE - 500)) idle connections instead of $IDLE"
    IDLE=$((NOFILE - 500))
fi

WORK=$(mktemp -d /tmp/web-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as nobody and must read the root
WEB_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null && wait "$WEB_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WEB_PORT=$(free_port); MGMT_PORT=$(free_port); NGINX_PORT=$(free_port)

# The same root for both: the demo site plus a 16 MiB file.
cp -r "$REPO/web-service/src/main/resources/demo-site" "$WORK/root"
head -c 16777216 /dev/urandom > "$WORK/root/big.bin"
PAGE=/index.html; IMAGE=/images/sunset.png; BIG=/big.bin

"$JAVA" -jar "$JAR" --server.port="$MGMT_PORT" --web.port="$WEB_PORT" --web.root="$WORK/root" \
    --web.access-log.enabled=false --web.max-connections=20000 --web.idle-timeout=300s \
    --logging.level.root=WARN > "$WORK/web.log" 2>&1 &
WEB_PID=$!

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile $NOFILE;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections $((NOFILE - 100)); }
http {
    include /etc/nginx/mime.types;
    sendfile on;
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/root;
    }
}
CONF
/usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

for i in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT$PAGE" && curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$PAGE" && break
    sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT$PAGE" || { echo "web-service did not start"; cat "$WORK/web.log"; exit 1; }

rps() { # port path connections seconds -> "requests/s MB/s errors"
    local out
    out=$(wrk -t2 -c"$3" -d"$4"s "http://127.0.0.1:$1$2" 2>&1)
    local req mb errors
    req=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    mb=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /KB/) {sub("KB","",v); v/=1024} else {sub("MB","",v)}; print v}' <<<"$out")
    errors=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' <<<"$out")
    echo "$req ${mb:-0} ${errors:-none}"
}
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}')"; }
rss_kb() { local total=0; for p in "$@"; do total=$((total + $(awk '/VmRSS/ {print $2}' /proc/"$p"/status))); done; echo $total; }
nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }
heap_kb() { "$JCMD" "$WEB_PID" GC.run >/dev/null; sleep 1; "$JCMD" "$WEB_PID" GC.heap_info | grep -oP 'used \K[0-9]+(?=K)' | head -1; }

echo "warming up the JVM ($WARMUP s per file) ..."
for path in $PAGE $IMAGE $BIG; do rps "$WEB_PORT" "$path" 64 "$WARMUP" >/dev/null; done

RESULTS="$WORK/results.md"
{
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -d${DURATION}s, same root, same run, median of $ROUNDS alternating rounds; JVM warmed $WARMUP s per file."
echo
echo "| test | web-service req/s | nginx req/s | ratio | web-service MB/s | nginx MB/s |"
echo "|---|---|---|---|---|---|"
} > "$RESULTS"

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
for spec in "1 KiB page, -c64:$PAGE:64" "64 KiB image, -c64:$IMAGE:64" "16 MiB file, -c64:$BIG:64" "1 KiB page, -c2000:$PAGE:2000"; do
    IFS=: read -r name path conns <<<"$spec"
    w_reqs=(); n_reqs=(); w_mbs=(); n_mbs=()
    # Rounds alternate which server goes first, and the median is kept: the machine is shared.
    for round in $(seq 1 "$ROUNDS"); do
        for server in $([ $((round % 2)) = 1 ] && echo "web nginx" || echo "nginx web"); do
            port=$([ "$server" = web ] && echo "$WEB_PORT" || echo "$NGINX_PORT")
            read -r req mb err <<<"$(rps "$port" "$path" "$conns" "$DURATION")"
            if [ "$server" = web ]; then w_reqs+=("$req"); w_mbs+=("$mb"); else n_reqs+=("$req"); n_mbs+=("$mb"); fi
            [ "$err" != "none" ] && echo "$server, $name, round $round: $err" >> "$WORK/notes"
        done
    done
    w_req=$(median "${w_reqs[@]}"); n_req=$(median "${n_reqs[@]}")
    echo "| $name | $w_req | $n_req | $(ratio "$w_req" "$n_req") | $(median "${w_mbs[@]}") | $(median "${n_mbs[@]}") |" >> "$RESULTS"
    echo "$name: web-service ${w_reqs[*]} / nginx ${n_reqs[*]} req/s per round" >> "$WORK/notes"
    tail -1 "$RESULTS"
done

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
