#!/usr/bin/env bash
# Entrypoint of the stand-in PostgreSQL image (scripts/base-images.sh, compose profile `scale`): Debian's
# postgresql-15, set up from the variables the official postgres image reads, so docker-compose.yml gives
# both the same environment:
#   POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE (a file holding it, e.g. a Docker secret): required
#   POSTGRES_USER [postgres]: the superuser made by initdb, with that password
#   POSTGRES_DB [POSTGRES_USER]: a database made for it, owned by it
#   PGDATA [/var/lib/postgresql/data]: the cluster, made there on the first start only (a volume keeps it)
# Clients from anywhere log in with the password (scram-sha-256), never without one. The server runs as
# Debian's postgres user (initdb refuses root) as PID 1, so docker stop's SIGINT is a fast shutdown.
set -euo pipefail

die() { printf 'postgres: error: %s\n' "$*" >&2; exit 1; }

user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
data=${PGDATA:-/var/lib/postgresql/data}
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }

if [ ! -s "$data/PG_VERSION" ]; then
    password=${POSTGRES_PASSWORD:-}
    if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
        [ -r "$POSTGRES_PASSWORD_FILE" ] || die "POSTGRES_PASSWORD_FILE=$POSTGRES_PASSWORD_FILE cannot be read"
        password=$(tr -d '\r\n' < "$POSTGRES_PASSWORD_FILE")
    fi
    [ -n "$password" ] || die "no password: set POSTGRES_PASSWORD_FILE to a file holding one (docs/containers.md)"
    [[ $user =~ ^[a-z_][a-z0-9_]*$ ]] || die "POSTGRES_USER=$user: letters, digits and _ only"
    [[ $database =~ ^[a-z_][a-z0-9_]*$ ]] || die "POSTGRES_DB=$database: letters, digits and _ only"

    install -d -o postgres -g postgres -m 700 "$data"
    password_file=$(mktemp)
    chown postgres "$password_file"
    printf '%s\n' "$password" > "$password_file"
    as_postgres initdb -D "$data" --username="$user" --pwfile="$password_file" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$password_file"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '*'
password_encryption = scram-sha-256
CONF
    # Local socket and every address: with the password only.
    printf '%s\n' 'local all all scram-sha-256' 'host all all all scram-sha-256' > "$data/pg_hba.conf"
    if [ "$database" != postgres ]; then
        # Single-user mode: no server listens while the database is made.
        echo "CREATE DATABASE \"$database\" OWNER \"$user\";" \
            | as_postgres postgres --single -j -D "$data" postgres >/dev/null
    fi
    echo "postgres: made the cluster in $data (user $user, database $database)"
fi

# The socket folder Debian's build expects (its default unix_socket_directories).
install -d -o postgres -g postgres /var/run/postgresql
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$data"
