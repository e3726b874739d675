package dev.corral.gate.config;

import java.util.Optional;

/**
 * One statement of a level's rewrite script (nginx's rewrite module: {@code set}, {@code rewrite}, {@code return},
 * {@code break}, {@code if}), run in configuration order in the rewrite phase — the server's before the location is
 * looked up, the location's before its access phases. Immutable (an {@link If}'s block is completed while the
 * configuration is compiled, before it is published).
 */
public sealed interface RewriteOp {
  /**
   * {@code set $name VALUE}.
   *
   * @param target the variable set, or null for {@code set $args …} (which changes the request's arguments)
   */
  record Set(UserVariable target, Template value) implements RewriteOp {}

  /**
   * {@code rewrite REGEX REPLACEMENT [FLAG]}, tried on {@code $uri}.
   *
   * @param redirect whether it answers with a redirect ({@code redirect}, {@code permanent}, or a replacement that
   *     starts with {@code http://}, {@code https://} or {@code $scheme})
   * @param status the redirect's status (302, or 301 for {@code permanent})
   * @param keepArgs false when the replacement ends with {@code ?}: the request's arguments are then dropped
   */
  record Rewrite(CaptureRegex regex, Template replacement, RewriteFlag flag, boolean redirect, int status,
      boolean keepArgs) implements RewriteOp {}

  /** {@code return CODE [TEXT]} / {@code return URL}: the text is the body, or the Location of a redirect. */
  record Return(int status, Optional<Template> text) implements RewriteOp {}

  /** {@code break}: stops the script; a URI changed so far stays, without a new location look-up. */
  record Break() implements RewriteOp {}

  /** {@code if (CONDITION) { … }}. */
  record If(Condition condition, IfBlock block) implements RewriteOp {}

  /** The last argument of {@code rewrite}. */
  enum RewriteFlag { NONE, LAST, BREAK, REDIRECT, PERMANENT }

  /** The condition of an {@code if}. */
  sealed interface Condition {
    /** {@code if ($var)}: false when the value is empty or {@code 0}. */
    record Truthy(Template value) implements Condition {}

    /** {@code if ($var = TEXT)} and {@code !=}. */
    record Equals(Template left, Template right, boolean negate) implements Condition {}

    /** {@code if ($var ~ REGEX)}, {@code ~*}, {@code !~}, {@code !~*}; a match sets the captures. */
    record Matches(Template left, CaptureRegex regex, boolean negate) implements Condition {}

    /** {@code -f}, {@code -d}, {@code -e}, {@code -x} and their {@code !} forms, on the rendered path. */
    record FileTest(Template path, char test, boolean negate) implements Condition {}
  }
}
