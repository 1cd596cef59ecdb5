#!/usr/bin/env bash
# Runs every service benchmark, each against its peer measured in the same run, one after another, and
# writes one Markdown report: bench/results/latest.md (see bench/README.md for what is measured; its method
# table is this script's full-run settings below).
#
#   bench/run.sh            full run (about 15 minutes on 2 cores; run it on an otherwise quiet machine)
#   bench/run.sh --quick    smoke run with short durations and small files (about 2 minutes): proves the
#                           scripts work end to end; its figures are not meant to be quoted
#
# Needs wrk, h2load, curl, python3, brotli, nginx with the brotli_static module (Debian: nginx-light and
# libnginx-mod-http-brotli-static; never the system instance: each benchmark starts its own on a free port),
# redis-server, lftp, vsftpd and a JDK 21+. Builds the service jars if one is missing.
# Holds /tmp/bench.lock for the whole run, so that no other benchmark runs at the same time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (usage: bench/run.sh [--quick])" >&2; exit 2 ;;
    esac
done

# True when one of our ancestors holds /tmp/bench.lock, as after `flock /tmp/bench.lock bench/run.sh`:
# taking it again would wait for ourselves forever.
lock_held_by_ancestor() {
    local inode holders pid
    inode=$(stat -c %i /tmp/bench.lock 2>/dev/null) || return 1
    holders=$(awk -v inode="$inode" '$2 == "FLOCK" { n = split($6, id, ":"); if (id[n] == inode) print $5 }' /proc/locks 2>/dev/null)
    [ -n "$holders" ] || return 1
    pid=$PPID
    while [ "${pid:-0}" -gt 1 ]; do
        grep -qx "$pid" <<<"$holders" && return 0
        pid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)
    done
    return 1
}

# One benchmark at a time on the machine: take the shared lock for the whole run. flock -o keeps the
# lock in flock's own process, so that a server started below can never inherit it and keep it.
if [ "${BENCH_LOCK_HELD:-}" != 1 ] && ! lock_held_by_ancestor; then
    command -v flock >/dev/null || { echo "missing flock (apt-get install -y util-linux)" >&2; exit 1; }
    if ! flock -n /tmp/bench.lock true; then
        echo "another benchmark holds /tmp/bench.lock; waiting for it to finish ..." >&2
    fi
    exec env BENCH_LOCK_HELD=1 flock -o /tmp/bench.lock "$0" "$@"
fi

cd "$ROOT"
# shellcheck source=../scripts/jdk.sh
. scripts/jdk.sh
select_jdk
JAVA="$JAVA_HOME/bin/java"

