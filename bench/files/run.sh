#!/usr/bin/env bash
# File-service benchmark: 1 GiB download and upload over loopback (1 stream and 16 parallel) and 200
# concurrent sessions of 10 MiB, against nginx (sendfile on) serving the same file in the same run.
#
#   bench/files/run.sh [REPEATS]        (from the repository root; builds file-service if its jar is missing)
#   SIZE=64M SMALL=1M OUT=path bench/files/run.sh 1
#                                       smaller files (defaults 1G and 10M) and the table written to OUT instead of
#                                       bench/files/last-run.md: what bench/run.sh --quick does for a smoke run
#
# Needs: a JDK 21+ (JAVA_HOME or java on PATH), nginx (Debian: nginx-light; /usr/sbin/nginx), ~3 GiB free in $TMPDIR.
# Prints a Markdown table (also saved to bench/files/last-run.md). Run it alone on the machine:
# the figures that mean something are the ratios against nginx measured in the same run.
set -euo pipefail

REPEATS=${1:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
NGINX=${NGINX:-/usr/sbin/nginx}
JAR=$ROOT/file-service/target/file-service-0.1.0-SNAPSHOT.jar
SIZE=${SIZE:-1G}     # the big file (head -c syntax)
SMALL=${SMALL:-10M}  # the file each of the 200 sessions downloads
OUT=${OUT:-$ROOT/bench/files/last-run.md}

[ -x "$NGINX" ] || { echo "nginx not found at $NGINX (apt-get install nginx-light)" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && ./mvnw -q -pl file-service -am -DskipTests package)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/files-bench.XXXXXX")
SERVICE_PID=
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
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
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on port $1 after 30 s" >&2
    exit 1
}

LIBRARY=$WORK/library
mkdir -p "$LIBRARY" "$WORK/nginx-temp"
echo "creating the $SIZE and $SMALL test files in $WORK" >&2
head -c "$SIZE" /dev/urandom > "$LIBRARY/big.bin"
head -c "$SMALL" /dev/urandom > "$LIBRARY/small.bin"

FILES_PORT=$(free_port)
NGINX_PORT=$(free_port)

# nginx: our own config and prefix, never the system instance. Same folder, same files.
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes auto;
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
        location / {
            dav_methods PUT;
            client_max_body_size 2g;
            client_body_buffer_size 256k;
        }
    }
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"

"$JAVA" -jar "$JAR" --server.port=0 --files.port="$FILES_PORT" --files.root="$LIBRARY" \
    --files.max-sessions=256 --files.max-file-size=2GB --files.quota=100GB --files.min-free-space=0 \
    > "$WORK/file-service.log" 2>&1 &
SERVICE_PID=$!

wait_for_port "$NGINX_PORT"
wait_for_port "$FILES_PORT"
echo "file-service on $FILES_PORT, nginx on $NGINX_PORT; $REPEATS runs per scenario" >&2

"$JAVA" "$ROOT/bench/files/FileBench.java" "$FILES_PORT" "$LIBRARY" "$NGINX_PORT" "$LIBRARY" "$LIBRARY/big.bin" "$REPEATS" \
    > "$WORK/table.md"
mkdir -p "$(dirname "$OUT")"
cp "$WORK/table.md" "$OUT"
cat "$OUT"
