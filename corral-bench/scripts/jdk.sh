# Sourced by the benchmark scripts: sets JAVA to a java >= 21 (JAVA_HOME, PATH, then /usr/lib/jvm).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
JAVA=""
for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -x "$candidate" ] || continue
  major=$(java_major "$candidate")
  case "$major" in ''|1.*|*[!0-9]*) continue ;; esac
  if [ "$major" -ge 21 ]; then JAVA="$candidate"; break; fi
done
if [ -z "$JAVA" ]; then
  echo "no JDK 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm)" >&2
  exit 1
fi
