package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The collection functions of {@link Async} ({@code map}, {@code filter}, {@code detect}...), each for any
 * {@code limit}; the parallel form passes {@link Integer#MAX_VALUE}, the series form 1. All run on {@link Batch},
 * so all fail fast and cancel what still runs.
 */
final class CollectionFlow {
  static final int UNLIMITED = Integer.MAX_VALUE;

  private CollectionFlow() {}

  static <I> List<I> snapshot(Iterable<? extends I> items) {
    Objects.requireNonNull(items, "items");
    List<I> copy = items instanceof Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
    for (I item : items) {
      copy.add(item);
    }
    return copy;
  }

  static <I> CompletableFuture<Void> each(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<?>> fn) {
    Objects.requireNonNull(fn, "fn");
    List<I> list = snapshot(items);
    return Batch.run(list.size(), limit, i -> fn.apply(list.get(i)), (i, v) -> false);
  }

  /** {@code each} whose function also gets the element's index. */
  static <I> CompletableFuture<Void> eachOf(
      List<? extends I> items, int limit, BiFunction<? super I, ? super Integer, ? extends CompletionStage<?>> fn) {
    Objects.requireNonNull(fn, "fn");
    List<I> list = snapshot(items);
    return Batch.run(list.size(), limit, i -> fn.apply(list.get(i), i), (i, v) -> false);
  }

  /** {@code each} over a map's entries in its iteration order, the function given value and key. */
  static <K, V> CompletableFuture<Void> eachOf(
      Map<K, V> map, int limit, BiFunction<? super V, ? super K, ? extends CompletionStage<?>> fn) {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(fn, "fn");
    List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
    return Batch.run(
        entries.size(), limit, i -> fn.apply(entries.get(i).getValue(), entries.get(i).getKey()), (i, v) -> false);
  }

  static <I, O> CompletableFuture<List<O>> map(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<? extends O>> fn) {
    Objects.requireNonNull(fn, "fn");
    List<I> list = snapshot(items);
    Object[] results = new Object[list.size()];
    CompletableFuture<Void> run =
        Batch.<O>run(list.size(), limit, i -> fn.apply(list.get(i)), (i, v) -> store(results, i, v));
    return Stages.map(run, ignored -> asList(results));
  }

  static <I> CompletableFuture<List<I>> filter(
      Iterable<? extends I> items,
      int limit,
      Function<? super I, ? extends CompletionStage<Boolean>> predicate,
      boolean keep) {
    Objects.requireNonNull(predicate, "predicate");
    List<I> list = snapshot(items);
    boolean[] verdicts = new boolean[list.size()];
    CompletableFuture<Void> run =
        Batch.<Boolean>run(
            list.size(),
            limit,
            i -> predicate.apply(list.get(i)),
            (i, verdict) -> {
              verdicts[i] = Boolean.TRUE.equals(verdict) == keep;
              return false;
            });
    return Stages.map(
        run,
        ignored -> {
          List<I> kept = new ArrayList<>();
          for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i]) {
              kept.add(list.get(i));
            }
          }
          return kept;
        });
  }

  /** The first element, in completion order, whose predicate is true; series form: in input order. */
  static <I> CompletableFuture<Optional<I>> detect(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    List<I> list = snapshot(items);
    AtomicReference<Optional<I>> found = new AtomicReference<>(Optional.empty());
    CompletableFuture<Void> run =
        Batch.<Boolean>run(
            list.size(),
            limit,
            i -> predicate.apply(list.get(i)),
            (i, verdict) ->
                Boolean.TRUE.equals(verdict)
                    && found.compareAndSet(Optional.empty(), Optional.ofNullable(list.get(i))));
    return Stages.map(run, ignored -> found.get());
  }

  static <I> CompletableFuture<Boolean> some(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return detectIndex(items, limit, predicate, true);
  }

  static <I> CompletableFuture<Boolean> every(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<Boolean>> predicate) {
    return Stages.map(detectIndex(items, limit, predicate, false), counterExample -> !counterExample);
  }

  /** Whether some element's predicate equals {@code wanted}; stops at the first one. */
  private static <I> CompletableFuture<Boolean> detectIndex(
      Iterable<? extends I> items,
      int limit,
      Function<? super I, ? extends CompletionStage<Boolean>> predicate,
      boolean wanted) {
    Objects.requireNonNull(predicate, "predicate");
    List<I> list = snapshot(items);
    AtomicReference<Boolean> hit = new AtomicReference<>(false);
    CompletableFuture<Void> run =
        Batch.<Boolean>run(
            list.size(),
            limit,
            i -> predicate.apply(list.get(i)),
            (i, verdict) -> Boolean.TRUE.equals(verdict) == wanted && hit.compareAndSet(false, true));
    return Stages.map(run, ignored -> hit.get());
  }

  static <I, O> CompletableFuture<List<O>> concat(
      Iterable<? extends I> items,
      int limit,
      Function<? super I, ? extends CompletionStage<? extends Collection<? extends O>>> fn) {
    CompletableFuture<List<Collection<? extends O>>> parts =
        CollectionFlow.<I, Collection<? extends O>>map(items, limit, fn);
    return Stages.map(
        parts,
        lists -> {
          List<O> all = new ArrayList<>();
          for (Collection<? extends O> part : lists) {
            if (part != null) {
              all.addAll(part);
            }
          }
          return all;
        });
  }

  /** Groups elements by key; keys in order of first appearance in the input, elements in input order. */
  static <I, K> CompletableFuture<Map<K, List<I>>> groupBy(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<? extends K>> key) {
    List<I> list = snapshot(items);
    return Stages.map(
        CollectionFlow.<I, K>map(list, limit, key),
        keys -> {
          Map<K, List<I>> groups = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            groups.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(list.get(i));
          }
          return groups;
        });
  }

  /** Sorts by each element's criterion, ascending and stable (equal criteria keep input order). */
  static <I, C extends Comparable<? super C>> CompletableFuture<List<I>> sortBy(
      Iterable<? extends I> items, int limit, Function<? super I, ? extends CompletionStage<? extends C>> criterion) {
    List<I> list = snapshot(items);
    return Stages.map(
        CollectionFlow.<I, C>map(list, limit, criterion),
        criteria -> {
          List<Integer> order = new ArrayList<>(list.size());
          for (int i = 0; i < list.size(); i++) {
            order.add(i);
          }
          order.sort(Comparator.comparing(criteria::get));
          List<I> sorted = new ArrayList<>(list.size());
          for (int i : order) {
            sorted.add(list.get(i));
          }
          return sorted;
        });
  }

  static <K, V, O> CompletableFuture<Map<K, O>> mapValues(
      Map<K, V> map, int limit, BiFunction<? super V, ? super K, ? extends CompletionStage<? extends O>> fn) {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(fn, "fn");
    List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
    CompletableFuture<List<O>> values =
        CollectionFlow.<Map.Entry<K, V>, O>map(entries, limit, e -> fn.apply(e.getValue(), e.getKey()));
    return Stages.map(
        values,
        mapped -> {
          Map<K, O> result = new LinkedHashMap<>();
          for (int i = 0; i < entries.size(); i++) {
            result.put(entries.get(i).getKey(), mapped.get(i));
          }
          return result;
        });
  }

  /** Folds in series: each step starts when the previous one has completed, with its result. */
  static <I, A> CompletableFuture<A> reduce(
      Iterable<? extends I> items,
      A initial,
      BiFunction<? super A, ? super I, ? extends CompletionStage<? extends A>> fn) {
    Objects.requireNonNull(fn, "fn");
    List<I> list = snapshot(items);
    List<Function<Object, CompletionStage<?>>> steps = new ArrayList<>(list.size());
    for (I item : list) {
      steps.add(memo -> fn.apply(cast(memo), item));
    }
    return Stages.map(Chain.run(initial, steps), CollectionFlow::cast);
  }

  private static boolean store(Object[] results, int index, Object value) {
    results[index] = value;
    return false;
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> asList(Object[] values) {
    List<T> list = new ArrayList<>(values.length);
    for (Object value : values) {
      list.add((T) value);
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
