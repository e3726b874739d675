package dev.corral.gate.config;

/**
 * One {@code add_header NAME VALUE [always]}: added to responses with a status in nginx's list (200, 201, 204,
 * 206, 301, 302, 303, 304, 307, 308), or to every response with {@code always}. A value that renders empty adds
 * nothing, as in nginx. Immutable.
 */
public record AddHeader(String name, Template value, boolean always) {
  /** Whether nginx adds headers without {@code always} to a response with {@code status}. */
  public static boolean safeStatus(int status) {
    return switch (status) {
      case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
      default -> false;
    };
  }
}
