#!/usr/bin/env bash
# Measures how long each service image takes to start, with its class-data-sharing archive (the
# image's own entrypoint) and without it (the same JVM flags minus -XX:SharedArchiveFile; the JDK's
# base archive stays on, as it is in any JVM). The two alternate, ROUNDS times (default 3), and the
# medians of Spring Boot's own "Started ... in N seconds" are printed.
#
#   scripts/container-startup.sh [chat files web]     after docker compose build (images netservices/*)
#
# Each container runs alone, without a network, and is removed at once. On a shared machine the
# absolute figures move with the load; the ratio of the two medians is the number to read.
set -euo pipefail

rounds=${ROUNDS:-3}
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(chat files web)

# Seconds until "Started" is logged, as Spring Boot counts it.
# Arguments: what follows `docker run` (options, image, arguments).
start_once() {
    local container line
    container=$(docker run -d --network none "$@")
    for _ in $(seq 1 600); do
        line=$(docker logs "$container" 2>&1 | grep -m1 -o 'Started [A-Za-z]* in [0-9.]* seconds' || true)
        [ -n "$line" ] && break
        sleep 0.5
    done
    docker rm -f "$container" >/dev/null
    [ -n "$line" ] || { echo "error: docker run $* did not start within 300 s" >&2; return 1; }
    awk '{ print $(NF-1) }' <<<"$line"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

printf '%-6s %12s %12s %6s\n' service "with CDS" "without" ratio
for service in "${services[@]}"; do
    image=netservices/$service
    with=() without=()
    for _ in $(seq 1 "$rounds"); do
        with+=("$(start_once "$image")")
        without+=("$(start_once --entrypoint java "$image" \
            -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -jar app.jar)")
    done
    a=$(printf '%s\n' "${with[@]}" | median)
    b=$(printf '%s\n' "${without[@]}" | median)
    printf '%-6s %11.2fs %11.2fs %6.2f   (runs: %s | %s)\n' "$service" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')" \
        "${with[*]}" "${without[*]}"
done
