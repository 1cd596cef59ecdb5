#!/usr/bin/env bash
# Makes a local development certificate authority and a certificate for localhost signed by it, with
# openssl, for the services' TLS ports (files.tls.*, web.tls.*) and for tests. Never for production.
#
#   scripts/dev-ca.sh OUT_DIR [HOSTNAME...]      (default host names: localhost; 127.0.0.1 and ::1 always included)
#
# Writes into OUT_DIR (created when missing):
#   ca.pem          the CA certificate: what clients trust (curl --cacert, openssl s_client -CAfile, the client's --cacert)
#   ca.key          the CA's private key (keep it to sign more certificates; re-running reuses it)
#   server.pem      the server certificate (leaf first, then the CA) for spring.ssl.bundle.pem.NAME.keystore.certificate
#   server.key      the server's private key (PKCS#8, unencrypted) for spring.ssl.bundle.pem.NAME.keystore.private-key
# and prints those paths, one `name=path` a line. The server certificate is renewed on every run (a new key
# and serial), so running it again is also how to test a service's certificate reload.
set -euo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
OUT=$1
shift
HOSTS=("$@")
[ ${#HOSTS[@]} -gt 0 ] || HOSTS=(localhost)
command -v openssl >/dev/null || { echo "openssl is not installed (apt-get install openssl)" >&2; exit 1; }

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
umask 077

if [ ! -f "$OUT/ca.key" ] || [ ! -f "$OUT/ca.pem" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
        -subj "/CN=netservices development CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$OUT/ca.key" -out "$OUT/ca.pem" 2>/dev/null
fi

SAN="IP:127.0.0.1,IP:::1"
for host in "${HOSTS[@]}"; do
    SAN="DNS:$host,$SAN"
done
# beside the output, so the final mv is a rename on one file system (a watcher never sees the file missing)
WORK=$(mktemp -d "$OUT/.dev-ca.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=${HOSTS[0]}" \
    -keyout "$WORK/server.key" -out "$WORK/server.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$SAN" > "$WORK/ext.cnf"
openssl x509 -req -in "$WORK/server.csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days 397 -extfile "$WORK/ext.cnf" -out "$WORK/server.crt" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$WORK/server.key" -out "$WORK/server.key.p8"
cat "$WORK/server.crt" "$OUT/ca.pem" > "$WORK/server.pem"
# replace both files by rename, so a service watching them never reads a half-written one
mv "$WORK/server.key.p8" "$OUT/server.key"
mv "$WORK/server.pem" "$OUT/server.pem"
chmod 644 "$OUT/ca.pem" "$OUT/server.pem"

echo "ca=$OUT/ca.pem"
echo "ca-key=$OUT/ca.key"
echo "certificate=$OUT/server.pem"
echo "private-key=$OUT/server.key"
