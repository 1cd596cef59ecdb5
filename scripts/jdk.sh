# Sourced by run.sh, .ci/run, ./mvnw and bin/netservices-client: finds a Java and exports JAVA_HOME.
# POSIX sh (./mvnw is /bin/sh), so no bash in here.
#
#   select_jdk  [MIN]   a JDK (java and javac) MIN or newer, 21 by default: what the build and the services need.
#                       Order: JAVA_HOME when it is new enough, then the `javac` on PATH, then the newest JDK
#                       under /usr/lib/jvm (the newest of those two wins).
#   select_java [MIN]   a Java runtime (a JRE will do) MIN or newer, 21 by default: what running a jar needs.
#                       Order: JAVA_HOME when it is new enough, then the `java` on PATH when it is, then the
#                       newest under /usr/lib/jvm.

java_major() {
    # Prints the major version of the Java runtime at $1 (17, 21, 25...), or nothing when it has no java.
    [ -x "$1/bin/java" ] || return 0
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

jdk_major() {
    # Prints the major version of the JDK at $1, or nothing when it is not a JDK (no javac).
    [ -x "$1/bin/javac" ] || return 0
    java_major "$1"
}

# The Java home of a command on PATH ($1: java or javac), or nothing.
_java_home_on_path() {
    command -v "$1" >/dev/null 2>&1 || return 0
    dirname "$(dirname "$(readlink -f "$(command -v "$1")")")"
}

# True (and JAVA_HOME exported) when JAVA_HOME is set and $2 (jdk_major or java_major) finds it at least $1;
# says why it is passed over when it is set but is not.
_java_home_will_do() {
    local major
    [ -n "${JAVA_HOME:-}" ] || return 1
    major=$("$2" "$JAVA_HOME")
    if [ "${major:-0}" -ge "$1" ]; then
        export JAVA_HOME
        return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is not a $3 $1+ (found ${major:-none}); looking elsewhere" >&2
    return 1
}

# Prints "MAJOR HOME" of the newest home under /usr/lib/jvm that $2 (jdk_major or java_major) finds at least
# $1, or nothing. Symbolic links are skipped: Debian's java-1.17.0-openjdk-amd64 names the same JDK again.
_newest_under_usr_lib_jvm() {
    local candidate major best="" best_major=0
    for candidate in /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [ -L "$candidate" ] && continue
        major=$("$2" "$candidate")
        if [ "${major:-0}" -ge "$1" ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate best_major=$major
        fi
    done
    [ -z "$best" ] || echo "$best_major $best"
}

select_jdk() {
    local min=${1:-21} candidate major best="" best_major=0 newest
    _java_home_will_do "$min" jdk_major JDK && return 0
    candidate=$(_java_home_on_path javac)
    if [ -n "$candidate" ]; then
        major=$(jdk_major "$candidate")
        if [ "${major:-0}" -ge "$min" ]; then
            best=$candidate best_major=$major
        fi
    fi
    newest=$(_newest_under_usr_lib_jvm "$min" jdk_major)
    if [ -n "$newest" ] && [ "${newest%% *}" -gt "$best_major" ]; then
        best=${newest#* }
    fi
    if [ -z "$best" ]; then
        echo "error: a JDK $min or newer is needed. Install one (e.g. apt-get install openjdk-$min-jdk-headless," >&2
        echo "       or Eclipse Temurin $min) and set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME=$best
}

select_java() {
    local min=${1:-21} candidate major newest
    _java_home_will_do "$min" java_major Java && return 0
    candidate=$(_java_home_on_path java)
    if [ -n "$candidate" ]; then
        major=$(java_major "$candidate")
        if [ "${major:-0}" -ge "$min" ]; then
            export JAVA_HOME=$candidate
            return 0
        fi
    fi
    newest=$(_newest_under_usr_lib_jvm "$min" java_major)
    if [ -z "$newest" ]; then
        echo "error: a Java $min or newer is needed (a JRE will do), and neither JAVA_HOME, the java on PATH" >&2
        echo "       nor /usr/lib/jvm has one. Install one (e.g. apt-get install openjdk-$min-jre-headless, or any" >&2
        echo "       newer openjdk-NN-jre-headless) or set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME=${newest#* }
}
