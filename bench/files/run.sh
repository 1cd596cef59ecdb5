#!/usr/bin/env bash
# File-service benchmark, pinned: the server under test on core 1, the load generator (FileBench) on core 0,
# one worker each (nginx worker_processes 1; file-service sees one core), alternating rounds, medians and spread.
#   downloads (1 GiB, 1 and 16 streams; 200 sessions of 10 MiB)   file-service vs nginx, sendfile on
#   uploads (1 GiB, 1 stream and 16 x 64 MiB), fsync on             file-service vs BareReceiver.java (store, hash, force)
#   TLS downloads (1 GiB, 1 and 16 streams)                        file-service TLS port vs nginx HTTPS, same certificate
#
#   bench/files/run.sh [REPEATS]        (from the repository root; default 3 rounds; builds file-service if its jar is missing)
#   SIZE=64M SMALL=1M OUT=path bench/files/run.sh 1
#                                       smaller files (defaults 1G and 10M) and the table written to OUT instead of
#                                       bench/files/last-run.md: what bench/run.sh --quick does for a smoke run
#   PIN=0 bench/files/run.sh            no taskset (a one-core machine); the figures then mean little
#   ONLY=TLS,upload bench/files/run.sh  only the scenarios whose name holds one of these words
#   WARMUP=10                           seconds each server runs each single-stream scenario first, unmeasured (JIT)
#   SERVICE_OPTS="-XX:StartFlightRecording=filename=/tmp/files.jfr" bench/files/run.sh
#                                       JVM options for file-service (here: a JFR profile of the run)
#
# Needs: a JDK 21+ (found as run.sh finds it), nginx with ssl (Debian: nginx-light; /usr/sbin/nginx), openssl,
# taskset (util-linux), ~3 GiB free in $TMPDIR. Prints a Markdown table (also saved to bench/files/last-run.md).
# Run it alone on a quiet machine: the figures that mean something are the ratios against the peer measured in
# the same run.
set -euo pipefail

REPEATS=${1:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
select_jdk   # a JDK 21+: JAVA_HOME when new enough, else the newest found
JAVA=$JAVA_HOME/bin/java
NGINX=${NGINX:-/usr/sbin/nginx}
JAR=$ROOT/file-service/target/file-service-0.1.0-SNAPSHOT.jar
SIZE=${SIZE:-1G}     # the big file (head -c syntax)
SMALL=${SMALL:-10M}  # the file each of the 200 sessions downloads
OUT=${OUT:-$ROOT/bench/files/last-run.md}
PIN=${PIN:-1}

[ -x "$NGINX" ] || { echo "nginx not found at $NGINX (apt-get install nginx-light)" >&2; exit 1; }
SERVER_CPU=()
CLIENT_CPU=()
if [ "$PIN" = 1 ]; then
    command -v taskset >/dev/null || { echo "taskset not found (apt-get install util-linux), or run with PIN=0" >&2; exit 1; }
    [ "$(nproc)" -ge 2 ] || { echo "pinning needs 2 cores, this machine has $(nproc): run with PIN=0" >&2; exit 1; }
    SERVER_CPU=(taskset -c 1)
    CLIENT_CPU=(taskset -c 0)
fi
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && ./mvnw -q -pl file-service -am -DskipTests package)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/files-bench.XXXXXX")
SERVICE_PID=
BARE_PID=
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
    [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null && wait "$BARE_PID" 2>/dev/null || true
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.5
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 100); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

wait_for_port() {
    for _ in $(seq 1 1200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on port $1 after 120 s" >&2
    exit 1
}

LIBRARY=$WORK/library
BARE_ROOT=$WORK/bare
mkdir -p "$LIBRARY" "$BARE_ROOT" "$WORK/nginx-temp"
"$ROOT/scripts/dev-ca.sh" "$WORK/certs" >/dev/null
echo "creating the $SIZE and $SMALL test files in $WORK" >&2
head -c "$SIZE" /dev/urandom > "$LIBRARY/big.bin"
head -c "$SMALL" /dev/urandom > "$LIBRARY/small.bin"

FILES_PORT=$(free_port)
FILES_TLS_PORT=$(free_port)
NGINX_PORT=$(free_port)
NGINX_TLS_PORT=$(free_port)
BARE_PORT=$(free_port)

# nginx: our own config and prefix, never the system instance. Same folder, same files.
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx-temp/body;
    proxy_temp_path $WORK/nginx-temp/proxy;
    fastcgi_temp_path $WORK/nginx-temp/fastcgi;
    uwsgi_temp_path $WORK/nginx-temp/uwsgi;
    scgi_temp_path $WORK/nginx-temp/scgi;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $LIBRARY;
    }
    server {
        listen 127.0.0.1:$NGINX_TLS_PORT ssl;
        ssl_certificate $WORK/certs/server.pem;
        ssl_certificate_key $WORK/certs/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        # the same server-side preference as file-service's TLS port (AES-128-GCM first), so both sides run the same cipher
        ssl_prefer_server_ciphers on;
        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
        ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
        root $LIBRARY;
    }
}
CONF
# every server on core 1 (nginx's master and its one worker inherit the affinity), the load generator on core 0
"${SERVER_CPU[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"

"${SERVER_CPU[@]}" "$JAVA" ${SERVICE_OPTS:-} -jar "$JAR" --server.port=0 --files.port="$FILES_PORT" --files.root="$LIBRARY" \
    --files.max-sessions=256 --files.max-sessions-per-address=256 --files.max-file-size=2GB --files.quota=100GB --files.min-free-space=0 --files.fsync=true \
    --files.tls.port="$FILES_TLS_PORT" --files.tls.bundle=bench \
    --spring.ssl.bundle.pem.bench.keystore.certificate="file:$WORK/certs/server.pem" \
    --spring.ssl.bundle.pem.bench.keystore.private-key="file:$WORK/certs/server.key" \
    > "$WORK/file-service.log" 2>&1 &
SERVICE_PID=$!

"${SERVER_CPU[@]}" "$JAVA" "$ROOT/bench/files/BareReceiver.java" "$BARE_PORT" "$BARE_ROOT" > "$WORK/bare.log" 2>&1 &
BARE_PID=$!

wait_for_port "$NGINX_PORT"
wait_for_port "$NGINX_TLS_PORT"
wait_for_port "$BARE_PORT"
wait_for_port "$FILES_PORT"
wait_for_port "$FILES_TLS_PORT"
echo "file-service on $FILES_PORT (TLS $FILES_TLS_PORT), nginx on $NGINX_PORT (TLS $NGINX_TLS_PORT), bare receiver on $BARE_PORT;" \
    "$REPEATS rounds per scenario; servers pinned: $PIN" >&2

"${CLIENT_CPU[@]}" "$JAVA" "$ROOT/bench/files/FileBench.java" files="$FILES_PORT" files-tls="$FILES_TLS_PORT" nginx="$NGINX_PORT" \
    nginx-tls="$NGINX_TLS_PORT" bare="$BARE_PORT" cacert="$WORK/certs/ca.pem" root="$LIBRARY" bare-root="$BARE_ROOT" \
    repeats="$REPEATS" warmup="${WARMUP:-10}" ${ONLY:+only="$ONLY"} > "$WORK/table.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/table.md" "$OUT"
cat "$OUT"
