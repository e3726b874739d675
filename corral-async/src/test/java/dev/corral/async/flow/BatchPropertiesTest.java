package dev.corral.async.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of every limited parallel function (they all run on {@code Batch}), checked over random sizes, limits
 * and completion orders: the limit holds, each task starts once, results keep input order, and a failure leaves
 * nothing running and nothing started afterwards.
 */
class BatchPropertiesTest {

  @Property(tries = 200)
  void resultsKeepInputOrderAndTheLimitHoldsWhateverTheCompletionOrder(
      @ForAll @IntRange(min = 0, max = 40) int size,
      @ForAll @IntRange(min = 1, max = 8) int limit,
      @ForAll long seed) {
    Probe<Integer> probe = new Probe<>(size);
    CompletableFuture<List<Integer>> result = Async.parallelLimit(probe.tasks(), limit);

    completeInRandomOrder(probe, size, new Random(seed), -1);

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      expected.add(i * 10);
    }
    assertThat(result).isCompletedWithValue(expected);
    assertThat(probe.maxRunning()).isLessThanOrEqualTo(limit);
    assertThat(probe.started()).doesNotHaveDuplicates().hasSize(size);
  }

  @Property(tries = 200)
  void aFailureCancelsEveryRunningTaskAndStartsNoOther(
      @ForAll @IntRange(min = 1, max = 40) int size,
      @ForAll @IntRange(min = 1, max = 8) int limit,
      @ForAll long seed) {
    Random random = new Random(seed);
    int failing = random.nextInt(size);
    Probe<Integer> probe = new Probe<>(size);
    CompletableFuture<List<Integer>> result = Async.parallelLimit(probe.tasks(), limit);

    int startedBeforeTheFailure = completeInRandomOrder(probe, size, random, failing);

    assertThat(result).isCompletedExceptionally();
    assertThat(probe.maxRunning()).isLessThanOrEqualTo(limit);
    assertThat(probe.started()).hasSize(startedBeforeTheFailure).contains(failing);
    for (int index : probe.started()) {
      assertThat(probe.run(index)).as("task %d", index).isDone();
    }
  }

  /**
   * Completes started, unfinished tasks in random order until none is left, or until task {@code failing} has failed
   * (then stops at once, without touching anything else). Returns how many tasks had started before the failure.
   */
  private static int completeInRandomOrder(Probe<Integer> probe, int size, Random random, int failing) {
    for (int step = 0; step < size; step++) {
      List<Integer> open = new ArrayList<>();
      for (int index : probe.started()) {
        if (!probe.run(index).isDone()) {
          open.add(index);
        }
      }
      if (open.isEmpty()) {
        return probe.started().size();
      }
      int index = open.get(random.nextInt(open.size()));
      if (index == failing) {
        int started = probe.started().size();
        probe.fail(index, new IllegalStateException("task " + index));
        return started;
      } else {
        probe.complete(index, index * 10);
      }
    }
    return probe.started().size();
  }
}
