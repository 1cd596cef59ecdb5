# Sourced by run.sh and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: JAVA_HOME when it is new enough, then the `java` on PATH, then the newest JDK under /usr/lib/jvm.

jdk_major() {
    # Prints the major version of the JDK at $1 (17, 21, 25...), or nothing when it is not a JDK.
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]) }'
}

select_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(jdk_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 21 ]; then
            export JAVA_HOME
            return 0
        fi
        echo "note: JAVA_HOME=$JAVA_HOME is not a JDK 21+ (found ${major:-no JDK}); looking elsewhere" >&2
    fi
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(jdk_major "$candidate")
        if [ "${major:-0}" -ge 21 ]; then
            best=$candidate best_major=$major
        fi
    fi
    for candidate in /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [ -L "$candidate" ] && continue
        major=$(jdk_major "$candidate")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$candidate best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        echo "error: a JDK 21 or newer is needed. Install one (e.g. apt-get install openjdk-21-jdk-headless," >&2
        echo "       or Eclipse Temurin 21) and set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME=$best
}
