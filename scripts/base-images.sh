#!/usr/bin/env bash
# Builds stand-in base images for the Dockerfile on a machine that cannot pull eclipse-temurin:25-*,
# from Debian packages and a JDK 21+ already installed here, then prints the variables to use:
#
#   eval "$(scripts/base-images.sh)"     # exports JDK_IMAGE, JRE_IMAGE, REDIS_IMAGE, PROMETHEUS_IMAGE, HAPROXY_IMAGE,
#                                        # POSTGRES_IMAGE, CEPH_IMAGE
#   docker compose up --build            # or docker-compose up --build
#
# JDK image: Debian (debootstrap --variant=minbase, the host's release) + this machine's JDK at
#            /opt/java/openjdk, the place the official images use.
# JRE image: the same Debian + a runtime jlink'ed from that JDK (the modules a Spring Boot service
#            uses, with a base CDS archive so the Dockerfile's training run can build on it).
# Redis image: the same Debian + Debian's redis-server package, for the compose profile `cluster`.
# Prometheus image: the same Debian + Debian's prometheus package, for the compose profile `monitoring`.
# HAProxy image: the same Debian + Debian's haproxy package, for the compose profile `scale`.
# PostgreSQL image: the same Debian + Debian's postgresql-15, started like the official postgres image
#            (POSTGRES_USER, POSTGRES_PASSWORD_FILE, POSTGRES_DB; scripts/stand-ins/postgres.sh), for `scale`.
# Ceph image: the same Debian + Debian's ceph-mon, ceph-osd and radosgw: a throwaway single-node Ceph with an
#            S3 endpoint, its user and bucket made at start (scripts/stand-ins/ceph-s3.sh), for `scale`.
# All of them trust what this machine trusts: its CA bundle and its JDK trust store are copied in as plain
# files (the JDK's cacerts is often a symlink into the host's /etc, which does not exist in an image).
#
# Needs root (debootstrap), a running Docker Engine and Debian's package archive. An image that
# already exists for this JDK version is kept; --rebuild makes both again. Progress goes to stderr,
# the variables to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

