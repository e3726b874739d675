package dev.corral.gate.config;

import java.util.List;

/**
 * One {@code status} test of a {@code match} block: {@code status 200 204;}, {@code status 200-399;},
 * {@code status ! 400-599;}, {@code status 301-303 307;}. Passes when the status is in one of the ranges, or, when
 * negated, in none of them. Immutable.
 *
 * @param negated written with {@code !}
 * @param ranges the codes and ranges listed, at least one
 */
public record StatusCondition(boolean negated, List<Range> ranges) {
  public StatusCondition {
    ranges = List.copyOf(ranges);
  }

  /** Whether {@code status} passes this test. */
  public boolean test(int status) {
    boolean listed = ranges.stream().anyMatch(r -> r.contains(status));
    return listed != negated;
  }

  /** Status codes {@code low} to {@code high}, both included; a single code has {@code low == high}. */
  public record Range(int low, int high) {
    boolean contains(int status) {
      return status >= low && status <= high;
    }
  }
}
