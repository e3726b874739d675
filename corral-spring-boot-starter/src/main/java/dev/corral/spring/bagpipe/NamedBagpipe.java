package dev.corral.spring.bagpipe;

import dev.corral.async.Bagpipe;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link Bagpipe} declared as {@code corral.bagpipe.NAME}, with the settings it was built from (a Bagpipe does
 * not expose its queue limit or timeout). Immutable; the pipe is thread-safe.
 *
 * @param name       the {@code NAME}
 * @param pipe       the pipe
 * @param queueLimit the most calls waiting, if bounded
 * @param timeout    the per-call timeout, if any
 */
public record NamedBagpipe(String name, Bagpipe pipe, OptionalInt queueLimit, Optional<Duration> timeout) {}
