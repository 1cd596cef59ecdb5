#!/usr/bin/env bash
# Measures web-service's start on one core with its C2 compiler thread kept at a low priority until the service is
# ready, against the start as the image ships it, C1 only and CDS (docs/containers.md, "Start-up", session 40).
# Outside a container, the way session 35 measured: the jar extracted as the Dockerfile does, its AOT cache trained
# by scripts/aot-training.sh as the Dockerfile's web stage does, the JVM under `taskset -c 1`, this script (the
# readiness poll, the watcher, wrk) on core 0. Run it under the benchmark lock, after building web's jar:
#
#   scripts/jit-priority-startup.sh prepare          extract the jar, train the AOT cache and the CDS archive
#   scripts/jit-priority-startup.sh start            ROUNDS (5) rounds of every variant, alternated: to ready
#   scripts/jit-priority-startup.sh serve            SERVE_ROUNDS (3) rounds of SERVE_VARIANTS ("shipped c2nice"):
#                                                    `wrk -t1 -c16 -d10s` on / WRK_RUNS (3) times right after ready
#
# The variants (VARIANTS picks some, in order):
#   shipped  the image's entrypoint: -XX:AOTCache=app.aot, both compilers at the default priority
#   c2nice   the same; a watcher renices the thread "C2 CompilerThre" to 19 as soon as it appears (polled every
#            millisecond from the launch) and back to 0 the moment readiness answers 200
#   c2idle   the same with SCHED_IDLE (chrt --idle) instead, back to SCHED_OTHER at ready
#   c2level  C2 lowered as c2nice, and at ready every other thread raised to nice 19 too (what needs no privilege:
#            raising a nice value never does), so the threads are level again, at 19 instead of 0
#   c1only   the AOT cache with -XX:TieredStopAtLevel=1 (not shippable: a reference)
#   product  the start as shipped from the application prepared in PRODUCT_WORK (a jar whose main holds C2 back itself:
#            common's CompilerStartPriority), e.g. WORK=/tmp/jit-priority-product TRAIN_PREFIX="setpriv
#            --bounding-set -all --inh-caps -all --" scripts/jit-priority-startup.sh prepare (the training without
#            CAP_SYS_NICE, as in a docker build, where C2 is not held back)
#   cds      a dynamic CDS archive from a training that exits at the refresh, without Spring AOT (the training and
#            the run): scripts/container-startup.sh's cds variant, the baseline of issue 23's target
#
# Each start prints: the variant, seconds from the launch to readiness 200, the seconds of CPU (utime + stime) of the
# main thread, C1, C2 and all threads at ready, and for c2nice/c2idle the milliseconds from the launch at which the
# watcher lowered C2. WORK (default /tmp/jit-priority) holds the prepared application.
set -euo pipefail

repository=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/jit-priority}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
flags=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)
# As the image: its runtime stage logs as ECS JSON lines, which the training then links into the cache.
export LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
ticks=$(getconf CLK_TCK)

# A free TCP port: one nothing listens on, from a range the services' defaults are not in.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        ss -Hltn "sport = :$port" | grep -q . || { echo "$port"; return; }
    done
}

prepare() {
    local jar management port
    jar=$(ls "$repository"/web-service/target/web-service-*[0-9T].jar)
    rm -rf "$work" && mkdir -p "$work/extracted" "$work/app" "$work/cds"
    cp "$jar" "$work/app.jar"
    (cd "$work" && "$java" -Djarmode=tools -jar app.jar extract --layers --destination extracted)
    # The Dockerfile copies the four layers into one folder, in this order.
    for layer in dependencies spring-boot-loader snapshot-dependencies application; do
        cp -a "$work/extracted/$layer/." "$work/app/"
    done
    management=$(free_port) port=$(free_port)
    # The web stage's training, ports moved: aot-training 8083 8080 / 8080 /missing -- java -XX:AOTCacheOutput=...
    # shellcheck disable=SC2086
    (cd "$work/app" && SERVER_PORT=$management WEB_PORT=$port "$repository/scripts/aot-training.sh" \
        "$management" "$port" / "$port" /missing -- ${TRAIN_PREFIX:-} "$java" -XX:AOTCacheOutput=app.aot -jar app.jar)
    # container-startup.sh's make_archive for cds: a refresh-only training without Spring AOT.
    cp -a "$work/app/." "$work/cds/" && rm -f "$work/cds/app.aot"
    (cd "$work/cds" && SERVER_PORT=$(free_port) WEB_PORT=$(free_port) "$java" -XX:ArchiveClassesAtExit=app.jsa \
        -Dspring.context.exit=onRefresh -Dspring.aot.enabled=false -jar app.jar >/dev/null 2>&1) || true
    [ -s "$work/app/app.aot" ] && [ -s "$work/cds/app.jsa" ] || { echo "error: no app.aot or app.jsa" >&2; exit 1; }
    ls -l "$work/app/app.aot" "$work/cds/app.jsa"
}

