package dev.corral.gate;

import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * The few libc calls the gate needs to own its signals, through the Foreign Function API (final in Java 22; reached
 * reflectively because the code is compiled for Java 21, where it is a preview API): {@code sigwaitinfo} on a set
 * of signals the process keeps blocked, a query of the blocked mask, and {@code signal(sig, SIG_DFL)}.
 *
 * <p>Why: the JVM keeps SIGQUIT for thread dumps ({@code sun.misc.Signal} refuses it), and frees it only with
 * {@code -Xrs}, which also makes it refuse HUP, INT and TERM. So under {@code -Xrs}, with the signals blocked from
 * the start in every thread ({@code env --block-signal=…} before {@code java}, as {@code bin/corral} does; HotSpot
 * leaves a blocked mask alone under {@code -Xrs}), one thread takes them synchronously with {@code sigwaitinfo}: no
 * code runs in a signal handler, and a blocked signal is never discarded, even when it was inherited as ignored
 * ({@code nohup}). Without {@code -Xrs}, {@link #resetToDefault} lets {@code sun.misc.Signal} install a handler for a
 * signal inherited as ignored (HotSpot keeps {@code SIG_IGN} for HUP, INT and TERM otherwise).
 *
 * <p>Everything here fails soft: when the API or a symbol is missing, {@link #load} is empty and callers keep the
 * JVM's signal handling. Thread-safe (immutable; {@link #await} may be called by one thread at a time per set).
 */
final class NativeSignals {
  /** sigset_t is 128 bytes in glibc and musl (1024 bits); allocated that large whatever the platform uses. */
  private static final long SIGSET_BYTES = 128;

  private final Object arena;
  private final Method allocate;
  private final Object nullSegment;
  private final MethodHandle sigemptyset;
  private final MethodHandle sigaddset;
  private final MethodHandle sigismember;
  private final MethodHandle pthreadSigmask;
  private final MethodHandle sigwaitinfo;
  private final MethodHandle signal;

  private NativeSignals(Object arena, Method allocate, Object nullSegment, MethodHandle[] calls) {
    this.arena = arena;
    this.allocate = allocate;
    this.nullSegment = nullSegment;
    this.sigemptyset = calls[0];
    this.sigaddset = calls[1];
    this.sigismember = calls[2];
    this.pthreadSigmask = calls[3];
    this.sigwaitinfo = calls[4];
    this.signal = calls[5];
  }

  /** The native calls, or empty when this JVM cannot make them (no Foreign Function API, no libc symbol). */
  static Optional<NativeSignals> load() {
    try {
      Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
      Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
      Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
      Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
      Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
      Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
      Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
      Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
      Object linker = linkerType.getMethod("nativeLinker").invoke(null);
      Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
      Object jint = valueLayoutType.getField("JAVA_INT").get(null);
      Object address = valueLayoutType.getField("ADDRESS").get(null);
      Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
      Method find = lookupType.getMethod("find", String.class);
      Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());
      Object noOptions = Array.newInstance(optionType, 0);
      Object[][] signatures = {
          {"sigemptyset", jint, address},
          {"sigaddset", jint, address, jint},
          {"sigismember", jint, address, jint},
          {"pthread_sigmask", jint, jint, address, address},
          {"sigwaitinfo", jint, address, address},
          {"signal", address, jint, address},
      };
      MethodHandle[] calls = new MethodHandle[signatures.length];
      for (int i = 0; i < signatures.length; i++) {
        Object[] sig = signatures[i];
        Object args = Array.newInstance(layoutType, sig.length - 2);
        for (int a = 2; a < sig.length; a++) {
          Array.set(args, a - 2, sig[a]);
        }
        Optional<?> symbol = (Optional<?>) find.invoke(lookup, (String) sig[0]);
        if (symbol.isEmpty()) {
          return Optional.empty();
        }
        Object descriptor = of.invoke(null, sig[1], args);
        calls[i] = (MethodHandle) downcall.invoke(linker, symbol.get(), descriptor, noOptions);
      }
      Object arena = arenaType.getMethod("global").invoke(null);
      Method allocate = arenaType.getMethod("allocate", long.class);
      return Optional.of(new NativeSignals(arena, allocate, segmentType.getField("NULL").get(null), calls));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether this JVM runs with {@code -Xrs} (or {@code -XX:+ReduceSignalUsage}): it then handles no signal itself. */
  static boolean jvmReducesSignalUsage() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return args.contains("-Xrs") || args.contains("-XX:+ReduceSignalUsage");
  }

  /** Whether every signal of {@code numbers} is blocked in the calling thread. */
  boolean blocked(int... numbers) {
    try {
      Object mask = newSet();
      check((int) pthreadSigmask.invoke(0 /* SIG_BLOCK, with no new set: a query */, nullSegment, mask),
          "pthread_sigmask");
      for (int n : numbers) {
        if ((int) sigismember.invoke(mask, n) != 1) {
          return false;
        }
      }
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /** A set of {@code numbers} to {@link #await} on. */
  Object setOf(int... numbers) {
    try {
      Object set = newSet();
      for (int n : numbers) {
        check((int) sigaddset.invoke(set, n), "sigaddset");
      }
      return set;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot build a signal set: " + t, t);
    }
  }

  /**
   * Waits for one of the (blocked) signals of {@code set} and returns its number, or -1 when the wait was
   * interrupted by another signal (EINTR: wait again).
   */
  int await(Object set) {
    try {
      return (int) sigwaitinfo.invoke(set, nullSegment);
    } catch (Throwable t) {
      throw new IllegalStateException("sigwaitinfo failed: " + t, t);
    }
  }

  /** Sets signal {@code number}'s disposition to the default ({@code SIG_DFL}), e.g. to undo an inherited ignore. */
  boolean resetToDefault(int number) {
    try {
      Object old = signal.invoke(number, nullSegment /* SIG_DFL is 0 */);
      return old != null;
    } catch (Throwable t) {
      return false;
    }
  }

  private Object newSet() throws Throwable {
    Object set = allocate.invoke(arena, SIGSET_BYTES);
    check((int) sigemptyset.invoke(set), "sigemptyset");
    return set;
  }

  private static void check(int result, String call) {
    if (result != 0) {
      throw new IllegalStateException(call + " returned " + result);
    }
  }
}
