#!/usr/bin/env bash
# File-service on S3 (issue 20), pinned: the engines and the server under test on core 1, the clients on core 0.
#
#   flock /tmp/bench.lock bench/files/s3.sh [REPEATS]      # default 3 rounds; from the repository root
#   SIZE=16M STREAMS=4 ENTRIES=2000 PIN=0 bench/files/s3.sh 1    # a smoke run
#
# Scenarios (MB/s = 10^6 bytes/s summed over streams; each side's time is its whole command, process start included):
#   upload and download of one SIZE file (default 256M), 1 stream, and STREAMS (16) files of SIZE/STREAMS at once:
#     file-service with files.store=s3 (bin/netservices-client files put/get)  vs  s3cmd put/get straight to the same
#     Ceph RGW (the target: >= 0.8x), and vs the same transfers to file-service on local disk (files.store=local, its
#     defaults: files.fsync=true; reported). The client runs as users run it, through the launcher (serial collector;
#     on Java 25+ its AOT cache, made by the warm-up run in the work folder).
#   the same STREAMS files from one client process (mirror -R / mirror --parallel STREAMS: one JVM, STREAMS connections),
#     against the same STREAMS s3cmd processes
#   LIST of a folder of ENTRIES (100000) entries, time to the last line (nc): files.metadata=postgres vs the local index
# The engines are real: a single-node Ceph (scripts/ceph-rgw.sh: mon, memstore OSD, radosgw; memory grows with what is
# stored, so keep SIZE modest) and PostgreSQL 15 (initdb and pg_ctl as the postgres user). Rounds alternate which side
# goes first; the table gives each side's median and spread and the median ratio (ours / s3cmd, >= 0.8x is the target).
# Needs: ceph-mon ceph-osd radosgw ceph-common s3cmd postgresql-15 netcat-openbsd util-linux (taskset) curl, a JDK 21+,
# the packaged jars (./mvnw -B -q -pl file-service,client -am package -DskipTests). Everything is removed at the end.
# SERVER_OPTS and CLIENT_OPTS: extra JVM options for the servers and the clients (a profile: -XX:StartFlightRecording=...).
# ROWS: the scenarios measured, of "up1 down1 upN downN upM downM list" (all by default; e.g. ROWS=down1 while iterating).
# SIDES: of "ours peer local" (all by default). CPU=1: also the CPU time (user + system, from /proc/<pid>/stat) that
# each transfer cost radosgw, the OSD and the S3 file-service, and the idle time of both cores, medians in a third table.
set -euo pipefail

