package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A token bucket with one or more {@link Bandwidth}s (e.g. 100 per minute <em>and</em> 10 per second), greedy or
 * interval refill, exact integer arithmetic, reservations (tokens may go negative: the caller waits), and no locks.
 *
 * <p>State per bandwidth is one {@code long} updated by CAS:
 * <ul>
 *   <li>one greedy bandwidth whose period is a whole number of nanoseconds per token (10/s, 1000/min, …):
 *       the GCRA form, a single "time at which the bucket was empty", with no division on the hot path;</li>
 *   <li>otherwise: tokens ever consumed {@code d}, with {@code tokens = min(capacity, credit(elapsed) - d)} where
 *       {@code credit} counts whole tokens refilled since creation (exactly, without overflow).</li>
 * </ul>
 * A refused request changes nothing. Taking from several bandwidths takes from each in turn and gives back on
 * failure, so a concurrent caller may see fewer tokens for an instant, never more.
 *
 * <p>For Guava-style warm-up use {@link Builder#warmUp(Duration)} (gives a {@link WarmingTokenBucket}).
 */
public final class TokenBucket extends LocalRateLimiter {

    private static final VarHandle Z;
    private static final VarHandle D = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            Z = MethodHandles.lookup().findVarHandle(TokenBucket.class, "z", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Band[] bands;
    private final long origin;
    private final long limit;
    // fast path: one greedy band, whole-nanosecond interval, capacity*interval <= 2^62
    private final boolean fast;
    private final long capacity;
    private final long interval;
    private final long capI;
    @SuppressWarnings("unused")
    private volatile long z;
    // general path: tokens consumed per band
    private final long[] d;

    private TokenBucket(List<Bandwidth> bandwidths, Ticker ticker) {
        super(ticker);
        this.origin = ticker.read();
        this.bands = new Band[bandwidths.size()];
        long min = Long.MAX_VALUE;
        for (int i = 0; i < bands.length; i++) {
            bands[i] = new Band(bandwidths.get(i));
            min = Math.min(min, bands[i].capacity);
        }
        this.limit = min;
        Band b0 = bands[0];
        this.fast = bands.length == 1 && b0.greedy && b0.interval > 0
                && satMul(b0.capacity, b0.interval) <= (1L << 62);
        this.capacity = b0.capacity;
        this.interval = fast ? b0.interval : 0;
        this.capI = fast ? b0.capacity * b0.interval : 0;
        this.d = new long[bands.length];
        if (fast) {
            Z.setVolatile(this, -b0.initial * b0.interval);
        } else {
            for (int i = 0; i < bands.length; i++) {
                D.setVolatile(d, i, -bands[i].initial);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One greedy bandwidth: {@code capacity} tokens, refilled at {@code tokens} per {@code period}. */
    public static TokenBucket of(long capacity, long tokens, Duration period) {
        return builder().bandwidth(Bandwidth.greedy(capacity, tokens, period)).build();
    }

    /** The bandwidths, in the order given. */
    public List<Bandwidth> bandwidths() {
        List<Bandwidth> out = new ArrayList<>(bands.length);
        for (Band b : bands) {
            out.add(b.config);
        }
        return out;
    }

    /** The smallest capacity. */
    @Override
    public long limit() {
        return limit;
    }

    /** Tokens available now (the minimum over bandwidths). */
    public long availableTokens() {
        long e = ticker.read() - origin;
        if (fast) {
            long cur = (long) Z.getVolatile(this);
            return Math.max(0, Math.min(capacity, Math.floorDiv(e - cur, interval)));
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < bands.length; i++) {
            min = Math.min(min, bands[i].tokens((long) D.getVolatile(d, i), e));
        }
        return Math.max(0, min);
    }

    // ---- fast path ---------------------------------------------------------------------------------------------

    @Override
    boolean tryAcquireAt(long now, long permits) {
        if (!fast) {
            return reserveAt(now, permits, 0) == 0;
        }
        if (permits > capacity) {
            return false;
        }
        long e = now - origin;
        long cost = permits * interval;
        long floor = e - capI;
        while (true) {
            long cur = (long) Z.getVolatile(this);
            long next = (cur > floor ? cur : floor) + cost;
            if (next > e) {
                return false;
            }
            if (Z.weakCompareAndSet(this, cur, next)) {
                return true;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    long reserveAt(long now, long permits, long maxWaitNanos) {
        if (permits > limit) {
            return Long.MIN_VALUE;
        }
        long e = now - origin;
        if (fast) {
            long cost = permits * interval;
            long floor = e - capI;
            while (true) {
                long cur = (long) Z.getVolatile(this);
                long next = (cur > floor ? cur : floor) + cost;
                long wait = next - e;
                if (wait > maxWaitNanos) {
                    return refusal(wait);
                }
                if (Z.compareAndSet(this, cur, next)) {
                    return Math.max(0, wait);
                }
            }
        }
        long maxWait = 0;
        for (int i = 0; i < bands.length; i++) {
            long w = bands[i].take(d, i, e, permits, maxWaitNanos);
            if (w < 0) {
                for (int j = 0; j < i; j++) {
                    D.getAndAdd(d, j, -permits);
                }
                return w;
            }
            maxWait = Math.max(maxWait, w);
        }
        return maxWait;
    }

    @Override
    Decision decideAt(long now, long permits) {
        long r = reserveAt(now, permits, 0);
        long e = now - origin;
        if (r >= 0) {
            return Decision.passed(permits, remaining(e), limit, resetNanos(e));
        }
        return Decision.rejected(permits, remaining(e), limit, retryAfterOf(r), resetNanos(e));
    }

    @Override
    long nanosToWaitAt(long now, long permits) {
        if (permits > limit) {
            return NEVER;
        }
        long e = now - origin;
        if (fast) {
            long cur = (long) Z.getVolatile(this);
            return Math.max(0, Math.max(cur, e - capI) + permits * interval - e);
        }
        long max = 0;
        for (int i = 0; i < bands.length; i++) {
            max = Math.max(max, bands[i].waitFor((long) D.getVolatile(d, i), e, permits));
        }
        return max;
    }

    private long remaining(long e) {
        if (fast) {
            long cur = (long) Z.getVolatile(this);
            return Math.max(0, Math.min(capacity, Math.floorDiv(e - cur, interval)));
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < bands.length; i++) {
            min = Math.min(min, bands[i].tokens((long) D.getVolatile(d, i), e));
        }
        return Math.max(0, min);
    }

    private long resetNanos(long e) {
        if (fast) {
            long cur = (long) Z.getVolatile(this);
            return Math.max(0, cur + capI - e);
        }
        long max = 0;
        for (int i = 0; i < bands.length; i++) {
            max = Math.max(max, bands[i].untilFull((long) D.getVolatile(d, i), e));
        }
        return max;
    }

    @Override
    boolean atRest(long now) {
        return resetNanos(now - origin) == 0;
    }

    @Override
    public String toString() {
        return "TokenBucket" + bandwidths();
    }

    /** One bandwidth's arithmetic in the consumed-tokens form. */
    static final class Band {
        final Bandwidth config;
        final long capacity;
        final long initial;
        final boolean greedy;
        final long tokens;   // per period, reduced by gcd with the period (greedy)
        final long period;   // reduced
        final long interval; // period / tokens when whole, else 0 (greedy)

        Band(Bandwidth c) {
            this.config = c;
            this.capacity = c.capacity();
            this.initial = c.initialTokens();
            this.greedy = c.greedy();
            long r = c.refillTokens();
            long p = c.refillPeriodNanos();
            if (greedy) {
                long g = gcd(r, p);
                r /= g;
                p /= g;
                if (r != 1 && satMul(r, p) == Long.MAX_VALUE) {
                    throw LimitConfigException.argument("refill", "a rate whose tokens × period (reduced) fits in "
                            + "63 bits", c.refillTokens() + " per " + c.refillPeriodNanos() + "ns");
                }
            }
            this.tokens = r;
            this.period = p;
            this.interval = greedy && r == 1 ? p : 0;
        }

        /** Whole tokens refilled after {@code e} ns (negative e gives non-positive credit). */
        long credit(long e) {
            if (!greedy) {
                return satMul2(Math.floorDiv(e, period), tokens);
            }
            if (interval > 0) {
                return Math.floorDiv(e, interval);
            }
            long q = Math.floorDiv(e, period);
            long rem = Math.floorMod(e, period);
            return satMul2(q, tokens) + rem * tokens / period;
        }

        /** The smallest elapsed time at which {@code credit >= target}. */
        long timeFor(long target) {
            if (!greedy) {
                return satMul2(-Math.floorDiv(-target, tokens), period);
            }
            if (interval > 0) {
                return satMul2(target, interval);
            }
            long q = Math.floorDiv(target, tokens);
            long r = Math.floorMod(target, tokens);
            return satAdd2(satMul2(q, period), -Math.floorDiv(-(r * period), tokens));
        }

        long tokens(long consumed, long e) {
            return Math.min(capacity, credit(e) - consumed);
        }

        /** Takes {@code n} from {@code d[i]}: the wait, or a refusal code. */
        long take(long[] d, int i, long e, long n, long maxWait) {
            long cr = credit(e);
            long floor = cr - capacity;
            while (true) {
                long cur = (long) D.getVolatile(d, i);
                long next = Math.max(cur, floor) + n;
                long wait = next <= cr ? 0 : timeFor(next) - e;
                if (wait > maxWait) {
                    return refusal(wait);
                }
                if (D.compareAndSet(d, i, cur, next)) {
                    return wait;
                }
            }
        }

        long waitFor(long consumed, long e, long n) {
            long cr = credit(e);
            long next = Math.max(consumed, cr - capacity) + n;
            return next <= cr ? 0 : Math.max(0, timeFor(next) - e);
        }

        long untilFull(long consumed, long e) {
            long cr = credit(e);
            if (cr - consumed >= capacity) {
                return 0;
            }
            return Math.max(0, timeFor(consumed + capacity) - e);
        }

        static long gcd(long a, long b) {
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        /** Signed multiply saturating to ±(2^62). */
        static long satMul2(long a, long b) {
            long hi = Math.multiplyHigh(a, b);
            long lo = a * b;
            if ((hi == 0 && lo >= 0 && lo <= (1L << 62)) || (hi == -1 && lo < 0 && lo >= -(1L << 62))) {
                return lo;
            }
            return (hi < 0) ? -(1L << 62) : (1L << 62);
        }

        static long satAdd2(long a, long b) {
            long r = a + b;
            return Math.max(-(1L << 62), Math.min(1L << 62, r));
        }
    }

    /** Builds a {@link TokenBucket} (or, with {@link #warmUp}, a {@link WarmingTokenBucket}). */
    public static final class Builder {
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private Ticker ticker = Ticker.system();
        private Duration warmup;
        private double coldFactor = 3.0;

        private Builder() {
        }

        /** Adds a bandwidth; a request must get its tokens from every bandwidth. */
        public Builder bandwidth(Bandwidth bandwidth) {
            if (bandwidth == null) {
                throw new NullPointerException("bandwidth");
            }
            bandwidths.add(bandwidth);
            return this;
        }

        /** Adds {@code Bandwidth.greedy(capacity, tokens, period)}. */
        public Builder greedy(long capacity, long tokens, Duration period) {
            return bandwidth(Bandwidth.greedy(capacity, tokens, period));
        }

        /** Adds {@code Bandwidth.intervally(capacity, tokens, period)}. */
        public Builder intervally(long capacity, long tokens, Duration period) {
            return bandwidth(Bandwidth.intervally(capacity, tokens, period));
        }

        public Builder ticker(Ticker ticker) {
            if (ticker == null) {
                throw new NullPointerException("ticker");
            }
            this.ticker = ticker;
            return this;
        }

        /**
         * Guava {@code SmoothWarmingUp} behaviour: after idling the bucket is "cold" and hands out permits slowly,
         * speeding up to the stable rate (the single greedy bandwidth's refill rate) over {@code warmupPeriod}.
         * The bandwidth's capacity is not used: as in Guava, the stored-permit maximum follows from the warm-up
         * period. Cold factor 3, as Guava.
         */
        public Builder warmUp(Duration warmupPeriod) {
            return warmUp(warmupPeriod, 3.0);
        }

        /** {@link #warmUp(Duration)} with a cold factor other than Guava's 3. */
        public Builder warmUp(Duration warmupPeriod, double coldFactor) {
            if (warmupPeriod == null || warmupPeriod.isNegative() || warmupPeriod.isZero()) {
                throw LimitConfigException.argument("warmup", "a positive duration", warmupPeriod);
            }
            if (!(coldFactor > 1.0) || Double.isInfinite(coldFactor)) {
                throw LimitConfigException.argument("cold factor", "a number greater than 1", coldFactor);
            }
            this.warmup = warmupPeriod;
            this.coldFactor = coldFactor;
            return this;
        }

        /** The bucket: a {@link TokenBucket}, or a {@link WarmingTokenBucket} when {@link #warmUp} was set. */
        public LocalRateLimiter buildLimiter() {
            if (warmup != null) {
                if (bandwidths.size() != 1 || !bandwidths.get(0).greedy()) {
                    throw LimitConfigException.argument("warmup", "exactly one greedy bandwidth", bandwidths.size()
                            + " bandwidth(s)");
                }
                Bandwidth b = bandwidths.get(0);
                return new WarmingTokenBucket(b.refillTokens(), b.refillPeriodNanos(), warmup.toNanos(), coldFactor,
                        ticker);
            }
            return build();
        }

        /** A {@link TokenBucket}; fails if {@link #warmUp} was set (use {@link #buildLimiter()}). */
        public TokenBucket build() {
            if (bandwidths.isEmpty()) {
                throw new LimitConfigException("a token bucket needs at least one bandwidth: expected "
                        + "bandwidth(Bandwidth.greedy(capacity, tokens, period))", "bandwidth", "a bandwidth");
            }
            if (warmup != null) {
                throw new LimitConfigException("warmUp(...) builds a WarmingTokenBucket: use buildLimiter()",
                        "warmup", "buildLimiter()");
            }
            return new TokenBucket(List.copyOf(bandwidths), ticker);
        }
    }
}
