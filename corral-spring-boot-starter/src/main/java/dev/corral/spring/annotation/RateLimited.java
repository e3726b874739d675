package dev.corral.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Takes permits from the limiter {@code corral.limit.NAME} before each call of the annotated method of a Spring
 * bean; a refused call fails with {@link dev.corral.spring.limit.LimiterRateLimitedException} (a
 * {@link dev.corral.limit.RateLimitedException} carrying the retry-after), thrown for a method returning a value
 * as the failure of the returned stage for a method returning a {@code CompletionStage}, and as an error signal
 * for a {@code Mono} or {@code Flux} (whose every subscription takes the permits).
 *
 * <pre>{@code
 * @RateLimited(name = "login", key = "#user.id")
 * public Session login(User user) { ... }
 * }</pre>
 *
 * A limit_req limiter without {@code nodelay} delays the calls it admits late, as nginx delays requests: the
 * calling thread sleeps (a value method) or the call starts after the delay (a CompletionStage method).
 * Everything is checked when the bean is created: the limiter must exist, a key is required exactly when the
 * limiter is {@code keyed}, the expression must parse and the fallback must exist; a mistake fails start-up with
 * one line naming the method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

  /** The {@code NAME} of a {@code corral.limit.NAME} limiter. */
  String name();

  /**
   * For a keyed limiter: a SpEL expression over the method's arguments, by name ({@code #user.id}) or position
   * ({@code #p0}, {@code #a0}), giving the key (its {@code toString()}); empty for a single limiter. Beans are
   * reachable as {@code @name}. A key that evaluates to null fails the call with an IllegalArgumentException.
   */
  String key() default "";

  /** Permits each call takes; default 1. */
  long permits() default 1;

  /**
   * The name of a method of the same bean called instead when the call fails: the same parameters plus a last
   * one of an exception type, and a compatible return type. It is called when the failure is an instance of that
   * type: declare {@code RateLimitedException} to handle refusals only, {@code Throwable} for everything.
   */
  String fallbackMethod() default "";
}
