# Finding the tools Weft's scripts need: JDK 25 and Maven. Sourced by ./build and bench/run.
#
#   prog=build; . scripts/jdk.sh; find_jdk; find_maven
#
# find_jdk keeps $JAVA_HOME if that is JDK 25 or newer, else exports the first JDK 25+ under
# /usr/lib/jvm, else stops with a message saying what is missing. die() prefixes messages with
# $prog (default: the script's file name).

die() { echo "${prog:-$(basename "$0")}: $*" >&2; exit 1; }

java_major() {
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

jdk_ok() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    local v
    v=$(java_major "$1")
    [ -n "$v" ] && [ "$v" -ge 25 ]
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
        return
    fi
    local was="${JAVA_HOME:-unset}" d
    for d in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        if jdk_ok "$d"; then
            export JAVA_HOME="$d"
            return
        fi
    done
    die "Weft needs a JDK 25 or newer. JAVA_HOME ($was) is not one, and none was found under" \
        "/usr/lib/jvm. Install one (for example Temurin 25) and point JAVA_HOME at it."
}

find_maven() {
    command -v mvn >/dev/null 2>&1 || die "Maven ('mvn') is needed and is not on the PATH." \
        "Install Apache Maven 3.8 or newer."
}