missing=()
for tool in wrk h2load curl python3 brotli taskset redis-server lftp; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x /usr/sbin/nginx ] || missing+=("nginx (/usr/sbin/nginx)")
[ -x "$JAVA_HOME/bin/jcmd" ] || missing+=("jcmd (a full JDK, not a JRE)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}" >&2
    echo "Debian: apt-get install -y wrk nghttp2-client curl python3 brotli nginx-light libnginx-mod-http-brotli-static redis-server lftp vsftpd" >&2
    exit 1
fi

JARS=(chat-service/target/chat-service-0.1.0-SNAPSHOT.jar
      file-service/target/file-service-0.1.0-SNAPSHOT.jar
      web-service/target/web-service-0.1.0-SNAPSHOT.jar)
for jar in "${JARS[@]}"; do
    if [ ! -f "$jar" ]; then
        echo "$jar is missing: building the jars (./mvnw -q -DskipTests package) ..." >&2
        ./mvnw -q -DskipTests package
        break
    fi
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$ROOT/bench/results
RUN=$RESULTS/$STAMP$([ "$QUICK" = 1 ] && echo -quick || true)  # "|| true": a failed test in $() would end the script under set -e
mkdir -p "$RUN"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# The method bench/README.md states is exactly this full run's settings: change them together.
if [ "$QUICK" = 1 ]; then
    CHAT_ARGS=(--seconds 2 --warmup 1 --rounds 1 --jit-warmup 2)
    FILES_ENV=(SIZE=64M SMALL=1M WARMUP=2); FILES_REPEATS=1
    MIRROR_ENV=(FILES=200 BIG=10000 WARMUP_MAX=1); MIRROR_REPEATS=1
    WEB_ENV=(DURATION=2 ROUNDS=1 WARMUP=2 IDLE=1000 SLOW=100 HOLD=10 SETTLE=3)
    H2_ENV=(REQUESTS=20000 DURATION=2 ROUNDS=1 WARMUP=1)
else
    CHAT_ARGS=(--seconds 6 --warmup 3 --rounds 3)             # JIT warm-up: 20 s per setup, 60 s for the cluster
    FILES_ENV=(SIZE=512M SMALL=4M WARMUP=10); FILES_REPEATS=3
    MIRROR_ENV=(FILES=2000 BIG=100000); MIRROR_REPEATS=3
    WEB_ENV=(DURATION=6 ROUNDS=3 WARMUP=5 IDLE=10000 SLOW=1000)
    H2_ENV=(REQUESTS=200000 DURATION=6 ROUNDS=3 WARMUP=5)
fi

# Each benchmark writes its Markdown tables to $RUN/<name>.md and its progress to $RUN/<name>.log (also
# shown here). A failing benchmark does not stop the others; the report says which one failed.
STATUS=()
run_bench() { # name command...
    local name=$1; shift
    echo "=== $name: $* ($(date -u +%H:%M:%S) UTC)" >&2
    local start=$SECONDS
    if "$@" 2> >(tee "$RUN/$name.log" >&2); then
        STATUS+=("$name=ok")
    else
        STATUS+=("$name=failed")
        echo "=== $name FAILED (log: $RUN/$name.log)" >&2
    fi
    echo "=== $name took $((SECONDS - start)) s" >&2
}

chat_bench() { # [--compare KIND] -> chat.md, or chat-KIND.md
    local name=chat${2:+-$2}
    taskset -c 0 "$JAVA" bench/chat/ChatFanoutBench.java "${CHAT_ARGS[@]}" "$@" \
        --jar chat-service/target/chat-service-0.1.0-SNAPSHOT.jar > "$RUN/$name.md"
}
files_bench() {
    env "${FILES_ENV[@]}" OUT="$RUN/files.md" bench/files/run.sh "$FILES_REPEATS" >&2
}
web_bench() {
    env "${WEB_ENV[@]}" OUT="$RUN/web.md" bench/web/run.sh >&2
}
web_h2_bench() {
    env "${H2_ENV[@]}" OUT="$RUN/web-h2.md" bench/web/h2.sh >&2
}
files_mirror_bench() {
    env "${MIRROR_ENV[@]}" bench/files/mirror.sh "$MIRROR_REPEATS" > "$RUN/files-mirror.md"
}

run_bench chat chat_bench
run_bench chat-rooms chat_bench --compare rooms
run_bench chat-private chat_bench --compare private
run_bench chat-cluster chat_bench --compare cluster
run_bench files files_bench
run_bench files-mirror files_mirror_bench
run_bench web web_bench
run_bench web-h2 web_h2_bench

export STARTED LOAD_BEFORE QUICK RUN
export STATUS_LINE="${STATUS[*]}"
export NPROC=$(nproc)
export CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
export JDK_VERSION=$("$JAVA" -version 2>&1 | head -1)
export NGINX_VERSION=$(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //')
export WRK_VERSION=$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)
export COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([ -n "$(git status --porcelain 2>/dev/null)" ] && echo " + uncommitted changes")
export LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$RUN/report.md" <<'PYTHON'
"""Reads the three benchmarks' Markdown tables and writes the one report: header, summary table, details."""
import os
import re
import sys

run = os.path.relpath(os.environ["RUN"])  # the working directory is the repository root
quick = os.environ["QUICK"] == "1"
status = dict(item.split("=") for item in os.environ["STATUS_LINE"].split())


def read(name):
    path = os.path.join(run, name + ".md")
    if status.get(name) != "ok" or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def table_rows(text):
    """Every Markdown table row of text, as lists of stripped cells (separator rows left out)."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and not re.fullmatch(r"\|[\s:|-]+\|", line):
            rows.append([cell.strip() for cell in line[1:-1].split("|")])
    return rows


def number(text):
    """The first number in text (commas as thousands separators), or None."""
    match = re.search(r"-?[0-9][0-9,]*(\.[0-9]+)?", text or "")
    return float(match.group(0).replace(",", "")) if match else None


def fmt(value, unit=""):
    if value is None:
        return "-"
    digits = 0 if abs(value) >= 100 else 2
    return f"{value:,.{digits}f}{unit}"


def verdict(ok):
    return "-" if ok is None else ("yes" if ok else "**no**")


summary = []  # service, scenario, ours, peer, ratio, target, met


def failed(service, why="benchmark failed"):
    summary.append([service, f"{why}: see {os.path.join(run, service + '.log')}", "-", "-", "-", "-", "**no**"])


def parse(service, text, rows_of):
    """Adds the service's summary rows; a table that cannot be read is reported, not skipped."""
    if text is None:
        failed(service)
        return
    before = len(summary)
    try:
        rows_of(text)
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError) as e:
        del summary[before:]
        failed(service, f"could not read its table ({type(e).__name__}: {e})")
        return
    if len(summary) == before:
        failed(service, "no result rows in its table")


