#!/usr/bin/env bash
# Runs the three services in the foreground without Docker.
#
#   ./run.sh            build if needed, start chat, files and web, wait until healthy, print where they listen
#   Ctrl-C / SIGTERM    stops all three (graceful shutdown first, then kill after a grace period)
#
# Ports and settings come from the environment (Spring's relaxed binding), e.g.
#   CHAT_PORT=9000 FILES_ROOT=/srv/files CHAT_ADMIN_PASSWORD=s3cret ./run.sh
# The HTTP (actuator/REST) ports are CHAT_HTTP_PORT, FILES_HTTP_PORT and WEB_HTTP_PORT (not SERVER_PORT:
# one variable cannot give three services three ports, so run.sh refuses it and says so).
#
# Binds: every port listens on BIND_ADDRESS [127.0.0.1, this host only]; BIND_ADDRESS=0.0.0.0 opens them to the
# network. A more precise setting the user gives wins: CHAT_ADDRESS, FILES_ADDRESS, WEB_ADDRESS (protocol
# ports) and SERVER_ADDRESS (the three HTTP ports). run.sh prints where each service listens.
set -uo pipefail
cd "$(dirname "$0")"

say() { printf '[run] %s\n' "$*"; }
fail() { printf '[run] error: %s\n' "$*" >&2; }
ROOT=$PWD

. scripts/jdk.sh
select_jdk || exit 1
JAVA="$JAVA_HOME/bin/java"

SERVICES=(chat files web)
declare -A MODULE=([chat]=chat-service [files]=file-service [web]=web-service)
declare -A PROTOCOL_PORT=([chat]=${CHAT_PORT:-8000} [files]=${FILES_PORT:-8888} [web]=${WEB_PORT:-8080})
declare -A PROTOCOL=([chat]=udp [files]=tcp [web]=tcp)
declare -A HTTP_PORT=([chat]=${CHAT_HTTP_PORT:-8081} [files]=${FILES_HTTP_PORT:-8082} [web]=${WEB_HTTP_PORT:-8083})
# The one setting run.sh cannot pass through: Spring's SERVER_PORT would put all three HTTP ports on one number.
if [ -n "${SERVER_PORT:-}" ]; then
    fail "SERVER_PORT=$SERVER_PORT would give chat, files and web the same HTTP port; set CHAT_HTTP_PORT, FILES_HTTP_PORT and WEB_HTTP_PORT instead (unset SERVER_PORT)"
    exit 1
fi
# Safe by default: this host only. Each address the user set wins over BIND_ADDRESS.
BIND_ADDRESS=${BIND_ADDRESS:-127.0.0.1}
export CHAT_ADDRESS=${CHAT_ADDRESS:-$BIND_ADDRESS}
export FILES_ADDRESS=${FILES_ADDRESS:-$BIND_ADDRESS}
export WEB_ADDRESS=${WEB_ADDRESS:-$BIND_ADDRESS}
export SERVER_ADDRESS=${SERVER_ADDRESS:-$BIND_ADDRESS}
declare -A ADDRESS=([chat]=$CHAT_ADDRESS [files]=$FILES_ADDRESS [web]=$WEB_ADDRESS)
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-90}
STOP_GRACE=${STOP_GRACE:-40}
export FILES_ROOT=${FILES_ROOT:-$ROOT/.run-data/files}
LOG_DIR=${RUN_LOG_DIR:-$ROOT/.run-logs}
# Where chat-service writes the admin password it generates when none is set (mode 600, read back below).
export CHAT_ADMIN_GENERATED_PASSWORD_FILE=${CHAT_ADMIN_GENERATED_PASSWORD_FILE:-$ROOT/.run-data/chat-admin-password}


jar_of() { ls "$ROOT/${MODULE[$1]}"/target/"${MODULE[$1]}"-*.jar 2>/dev/null | grep -v '\.original$' | head -1; }

