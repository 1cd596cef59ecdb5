#!/usr/bin/env bash
# Measures each service image's start-up several ways, side by side in one run (VARIANTS picks some, in order):
#   shipped  the image's own entrypoint, as compose runs it: with --cap-add SYS_NICE, so that the image's renice
#            gives C2 back at ready and the start holds it at nice 19 (CompilerStartPriority)
#   nocap    the same without the capability (a plain docker run): C2 is left alone, as before CompilerStartPriority
#   aot      JDK 25's AOT cache (-XX:AOTCache; JEP 483/514/515: classes loaded and linked, method profiles,
#            ahead of time) from a training run that exits once the context is refreshed
#            (-Dspring.context.exit=onRefresh), both JIT compilers at the default priority: what the images
#            shipped before the training served requests (made here in a throwaway container)
#   trained  the image's own AOT cache (app.aot: its training run starts the service, serves a few requests and
#            stops; scripts/aot-training.sh), both JIT compilers at the default priority
#   nice<N>  the image's AOT cache, both JIT compilers, their threads at nice N
#            (-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=N): they take the one core only when the main
#            thread leaves it; measured, not shipped (docs/containers.md, "Start-up")
#   aot-c1   the image's AOT cache compiled by C1 only (-XX:TieredStopAtLevel=1): faster to start on one core,
#            slower to run (C1's code does not use the SHA instructions); measured, not shipped
#   cds      a dynamic CDS archive instead (-XX:SharedArchiveFile), both compilers, as the images shipped
#            before the AOT cache: the archive is made here by the onRefresh training in a throwaway container
#   none     neither, both compilers (the JDK's own base CDS archive stays on, as in any JVM)
#   norelocate  the image's entrypoint with the AOT cache mapped where it was made, not relocated
#            (-XX:ArchiveRelocationMode=0, a diagnostic flag); measured, not shipped (docs/containers.md, "Start-up")
#   c2late   the image's AOT cache, C2 after ten times the JDK's default call counts (-XX:Tier4*Threshold ×10)
#   c2later  the same at a hundred times (×100); both measured, not shipped (docs/containers.md, "Start-up")
#   directives  the image's AOT cache with this repository's jvm/compiler-directives.json mounted in
#            (-XX:CompilerDirectivesFile: C2 kept off the code only the start runs), to measure an edit of that file
#            without building the images again
#   plain    the image's AOT cache without Spring AOT's generated context (-Dspring.aot.enabled=false: what a start
#            whose settings differ from the build's does, e.g. chat's cluster, files on S3; AheadOfTimeStart)
#   <kind>+ulimit  that kind with --ulimit nice=20:20 (RLIMIT_NICE 20: the service's user may take a nice value back,
#            so common's CompilerStartPriority holds C2 back until ready); a Docker daemon without CAP_SYS_RESOURCE
#            refuses to create the container ("error setting rlimit type 13")
#   <kind>+capnice  that kind as root with CAP_SYS_NICE (--user 0 --cap-add SYS_NICE): the same right by the kernel's
#            other rule, where the daemon cannot give RLIMIT_NICE
# Every variant but shipped, trained, nice<N>, aot-c1, norelocate, c2late, c2later, directives and plain starts without Spring AOT (-Dspring.aot.enabled=false)
# in its run and its training alike: they are the images as they were before Spring AOT shipped.
# For each start: seconds from `docker run` to the readiness endpoint answering 200 (polled every
# 50 ms from this host), Spring Boot's own "process running for" at its Started line (JVM start to a
# refreshed context), and the JVM's resident memory (VmRSS of PID 1) 10 s after it became ready, idle
# (IDLE_SECONDS=3 waits less, for a quicker comparison of the times alone).
# The variants alternate, ROUNDS times (default 3), and medians are printed.
#
#   scripts/container-startup.sh [chat files web]     after docker compose build (images netservices/*)
#   IMAGES=mine scripts/container-startup.sh            images mine/chat... (docker build --target chat -t mine/chat .)
#   IMAGES=main VARIANTS="shipped mine/shipped cds"     main's images as they ship, mine/* as they ship, main's CDS
#            (a variant <prefix>/<kind> is that kind of the images <prefix>/*; the archives of aot and cds are made
#            from the IMAGES ones)
#   VARIANTS="trained nice19" ROUNDS=1 scripts/container-startup.sh chat
#
# UPLOAD_MIB=300 also times, for files, two uploads of that many random MiB right after the RSS is read (from the
# PUT to its OK, through the protocol port, into a tmpfs with files.fsync off): the price after start of what a
# variant does to the JIT compilers (C2 compiles the SHA-256 that every upload computes).
#
# Each container runs alone on the default bridge (to be polled) and is removed at once. Pin it like a
# benchmark on a 2-core machine: CPUS=1 (the default) gives each container one core (docker --cpuset-cpus).
set -euo pipefail

