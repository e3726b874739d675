package dev.corral.cli.demo;

import dev.corral.async.Bagpipe;
import dev.corral.async.TaskRejectedException;
import dev.corral.async.TaskTimeoutException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** 100 blocking calls through a Bagpipe of 10 with a backlog of 50 and a timeout. */
final class BagpipeDemo implements DemoCommand.Section {
  private static final int CALLS = 100;
  private static final int LIMIT = 10;
  private static final int BACKLOG = 50;

  @Override
  public String title() {
    return "corral-async: Bagpipe(limit " + LIMIT + ", queueLimit " + BACKLOG + ", timeout 200 ms) <- " + CALLS
        + " blocking calls of 10-40 ms, one in ten hanging, each on a virtual thread";
  }

  @Override
  public void run(PrintWriter out) {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Bagpipe pipe = Bagpipe.builder(LIMIT).queueLimit(BACKLOG).timeout(Duration.ofMillis(200)).build();
    long start = System.nanoTime();
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      boolean hangs = i % 10 == 9;
      calls.add(pipe.call(() -> {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(hangs ? 60_000 : ThreadLocalRandom.current().nextInt(10, 40));
          return 1;
        } finally {
          inFlight.decrementAndGet();
        }
      }));
    }
    int ok = 0;
    int refused = 0;
    int timedOut = 0;
    for (CompletableFuture<Integer> call : calls) {
      try {
        ok += call.join();
      } catch (RuntimeException e) {
        if (e.getCause() instanceof TaskRejectedException) {
          refused++;
        } else if (e.getCause() instanceof TaskTimeoutException) {
          timedOut++;
        } else {
          throw e;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("   %d done, %d refused at once (backlog full), %d timed out and cancelled; peak in flight %d;"
        + " %.2f s%n", ok, refused, timedOut, peak.get(), seconds);
    out.printf("   after: active %d, queued %d, hanging calls still running %d%n",
        pipe.active(), pipe.queued(), inFlight.get());
    if (peak.get() > LIMIT || pipe.active() != 0) {
      throw new IllegalStateException("Bagpipe exceeded its limit or leaked a slot: " + pipe.stats());
    }
  }
}
