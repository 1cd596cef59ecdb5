# The set-up bench/web/run.sh and bench/web/h2.sh share; each sources it after its own settings (HERE, REPO,
# SERVER_CPU, LOAD_CPU...). Both measure web-service against nginx over the same root, each server alone on
# SERVER_CPU with one worker, the load generator on LOAD_CPU.

# shellcheck source=../../scripts/jdk.sh
. "$REPO/scripts/jdk.sh"
select_jdk   # a JDK 21+: JAVA_HOME when new enough, else the newest found
JAVA=$JAVA_HOME/bin/java

# One core only: both on core 0 (the figures then say little).
share_one_core_if_alone() { # what-shares-the-core
    if [ "$(nproc)" -lt 2 ]; then
        echo "fewer than 2 cores: server and $1 share one core, ratios will mean little"
        SERVER_CPU=0; LOAD_CPU=0
    fi
}

# Thousands of connections need far more than the usual 1024 descriptors.
raise_open_files() {
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    NOFILE=$(ulimit -n)
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

stop_web() { [ -n "$WEB_PID" ] && kill "$WEB_PID" 2>/dev/null && wait "$WEB_PID" 2>/dev/null || true; WEB_PID=""; }
stop_nginx() { [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""; }
cleanup() {
    stop_web
    stop_nginx
    rm -rf "$WORK"
}

# The work folder (removed on exit, with both servers stopped), free ports for both servers, one certificate for
# both (EC P-256, from the project's own script) and the root both serve, the demo site to begin with.
prepare_work() { # mktemp-template
    WORK=$(mktemp -d "$1")
    chmod 755 "$WORK"   # nginx workers run as nobody and must read the root
    WEB_PID=""
    NGINX_PID=""
    trap cleanup EXIT
    WEB_PORT=$(free_port); MGMT_PORT=$(free_port); NGINX_PORT=$(free_port)
    WEB_TLS_PORT=$(free_port); NGINX_TLS_PORT=$(free_port)
    "$REPO/scripts/dev-ca.sh" "$WORK/tls" >/dev/null
    cp -r "$REPO/web-service/src/main/resources/demo-site" "$WORK/root"
    mkdir -p "$WORK/nginx/logs"
}

# web-service on SERVER_CPU, one event loop, HTTP on WEB_PORT and HTTPS on WEB_TLS_PORT with the bench certificate;
# the arguments add to (or override) these settings.
start_web_with() { # web-service arguments...
    # All of the load generator's connections come from 127.0.0.1: the per-address limits (256 connections,
    # 32 handshakes) would answer most of -c2000 with 503 and refuse HTTPS connections, which nginx, with no such
    # limit, does not.
    taskset -c "$SERVER_CPU" "$JAVA" ${WEB_OPTS:-} -jar "$JAR" --server.port="$MGMT_PORT" --web.port="$WEB_PORT" \
        --web.root="$WORK/root" --web.event-loops=1 --web.max-connections=20000 --web.max-connections-per-address=20000 \
        --web.idle-timeout=300s --logging.level.root=WARN \
        --web.tls.port="$WEB_TLS_PORT" --web.tls.bundle=bench --web.tls.max-handshakes-per-address=20000 \
        --spring.ssl.bundle.pem.bench.keystore.certificate="$WORK/tls/server.pem" \
        --spring.ssl.bundle.pem.bench.keystore.private-key="$WORK/tls/server.key" "$@" > "$WORK/web.log" 2>&1 &
    WEB_PID=$!
}

# nginx on SERVER_CPU, one worker, serving the root on NGINX_PORT and (TLS 1.2/1.3, the same certificate)
# NGINX_TLS_PORT; the scripts add their own lines: before the worker's (modules), in http {} and on the listens.
start_nginx_with() { # main-lines http-lines listen-options
    {
    if [ -n "$1" ]; then echo "$1"; fi
    cat <<CONF
worker_processes 1;
worker_rlimit_nofile $NOFILE;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections $((NOFILE - 100)); }
http {
    include /etc/nginx/mime.types;
    sendfile on;
    $2
    # web-service keeps a connection open for any number of requests, and its idle timeout is 300 s here:
    # nginx's defaults (1,000 requests, 75 s) would close connections under load that web-service keeps
    # (h2load does not reconnect: a third of an h2c run's requests were never sent, and wrk reconnects).
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    client_body_temp_path $WORK/nginx/body;
    server {
        listen 127.0.0.1:$NGINX_PORT$3;
        root $WORK/root;
    }
    server {
        listen 127.0.0.1:$NGINX_TLS_PORT ssl$3;
        ssl_certificate $WORK/tls/server.pem;
        ssl_certificate_key $WORK/tls/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $WORK/root;
    }
}
CONF
    } > "$WORK/nginx/nginx.conf"
    taskset -c "$SERVER_CPU" /usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
    NGINX_PID=$!
}

# wrk's Requests/sec counts every answer, a 503 as much as a 200: its "Non-2xx or 3xx responses" (status 400
# and above) are taken out of the rate (0 when wrk gave no result).
wrk_good_rate() { # wrk output -> good requests/s
    awk '
        / requests in / { total = $1; secs = $4; sub(",", "", secs)
                          if (secs ~ /ms$/) { sub("ms", "", secs); secs /= 1000 } else if (secs ~ /m$/) { sub("m", "", secs); secs *= 60 } else sub("s", "", secs) }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        END { if (total == "" || secs + 0 == 0) print 0; else printf "%.2f\n", (total - bad) / secs }' <<<"$1"
}

ratio() { python3 -c "print(f'{float($1)/float($2):.2f}' if float($2) else '-')"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
