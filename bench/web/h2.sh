#!/usr/bin/env bash
# HTTP/2 and mixed static profile benchmark: web-service against nginx 1.22 over the same root, pinned like run.sh.
# Usage: bench/web/h2.sh                 (REQUESTS=200000 DURATION=10 ROUNDS=3 WARMUP=5 by default)
#        OUT=path bench/web/h2.sh        writes the Markdown results there instead of bench/web/last-h2-results.md
#        SCENARIOS="h2 mixed" (default): the h2load table (1 KiB page and 64 KiB image, -c64 -m10 and -c1000 -m10,
#        TLS h2 and cleartext h2c with prior knowledge), then the mixed profile (20 files round-robin with
#        Accept-Encoding: br, gzip at 1024 and 4096 connections, HTTP/1.1 by wrk and HTTP/2 by h2load)
#        WEB_OPTS="-XX:StartFlightRecording=filename=/tmp/web-h2.jfr" passes JVM options to web-service (a profile)
# Run it alone: flock /tmp/bench.lock bench/web/h2.sh
# Needs: h2load (nghttp2-client), wrk, nginx-light or nginx with libnginx-mod-http-brotli-static, brotli, gzip.
# Only 127.0.0.1 is contacted; every process started here is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-"$REPO/web-service/target/web-service-0.1.0-SNAPSHOT.jar"}
DURATION=${DURATION:-10}      # wrk's -d (the HTTP/1.1 mixed rows)
REQUESTS=${REQUESTS:-200000}  # h2load's -n: a count, not a duration (h2load -D stalls or prints nothing when
                              # 1,000 TLS connections take longer to open than its warm-up); includes the handshakes
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5}
SCENARIOS=${SCENARIOS:-h2 mixed}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
OUT=${OUT:-$HERE/last-h2-results.md}
BROTLI_MODULE=${BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}
# shellcheck source=lib.sh
. "$HERE/lib.sh"

for tool in h2load wrk curl python3 taskset brotli gzip /usr/sbin/nginx; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nghttp2-client wrk curl nginx brotli python3 util-linux)"; exit 1; }
done
[ -f "$BROTLI_MODULE" ] || { echo "missing $BROTLI_MODULE (apt-get install -y libnginx-mod-http-brotli-static)"; exit 1; }
[ -f "$JAR" ] || { echo "build first: ./mvnw -pl web-service -am package -DskipTests"; exit 1; }
share_one_core_if_alone "load generator"
raise_open_files
prepare_work /tmp/web-h2-bench.XXXXXX

# The root: the demo site, a 1 KiB page, a 64 KiB image, and the mixed profile's 20 files (the demo site's
# kinds and sizes: pages, stylesheets, scripts, SVG, JSON, PNG and JPEG-like binaries), text ones with .gz and
# .br siblings made here (what gzip_static / brotli_static and web-service's precompressed siblings serve).
python3 - "$WORK/root" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(21)
words = "the quick brown fox jumps over a lazy dog while static files fly past".split()
def text(n):
    out = []
    while sum(len(w) + 1 for w in out) < n:
        out.append(random.choice(words))
    return (" ".join(out))[:n]
with open(os.path.join(root, "page-1k.html"), "w") as f:
    f.write("<!DOCTYPE html><html><body><p>" + text(1024 - 50) + "</p></body></html>\n")
with open(os.path.join(root, "image-64k.png"), "wb") as f:
    f.write(random.randbytes(64 * 1024))
os.makedirs(os.path.join(root, "mix"), exist_ok=True)
kinds = [("html", 6000), ("html", 12000), ("html", 3000), ("css", 8000), ("css", 24000), ("js", 30000),
         ("js", 90000), ("js", 4000), ("svg", 5000), ("svg", 15000), ("json", 2000), ("json", 40000),
         ("txt", 1500), ("xml", 7000), ("png", 20000), ("png", 65820), ("png", 150000), ("jpg", 45000),
         ("jpg", 110000), ("ico", 4286)]
for i, (ext, size) in enumerate(kinds):
    path = os.path.join(root, "mix", f"f{i:02d}.{ext}")
    if ext in ("png", "jpg", "ico"):
        with open(path, "wb") as f:
            f.write(random.randbytes(size))
    else:
        with open(path, "w") as f:
            f.write(text(size))