# The folder and the JVM's arguments of a variant.
variant_dir() {
    case $1 in
        cds) echo "$work/cds" ;;
        product) echo "${PRODUCT_WORK:?the product variant needs PRODUCT_WORK}/app" ;;
        *) echo "$work/app" ;;
    esac
}
variant_args() {
    case $1 in
        shipped | c2nice | c2idle | c2level | product) echo "${flags[*]} -XX:AOTCache=app.aot -jar app.jar" ;;
        c1only) echo "${flags[*]} -XX:AOTCache=app.aot -XX:TieredStopAtLevel=1 -jar app.jar" ;;
        cds) echo "${flags[*]} -XX:SharedArchiveFile=app.jsa -Dspring.aot.enabled=false -jar app.jar" ;;
        *) echo "error: unknown variant $1" >&2; return 1 ;;
    esac
}

# Lowers the C2 compiler thread of <pid> as soon as it appears, writes its tid and the milliseconds from <begin>
# to <file>. Polls every millisecond without forking (read -t on a pipe nobody writes).
watch_c2() {
    local pid=$1 mode=$2 begin=$3 file=$4 comm task nap
    exec {nap}<> <(:)
    while kill -0 "$pid" 2>/dev/null; do
        for task in /proc/"$pid"/task/*; do
            IFS= read -r comm 2>/dev/null <"$task/comm" || continue
            if [ "$comm" = "C2 CompilerThre" ]; then
                case $mode in
                    nice | level) renice -n 19 -p "${task##*/}" >/dev/null ;;
                    idle) chrt --idle -p 0 "${task##*/}" ;;
                esac
                echo "${task##*/} $(awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')" >"$file"
                return
            fi
        done
        read -r -t 0.001 -u "$nap" || true
    done
}

