package dev.corral.limit;

import static dev.corral.limit.LocalRateLimiter.satMul;

/**
 * A {@link LimitReq}'s configuration, shared by all the states of a keyed limiter (an nginx zone), and the layout of
 * its packed state: the excess in the low {@code excessBits} bits, the last update's millisecond clock (modulo
 * 2^(63 − excessBits)) above it. Immutable.
 */
final class LimitReqShape {
  final long rateMr;
  final long burstMr;
  final long delayMr;
  final long originNanos;
  final int excessBits;
  final long excessMask;
  final int lastShift;   // 64 - lastBits: sign-extends a lastBits-wide difference
  final long lastMask;
  final long refreshMs;
  final long staleMs;
  final long maxDecayMs;

  /**
   * @param rateMr milli-requests per second (nginx {@code ctx->rate})
   * @param burst  the burst in requests
   * @param delay  the {@code delay=} threshold in requests, or -1 for {@code nodelay}
   * @param origin the ticker time the packed clock counts from
   * @throws LimitConfigException if the burst cannot be held in the packed state
   */
  LimitReqShape(long rateMr, long burst, long delay, long origin) {
    this.rateMr = rateMr;
    this.burstMr = burst * 1000;
    this.delayMr = delay < 0 ? LimitReq.NODELAY_MR : delay * 1000;
    this.originNanos = origin;
    this.excessBits = Math.max(1, 64 - Long.numberOfLeadingZeros(burstMr));
    this.excessMask = (1L << excessBits) - 1;
    int lastBits = 63 - excessBits;
    this.lastShift = 64 - lastBits;
    this.lastMask = (1L << lastBits) - 1;
    this.refreshMs = 1L << (lastBits - 3);
    this.staleMs = 1L << (lastBits - 1);
    this.maxDecayMs = (Long.MAX_VALUE / 4) / rateMr;
    long restMs = Math.ceilDiv(satMul(burstMr + 1000, 1000), rateMr);
    if (lastBits < 34 || restMs >= 3 * refreshMs) {
      throw LimitConfigException.argument("burst", "a burst this limiter can hold (burst up to 500000, "
          + "decaying within 70 days at the rate)", burst);
    }
  }
}
