package dev.corral.spring.bagpipe;

import dev.corral.async.Bagpipe;
import dev.corral.async.BagpipeBuilder;
import dev.corral.async.Scheduler;
import dev.corral.spring.CorralConfigException;
import dev.corral.spring.autoconfigure.CorralProperties;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Bagpipes declared under {@code corral.bagpipe}, by name; a Spring bean. Immutable after construction and
 * thread-safe.
 *
 * <pre>{@code
 * CompletableFuture<Row> row = bagpipes.get("db").submit(() -> repository.findAsync(id));
 * }</pre>
 */
public final class CorralBagpipes {
  private final Map<String, NamedBagpipe> byName;

  private CorralBagpipes(Map<String, NamedBagpipe> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Builds every pipe of {@code pipes}; their timeouts run on {@code scheduler}.
   *
   * @throws CorralConfigException naming the first property that is missing or invalid
   */
  public static CorralBagpipes from(Map<String, CorralProperties.Pipe> pipes, Scheduler scheduler) {
    Map<String, NamedBagpipe> byName = new LinkedHashMap<>();
    pipes.forEach((name, pipe) -> byName.put(name, build(name, pipe, scheduler)));
    return new CorralBagpipes(byName);
  }

  private static NamedBagpipe build(String name, CorralProperties.Pipe p, Scheduler scheduler) {
    String prefix = "corral.bagpipe." + name + ".";
    if (p.limit() == null) {
      throw new CorralConfigException(prefix + "limit", null, "missing: expected the most calls in flight, e.g. 10");
    }
    // Bagpipe's own bound (1 .. 2^24-1) is checked by its builder; its message is reworded under the property.
    BagpipeBuilder b;
    try {
      b = Bagpipe.builder(p.limit());
    } catch (IllegalArgumentException e) {
      throw new CorralConfigException(prefix + "limit", p.limit(), "expected an integer from 1 to 16777215");
    }
    b.name(name).scheduler(scheduler);
    if (p.queueLimit() != null) {
      if (p.queueLimit() < 0) {
        throw new CorralConfigException(prefix + "queue-limit", p.queueLimit(), "expected 0 or more");
      }
      b.queueLimit(p.queueLimit());
    }
    if (p.timeout() != null) {
      if (p.timeout().isNegative() || p.timeout().isZero()) {
        throw new CorralConfigException(prefix + "timeout", p.timeout(), "expected a positive duration such as 2s");
      }
      b.timeout(p.timeout());
    }
    return new NamedBagpipe(name, b.build(),
        p.queueLimit() == null ? OptionalInt.empty() : OptionalInt.of(p.queueLimit()), Optional.ofNullable(p.timeout()));
  }

  /** The pipe called {@code name}, if declared. */
  public Optional<NamedBagpipe> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The pipe called {@code name}.
   *
   * @throws IllegalArgumentException if there is no {@code corral.bagpipe.NAME}
   */
  public Bagpipe get(String name) {
    NamedBagpipe p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no bagpipe corral.bagpipe." + name + " (declared: " + names() + ")");
    }
    return p.pipe();
  }

  /** Every pipe, in declaration order. */
  public Collection<NamedBagpipe> all() {
    return byName.values();
  }

  /** The declared names, comma-separated, or "none". */
  public String names() {
    return byName.isEmpty() ? "none" : String.join(", ", byName.keySet());
  }
}