# Prints "main C1 C2 all" CPU seconds of <pid>'s threads now (the main thread: the tasks named java, the launcher's
# primordial thread, idle, and the thread that runs main).
thread_cpu() {
    local pid=$1 task stat rest main=0 c1=0 c2=0 all=0 t comm
    for task in /proc/"$pid"/task/*; do
        IFS= read -r stat 2>/dev/null <"$task/stat" || continue
        comm=${stat#*(} comm=${comm%)*}
        rest=${stat##*) }
        read -r -a fields <<<"$rest"
        # fields[0] is the state (stat's 3rd field): utime and stime are stat's 14th and 15th.
        t=$((fields[11] + fields[12]))
        all=$((all + t))
        case $comm in
            java) main=$((main + t)) ;;
            "C1 CompilerThre") c1=$((c1 + t)) ;;
            "C2 CompilerThre") c2=$((c2 + t)) ;;
        esac
    done
    awk -v m="$main" -v a="$c1" -v b="$c2" -v s="$all" -v h="$ticks" \
        'BEGIN { printf "%.2f %.2f %.2f %.2f", m / h, a / h, b / h, s / h }'
}

# Starts <variant>, waits for readiness, prints the start's line; leaves the JVM running with its pid in $service
# and its web port in $web_port (the caller stops it).
start_once() {
    local kind=$1 dir management begin ready= cpu watched= tid= ms=- mode=
    dir=$(variant_dir "$kind")
    management=$(free_port) web_port=$(free_port)
    case $kind in c2nice) mode=nice ;; c2idle) mode=idle ;; c2level) mode=level ;; esac
    rm -f "$work/watched"
    begin=$(date +%s.%N)
    # shellcheck disable=SC2046
    (cd "$dir" && SERVER_PORT=$management WEB_PORT=$web_port exec taskset -c 1 "$java" $(variant_args "$kind")) \
        >"$work/$kind.log" 2>&1 &
    service=$!
    [ -z "$mode" ] || { watch_c2 "$service" "$mode" "$begin" "$work/watched" & watched=$!; }
    for _ in $(seq 1 3000); do
        if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$management/actuator/health/readiness"; then
            ready=$(date +%s.%N)
            break
        fi
        kill -0 "$service" 2>/dev/null || break
        sleep 0.05
    done
    cpu=$(thread_cpu "$service")
    if [ -n "$mode" ]; then
        kill "$watched" 2>/dev/null || true
        wait "$watched" 2>/dev/null || true
        if [ -s "$work/watched" ]; then
            read -r tid ms <"$work/watched"
            case $mode in
                nice) renice -n 0 -p "$tid" >/dev/null ;;
                idle) chrt --other -p 0 "$tid" ;;
                level) level_up "$service" ;;
            esac
        fi
    fi
    [ -n "$ready" ] || { tail -20 "$work/$kind.log" >&2; stop; echo "error: $kind not ready in 150 s" >&2; return 1; }
    awk -v k="$kind" -v a="$begin" -v b="$ready" -v c="$cpu" -v w="$ms" \
        'BEGIN { printf "%-8s %6.2f   %s   %s\n", k, b - a, c, w }'
}

# Raises every thread of <pid> below nice 19 to 19, sweeping until none is left (a thread made during a sweep by
# one still at 0 starts at 0).
level_up() {
    local pid=$1 low
    while low=$(threads_below_19 "$pid") && [ -n "$low" ]; do
        # shellcheck disable=SC2086
        renice -n 19 -p $low >/dev/null 2>&1 || true
    done
}

threads_below_19() {
    local pid=$1 task stat
    for task in /proc/"$pid"/task/*; do
        IFS= read -r stat 2>/dev/null <"$task/stat" || continue
        read -r -a fields <<<"${stat##*) }"
        # stat's 19th field, the nice value
        [ "${fields[16]}" -ge 19 ] || printf '%s ' "${task##*/}"
    done
}

stop() { kill -KILL "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; }

header() { printf '%-8s %6s   %s   %s\n' variant ready "cpu at ready: main C1 C2 all (s)" "C2 lowered at (ms)"; }

case ${1:-} in
    prepare) prepare ;;
    start)
        header
        for round in $(seq 1 "${ROUNDS:-5}"); do
            echo "# round $round $(date -u +%H:%M:%S)"
            for kind in ${VARIANTS:-shipped c2nice c2idle c1only cds}; do
                start_once "$kind"
                stop
            done
        done
        ;;
    serve)
        header
        read -r -a kinds <<<"${SERVE_VARIANTS:-shipped c2nice}"
        for round in $(seq 1 "${SERVE_ROUNDS:-3}"); do
            echo "# round $round $(date -u +%H:%M:%S)"
            # Every other round in the reverse order, so that neither variant always runs first.
            order=("${kinds[@]}")
            [ $((round % 2)) -eq 1 ] || mapfile -t order < <(printf '%s\n' "${kinds[@]}" | tac)
            for kind in "${order[@]}"; do
                start_once "$kind"
                for run in $(seq 1 "${WRK_RUNS:-3}"); do
                    echo "$kind wrk $run: $(taskset -c 0 wrk -t1 -c16 -d10s "http://127.0.0.1:$web_port/" \
                        | awk '/Requests\/sec/ { print $2 } /Non-2xx/ { print "non-2xx", $NF }' | paste -sd' ') req/s"
                done
                [ "$kind" != c2level ] || echo "$kind threads below nice 19 after wrk: $(threads_below_19 "$service" | wc -w)"
                stop
            done
        done
        ;;
    *) sed -n '2,26p' "$0"; exit 2 ;;
esac
