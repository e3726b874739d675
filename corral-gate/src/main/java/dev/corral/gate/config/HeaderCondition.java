package dev.corral.gate.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code header} test of a {@code match} block. The field name is compared case-insensitively (the caller's
 * lookup does that); values are compared as sent, byte for byte. A test that names a value ({@code =},
 * {@code !=}, {@code ~}, {@code !~}) needs the field to be present: it passes when some field of that name has a
 * value satisfying it. Immutable.
 *
 * @param name the field name as written
 * @param op what is tested
 * @param value the value for {@link Op#EQUALS} and {@link Op#NOT_EQUALS}, the regex's source for the regex
 *     operators, empty for the presence tests
 * @param regex the compiled regex for {@link Op#MATCHES} and {@link Op#NOT_MATCHES}
 */
public record HeaderCondition(String name, Op op, String value, Optional<MatchRegex> regex) {
  /** The forms nginx's {@code header} test takes. */
  public enum Op {
    /** {@code header NAME;} */
    PRESENT,
    /** {@code header ! NAME;} */
    ABSENT,
    /** {@code header NAME = VALUE;} */
    EQUALS,
    /** {@code header NAME != VALUE;} */
    NOT_EQUALS,
    /** {@code header NAME ~ REGEX;} */
    MATCHES,
    /** {@code header NAME !~ REGEX;} */
    NOT_MATCHES
  }

  /**
   * Whether a response passes this test.
   *
   * @param fields the values of every field of a name, case-insensitively (an empty list when there is none)
   */
  public boolean test(Function<String, List<String>> fields) {
    List<String> values = fields.apply(name);
    return switch (op) {
      case PRESENT -> !values.isEmpty();
      case ABSENT -> values.isEmpty();
      case EQUALS -> values.stream().anyMatch(value::equals);
      case NOT_EQUALS -> values.stream().anyMatch(v -> !v.equals(value));
      case MATCHES -> values.stream().anyMatch(v -> regex.orElseThrow().find(v));
      case NOT_MATCHES -> values.stream().anyMatch(v -> !regex.orElseThrow().find(v));
    };
  }
}