REPEATS=${1:-3}
SIZE=${SIZE:-256M}
STREAMS=${STREAMS:-16}
ENTRIES=${ENTRIES:-100000}
ROWS=" ${ROWS:-up1 down1 upN downN upM downM list} "
SIDES=" ${SIDES:-ours peer local} "
has_row() { [[ $ROWS == *" $1 "* ]]; }
has_side() { [[ $SIDES == *" $1 "* ]]; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=$ROOT/file-service/target/file-service-0.1.0-SNAPSHOT.jar
CLIENT=$ROOT/client/target/client.jar
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in s3cmd nc curl runuser "$PG_BIN/initdb" "$PG_BIN/pg_ctl"; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing" >&2; exit 1; }
done
if [ "${PIN:-1}" = 1 ]; then
    SERVER_CPU=(taskset -c 1)
    CLIENT_CPU=(taskset -c 0)
else
    SERVER_CPU=()
    CLIENT_CPU=()
fi

WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -d "$WORK/ceph" ] && "$ROOT/scripts/ceph-rgw.sh" stop "$WORK/ceph" >/dev/null 2>&1 || true
    [ -d "$WORK/pg" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    for _ in $(seq 300); do nc -z 127.0.0.1 "$1" 2>/dev/null && return 0; sleep 0.2; done
    echo "error: port $1 never opened; the end of $2:" >&2
    tail -20 "$2" >&2
    exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# The engines, on the server core.
echo "starting PostgreSQL and Ceph..." >&2
PG_PORT=$(free_port)
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -U files --auth=trust >/dev/null
"${SERVER_CPU[@]}" runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U files -d postgres -qc "create database files" >/dev/null
CEPH_OUT=$(MON_PORT=$(free_port) RGW_PORT=$(free_port) OSD_BYTES=$((10 * 1024 * 1024 * 1024)) \
    "${SERVER_CPU[@]}" "$ROOT/scripts/ceph-rgw.sh" start "$WORK/ceph")
ENDPOINT=$(sed -n 's/^endpoint=//p' <<<"$CEPH_OUT")
ACCESS=$(sed -n 's/^access-key=//p' <<<"$CEPH_OUT")
SECRET=$(sed -n 's/^secret-key=//p' <<<"$CEPH_OUT")
HOSTPORT=${ENDPOINT#http://}
cat > "$WORK/s3cfg" <<CFG
[default]
access_key = $ACCESS
secret_key = $SECRET
host_base = $HOSTPORT
host_bucket = $HOSTPORT
use_https = False
signature_v2 = False
multipart_chunk_size_mb = 8
CFG
s3() { "${CLIENT_CPU[@]}" s3cmd -c "$WORK/s3cfg" --no-progress -q "$@"; }
s3 mb s3://peer

# file-service on S3 (same part size as s3cmd's chunks), and file-service on local disk (the transfers and the LIST).
FILES_PORT=$(free_port)
"${SERVER_CPU[@]}" "$JAVA" ${SERVER_OPTS:-} -jar "$JAR" --server.port=0 --files.port="$FILES_PORT" --files.root="$WORK/unused" \
    --files.metadata=postgres --files.store=s3 --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/files" \
    --spring.datasource.username=files --files.s3.endpoint="$ENDPOINT" --files.s3.bucket=files \
    --files.s3.access-key="$ACCESS" --files.s3.secret-key="$SECRET" --files.s3.part-size=8MB \
    --files.max-sessions-per-address=64 --files.max-file-size=8GB --files.quota=100GB > "$WORK/files-s3.log" 2>&1 &
PIDS+=($!)
LOCAL_PORT=$(free_port)
mkdir -p "$WORK/local/big"
has_row list || ENTRIES=1
(cd "$WORK/local/big" && seq -f "entry-%06g.txt" 1 "$ENTRIES" | xargs touch)
"${SERVER_CPU[@]}" "$JAVA" ${SERVER_OPTS:-} -jar "$JAR" --server.port=0 --files.port="$LOCAL_PORT" --files.root="$WORK/local" \
    --files.min-free-space=0 --files.max-sessions-per-address=64 --files.max-file-size=8GB --files.quota=100GB \
    > "$WORK/files-local.log" 2>&1 &
PIDS+=($!)
wait_port "$FILES_PORT" "$WORK/files-s3.log"
wait_port "$LOCAL_PORT" "$WORK/files-local.log"

# The same folder of ENTRIES names in the catalog (rows only: a listing reads no object).
runuser -u postgres -- psql -h 127.0.0.1 -p "$PG_PORT" -U files -d files -q <<SQL >/dev/null
insert into entries (home, folder, name_key, name, is_folder, size, sha256, object_key)
    values ('', '', 'big', 'big', true, -1, null, null);
insert into entries (home, folder, name_key, name, is_folder, size, sha256, object_key)
    select '', 'big', format('entry-%s.txt', lpad(n::text, 6, '0')), format('entry-%s.txt', lpad(n::text, 6, '0')), false, 0,
           'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'none-' || n
    from generate_series(1, $ENTRIES) n;
SQL

# Test data.
mkdir -p "$WORK/data" "$WORK/down"
head -c "$SIZE" /dev/urandom > "$WORK/data/one.bin"
PART_BYTES=$(( $(stat -c %s "$WORK/data/one.bin") / STREAMS ))
for i in $(seq 1 "$STREAMS"); do head -c "$PART_BYTES" /dev/urandom > "$WORK/data/s$i.bin"; done
mkdir -p "$WORK/many" && ln "$WORK"/data/s*.bin "$WORK/many/"
ONE_BYTES=$(stat -c %s "$WORK/data/one.bin")
MANY_BYTES=$(( PART_BYTES * STREAMS ))

# The client as users run it: the launcher, its AOT cache kept in the work folder. $1: the port (S3 or local).
client_at() {
    local port=$1; shift
    # JAVA_TOOL_OPTIONS only when there are options: the JVM says on stderr that it picked them up, even empty ones
    env JAVA_HOME="${JAVA_HOME:-}" NETSERVICES_CLIENT_JAR="$CLIENT" XDG_CACHE_HOME="$WORK/cache" ${CLIENT_OPTS:+JAVA_TOOL_OPTIONS="$CLIENT_OPTS"} \
        "${CLIENT_CPU[@]}" "$ROOT/bin/netservices-client" files --port "$port" -q "$@" > /dev/null
}
up1_at()   { client_at "$1" rm one.bin 2>/dev/null || true; local t; t=$(now); client_at "$1" put "$WORK/data/one.bin" one.bin; elapsed "$t" "$(now)"; }
down1_at() { rm -f "$WORK/down/one.bin"; local t; t=$(now); client_at "$1" get --force --dir "$WORK/down" one.bin; elapsed "$t" "$(now)"; }
upN_at() {
    for i in $(seq 1 "$STREAMS"); do client_at "$1" rm "s$i.bin" 2>/dev/null || true; done
    local t; t=$(now)
    local jobs=(); for i in $(seq 1 "$STREAMS"); do client_at "$1" put "$WORK/data/s$i.bin" "s$i.bin" & jobs+=($!); done; wait "${jobs[@]}"
    elapsed "$t" "$(now)"
}
downN_at() { rm -f "$WORK"/down/s*; local t; t=$(now); local jobs=(); for i in $(seq 1 "$STREAMS"); do client_at "$1" get --force --dir "$WORK/down" "s$i.bin" & jobs+=($!); done; wait "${jobs[@]}"; elapsed "$t" "$(now)"; }
# The same STREAMS files from one client process, as a user moves a folder: mirror -R / mirror --parallel STREAMS
# (one JVM, STREAMS connections) against the same STREAMS s3cmd processes as the rows above. Each upload goes to a
# fresh folder; the downloads read the folder the warm-up made.
upM_at() { local t; t=$(now); client_at "$1" mirror -R --parallel "$STREAMS" "$WORK/many" "many-up-$(date +%s%N)"; elapsed "$t" "$(now)"; }
downM_at() { rm -rf "$WORK/down-many"; local t; t=$(now); client_at "$1" mirror --parallel "$STREAMS" many "$WORK/down-many"; elapsed "$t" "$(now)"; }
ours_upM()   { upM_at "$FILES_PORT"; }
local_upM()  { upM_at "$LOCAL_PORT"; }
ours_downM() { downM_at "$FILES_PORT"; }
local_downM() { downM_at "$LOCAL_PORT"; }
peer_upM()   { peer_upN; }
peer_downM() { peer_downN; }
ours_up1()   { up1_at "$FILES_PORT"; }
local_up1()  { up1_at "$LOCAL_PORT"; }
ours_down1() { down1_at "$FILES_PORT"; }
local_down1() { down1_at "$LOCAL_PORT"; }
ours_upN()   { upN_at "$FILES_PORT"; }
local_upN()  { upN_at "$LOCAL_PORT"; }
ours_downN() { downN_at "$FILES_PORT"; }
local_downN() { downN_at "$LOCAL_PORT"; }
peer_up1()   { local t; t=$(now); s3 put "$WORK/data/one.bin" s3://peer/one.bin; elapsed "$t" "$(now)"; }
peer_down1() { rm -f "$WORK/down/one.bin"; local t; t=$(now); s3 get --force s3://peer/one.bin "$WORK/down/one.bin"; elapsed "$t" "$(now)"; }
peer_upN()   { local t; t=$(now); local jobs=(); for i in $(seq 1 "$STREAMS"); do s3 put "$WORK/data/s$i.bin" "s3://peer/s$i.bin" & jobs+=($!); done; wait "${jobs[@]}"; elapsed "$t" "$(now)"; }
peer_downN() { rm -f "$WORK"/down/s*; local t; t=$(now); local jobs=(); for i in $(seq 1 "$STREAMS"); do s3 get --force "s3://peer/s$i.bin" "$WORK/down/s$i.bin" & jobs+=($!); done; wait "${jobs[@]}"; elapsed "$t" "$(now)"; }
list_time()  { local t; t=$(now); printf 'LIST big\r\nQUIT\r\n' | "${CLIENT_CPU[@]}" nc -N 127.0.0.1 "$1" > "$WORK/list.out"; elapsed "$t" "$(now)"; }
ours_list()  { list_time "$FILES_PORT"; }
peer_list()  { list_time "$LOCAL_PORT"; }

# warm-up (JIT, connections, the client's AOT cache), not measured; the downloads are checked byte for byte
# (the files the rows read are always made: one.bin on every side, and the folder of STREAMS files)
ours_up1 >/dev/null; peer_up1 >/dev/null; local_up1 >/dev/null
if has_side ours; then
    ours_down1 >/dev/null; cmp -s "$WORK/data/one.bin" "$WORK/down/one.bin" || { echo "error: a download through file-service on S3 differs" >&2; exit 1; }
fi
if has_side local; then
    local_down1 >/dev/null; cmp -s "$WORK/data/one.bin" "$WORK/down/one.bin" || { echo "error: a download from file-service on local disk differs" >&2; exit 1; }
fi
has_side peer && peer_down1 >/dev/null
if has_row list; then
    ours_list >/dev/null; peer_list >/dev/null
    grep -q "entry-$(printf %06d "$ENTRIES").txt" "$WORK/list.out" || { echo "error: the local listing is incomplete" >&2; exit 1; }
fi
if has_row upN || has_row downN || has_row upM || has_row downM; then
    has_side peer && peer_upN >/dev/null
    for port in "$FILES_PORT" "$LOCAL_PORT"; do
        client_at "$port" mirror -R --parallel "$STREAMS" "$WORK/many" many
        downM_at "$port" >/dev/null; diff -r "$WORK/many" "$WORK/down-many" >/dev/null || { echo "error: a folder mirrored back differs" >&2; exit 1; }
    done
fi

# CPU=1: the CPU seconds a process has used (user + system, clock ticks of /proc/<pid>/stat); 0 when it is not there
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.3f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
RGW_PID=$(cat "$WORK/ceph/run/client.rgw.pid"); OSD_PID=$(cat "$WORK/ceph/run/osd.0.pid"); FS_PID=${PIDS[0]}
# and the idle time of the two cores (idle + iowait of /proc/stat's cpu0 and cpu1 lines)
idle_of() { awk -v hz="$(getconf CLK_TCK)" -v c="cpu$1" '$1 == c { printf "%.3f", ($5 + $6) / hz }' /proc/stat; }
cpu_now() { echo "$(cpu_of "$RGW_PID") $(cpu_of "$OSD_PID") $(cpu_of "$FS_PID") $(idle_of 1) $(idle_of 0)"; }
declare -A T C
for round in $(seq 1 "$REPEATS"); do
    for scenario in up1 down1 upN downN upM downM list; do
        has_row "$scenario" || continue
        # who goes first turns with each round: ours, the s3cmd peer, file-service on local disk (not in the LIST rows)
        case $(( round % 3 )) in 1) order="ours peer local" ;; 2) order="peer local ours" ;; *) order="local ours peer" ;; esac
        [ "$scenario" = list ] && order=${order/local/}
        for side in $order; do
            has_side "$side" || continue
            [ "${CPU:-0}" = 1 ] && before=$(cpu_now)
            T[$scenario.$side]+="$("${side}_$scenario") "
            if [ "${CPU:-0}" = 1 ]; then
                C[$scenario.$side]+="$(awk -v b="$before" -v a="$(cpu_now)" 'BEGIN { split(b, x, " "); split(a, y, " ")
                    printf "%.2f/%.2f/%.2f/%.2f/%.2f", y[1] - x[1], y[2] - x[2], y[3] - x[3], y[4] - x[4], y[5] - x[5] }') "
            fi
        done
    done
    echo "round $round done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
