#!/usr/bin/env bash
# Entrypoint of the stand-in Ceph image (scripts/base-images.sh, compose profile `scale`): a throwaway single-node
# Ceph with an S3 endpoint, started by scripts/ceph-rgw.sh (one monitor, one OSD on memstore, radosgw's beast
# frontend on port 7480 of every address of the container) with one S3 user and, when S3_BUCKET is set, its bucket.
# The daemons run as Debian's ceph user; this script stays as PID 1, stops them on SIGTERM and exits when one dies
# (the restart policy then starts the whole Ceph again). The data lives in the OSD's memory: a restart starts empty.
# For development and tests of S3-backed storage against a real Ceph RGW. Never for production.
#
# Environment: S3_ACCESS_KEY (required), S3_SECRET_KEY or S3_SECRET_KEY_FILE (a file holding it, e.g. a Docker
# secret; required), S3_BUCKET (made at start when set), OSD_BYTES (the memstore's size, default 1 GiB: the OSD's
# memory grows with what is stored, up to this).
# Ready when /var/lib/ceph/s3/ready exists (the health check tests it): the user and the bucket are made.
set -euo pipefail

dir=/var/lib/ceph/s3
port=7480
say() { printf 'ceph: %s\n' "$*"; }
die() { printf 'ceph: error: %s\n' "$*" >&2; exit 1; }

secret_key=${S3_SECRET_KEY:-}
if [ -n "${S3_SECRET_KEY_FILE:-}" ]; then
    [ -r "$S3_SECRET_KEY_FILE" ] || die "S3_SECRET_KEY_FILE=$S3_SECRET_KEY_FILE cannot be read"
    secret_key=$(tr -d '\r\n' < "$S3_SECRET_KEY_FILE")
fi
[ -n "${S3_ACCESS_KEY:-}" ] || die "no S3_ACCESS_KEY: set the access key of the S3 user to make"
[ -n "$secret_key" ] || die "no secret key: set S3_SECRET_KEY_FILE to a file holding one (docs/containers.md)"
[ "${#secret_key}" -ge 8 ] || die "the secret key is shorter than 8 characters"

# memstore keeps nothing across a restart, and ceph-rgw.sh starts only in an empty folder.
rm -rf "$dir"
install -d -o ceph -g ceph "$dir"

# The monitor commits every 0.1 s instead of every second: the pools radosgw makes at its first start are
# ready in about 2 s instead of about 13 (measured, issue 20). CEPH_ARGS reaches every ceph command.
export CEPH_ARGS="--paxos-propose-interval 0.1"
stop() {
    runuser -u ceph -- /opt/ceph-s3/ceph-rgw.sh stop "$dir" || true
    [ -z "${tail_pid:-}" ] || kill "$tail_pid" 2>/dev/null || true
}
trap 'say "stopping"; stop; exit 0' TERM INT

if ! runuser -u ceph -- env RGW_ADDRESS=0.0.0.0 RGW_PORT=$port OSD_BYTES="${OSD_BYTES:-1073741824}" \
        S3_ACCESS_KEY="$S3_ACCESS_KEY" S3_SECRET_KEY="$secret_key" \
        /opt/ceph-s3/ceph-rgw.sh start "$dir" >/dev/null; then
    tail -n 30 "$dir"/log/*.log >&2 || true
    die "Ceph did not start (the logs above)"
fi

if [ -n "${S3_BUCKET:-}" ]; then
    # The bucket is made over S3 itself, signed with the user's keys (curl's SigV4). RGW checks the signed
    # x-amz-content-sha256 header, which curl 7.88 leaves out: given here, the hash of the empty body.
    status=$(curl -s -o "$dir/bucket.out" -w '%{http_code}' -X PUT --aws-sigv4 'aws:amz:us-east-1:s3' \
        -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
        --user "$S3_ACCESS_KEY:$secret_key" "http://127.0.0.1:$port/$S3_BUCKET")
    [ "$status" = 200 ] || { cat "$dir/bucket.out" >&2; stop; die "making bucket $S3_BUCKET answered HTTP $status"; }
fi
touch "$dir/ready"
say "S3 endpoint ready on port $port (user ${S3_ACCESS_KEY}${S3_BUCKET:+, bucket $S3_BUCKET})"

# radosgw's log, one line per request among others, is the container's log from here on.
tail -n 0 -F "$dir/log/client.rgw.log" &
tail_pid=$!

# Every daemon must live: when one dies, stop the others and exit, so the restart policy starts Ceph again.
pids=$(cat "$dir"/run/*.pid)
while true; do
    for pid in $pids; do
        if ! kill -0 "$pid" 2>/dev/null; then
            say "a daemon (pid $pid) exited: stopping"
            tail -n 30 "$dir"/log/*.log >&2 || true
            stop
            exit 1
        fi
    done
    sleep 1 &
    wait $! || true
done
