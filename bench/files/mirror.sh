#!/usr/bin/env bash
# Folder-tree benchmark (issue 19): client.jar files mirror -R / mirror into file-service against lftp mirror -R /
# lftp mirror with vsftpd, the same tree, --parallel 4 on both sides, durable on both sides; then LIST of a folder
# of 100,000 entries (time to the last line, the server's heap after it).
#
#   bench/files/mirror.sh [REPEATS]     (from the repository root; default 3 rounds, alternating which side goes first)
#   FILES=200 BIG=100000 bench/files/mirror.sh 1
#                                       a smoke run: fewer files (default 2000) and entries (default 100000)
#   PIN=0                               no taskset (servers on core 1, clients on core 0 otherwise)
#   WARMUP_MAX=10 JIT_QUIET_MS=200      unmeasured warm-up rounds until file-service's JIT compilers used at most
#                                       JIT_QUIET_MS of CPU in one round, at most WARMUP_MAX rounds (below)
#   SERVER_OPTS=... CLIENT_OPTS=...     extra JVM options for file-service / the client (a profile:
#                                       SERVER_OPTS=-XX:StartFlightRecording=filename=s.jfr,settings=profile)
#
# Durability, made fair: file-service runs with files.fsync=true (each file and its folder entry forced before OK);
# vsftpd never forces anything, so every vsftpd upload round ends with `sync -f` on its folder's file system,
# counted in its time. Downloads land in a local folder, neither client forces them one by one, and both sides'
# download rounds end with a counted `sync -f` of that folder's file system.
# Setup outside the clock, the same for both sides: each round deletes the previous round's tree first (lftp through
# FTP, ours by hand in the library), then `sync -f` and a wait until file-service is idle (settle, below).
# Needs: lftp and vsftpd (Debian packages lftp, vsftpd), nc, a JDK 21+, the jars (built when missing).
set -euo pipefail

