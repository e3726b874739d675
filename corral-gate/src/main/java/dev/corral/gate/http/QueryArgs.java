package dev.corral.gate.http;

/** {@code $arg_NAME} as nginx reads it: the raw (not decoded) value of the first argument NAME, any case. Stateless. */
final class QueryArgs {
  private QueryArgs() {}

  /** The value of {@code name} in {@code args} ({@code a=1&b=2}), empty if absent or without {@code =}. */
  static String value(String args, String name) {
    int n = name.length();
    int start = 0;
    while (start <= args.length()) {
      int end = args.indexOf('&', start);
      if (end < 0) {
        end = args.length();
      }
      if (end - start > n && args.charAt(start + n) == '=' && args.regionMatches(true, start, name, 0, n)) {
        return args.substring(start + n + 1, end);
      }
      if (end - start == n && args.regionMatches(true, start, name, 0, n)) {
        return "";
      }
      start = end + 1;
    }
    return "";
  }
}