# A jar is stale when any source or build file it is made from is newer than it.
needs_build() {
    local service jar
    [ -f "$ROOT/client/target/client.jar" ] || return 0
    for service in "${SERVICES[@]}"; do
        jar=$(jar_of "$service")
        [ -n "$jar" ] || return 0
        if [ -n "$(find "$ROOT/pom.xml" "$ROOT/common/pom.xml" "$ROOT/common/src" \
                "$ROOT/${MODULE[$service]}/pom.xml" "$ROOT/${MODULE[$service]}/src" -newer "$jar" -print -quit)" ]; then
            return 0
        fi
    done
    return 1
}

# Where a client on this host reaches a socket bound to an address: the wildcard is reachable on loopback.
reach() {
    case "$1" in
        0.0.0.0 | :: | '[::]' | '') echo 127.0.0.1 ;;
        *) echo "$1" ;;
    esac
}
MANAGEMENT_HOST=$(reach "$SERVER_ADDRESS")

# True when something already answers on a TCP address and port.
tcp_port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# HTTP status of a GET on the management address, without needing curl (in a subshell, so the socket and
# the silenced errors stay there).
http_status() {
    (
        exec 3<>"/dev/tcp/$MANAGEMENT_HOST/$1" || exit 1
        printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
        read -r -t 5 _ status _ <&3
        echo "$status"
    ) 2>/dev/null
}

if needs_build; then
    say "building (jars missing or older than their sources)..."
    if ! ./mvnw -q -B -DskipTests package; then
        fail "the build failed; see the Maven output above"
        exit 1
    fi
fi

for service in "${SERVICES[@]}"; do
    taken=""
    tcp_port_taken "$MANAGEMENT_HOST" "${HTTP_PORT[$service]}" && taken=${HTTP_PORT[$service]}
    if [ "${PROTOCOL[$service]}" = tcp ] && tcp_port_taken "$(reach "${ADDRESS[$service]}")" "${PROTOCOL_PORT[$service]}"; then
        taken=${PROTOCOL_PORT[$service]}
    fi
    if [ -n "$taken" ]; then
        fail "port $taken (for $service) is already in use; stop what holds it or choose another port (see the top of run.sh)"
        exit 1
    fi
done

say "binding chat to ${ADDRESS[chat]}, files to ${ADDRESS[files]}, web to ${ADDRESS[web]}, their HTTP ports to $SERVER_ADDRESS$(
    [ "$BIND_ADDRESS" = 127.0.0.1 ] && echo ' (this host only; BIND_ADDRESS=0.0.0.0 opens them to the network)')"

mkdir -p "$FILES_ROOT" "$LOG_DIR" "$(dirname "$CHAT_ADMIN_GENERATED_PASSWORD_FILE")"
declare -A PID=()

