package dev.corral.cli.demo;

import dev.corral.limit.Decision;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;

/** nginx's limit_req on the real clock: a burst of 30 requests, then a pause, then another burst. */
final class RateLimitDemo implements DemoCommand.Section {
  private static final String SPEC = "rate=10r/s burst=5 nodelay";

  @Override
  public String title() {
    return "corral-limit: limit_req " + SPEC + " <- 30 requests at once, a 300 ms pause, 30 more";
  }

  @Override
  public void run(PrintWriter out) throws InterruptedException {
    RateLimiter limiter = LimitSpec.parse(SPEC).build(Ticker.system());
    out.printf("   burst 1: %s%n", burst(limiter));
    Thread.sleep(300);
    out.printf("   burst 2: %s%n", burst(limiter));
    out.println("   (nginx: the first passes, the burst of 5 passes without delay, the rest get 503; the");
    out.println("    excess drains at 10 r/s, so 300 ms later about 3 more pass)");
  }

  private static String burst(RateLimiter limiter) {
    Map<Decision.Outcome, Integer> counts = new EnumMap<>(Decision.Outcome.class);
    for (int i = 0; i < 30; i++) {
      counts.merge(limiter.decide(1).outcome(), 1, Integer::sum);
    }
    return counts.toString().replace("{", "").replace("}", "").replace("=", " ").toLowerCase(java.util.Locale.ROOT);
  }
}
