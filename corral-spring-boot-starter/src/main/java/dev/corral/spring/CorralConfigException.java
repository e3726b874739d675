package dev.corral.spring;

/**
 * A Corral setting of the application is wrong: a property under {@code corral.*}, or an attribute of
 * {@code @RateLimited} / {@code @Bagpipe}. The message is one line that names the property (or the annotated
 * method), the bad value and what was expected, for example
 * {@code corral.limit.api.spec: "rate=10/s": invalid rate "10/s": expected <N>r/s, <N>r/m, <N>r/h or <N>r/d ...}.
 * Thrown while the application context starts; Spring Boot prints it through
 * {@link CorralConfigFailureAnalyzer}, without a stack trace.
 */
public class CorralConfigException extends IllegalArgumentException {

  private final String property;

  /**
   * @param property the property or annotated element at fault, e.g. {@code corral.limit.api.spec}
   * @param value    the value found; null when the value is missing
   * @param problem  what is wrong and what was expected, e.g. {@code expected a positive integer}
   */
  public CorralConfigException(String property, Object value, String problem) {
    super(property + ": " + (value == null ? "" : quote(value) + ": ") + problem);
    this.property = property;
  }

  /** The property or annotated element at fault. */
  public String property() {
    return property;
  }

  private static String quote(Object value) {
    return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
  }
}
