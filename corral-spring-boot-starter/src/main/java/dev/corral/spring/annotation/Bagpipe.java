package dev.corral.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs each call of the annotated method of a Spring bean under the Bagpipe {@code corral.bagpipe.NAME}: at
 * most {@code limit} calls at once, the rest waiting in its queue.
 *
 * <ul>
 *   <li>A method returning a {@code CompletionStage} or {@code CompletableFuture} is submitted to the pipe and
 *       returns the pipe's future at once: it fails with {@link dev.corral.async.TaskRejectedException} when the
 *       queue is full and {@link dev.corral.async.TaskTimeoutException} when the call outlives the timeout (the
 *       call's own stage is then cancelled). The method body runs on the caller's thread when a slot is free,
 *       else on the thread that frees one.</li>
 *   <li>A method returning a value runs on the calling thread (so thread-bound context such as transactions and
 *       security stays), which waits for a slot; a full queue throws {@code TaskRejectedException} at once. On
 *       a timeout the slot is freed, the calling thread is interrupted, and the call ends with
 *       {@link dev.corral.spring.bagpipe.BagpipeTimeoutException} once the method returns.</li>
 * </ul>
 * A {@code Mono} or {@code Flux} method (with Reactor on the class path) is limited per subscription: a
 * {@code Mono} is submitted as a stage, a {@code Flux} holds its slot until it terminates or is cancelled.
 * With {@link RateLimited} on the same method, the limiter decides first, so a refused call never queues.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Bagpipe {

  /** The {@code NAME} of a {@code corral.bagpipe.NAME} pipe. */
  String value();

  /** As {@link RateLimited#fallbackMethod()}; one fallback per method. */
  String fallbackMethod() default "";
}