rounds=${ROUNDS:-3}
cpus=${CPUS:-1}
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(chat files web)
flags=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)
before=-Dspring.aot.enabled=false
# C2's thresholds ten (c2late) and a hundred (c2later) times the JDK's defaults: C2 compiles a method after 50,000 or
# 500,000 calls instead of 5,000 (the JDK's defaults: 5000, 600, 15000, 40000).
late_c2=(-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000
    -XX:Tier4BackEdgeThreshold=400000)
later_c2=(-XX:Tier4InvocationThreshold=500000 -XX:Tier4MinInvocationThreshold=60000 -XX:Tier4CompileThreshold=1500000
    -XX:Tier4BackEdgeThreshold=4000000)
repository=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/container-startup.XXXXXX)
trap 'docker rm -f startup-train >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

management_port() { case $1 in chat) echo 8081 ;; files) echo 8082 ;; web) echo 8083 ;; esac; }

# The training environment of the Dockerfile's stage (a throwaway admin password, a scratch root).
training_env() { case $1 in chat) echo "-e CHAT_ADMIN_PASSWORD=training" ;; files) echo "-e FILES_ROOT=/tmp/training" ;; esac; }

# An archive made by a training run that exits once the context is refreshed, copied out to $work/<service>.<ext>:
# a CDS archive (jsa, as the images made theirs before the AOT cache) or an AOT cache (aot, as they made it before
# the training served requests).
make_archive() {
    local service=$1 ext=$2 option
    case $ext in jsa) option=-XX:ArchiveClassesAtExit ;; aot) option=-XX:AOTCacheOutput ;; esac
    # shellcheck disable=SC2046
    docker run --name startup-train --network none --user 0 $(training_env "$service") --entrypoint java \
        "${IMAGES:-netservices}/$service" "$option=/tmp/app.$ext" -Dspring.context.exit=onRefresh \
        -Dspring.aot.enabled=false -jar app.jar \
        >/dev/null 2>&1
    docker cp "startup-train:/tmp/app.$ext" "$work/$service.$ext" >/dev/null
    docker rm -f startup-train >/dev/null
    chmod a+r "$work/$service.$ext"
}

# Prints the seconds from a PUT of $work/upload.bin as <name> to its OK, from files at <ip>.
upload_seconds() {
    local ip=$1 name=$2 size begin reply
    size=$(stat -c %s "$work/upload.bin")
    exec 3<>"/dev/tcp/$ip/8888"
    IFS= read -r reply <&3
    begin=$(date +%s.%N)
    { printf 'PUT %s %s\n' "$name" "$size"; cat "$work/upload.bin"; } >&3
    IFS= read -r reply <&3
    exec 3<&-
    [[ $reply == OK* ]] || { echo "error: the upload was answered: $reply" >&2; return 1; }
    awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}

# Prints "<seconds to ready> <process running for> <idle RSS in MiB>" for one start, and for files with
# UPLOAD_MIB set " <first upload s> <second upload s>".
# Arguments: the service, then what follows `docker run -d` (options, image, arguments).
start_once() {
    local service=$1 port container ip begin ready line rss
    shift
    port=$(management_port "$service")
    # shellcheck disable=SC2046
    container=$(docker run -d --cpuset-cpus "$cpus" $(training_env "$service" | sed 's/training/startup/') \
        $(uploads "$service" && echo "--tmpfs /tmp:size=$((3 * UPLOAD_MIB))m,mode=1777 -e FILES_FSYNC=false") "$@")
    begin=$(date +%s.%N)
    ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
    ready=
    for _ in $(seq 1 3000); do
        if curl -fs -o /dev/null --max-time 1 "http://$ip:$port/actuator/health/readiness"; then
            ready=$(date +%s.%N)
            break
        fi
        sleep 0.05
    done
    [ -n "$ready" ] || { docker logs "$container" 2>&1 | tail -20 >&2; docker rm -f "$container" >/dev/null; echo "error: not ready in 150 s" >&2; return 1; }
    line=$(docker logs "$container" 2>&1 | grep -m1 -o 'process running for [0-9.]*' | awk '{ print $4 }')
    sleep "${IDLE_SECONDS:-10}"
    rss=$(docker exec "$container" awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/1/status)
    upload=
    if uploads "$service"; then
        upload=" $(upload_seconds "$ip" first.bin) $(upload_seconds "$ip" second.bin)"
    fi
    docker rm -f "$container" >/dev/null
    awk -v a="$begin" -v b="$ready" -v p="${line:-nan}" -v r="$rss" -v u="$upload" 'BEGIN { printf "%.2f %s %s%s\n", b - a, p, r, u }'
}