say() { printf '[base-images] %s\n' "$*" >&2; }
die() { printf '[base-images] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "debootstrap needs root: run this as root (sudo $0)"
command -v docker >/dev/null || die "docker is not installed (Debian: apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "no Docker Engine answers (start it: dockerd >/tmp/dockerd.log 2>&1 &)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"

. scripts/jdk.sh
# JDK 25 or newer: the images start from an AOT cache (-XX:AOTCache), which JDK 25 brought.
select_jdk 25 >&2 || exit 1
jdk=$JAVA_HOME
jdk_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\([^"]*\)"/\1/p' "$jdk/release" | tr '+' '_')
[ -n "$jdk_version" ] || jdk_version=$(jdk_major "$jdk")
suite=${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ca_bundle=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
[ -f "$ca_bundle" ] || die "no CA bundle at $ca_bundle (set CA_BUNDLE to this machine's PEM bundle)"

jdk_image="netservices/base-jdk:$jdk_version-$suite"
jre_image="netservices/base-jre:$jdk_version-$suite"
redis_image="netservices/redis:$suite"
prometheus_image="netservices/prometheus:$suite"
haproxy_image="netservices/haproxy:$suite"
postgres_image="netservices/postgres:15-$suite"
ceph_image="netservices/ceph:$suite"

# The modules a Spring Boot service needs at run time (java.se plus what Boot, Tomcat, Micrometer and
# JFR reach for), and jdk.localedata for chat.locale=zh_CN. No compiler, jshell or jlink.
jre_modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,\
jdk.naming.dns,jdk.zipfs,jdk.net,jdk.management,jdk.management.agent,jdk.jfr,jdk.management.jfr,\
jdk.security.auth,jdk.security.jgss,jdk.httpserver,jdk.jcmd

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
built() { say "built $1 ($(docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%d MB", $1 / 1e6 }'))"; }

# One recipe for every image made of Debian's packages on netservices/base-debian:$suite (made below):
#   on_debian IMAGE PACKAGES WHAT [DOCKERFILE-LINE...]
# installs PACKAGES (what the progress line names them: WHAT) with apt and adds the Dockerfile lines after it.
# The build context is scripts/, for the lines that COPY a stand-in's entrypoint.
on_debian() {
    local image=$1 packages=$2 what=$3
    shift 3
    say "installing Debian's $what into $image"
    printf '%s\n' "FROM netservices/base-debian:$suite" \
        "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null && rm -rf /var/lib/apt/lists/*" \
        "$@" \
        | docker build -q -t "$image" -f - scripts >/dev/null \
        || die "building $image failed (is Debian's archive reachable from containers?)"
    built "$image"
}

# The same, kept when it exists like the others (--rebuild makes it again).
kept_or_on_debian() {
    if $rebuild || ! have_image "$1"; then
        have_image netservices/base-debian:"$suite" \
            || die "netservices/base-debian:$suite is missing: run $0 --rebuild"
        on_debian "$@"
    fi
}

if ! $rebuild && have_image "$jdk_image" && have_image "$jre_image" && have_image "$redis_image"; then
    say "kept $jdk_image, $jre_image and $redis_image (--rebuild makes them again)"
else
    work=$(mktemp -d /tmp/netservices-base-images.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    rootfs=$work/rootfs

    # libcap2-bin: the Dockerfile gives renice a file capability with its setcap (CompilerStartPriority)
    say "debootstrap --variant=minbase $suite from $mirror (a minute or two)"
    debootstrap --variant=minbase --include=libcap2-bin "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
    mkdir -p "$rootfs/etc/ssl/certs"
    cp -L "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"

    # Copies a Java home into the image, with the host JDK's trust store as a real file.
    install_java() {
        local from=$1 to=$rootfs/opt/java/openjdk
        rm -rf "$to"
        mkdir -p "$to"
        cp -a "$from/." "$to/"
        rm -f "$to/lib/security/cacerts"
        cp -L "$jdk/lib/security/cacerts" "$to/lib/security/cacerts"
        if find "$to" -type l -lname '/*' | grep -q .; then
            die "$from still has symlinks into the host: $(find "$to" -type l -lname '/*' | head -3)"
        fi
    }

    # Sets what the official images set, so the Dockerfile needs nothing special for a stand-in.
    import() {
        local image=$1
        tar -C "$rootfs" -c . | docker import \
            --change 'ENV JAVA_HOME=/opt/java/openjdk' \
            --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV LANG=C.UTF-8' \
            --change 'CMD ["bash"]' \
            --message "stand-in base from Debian $suite and $jdk" - "$image" >/dev/null
        built "$image"
    }

    # Redis first, while the root file system has no Java in it: Debian's package, installed in a container
    # (containers reach Debian's archive; the image has the mirror in its sources.list from debootstrap).
    tar -C "$rootfs" -c . | docker import --message "Debian $suite minbase" - netservices/base-debian:"$suite" >/dev/null
    on_debian "$redis_image" redis-server redis-server \
        'EXPOSE 6379' \
        'CMD ["redis-server", "--protected-mode", "no"]'

    install_java "$jdk"
    import "$jdk_image"

    say "jlink runtime from $jdk"
    "$jdk/bin/jlink" --add-modules "$jre_modules" --strip-debug --no-man-pages --no-header-files \
        --generate-cds-archive --output "$work/jre" >&2
    install_java "$work/jre"
    import "$jre_image"
fi

# Prometheus from Debian's package, on the same Debian as the others (kept when it exists, like them).
kept_or_on_debian "$prometheus_image" prometheus prometheus \
    'USER nobody' \
    'EXPOSE 9090' \
    'ENTRYPOINT ["/usr/bin/prometheus"]' \
    'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/tmp/prometheus"]'

# HAProxy from Debian's package, kept when it exists like the others. It runs as Debian's haproxy user and reads
# its configuration where the official image does, so compose mounts haproxy/ at the same place for both.
kept_or_on_debian "$haproxy_image" haproxy haproxy \
    'USER haproxy' \
    'STOPSIGNAL SIGUSR1' \
    'CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'

# PostgreSQL 15 from Debian's package, with an entrypoint that reads the official image's variables, so compose
# gives both the same environment. It runs as Debian's postgres user (initdb refuses root).
kept_or_on_debian "$postgres_image" postgresql-15 postgresql-15 \
    'COPY stand-ins/postgres.sh /usr/local/bin/postgres-entrypoint.sh' \
    'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data' \
    'VOLUME /var/lib/postgresql/data' \
    'EXPOSE 5432' \
    'STOPSIGNAL SIGINT' \
    'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]'

# Ceph 16 from Debian's packages, with scripts/ceph-rgw.sh and the entrypoint around it copied in.
kept_or_on_debian "$ceph_image" "ceph-mon ceph-osd radosgw ceph-common curl" \
    "ceph-mon, ceph-osd and radosgw (a few minutes)" \
    'COPY ceph-rgw.sh stand-ins/ceph-s3.sh /opt/ceph-s3/' \
    'EXPOSE 7480' \
    'ENTRYPOINT ["/opt/ceph-s3/ceph-s3.sh"]'

echo "export JDK_IMAGE=$jdk_image"
echo "export JRE_IMAGE=$jre_image"
echo "export REDIS_IMAGE=$redis_image"
echo "export PROMETHEUS_IMAGE=$prometheus_image"
echo "export HAPROXY_IMAGE=$haproxy_image"
echo "export POSTGRES_IMAGE=$postgres_image"
echo "export CEPH_IMAGE=$ceph_image"