REPEATS=${1:-3}
FILES=${FILES:-2000}
BIG=${BIG:-100000}
PIN=${PIN:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
select_jdk
JAVA=$JAVA_HOME/bin/java
JAR=$ROOT/file-service/target/file-service-0.1.0-SNAPSHOT.jar
CLIENT=$ROOT/client/target/client.jar
for tool in lftp vsftpd nc; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool not found (apt-get install $tool)" >&2; exit 1; }
done
VSFTPD=$(command -v vsftpd || echo /usr/sbin/vsftpd)
SERVER_CPU=()
CLIENT_CPU=()
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=(taskset -c 1)
    CLIENT_CPU=(taskset -c 0)
fi
if [ ! -f "$JAR" ] || [ ! -f "$CLIENT" ]; then
    (cd "$ROOT" && ./mvnw -q -pl file-service,client -am -DskipTests package)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/files-mirror-bench.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The tree: FILES files of 1 KiB to 1 MiB (sizes spread evenly on a log scale, fixed by the file's number) in 3 levels.
echo "making the tree: $FILES files" >&2
TREE=$WORK/tree
# one awk for every size (srand(i) per file, as before: the same sizes), then one head per file
awk -v n="$FILES" 'BEGIN { for (i = 0; i < n; i++) { srand(i); printf "a%d/b%d/c%d %d %d\n", i % 10, int(i / 10) % 10, int(i / 100) % 4, i, 1024 * exp(log(1024) * rand()) } }' \
    | while read -r dir i size; do
        mkdir -p "$TREE/$dir"
        head -c "$size" /dev/urandom > "$TREE/$dir/f$i.bin"
    done
TOTAL=$(du -sb "$TREE" | cut -f1)

# vsftpd: anonymous writes into upload/ (its root may not be writable), passive ports on the loopback.
FTP_PORT=$(free_port)
mkdir -p "$WORK/ftp/upload" "$WORK/empty"
chmod 555 "$WORK/ftp"
cat > "$WORK/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$FTP_PORT
run_as_launching_user=YES
anonymous_enable=YES
no_anon_password=YES
anon_root=$WORK/ftp
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
anon_umask=022
local_enable=NO
seccomp_sandbox=NO
secure_chroot_dir=$WORK/empty
pasv_enable=YES
pasv_address=127.0.0.1
max_clients=50
max_per_ip=50
xferlog_enable=NO
CONF
"${SERVER_CPU[@]}" "$VSFTPD" "$WORK/vsftpd.conf" &
PIDS+=($!)

# file-service, durable.
FILES_PORT=$(free_port)
mkdir -p "$WORK/library"
"${SERVER_CPU[@]}" "$JAVA" ${SERVER_OPTS:-} -jar "$JAR" --files.port="$FILES_PORT" --files.root="$WORK/library" --files.fsync=true \
    --files.max-sessions-per-address=50 --server.port=0 --management.server.port=0 > "$WORK/files.log" 2>&1 &
FILES_PID=$!
PIDS+=($FILES_PID)
for _ in $(seq 100); do
    nc -z 127.0.0.1 "$FILES_PORT" 2>/dev/null && nc -z 127.0.0.1 "$FTP_PORT" 2>/dev/null && break
    sleep 0.2
done

now() { date +%s.%N; }
# Before each timed run, whichever side it is: wait until file-service is idle (its CPU time advancing at most one tick
# in each of two 200 ms windows, 15 s at most). The rounds delete the previous round's tree beforehand, lftp's through
# FTP (done when lftp returns), ours by hand in the library; file-service follows a change made by hand through its
# folder watches, a moment later (about 0.5-1 s of its core for a tree of 2,000 files), and without this wait that work
# ran inside the next timed run on the server core, ours or the peer's. The deletes' own writes go to the disk first
# (`sync -f`), so that neither side's run pays for the writeback of the other's.
# stat_ticks FILE: CPU time (user + system, in clock ticks) from a process's or thread's stat file. The fields are
# counted after the command name, which is in parentheses and may hold spaces ("C2 CompilerThread0"): state is the
# first, utime the 12th, stime the 13th. A thread gone meanwhile counts 0.
stat_ticks() {
    local line fields
    line=$(< "$1") 2>/dev/null || { echo 0; return; }
    read -r -a fields <<< "${line##*) }"
    echo $((fields[11] + fields[12]))
}
settle() {
    local ticks last quiet=0 tries=0
    sync -f "$WORK"
    last=$(stat_ticks "/proc/$FILES_PID/stat")
    while ((quiet < 2 && tries < 75)); do
        sleep 0.2
        ticks=$(stat_ticks "/proc/$FILES_PID/stat")
        if ((ticks - last <= 1)); then quiet=$((quiet + 1)); else quiet=0; fi
        last=$ticks tries=$((tries + 1))
    done
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
lftp_run() { "${CLIENT_CPU[@]}" lftp -e "set net:max-retries 1; set xfer:clobber on; $1; quit" "ftp://anonymous:@127.0.0.1:$FTP_PORT" > /dev/null; }
# The client as users run it: the launcher (its JVM options, and on Java 25+ its AOT cache, kept in the work folder)
client_run() {
    env JAVA_HOME="$JAVA_HOME" NETSERVICES_CLIENT_JAR="$CLIENT" XDG_CACHE_HOME="$WORK/cache" ${CLIENT_OPTS:+JAVA_TOOL_OPTIONS="$CLIENT_OPTS"} \
        "${CLIENT_CPU[@]}" "$ROOT/bin/netservices-client" files --port "$FILES_PORT" -q "$@" > /dev/null
}

round_lftp_up() {
    lftp_run "rm -rf upload/tree" 2>/dev/null || true
    settle
    local start; start=$(now)
    lftp_run "mirror -R --parallel=4 $TREE upload/tree"
    sync -f "$WORK/ftp/upload"
    elapsed "$start" "$(now)"
}
round_files_up() {
    rm -rf "$WORK/library/tree"
    settle
    local start; start=$(now)
    client_run mirror -R --parallel 4 "$TREE" tree
    elapsed "$start" "$(now)"
}
round_lftp_down() {
    rm -rf "$WORK/down-ftp"
    settle
    local start; start=$(now)
    lftp_run "mirror --parallel=4 upload/tree $WORK/down-ftp"
    sync -f "$WORK"
    elapsed "$start" "$(now)"
}
round_files_down() {
    rm -rf "$WORK/down-files"
    settle
    local start; start=$(now)
    client_run mirror --parallel 4 tree "$WORK/down-files"
    sync -f "$WORK"
    elapsed "$start" "$(now)"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# run_round ARRAY N: one round, both sides up and then both down, the side that goes first alternating with N; the four
# times are added to the associative array named ARRAY (keys lftp-up, files-up, lftp-down, files-down).
run_round() {
    local -n into=$1
    local side order
    if (($2 % 2)); then order="lftp files"; else order="files lftp"; fi
    for side in $order; do into[$side-up]+="$(round_${side}_up) "; done
    for side in $order; do into[$side-down]+="$(round_${side}_down) "; done
}
# times_of ARRAY KEY: the times of one key, one per line, in round order
times_of() {
    local -n from=$1
    echo "${from[$2]}" | tr ' ' '\n' | grep .
}
# last_round ARRAY: the latest round's four times, named
last_round() {
    local key
    for key in lftp-up files-up lftp-down files-down; do printf '%s %s  ' "$key" "$(times_of "$1" "$key" | tail -1)"; done
}

# Warm-up, not measured: one mirror up by each side (the page cache holds both programs and the tree; the client's
# first run after a build makes its AOT cache, as it does for a user once per build).
lftp_run "mirror -R --parallel=4 $TREE upload/warmup"
lftp_run "rm -rf upload/warmup"
client_run mirror -R --parallel 4 "$TREE" warmup
rm -rf "$WORK/library/warmup"

# Then whole rounds, not measured, until file-service's JIT has done its work: a server runs for days, and the rounds
# measure it as it serves then, not while its compilers still take the core. Per-file code runs some 2,000 times a
# mirror, so the methods an upload calls reach C2's thresholds only after several mirrors (profiled: C2 took 0.5-0.7 s
# of the server core in each of the first seven mirrors up, 0.06-0.3 s from the ninth). A warm-up round is the
# measured round's four runs; they go on until the compiler threads used at most JIT_QUIET_MS of CPU in one round
# (default 200), at most WARMUP_MAX rounds (default 10). Their times are printed: the first is the cold server.
# compiler_ms: CPU time (user + system) of file-service's JIT compiler threads so far, in milliseconds.
compiler_ms() {
    local task comm ticks=0
    for task in /proc/"$FILES_PID"/task/*; do
        comm=$(< "$task/comm") 2>/dev/null || continue
        case $comm in
            "C1 Compiler"* | "C2 Compiler"*) ticks=$((ticks + $(stat_ticks "$task/stat"))) ;;
        esac
    done
    echo $((ticks * 1000 / $(getconf CLK_TCK)))
}
JIT_QUIET_MS=${JIT_QUIET_MS:-200}
WARMUP_MAX=${WARMUP_MAX:-10}
declare -A WARM
for ((w = 1; w <= WARMUP_MAX; w++)); do
    before=$(compiler_ms)
    run_round WARM "$w"
    jit=$(($(compiler_ms) - before))
    echo "warm-up round $w: $(last_round WARM)(file-service's JIT: ${jit} ms)" >&2
    ((jit > JIT_QUIET_MS)) || break
done
WARMUP_ROUNDS=$((w > WARMUP_MAX ? WARMUP_MAX : w))

declare -A TIMES
for ((r = 1; r <= REPEATS; r++)); do
    run_round TIMES "$r"
    echo "round $r: $(last_round TIMES)" >&2
done
cmp -s <(cd "$TREE" && find . -type f -exec sha256sum {} + | sort -k2) <(cd "$WORK/down-files" && find . -type f -exec sha256sum {} + | sort -k2) \
    || { echo "the tree mirrored back from file-service differs from the original" >&2; exit 1; }

# LIST of BIG entries: made by hand in the library (the index notices them), listed over nc to the last line.
mkdir -p "$WORK/library/big"
(cd "$WORK/library/big" && seq -f "entry-%06g.txt" 1 "$BIG" | xargs touch)
for _ in $(seq 300); do
    listed=$(printf 'STAT big\r\nQUIT\r\n' | nc -q1 127.0.0.1 "$FILES_PORT" | sed -n 2p | cut -d' ' -f3)
    [ "${listed:-0}" = "$BIG" ] && break
    sleep 0.2
done
start=$(now)
# bash's /dev/tcp rather than nc -q1, whose wait after its input ends would be counted: the server closes after QUIT
lines=$(exec 3<>"/dev/tcp/127.0.0.1/$FILES_PORT"; printf 'LIST big\r\nQUIT\r\n' >&3; wc -l <&3)
LIST_SECONDS=$(elapsed "$start" "$(now)")
HEAP=$(jcmd "$FILES_PID" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }')

spread() { times_of TIMES "$1" | sort -n | sed -n '1p;$p' | paste -sd- | sed 's/-/–/'; }
up_l=$(times_of TIMES lftp-up | median)
up_f=$(times_of TIMES files-up | median)
down_l=$(times_of TIMES lftp-down | median)
down_f=$(times_of TIMES files-down | median)
# each round's ratio (lftp time / ours, its two runs back to back) and their median: the VM's speed moves between rounds
per_round() {
    paste -d' ' <(times_of TIMES "lftp-$1") <(times_of TIMES "files-$1") \
        | awk '{ printf "%.2f\n", $1 / $2 }'
}
rounds_line() { echo "$(per_round "$1" | paste -sd' '), median $(per_round "$1" | median)"; }
cat <<TABLE
| mirror of $FILES files ($TOTAL bytes, 3 levels), --parallel 4, $REPEATS rounds | lftp + vsftpd (s, median (min–max)) | client + file-service (s, median (min–max)) | ratio of the medians (lftp time / ours) |
|---|---|---|---|
| up (mirror -R), durable | $up_l ($(spread lftp-up)) | $up_f ($(spread files-up)) | $(awk -v a="$up_l" -v b="$up_f" 'BEGIN { printf "%.2fx", a / b }') |
| down (mirror) | $down_l ($(spread lftp-down)) | $down_f ($(spread files-down)) | $(awk -v a="$down_l" -v b="$down_f" 'BEGIN { printf "%.2fx", a / b }') |

Per round (lftp time / ours): up $(rounds_line up); down $(rounds_line down)

Warm-up: $WARMUP_ROUNDS unmeasured rounds (the last with file-service's JIT at ${jit} ms); their times, the first the cold server:
up: lftp ${WARM[lftp-up]}/ ours ${WARM[files-up]}; down: lftp ${WARM[lftp-down]}/ ours ${WARM[files-down]}

LIST of a folder of $BIG entries (greeting, header, entries, bye): $lines lines in ${LIST_SECONDS}s; file-service heap after it: ${HEAP:-?} (jcmd GC.heap_info, used)
TABLE
