package dev.corral.gate.config;

import java.util.Set;

/**
 * Compiles the directives of one feature (proxying, client connections, logs, responses, limits…) at one level
 * (http, server or location) into that feature's immutable settings, starting from the parent level's: a directive
 * at an inner level replaces the inherited value, as nginx merges it. {@link SettingsBuilder} routes each
 * directive to the compiler whose {@link #names()} has it and checks placement and duplicates first, so a compiler
 * only reads values. A new directive is one name here, one case in {@link #apply} and one component in its
 * feature's record.
 *
 * <p>Not thread-safe; an instance compiles one level.
 *
 * @param <T> the feature's settings record
 */
abstract class FeatureCompiler<T> {
  /** The directive names this feature owns. */
  abstract Set<String> names();

  /** The names that may appear several times at one level (nginx's repeatable directives). */
  Set<String> repeatable() {
    return Set.of();
  }

  /** The names that are allowed in http and server but not in location. */
  Set<String> notInLocation() {
    return Set.of();
  }

  /** The names that are allowed in location only (as {@code alias}). */
  Set<String> onlyInLocation() {
    return Set.of();
  }

  /**
   * Applies one of {@link #names()}.
   *
   * @throws ConfigException naming the directive's file:line if its value is invalid
   */
  abstract void apply(Directive d);

  /** The settings of this level. */
  abstract T build();
}