uploads() { [ "$1" = files ] && [ -n "${UPLOAD_MIB:-}" ]; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
column_median() { local n=$1; shift; printf '%s\n' "$@" | awk -v n="$n" '{ print $n }' | median; }

# The variants, in the order they alternate: VARIANTS="aot nice19" measures only those.
variants=(${VARIANTS:-shipped aot nice10 aot-c1 cds none})

# Prints the arguments after `docker run -d` (besides the pinning) that start $1 as variant $2.
variant_args() {
    case $2 in
        *+ulimit) echo "--ulimit nice=20:20 $(variant_args "$1" "${2%+ulimit}")" ;;
        *+capnice) echo "--user 0 --cap-add SYS_NICE $(variant_args "$1" "${2%+capnice}")" ;;
        *) image_args "$@" ;;
    esac
}

# The same, for a variant without the +suffix.
image_args() {
    local service=$1 kind=$2 image=${IMAGES:-netservices}/$1
    # <prefix>/<variant>: that variant of the images <prefix>/* (another build's images, alternated with these)
    if [[ $kind == */* ]]; then
        image=${kind%/*}/$service
        kind=${kind#*/}
    fi
    case $kind in
        shipped) echo "--cap-add SYS_NICE $image" ;;
        nocap) echo "$image" ;;
        aot) echo "-v $work/$service.aot:/app/refresh.aot:ro --entrypoint java $image ${flags[*]} -XX:AOTCache=refresh.aot $before -jar app.jar" ;;
        trained) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot -jar app.jar" ;;
        nice*) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=${kind#nice} -jar app.jar" ;;
        aot-c1) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot -XX:TieredStopAtLevel=1 -jar app.jar" ;;
        cds) echo "-v $work/$service.jsa:/app/startup.jsa:ro --entrypoint java $image ${flags[*]} -XX:SharedArchiveFile=startup.jsa $before -jar app.jar" ;;
        none) echo "--entrypoint java $image ${flags[*]} $before -jar app.jar" ;;
        plain) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot $before -jar app.jar" ;;
        directives) echo "-v $repository/jvm/compiler-directives.json:/app/edited-directives.json:ro --entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=edited-directives.json -jar app.jar" ;;
        norelocate) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -jar app.jar" ;;
        c2late) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot ${late_c2[*]} -jar app.jar" ;;
        c2later) echo "--entrypoint java $image ${flags[*]} -XX:AOTCache=app.aot ${later_c2[*]} -jar app.jar" ;;
        *) echo "error: unknown variant $kind" >&2; return 1 ;;
    esac
}

[ -z "${UPLOAD_MIB:-}" ] || head -c "${UPLOAD_MIB}M" /dev/urandom > "$work/upload.bin"
printf '%-6s %-7s %10s %12s %9s %14s   %s\n' service kind "to ready" "JVM started" "idle RSS" "uploads 1/2" \
    "runs (ready s / started s / RSS MiB [/ upload 1 s / upload 2 s])"
for service in "${services[@]}"; do
    [[ " ${variants[*]} " != *" cds "* ]] || make_archive "$service" jsa
    [[ " ${variants[*]} " != *" aot "* ]] || make_archive "$service" aot
    declare -A runs=()
    for _ in $(seq 1 "$rounds"); do
        for kind in "${variants[@]}"; do
            # shellcheck disable=SC2046
            runs[$kind]+="$(start_once "$service" $(variant_args "$service" "$kind"))"$'\n'
        done
    done
    for kind in "${variants[@]}"; do
        mapfile -t lines < <(printf '%s' "${runs[$kind]}")
        uploaded=-
        uploads "$service" && uploaded="$(column_median 4 "${lines[@]}")s/$(column_median 5 "${lines[@]}")s"
        printf '%-6s %-7s %9.2fs %11.2fs %6s MiB %14s   %s\n' "$service" "$kind" \
            "$(column_median 1 "${lines[@]}")" "$(column_median 2 "${lines[@]}")" "$(column_median 3 "${lines[@]}")" "$uploaded" \
            "$(printf '%s, ' "${lines[@]}" | sed 's/, $//')"
    done
    unset runs
done
