package dev.corral.gate.config;

import java.util.List;
import java.util.function.Function;

/**
 * nginx Plus's {@code match NAME { ... }} block (http context), referenced by {@code health_check match=NAME}: the
 * tests a health check's response must all pass. A block without a {@code status} test accepts any status (the
 * 2xx/3xx rule applies only to a health check without {@code match=}); an empty block accepts every response.
 * Only the first {@link #BODY_LIMIT} bytes of the body are examined, as in nginx Plus. Immutable and thread-safe;
 * equal blocks are equal records, so an unchanged block leaves its upstream unchanged on reload.
 *
 * @param name the block's name
 * @param statuses the {@code status} tests
 * @param headers the {@code header} tests
 * @param bodies the {@code body} tests
 */
public record HealthMatch(String name, List<StatusCondition> statuses, List<HeaderCondition> headers,
    List<BodyTest> bodies) {
  /** How much of a response body is examined: nginx Plus's 256k. */
  public static final int BODY_LIMIT = 256 * 1024;

  public HealthMatch {
    statuses = List.copyOf(statuses);
    headers = List.copyOf(headers);
    bodies = List.copyOf(bodies);
  }

  /** Whether the body must be read to decide ({@code body} tests exist). */
  public boolean examinesBody() {
    return !bodies.isEmpty();
  }

  /**
   * Whether the status and header fields pass every {@code status} and {@code header} test.
   *
   * @param fields the values of every field of a name, case-insensitively (an empty list when there is none)
   */
  public boolean acceptsHead(int status, Function<String, List<String>> fields) {
    return statuses.stream().allMatch(t -> t.test(status)) && headers.stream().allMatch(t -> t.test(fields));
  }

  /**
   * Whether the body passes every {@code body} test.
   *
   * @param body at most {@link #BODY_LIMIT} bytes of the body, one char per byte (ISO-8859-1)
   */
  public boolean acceptsBody(CharSequence body) {
    return bodies.stream().allMatch(t -> t.test(body));
  }

  /**
   * One {@code body ~ REGEX} or {@code body !~ REGEX} test.
   *
   * @param negated written {@code !~}: passes when the regex does not occur
   */
  public record BodyTest(boolean negated, MatchRegex regex) {
    /** Whether {@code body} (one char per byte) passes. */
    public boolean test(CharSequence body) {
      return regex.find(body) != negated;
    }
  }
}
