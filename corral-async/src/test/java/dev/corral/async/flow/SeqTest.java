package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SeqTest {

  @Test
  void eachStepGetsThePreviousResultAndTheTypesFollow() {
    Seq<String, Integer> lengthPlusOne =
        Async.seq((String s) -> completedFuture(s + "!")).then(s -> completedFuture(s.length()));

    assertThat(lengthPlusOne.apply("abc")).isCompletedWithValue(4);
  }

  @Test
  void aStepStartsOnlyWhenThePreviousOneHasCompleted() {
    CompletableFuture<Integer> first = new CompletableFuture<>();
    List<Integer> secondSaw = new CopyOnWriteArrayList<>();
    Seq<Integer, Integer> seq =
        Async.seq((Integer x) -> first)
            .then(
                x -> {
                  secondSaw.add(x);
                  return completedFuture(x * 2);
                });

    CompletableFuture<Integer> result = seq.apply(0);
    assertThat(secondSaw).isEmpty();
    first.complete(21);

    assertThat(secondSaw).containsExactly(21);
    assertThat(result).isCompletedWithValue(42);
  }

  @Test
  void theFirstFailureEndsTheChain() {
    List<String> ran = new CopyOnWriteArrayList<>();
    IOException boom = new IOException("boom");
    Seq<String, String> seq =
        Async.seq((String s) -> CompletableFuture.<String>failedFuture(boom))
            .then(
                s -> {
                  ran.add("second");
                  return completedFuture(s);
                });

    assertThatThrownBy(() -> seq.apply("x").join()).cause().isSameAs(boom);
    assertThat(ran).isEmpty();
  }

  @Test
  void aStepReturningNullFailsTheChainInsteadOfEndingItEarly() {
    Seq<String, String> seq = Async.seq((String s) -> null);

    assertThatThrownBy(() -> seq.apply("x").join()).cause().isInstanceOf(NullPointerException.class);
  }

  @Test
  void cancellingTheResultCancelsTheRunningStepAndStartsNoOther() {
    CompletableFuture<String> running = new CompletableFuture<>();
    List<String> ran = new CopyOnWriteArrayList<>();
    Seq<String, String> seq =
        Async.seq((String s) -> running)
            .then(
                s -> {
                  ran.add(s);
                  return completedFuture(s);
                });

    seq.apply("x").cancel(true);

    assertThat(running).isCancelled();
    assertThat(ran).isEmpty();
  }

  @Test
  void composeAppliesTheInnerFunctionFirst() {
    Seq<String, String> describeLength =
        Async.compose((Integer n) -> completedFuture("n=" + n), (String s) -> completedFuture(s.length()));

    assertThat(describeLength.apply("abcd")).isCompletedWithValue("n=4");
  }

  @Test
  void anEmptyListGivesTheInputBack() {
    assertThat(Async.<Integer>seq(List.of()).apply(7)).isCompletedWithValue(7);
    assertThat(Async.<Integer>compose(List.of()).apply(7)).isCompletedWithValue(7);
  }

  /** seq of any list of functions applies them left to right, compose right to left, sync or async alike. */
  @Property(tries = 300)
  void seqIsLeftToRightAndComposeRightToLeft(
      @ForAll @Size(max = 8) List<@IntRange(min = -5, max = 5) Integer> adds,
      @ForAll @Size(8) List<@IntRange(min = -3, max = 3) Integer> multiplies,
      @ForAll @Size(8) List<Boolean> async,
      @ForAll @IntRange(min = -100, max = 100) int input) {
    List<IntUnaryOperator> plain = new ArrayList<>();
    List<Function<Integer, CompletionStage<Integer>>> steps = new ArrayList<>();
    for (int i = 0; i < adds.size(); i++) {
      int add = adds.get(i);
      int multiply = multiplies.get(i);
      boolean onAnotherThread = async.get(i);
      IntUnaryOperator op = x -> x * multiply + add; // not commutative: order shows
      plain.add(op);
      steps.add(
          x ->
              onAnotherThread
                  ? CompletableFuture.supplyAsync(() -> op.applyAsInt(x), VirtualThreads.EXECUTOR)
                  : completedFuture(op.applyAsInt(x)));
    }

    int leftToRight = input;
    for (IntUnaryOperator op : plain) {
      leftToRight = op.applyAsInt(leftToRight);
    }
    int rightToLeft = input;
    for (int i = plain.size() - 1; i >= 0; i--) {
      rightToLeft = plain.get(i).applyAsInt(rightToLeft);
    }

    assertThat(Async.seq(steps).apply(input).join()).isEqualTo(leftToRight);
    assertThat(Async.compose(steps).apply(input).join()).isEqualTo(rightToLeft);
  }
}
