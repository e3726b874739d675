package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * async.js's {@code autoInject} in a Java form: a graph of named tasks, each declared with the tasks it depends on
 * and given their results as typed arguments, instead of reading them from a map as {@link Auto} does.
 *
 * <pre>{@code
 * AutoInject.Builder graph = Async.autoInject();
 * AutoInject.Ref<User> user = graph.task("user", () -> users.find(id));
 * AutoInject.Ref<Image> avatar = graph.task("avatar", user, u -> images.load(u.avatar()));
 * AutoInject.Ref<List<Order>> orders = graph.task("orders", user, u -> this.orders.of(u));
 * AutoInject.Ref<Page> page = graph.task("page", user, avatar, orders, (u, a, o) -> render(u, a, o));
 * Page rendered = graph.build().run().join().get(page);
 * }</pre>
 *
 * <p>async.js matches a function's parameter names to task names; Java does not keep parameter names by default, so
 * a dependency is a {@link Ref} returned when its task was declared. A task can only depend on tasks declared
 * before it, so a graph has no cycles and no unknown names by construction, and the argument types are checked by
 * the compiler. Up to three dependencies are passed as arguments; more go through
 * {@link Builder#task(String, List, Function)}, which passes a {@link Results} limited to the declared ones.
 *
 * <p>Running is {@link Auto}'s: each task starts as soon as all of its dependencies have succeeded, at most
 * {@link Builder#concurrency(int) concurrency} at once; the first failure fails the run with that failure, cancels
 * the running tasks and starts no more; cancelling the run's future does the same.
 *
 * <p>An {@code AutoInject} is immutable and thread-safe: it may be {@link #run()} any number of times, concurrently.
 * Within a run, each task starts after its dependencies' completions (happens-before).
 */
public final class AutoInject {
  private final Auto graph;
  private final Object owner;

  private AutoInject(Auto graph, Object owner) {
    this.graph = graph;
    this.owner = owner;
  }

  /** Starts a run; the future completes with every task's result, or the first failure. */
  public CompletableFuture<Results> run() {
    return Stages.map(graph.run(), results -> new Results(owner, results));
  }

  /** A typed handle on one task's result, made when the task is declared. Immutable. */
  public static final class Ref<T> {
    private final String name;
    private final Object owner;

    private Ref(String name, Object owner) {
      this.name = name;
      this.owner = owner;
    }

    /** The task's name. */
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "Ref[" + name + "]";
    }
  }

  /** Task results by {@link Ref}: a run's results, or, for a task, those of its declared dependencies. Immutable. */
  public static final class Results {
    private final Object owner;
    private final Map<String, Object> values;

    private Results(Object owner, Map<String, Object> values) {
      this.owner = owner;
      this.values = values;
    }

    /**
     * The result of {@code ref}'s task (null if it produced null).
     *
     * @throws IllegalArgumentException if {@code ref} is not a task of this graph, or, given to a task, not one of its
     *     declared dependencies
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Ref<T> ref) {
      Objects.requireNonNull(ref, "ref");
      if (ref.owner != owner || !values.containsKey(ref.name)) {
        throw new IllegalArgumentException(
            "task '" + ref.name + "': not among these results (expected one of " + values.keySet() + ")");
      }
      return (T) values.get(ref.name);
    }

    /** Every result by task name, in declaration order. */
    public Map<String, Object> asMap() {
      return values;
    }
  }

  /** A function of three dependencies' results. */
  @FunctionalInterface
  public interface Function3<A, B, C, R> {
    /** The task's stage for these dependency results. */
    R apply(A a, B b, C c);
  }

  /** Declares tasks; not thread-safe. {@link #build()} may be called more than once, each time a snapshot. */
  public static final class Builder {
    private final Auto.Builder graph = Auto.builder();
    private final Object owner = new Object();

    Builder() {}

    /**
     * Declares a task without dependencies.
     *
     * @throws IllegalArgumentException if a task of that name exists
     */
    public <T> Ref<T> task(String name, Task<? extends T> task) {
      Objects.requireNonNull(task, "task");
      return declare(name, List.of(), results -> task.start());
    }

    /**
     * Declares a task that starts once {@code a}'s task has succeeded, given its result.
     *
     * @throws IllegalArgumentException if a task of that name exists, or {@code a} belongs to another builder
     */
    public <A, T> Ref<T> task(
        String name, Ref<A> a, Function<? super A, ? extends CompletionStage<? extends T>> task) {
      Objects.requireNonNull(task, "task");
      return declare(name, List.of(a), results -> task.apply(results.get(a)));
    }

    /**
     * Declares a task that starts once {@code a}'s and {@code b}'s tasks have succeeded, given their results.
     *
     * @throws IllegalArgumentException if a task of that name exists, or a ref belongs to another builder
     */
    public <A, B, T> Ref<T> task(
        String name,
        Ref<A> a,
        Ref<B> b,
        BiFunction<? super A, ? super B, ? extends CompletionStage<? extends T>> task) {
      Objects.requireNonNull(task, "task");
      return declare(name, List.of(a, b), results -> task.apply(results.get(a), results.get(b)));
    }

    /**
     * Declares a task that starts once the tasks of {@code a}, {@code b} and {@code c} have succeeded, given their
     * results.
     *
     * @throws IllegalArgumentException if a task of that name exists, or a ref belongs to another builder
     */
    public <A, B, C, T> Ref<T> task(
        String name,
        Ref<A> a,
        Ref<B> b,
        Ref<C> c,
        Function3<? super A, ? super B, ? super C, ? extends CompletionStage<? extends T>> task) {
      Objects.requireNonNull(task, "task");
      return declare(
          name, List.of(a, b, c), results -> task.apply(results.get(a), results.get(b), results.get(c)));
    }

    /**
     * Declares a task of any number of dependencies; it gets their results as {@link Results}, which answer only for
     * {@code dependsOn}.
     *
     * @throws IllegalArgumentException if a task of that name exists, or a ref belongs to another builder
     */
    public <T> Ref<T> task(
        String name, List<? extends Ref<?>> dependsOn, Function<Results, ? extends CompletionStage<? extends T>> task) {
      Objects.requireNonNull(task, "task");
      return declare(name, dependsOn, task);
    }

    /**
     * The most tasks running at once (default unlimited).
     *
     * @throws IllegalArgumentException if {@code concurrency < 1}
     */
    public Builder concurrency(int concurrency) {
      graph.concurrency(concurrency);
      return this;
    }

    /** The graph of the tasks declared so far. */
    public AutoInject build() {
      return new AutoInject(graph.build(), owner);
    }

    private <T> Ref<T> declare(
        String name, List<? extends Ref<?>> dependsOn, Function<Results, ? extends CompletionStage<?>> body) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dependsOn, "dependsOn");
      List<String> names = new ArrayList<>(dependsOn.size());
      for (Ref<?> dependency : dependsOn) {
        Objects.requireNonNull(dependency, "dependency");
        if (dependency.owner != owner) {
          throw new IllegalArgumentException(
              "task '" + name + "' depends on '" + dependency.name
                  + "' of another graph (expected: a Ref returned by this builder)");
        }
        names.add(dependency.name);
      }
      graph.task(name, names, inputs -> body.apply(new Results(owner, inputs)));
      return new Ref<>(name, owner);
    }
  }
}
