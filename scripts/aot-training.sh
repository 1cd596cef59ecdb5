#!/usr/bin/env bash
# The training run of a service image's AOT cache (Dockerfile; JDK 25, JEP 483/514/515): starts the service
# as it will run, waits until its readiness endpoint answers 200, sends it the requests given, then stops it
# gracefully; at exit the JVM writes app.aot with the classes it loaded and linked and their method profiles.
# A start that also serves trains what a real start does after the context is refreshed (the servers starting,
# the first HTTP request through Tomcat, the actuator and Jackson) and what the first requests do, which a
# training that exits at the refresh (-Dspring.context.exit=onRefresh) leaves out (docs/containers.md).
#
#   aot-training.sh <management port> [<port> <request>]... -- <the service's command>
#   e.g. aot-training.sh 8083 8080 / 8080 /missing -- java -XX:AOTCacheOutput=app.aot -jar app.jar
#
# A request that starts with / is an HTTP GET of that path (with the Authorization header of $AUTHORIZATION
# when it is set); any other is sent as it is (printf %b: \n is a newline) on a TCP connection of its own,
# which is then read to its end: a line protocol's session that ends with its QUIT.
# Runs in the image's working directory, where the command writes app.aot. Plain bash: the JRE image has no
# curl, and needs none.
set -euo pipefail

usage() { echo "usage: aot-training.sh <management port> [<port> <request>]... -- <command>" >&2; exit 2; }
[ $# -ge 3 ] || usage
management=$1
shift
requests=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    requests+=("$1")
    shift
done
[ $# -ge 2 ] && [ $((${#requests[@]} % 2)) -eq 0 ] || usage
shift

"$@" >/dev/null &
service=$!

# Prints the first line answered to one request (above).
get() {
    local port=$1 request=$2 status auth=
    [ -z "${AUTHORIZATION:-}" ] || auth="Authorization: $AUTHORIZATION"$'\r\n'
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    if [[ $request == /* ]]; then
        printf 'GET %s HTTP/1.1\r\nHost: localhost\r\n%sConnection: close\r\n\r\n' "$request" "$auth" >&3
    else
        printf '%b' "$request" >&3
    fi
    IFS= read -r status <&3 || true
    cat <&3 >/dev/null
    exec 3<&-
    echo "${status%$'\r'}"
}

ready=false
for _ in $(seq 1 1200); do
    kill -0 "$service" 2>/dev/null || { echo "aot-training: the service ended before it was ready" >&2; exit 1; }
    if [[ "$(get "$management" /actuator/health/readiness 2>/dev/null)" == *" 200"* ]]; then
        ready=true
        break
    fi
    sleep 0.1
done
$ready || { kill -KILL "$service"; echo "aot-training: not ready in 120 s" >&2; exit 1; }

# The probes an orchestrator sends, then the requests given, a few times each (a class is trained by its
# first use; the method profiles by repeated ones).
for _ in 1 2 3; do
    get "$management" /actuator/health/liveness >/dev/null
    get "$management" /actuator/health >/dev/null
    for ((i = 0; i < ${#requests[@]}; i += 2)); do
        get "${requests[i]}" "${requests[i + 1]}" >/dev/null
    done
done

kill -TERM "$service"
status=0
wait "$service" || status=$?
# Spring Boot's graceful shutdown ends the JVM by the signal: 143 is 128 + SIGTERM.
[ "$status" -eq 0 ] || [ "$status" -eq 143 ] || { echo "aot-training: the service exited with $status" >&2; exit 1; }
[ -s app.aot ] || { echo "aot-training: no app.aot written" >&2; exit 1; }