stop_all() {
    local service deadline
    # Ctrl-C also reaches a pipe reader (./run.sh | tee): a closed stdout must not kill us mid-stop.
    trap '' INT TERM PIPE
    [ ${#PID[@]} -eq 0 ] && return
    say "stopping ${!PID[*]}..."
    for service in "${!PID[@]}"; do kill -TERM "${PID[$service]}" 2>/dev/null; done
    deadline=$((SECONDS + STOP_GRACE))
    for service in "${!PID[@]}"; do
        while kill -0 "${PID[$service]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
        if kill -0 "${PID[$service]}" 2>/dev/null; then
            fail "$service did not stop within ${STOP_GRACE}s; killing it"
            kill -KILL "${PID[$service]}" 2>/dev/null
        fi
        wait "${PID[$service]}" 2>/dev/null
    done
    PID=()
    say "all stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

for service in "${SERVICES[@]}"; do
    # Every line the service prints goes to the terminal behind its name, and to .run-logs/<service>.log.
    # The HTTP port goes in as SERVER_PORT for this one process: an environment variable, not a
    # command-line argument, so it outranks nothing the user set (application.yml < environment).
    SERVER_PORT=${HTTP_PORT[$service]} "$JAVA" -jar "$(jar_of "$service")" \
        > >(trap "" INT; exec sed -u "s/^/$(printf '%-5s' "$service") | /" | tee "$LOG_DIR/$service.log") 2>&1 &
    PID[$service]=$!
done

deadline=$((SECONDS + HEALTH_TIMEOUT))
pending=("${SERVICES[@]}")
while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for service in "${pending[@]}"; do
        if ! kill -0 "${PID[$service]}" 2>/dev/null; then
            fail "$service exited during start-up; its log above (and .run-logs/$service.log) says why"
            unset 'PID[$service]'
            stop_all
            exit 1
        fi
        [ "$(http_status "${HTTP_PORT[$service]}" /actuator/health/readiness)" = 200 ] || still+=("$service")
    done
    pending=("${still[@]}")
    if [ ${#pending[@]} -gt 0 ]; then
        if [ $SECONDS -ge $deadline ]; then
            fail "${pending[*]} did not become healthy within ${HEALTH_TIMEOUT}s (HEALTH_TIMEOUT); see the logs above"
            stop_all
            exit 1
        fi
        sleep 0.5
    fi
done

# Without CHAT_ADMIN_PASSWORD the chat service generates one into an owner-only file (never the log); show it.
admin_password=${CHAT_ADMIN_PASSWORD:-$(cat "$CHAT_ADMIN_GENERATED_PASSWORD_FILE" 2>/dev/null)}
# web's health details are its admin's only; without WEB_ADMIN_PASSWORD there is none (nothing is generated).
if [ -n "${WEB_ADMIN_PASSWORD:-}" ]; then
    web_details="curl -u ${WEB_ADMIN_USERNAME:-admin}:\$WEB_ADMIN_PASSWORD $MANAGEMENT_HOST:${HTTP_PORT[web]}/actuator/health"
else
    web_details="none shown: set WEB_ADMIN_PASSWORD for a web admin who sees them"
fi
chat_host=$(reach "${ADDRESS[chat]}")
files_host=$(reach "${ADDRESS[files]}")
web_host=$(reach "${ADDRESS[web]}")
cat <<SUMMARY

================================================================================
 All three services are healthy. Ctrl-C stops them.

 chat   udp ${PROTOCOL_PORT[chat]}   nc -u $chat_host ${PROTOCOL_PORT[chat]}      (then: L yourname)
        http ${HTTP_PORT[chat]}  curl -u ${CHAT_ADMIN_USERNAME:-admin}:${admin_password:-<see chat log>} -H 'Content-Type: text/plain' \\
                        -d 'hello room' $MANAGEMENT_HOST:${HTTP_PORT[chat]}/api/chat/broadcast
 files  tcp ${PROTOCOL_PORT[files]}   printf 'LIST\\r\\n' | nc -q1 $files_host ${PROTOCOL_PORT[files]}
        root: $FILES_ROOT
 web    tcp ${PROTOCOL_PORT[web]}   curl -i $web_host:${PROTOCOL_PORT[web]}/    or open http://$web_host:${PROTOCOL_PORT[web]}/
        health details: $web_details

 clients: bin/netservices-client chat|files --help   (any Java 17+)
 health:  curl $MANAGEMENT_HOST:${HTTP_PORT[chat]}/actuator/health  (${HTTP_PORT[files]}, ${HTTP_PORT[web]} alike)
================================================================================

SUMMARY

# Stay in the foreground until a service dies or we are told to stop.
while true; do
    for service in "${SERVICES[@]}"; do
        if [ -n "${PID[$service]:-}" ] && ! kill -0 "${PID[$service]}" 2>/dev/null; then
            fail "$service stopped unexpectedly; stopping the others"
            unset 'PID[$service]'
            stop_all
            exit 1
        fi
    done
    sleep 1
done
