# Sourced by ./mvnw, ./materia and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps the caller's JDK when it is new enough; otherwise picks the newest one under /usr/lib/jvm
# (or the folders in $MATERIA_JDK_SEARCH), because Debian's default java is 17 while the build needs --release 21.

materia_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

materia_pick_jdk() {
  current_java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  if command -v "$current_java" >/dev/null 2>&1; then
    major=$(materia_java_major "$current_java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then MATERIA_JAVA_MAJOR=$major; return 0; fi
  fi
  best="" best_major=0
  for home in $(find ${MATERIA_JDK_SEARCH:-/usr/lib/jvm /opt/java /usr/local/lib/jvm} -mindepth 1 -maxdepth 1 2>/dev/null); do
    [ -x "$home/bin/javac" ] || continue
    major=$(materia_java_major "$home/bin/java")
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best="$home" best_major="$major"; fi
  done
  if [ "$best_major" -ge 21 ]; then
    JAVA_HOME="$best" MATERIA_JAVA_MAJOR="$best_major"
    export JAVA_HOME
    return 0
  fi
  echo "materia: a JDK 21 or newer is required; set JAVA_HOME to one (found only ${major:-no java})." >&2
  return 1
}

materia_pick_jdk || exit 1
# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every run; allow it quietly.
if [ "$MATERIA_JAVA_MAJOR" -ge 24 ]; then
  case "${MAVEN_OPTS:-}" in
  *sun-misc-unsafe-memory-access*) ;;
  *) MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" && export MAVEN_OPTS ;;
  esac
fi