def chat_rows(chat):
    by_window = {}
    for cells in table_rows(chat):
        # | W | setup | delivered/s | spread | loss | p50 | p99 | rate ratio | p99 ratio | server CPU per delivery |
        if len(cells) == 10 and cells[0].isdigit():
            by_window.setdefault(cells[0], {})["peer" if "peer" in cells[1] else "ours"] = cells
    for window, rows in by_window.items():
        ours, peer = rows["ours"], rows["peer"]
        rate_ratio, p99_ratio = number(ours[7]), number(ours[8])
        summary.append(["chat", f"fan-out to 49, W={window}: delivered datagrams/s (loss)",
                        f"{ours[2]} ({ours[4]})", f"{peer[2]} ({peer[4]})", fmt(rate_ratio),
                        "≥ 1.0, zero loss", verdict(rate_ratio >= 1.0 and ours[4] == "0")])
        summary.append(["chat", f"fan-out to 49, W={window}: p99 send-to-last-delivery",
                        ours[6], peer[6], fmt(p99_ratio), "≤ 1.5 (lower is better)", verdict(p99_ratio <= 1.5)])

def files_rows(files):
    for cells in table_rows(files):
        if len(cells) == 4 and number(cells[1]) is not None:
            ratio = number(cells[3])
            targeted = cells[0].startswith(("download", "upload"))
            summary.append(["files", cells[0], fmt(number(cells[1]), " MB/s"), fmt(number(cells[2]), " MB/s"), fmt(ratio),
                            "≥ 0.9" if targeted else "-", verdict(ratio >= 0.9) if targeted else "-"])

def web_rows(web):
    idle_count = slow_count = "?"
    for cells in table_rows(web):
        if len(cells) == 3 and cells[1] == "web-service" and "idle keep-alive" in cells[0]:
            idle_count = cells[0].split()[0]
        elif len(cells) == 3 and cells[1] == "web-service" and "slowloris" in cells[0]:
            slow_count = cells[0].split()[0]
        elif len(cells) == 6 and number(cells[1]) is not None:
            ratio = number(cells[3])
            target = 0.95 if cells[0].startswith("16 MiB") else 1.0
            summary.append(["web", f"{cells[0]}: requests/s", fmt(number(cells[1])), fmt(number(cells[2])), fmt(ratio),
                            f"≥ {target}", verdict(ratio >= target)])
        elif len(cells) == 3 and cells[0].startswith("heap added"):
            heap = number(cells[1])
            summary.append(["web", f"{idle_count} idle keep-alive connections: heap added after full GC",
                            cells[1], "-", "-", "< 30 MB for 10,000", verdict(heap < 30)])
        elif len(cells) == 3 and cells[0].startswith("RSS added"):
            ours, peer = number(cells[1]), number(cells[2])
            summary.append(["web", f"{idle_count} idle keep-alive connections: RSS added", cells[1], cells[2],
                            fmt(ours / peer) if peer else "-", "-", "-"])
        elif len(cells) == 3 and cells[0].startswith("held"):
            held = [number(cell) for cell in cells[1:]]
            if number(idle_count) is not None and any(h is None or h < number(idle_count) for h in held):
                summary.append(["web", "idle connections actually held", cells[1], cells[2], "-",
                                f"all {idle_count}", "**no**"])
        elif len(cells) == 3 and cells[0] == "share kept":
            ours, peer = number(cells[1]), number(cells[2])
            summary.append(["web", f"{slow_count} slowloris connections: share of req/s kept by normal clients",
                            f"{ours:.0%}", f"{peer:.0%}", fmt(ours / peer) if peer else "-", "ours ≥ 80%",
                            verdict(ours >= 0.8)])