pick() { local v=${T[$1]:-}; [ -n "$v" ] && median <<<"$v" || echo 0; }
rate_or() { [ "$2" = 0 ] && echo "-" || echo "$(rate "$1" "$2") MB/s (${3% }s)"; }
ratio_or() { awk -v o="$1" -v p="$2" 'BEGIN { if (o == 0 || p == 0) print "-"; else printf "%.2fx", p / o }'; }
echo
echo "| scenario | file-service on S3 | s3cmd to RGW | ratio (s3cmd time / ours, >= 0.8x) | file-service on local disk | S3 vs local (local time / S3 time) |"
echo "|---|---|---|---|---|---|"
for row in "up1:upload 1 × $SIZE:$ONE_BYTES" "down1:download 1 × $SIZE:$ONE_BYTES" "upN:upload $STREAMS streams:$MANY_BYTES" "downN:download $STREAMS streams:$MANY_BYTES" "upM:upload $STREAMS streams from one client (mirror -R --parallel $STREAMS):$MANY_BYTES" "downM:download $STREAMS streams from one client (mirror --parallel $STREAMS):$MANY_BYTES"; do
    IFS=: read -r key label bytes <<<"$row"
    has_row "$key" || continue
    ours=$(pick "$key.ours"); peer=$(pick "$key.peer"); disk=$(pick "$key.local")
    echo "| $label | $(rate_or "$bytes" "$ours" "${T[$key.ours]:-}") | $(rate_or "$bytes" "$peer" "${T[$key.peer]:-}") | $(ratio_or "$ours" "$peer") |" \
        "$(rate_or "$bytes" "$disk" "${T[$key.local]:-}") | $(ratio_or "$ours" "$disk") |"
done
if [ "${CPU:-0}" = 1 ]; then
    echo
    echo "| scenario, side | per transfer, medians, s: CPU of radosgw / OSD / file-service on S3; idle of core 1 / core 0 (every round) |"
    echo "|---|---|"
    for key in "${!C[@]}"; do
        m=$(for i in 1 2 3 4 5; do tr ' ' '\n' <<<"${C[$key]}" | grep -v '^$' | cut -d/ -f"$i" | median; done | paste -sd/)
        echo "| $key | $m (${C[$key]% }) |"
    done | sort
fi
if has_row list; then
    ours=$(median <<<"${T[list.ours]}"); peer=$(median <<<"${T[list.peer]}")
    echo
    echo "| LIST of $ENTRIES entries, time to last line | PostgreSQL catalog | local index | PostgreSQL speed vs local (local time / PostgreSQL time) |"
    echo "|---|---|---|---|"
    echo "| median (spread) | ${ours} s ($(spread <<<"${T[list.ours]}")) | ${peer} s ($(spread <<<"${T[list.peer]}")) | $(awk -v o="$ours" -v p="$peer" 'BEGIN { printf "%.2fx", p / o }') |"
fi
