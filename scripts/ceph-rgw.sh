#!/usr/bin/env bash
# Starts (or stops) a throwaway single-node Ceph cluster with an S3 endpoint (RADOS Gateway), from
# Debian's packages, as ordinary processes in one folder: one monitor, one OSD on memstore (the data
# lives in the OSD's memory: a stop loses it) and radosgw, with cephx authentication and one S3 user.
# For development and tests of S3-backed storage against a real Ceph RGW. Never for production.
#
#   scripts/ceph-rgw.sh start DIR      start in DIR (created; must be empty or absent)
#   scripts/ceph-rgw.sh stop DIR       stop the daemons started in DIR (and leave DIR for the logs)
#
# Settings (environment): MON_PORT (default 36789), RGW_PORT (default 37480), RGW_ADDRESS (default
# 127.0.0.1), S3_ACCESS_KEY and S3_SECRET_KEY (default: generated), OSD_BYTES (memstore size, default 1 GiB).
# `start` prints, one `name=value` a line: endpoint, access-key, secret-key, ceph-conf; the S3 endpoint
# speaks path-style addressing (region: any, e.g. us-east-1). Needs: ceph-mon ceph-osd radosgw ceph-common
# (apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common). Start-up: about 15 s.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

stop() {
    local pid_file pid pids=()
    for pid_file in "$dir"/run/*.pid; do
        pid=$(cat "$pid_file" 2>/dev/null) || continue   # a daemon removes its own file when it exits
        pids+=("$pid")
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -f "$dir"/run/*.pid
}

case $command in
    stop) stop; exit 0 ;;
    start) ;;
    *) usage ;;
esac

for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common curl)" >&2; exit 1; }
done
[ -z "$(ls -A "$dir")" ] || { echo "error: $dir is not empty" >&2; exit 1; }

mon_port=${MON_PORT:-36789}
rgw_port=${RGW_PORT:-37480}
rgw_address=${RGW_ADDRESS:-127.0.0.1}
access_key=${S3_ACCESS_KEY:-$(head -c 15 /dev/urandom | base32 | tr -d '=')}
secret_key=${S3_SECRET_KEY:-$(head -c 30 /dev/urandom | base64 | tr -d '=+/')}
fsid=$(cat /proc/sys/kernel/random/uuid)
mkdir -p "$dir/mon" "$dir/osd" "$dir/run" "$dir/log" "$dir/rgw"

# Messenger v2 only (the monitor's address is given as v2), one replica of everything, no manager
# (radosgw needs none), and the disk-space warnings off: the monitor's store is a few MB in a temp folder.
cat > "$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_port]
keyring = $dir/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon warn on pool no redundancy = false
auth allow insecure global id reclaim = false
mon data avail warn = 1
mon data avail crit = 0
osd objectstore = memstore
memstore device bytes = ${OSD_BYTES:-1073741824}
osd crush chooseleaf type = 0
ms bind ipv6 = false
run dir = $dir/run
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
admin socket = $dir/run/\$name.asok
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd
keyring = $dir/osd/keyring
[client.rgw]
rgw frontends = beast endpoint=$rgw_address:$rgw_port
rgw data = $dir/rgw
CONF
export CEPH_CONF=$dir/ceph.conf
trap 'echo "error: start failed; logs in $dir/log" >&2; stop' ERR

ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$dir/keyring" --gen-key -n client.rgw --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$dir/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" 2>>"$dir/log/setup.log"
ceph-mon -i a 2>>"$dir/log/setup.log"
osd=$(ceph osd create 2>>"$dir/log/setup.log")
# The new OSD has no key the monitors know yet, so its file system is made without asking them.
ceph-osd -i "$osd" --mkfs --mkkey --no-mon-config >>"$dir/log/setup.log" 2>&1
ceph auth add "osd.$osd" osd 'allow *' mon 'allow profile osd' -i "$dir/osd/keyring" >>"$dir/log/setup.log" 2>&1
ceph-osd -i "$osd" >>"$dir/log/setup.log" 2>&1
radosgw -n client.rgw >>"$dir/log/setup.log" 2>&1
for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://$rgw_address:$rgw_port/" && break
    sleep 0.25
done
curl -s -o /dev/null "http://$rgw_address:$rgw_port/"
radosgw-admin user create --uid=netservices --display-name=netservices \
    --access-key="$access_key" --secret="$secret_key" >/dev/null 2>>"$dir/log/setup.log"
trap - ERR

echo "endpoint=http://$rgw_address:$rgw_port"
echo "access-key=$access_key"
echo "secret-key=$secret_key"
echo "ceph-conf=$dir/ceph.conf"