chat, files, web = read("chat"), read("files"), read("web")
parse("chat", chat, chat_rows)
parse("files", files, files_rows)
parse("web", web, web_rows)

targets = [row for row in summary if row[6] != "-"]
met = sum(1 for row in targets if row[6] == "yes")
env = os.environ
out = []
out.append("# Benchmark results" + (" (--quick smoke run: short durations, small files; not figures to quote)" if quick else ""))
out.append("")
out.append(f"- Date: {env['STARTED']}")
out.append(f"- Cores: {env['NPROC']} (`nproc`), shared by the servers and the load generators")
out.append(f"- CPU: {env['CPU_MODEL']}")
out.append(f"- JDK: {env['JDK_VERSION']}")
out.append(f"- Peers: {env['NGINX_VERSION']}; {env['WRK_VERSION']}; the bare DatagramChannel loop in bench/chat")
out.append(f"- Commit: {env['COMMIT']}")
out.append(f"- Load average before / after: {env['LOAD_BEFORE']} / {env['LOAD_AFTER']}")
out.append("- Reproduce: `bench/run.sh" + (" --quick" if quick else "") + "` (see bench/README.md)")
out.append("")
out.append(f"{met} of {len(targets)} targets met. Ratio = ours / peer, measured in the same run on the same machine;"
           " higher is better except for latency and memory.")
out.append("")
out.append("| service | scenario | ours | peer | ratio | target | met? |")
out.append("|---|---|---:|---:|---:|---|---|")
for row in summary:
    out.append("| " + " | ".join(row) + " |")
for name, text, peer in (("chat", chat, "bare single-thread DatagramChannel loop"),
                         ("chat-rooms", read("chat-rooms"), "the same node with one room of 50 at the same total W"),
                         ("chat-private", read("chat-private"), "bare loop forwarding /msg"),
                         ("chat-cluster", read("chat-cluster"), "the same 50 members on one node"),
                         ("files", files, "nginx, sendfile on, same files, same receiving program"),
                         ("files-mirror", read("files-mirror"), "lftp mirror with vsftpd, the same tree"),
                         ("web", web, "nginx, worker_processes 1, sendfile on, same root"),
                         ("web-h2", read("web-h2"), "nginx 1.22 HTTP/2, worker_processes 1, same root")):
    out.append("")
    out.append(f"## {name} (peer: {peer})")
    out.append("")
    if text is None:
        out.append(f"Failed; the end of {os.path.join(run, name + '.log')}:")
        out.append("")
        out.append("```")
        try:
            with open(os.path.join(run, name + ".log"), encoding="utf-8", errors="replace") as f:
                out.extend(f.read().splitlines()[-20:])
        except OSError as e:
            out.append(str(e))
        out.append("```")
    else:
        out.append(text.strip())
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
PYTHON

cp "$RUN/report.md" "$RESULTS/latest.md"
cat "$RESULTS/latest.md"
echo >&2
echo "written: bench/results/latest.md (this run's tables and logs: ${RUN#"$ROOT"/})" >&2
case "${STATUS[*]}" in *failed*) exit 1 ;; esac