PY
for f in "$WORK"/root/mix/*.{html,css,js,svg,json,txt,xml}; do gzip -k -9 "$f"; brotli -k -q 11 "$f"; done
ls "$WORK/root/mix" | grep -v -e '\.gz$' -e '\.br$' | sed 's|^|/mix/|' > "$WORK/mix-paths"

start_web() {
    start_web_with --web.header-timeout=60s --web.access-log.enabled=false --web.tls.max-handshakes=20000
}

start_nginx() {
    start_nginx_with "load_module $BROTLI_MODULE;" "access_log off;
    gzip_static on;
    brotli_static on;
    http2_max_concurrent_streams 128;" " http2"
}
# web.header-timeout=60s above is nginx's client_header_timeout default: 4,096 TLS handshakes on one core take
# longer than web-service's 10 s default, which would close the slowest before they speak.
# nginx 1.22 cannot speak HTTP/1.1 and prior-knowledge h2c on one cleartext port: the HTTP/1.1 mixed rows use a
# second nginx server block on its own port.
NGINX_H1_PORT=$(free_port)

start_web
start_nginx
for i in $(seq 1 120); do
    curl -sf -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$WEB_PORT/page-1k.html" \
        && curl -sf -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$NGINX_PORT/page-1k.html" && break
    sleep 0.5
done
curl -sf -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$WEB_PORT/page-1k.html" || { echo "web-service did not start"; cat "$WORK/web.log"; exit 1; }

# h2load's own req/s counts every finished stream, whatever its status: the rate here is its count of 2xx
# answers over its run time, and a run with any non-2xx, failed, errored or timed-out request is flagged.
h2count() { # h2load output -> "2xx/s flag"
    awk '
        /^finished in/ { secs = $3; sub(",", "", secs); if (secs ~ /ms$/) { sub("ms", "", secs); secs /= 1000 } else sub("s", "", secs) }
        /^requests:/ { failed = $10; errored = $12; timeout = $14 }
        /^status codes:/ { ok = $3; other = $5 + $7 + $9 }
        END {
            if (secs == "" || secs + 0 == 0 || ok == "") { print "0 no-result"; exit }
            flag = "ok"
            if (other + failed + errored + timeout > 0)
                flag = sprintf("non-2xx=%d,failed=%d,errored=%d,timeout=%d", other, failed, errored, timeout)
            printf "%.2f %s\n", ok / secs, flag
        }' <<<"$1"
}
h2rps() { # url conns streams requests [extra h2load args...] -> "2xx/s flag"
    local url=$1 conns=$2 streams=$3 requests=$4
    shift 4
    # bounded: a server that stalls a connection must not hang the benchmark
    h2count "$(timeout 600 taskset -c "$LOAD_CPU" h2load -t1 -c"$conns" -m"$streams" -n"$requests" \
        --connection-inactivity-timeout=60 "$@" "$url" 2>&1 || true)"
}
# wrk's "Non-2xx or 3xx responses" (status 400 and above), taken out of the rate (wrk_good_rate), flag the run,
# as do its socket errors.
wrk_rps() { # url conns seconds lua -> "good/s flag"
    local out rate
    out=$(timeout $(($3 + 120)) taskset -c "$LOAD_CPU" wrk -t1 -c"$2" -d"$3"s -s "$4" "$1" 2>&1 || true)
    rate=$(wrk_good_rate "$out")
    # wrk_good_rate's bare 0 is no result at all (a measured rate has two decimals)
    [ "$rate" = 0 ] && { echo "0 no-result"; return; }
    echo "$rate $(awk '
        /Non-2xx or 3xx responses:/ { bad = $5 }
        /Socket errors:/ { errors = $4 + $6 + $8 + $10 }
        END { flag = (bad + errors > 0) ? sprintf("non-2xx=%d,socket-errors=%d", bad, errors) : "ok"; print flag }' <<<"$out")"
}

RESULTS="$WORK/results.md"
{
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores. Pinned: each server on core $SERVER_CPU with one worker"
echo "(web-service --web.event-loops=1, nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') worker_processes 1), the load generator"
echo "on core $LOAD_CPU (h2load -t1 -n$REQUESTS, connections included / wrk -t1 -d${DURATION}s), median of $ROUNDS rounds"
echo "alternating which server goes first."
} > "$RESULTS"

compare() { # name web_url nginx_url runner args...
    local name=$1 web_url=$2 nginx_url=$3 runner=$4
    shift 4
    local w=() n=() flags=""
    for round in $(seq 1 "$ROUNDS"); do
        for server in $([ $((round % 2)) = 1 ] && echo "web nginx" || echo "nginx web"); do
            local url=$([ "$server" = web ] && echo "$web_url" || echo "$nginx_url")
            local req flag
            read -r req flag <<<"$($runner "$url" "$@")"
            if [ "$server" = web ]; then w+=("$req"); else n+=("$req"); fi
            [ "$flag" = ok ] || flags="$flags $server round $round: $flag;"
        done
    done
    local wm nm
    wm=$(median "${w[@]}"); nm=$(median "${n[@]}")
    echo "| $name | $wm | $nm | $(ratio "$wm" "$nm") | ${w[*]} | ${n[*]} | ${flags:-all 2xx} |" >> "$RESULTS"
    echo "$name: web-service $wm, nginx $nm${flags:+ (FLAGGED:$flags)}" >&2
}

if [[ " $SCENARIOS " == *" h2 "* ]]; then
    {
    echo
    echo "| test (h2load -t1) | web-service 2xx/s | nginx 2xx/s | ratio | web-service per round | nginx per round | answers |"
    echo "|---|---|---|---|---|---|---|"
    } >> "$RESULTS"
    for url in "http://127.0.0.1:$WEB_PORT/page-1k.html" "http://127.0.0.1:$WEB_PORT/image-64k.png"; do
        timeout 600 taskset -c "$LOAD_CPU" h2load -t1 -c64 -m10 -n$((WARMUP * 10000)) "$url" >/dev/null 2>&1 || true
    done
    for transport in "TLS h2:https:$WEB_TLS_PORT:$NGINX_TLS_PORT" "cleartext h2c:http:$WEB_PORT:$NGINX_PORT"; do
        IFS=: read -r label scheme wport nport <<<"$transport"
        host=$([ "$scheme" = https ] && echo localhost || echo 127.0.0.1)
        for file in "1 KiB page:/page-1k.html" "64 KiB image:/image-64k.png"; do
            IFS=: read -r fname path <<<"$file"
            for load in "64 10" "1000 10"; do
                read -r c m <<<"$load"
                compare "$label, $fname, -c$c -m$m" "$scheme://$host:$wport$path" "$scheme://$host:$nport$path" \
                    h2rps "$c" "$m" "$REQUESTS"
            done
        done
    done
fi

if [[ " $SCENARIOS " == *" mixed "* ]]; then
    # HTTP/1.1: wrk with a script that walks the 20 paths round-robin, each request with Accept-Encoding: br, gzip.
    cat > "$WORK/mix.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/mix-paths") do paths[#paths + 1] = line end
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], {["Accept-Encoding"] = "br, gzip"})
end
LUA
    sed "s|^|http://127.0.0.1:WEBPORT|" "$WORK/mix-paths" > "$WORK/mix-web-h2c"
    {
    echo
    echo "Mixed static profile: 20 files of the demo site's kinds and sizes (1.5-150 KB; text ones with .gz/.br siblings),"
    echo "round-robin, Accept-Encoding: br, gzip. HTTP/1.1 by wrk (keep-alive), HTTP/2 by h2load -m10 (h2c, TLS h2)."
    echo
    echo "| test | web-service 2xx/s | nginx 2xx/s | ratio | web-service per round | nginx per round | answers |"
    echo "|---|---|---|---|---|---|---|"
    } >> "$RESULTS"
    # nginx: a plain HTTP/1.1 server block of its own (its cleartext h2 port speaks only prior-knowledge h2)
    sed -i "s|^    server {|    server { listen 127.0.0.1:$NGINX_H1_PORT; root $WORK/root; }\n    server {|" "$WORK/nginx/nginx.conf"
    kill -HUP "$NGINX_PID"
    for i in $(seq 1 40); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_H1_PORT/page-1k.html" && break; sleep 0.25; done
    mixed_h2() { # url-prefix conns requests
        sed "s|^|$1|" "$WORK/mix-paths" > "$WORK/mix-urls"
        h2rps_file "$WORK/mix-urls" "$2" 10 "$3"
    }
    h2rps_file() { # urlfile conns streams requests -> "2xx/s flag"
        h2count "$(timeout 600 taskset -c "$LOAD_CPU" h2load -t1 -c"$2" -m"$3" -n"$4" \
            --connection-inactivity-timeout=60 -H 'accept-encoding: br, gzip' -i "$1" 2>&1 || true)"
    }
    wrk_mixed() { wrk_rps "$1" "$2" "$3" "$WORK/mix.lua"; }
    for conns in 1024 4096; do
        compare "HTTP/1.1 (wrk), -c$conns" "http://127.0.0.1:$WEB_PORT" "http://127.0.0.1:$NGINX_H1_PORT" wrk_mixed "$conns" "$DURATION"
        compare "h2c (h2load -m10), -c$conns" "http://127.0.0.1:$WEB_PORT" "http://127.0.0.1:$NGINX_PORT" mixed_h2 "$conns" "$REQUESTS"
        compare "TLS h2 (h2load -m10), -c$conns" "https://localhost:$WEB_TLS_PORT" "https://localhost:$NGINX_TLS_PORT" mixed_h2 "$conns" "$REQUESTS"
    done
fi

cp "$RESULTS" "$OUT"
cat "$RESULTS"
