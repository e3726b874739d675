package dev.corral.pm.reaper;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The two libc calls {@link OrphanReaper} needs, through the Foreign Function API (final in Java 22; reached
 * reflectively because the code is compiled for Java 21, where it is a preview API): {@code prctl(
 * PR_SET_CHILD_SUBREAPER, 1)} and {@code waitpid(pid, NULL, WNOHANG)}.
 *
 * <p>Fails soft: when the API or a symbol is missing (not Linux, an older JVM), {@link #load} is empty. Immutable and
 * thread-safe.
 */
final class LibcProcessCalls {
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int WNOHANG = 1;

  private final MethodHandle prctl;
  private final MethodHandle waitpid;
  private final Object nullSegment;

  private LibcProcessCalls(MethodHandle prctl, MethodHandle waitpid, Object nullSegment) {
    this.prctl = prctl;
    this.waitpid = waitpid;
    this.nullSegment = nullSegment;
  }

  /** The calls, or empty (with the reason) when this JVM cannot make them. */
  static Result load() {
    try {
      Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
      Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
      Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
      Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
      Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
      Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
      Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
      Object linker = linkerType.getMethod("nativeLinker").invoke(null);
      Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
      Object jint = valueLayoutType.getField("JAVA_INT").get(null);
      Object jlong = valueLayoutType.getField("JAVA_LONG").get(null);
      Object address = valueLayoutType.getField("ADDRESS").get(null);
      Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
      Method find = lookupType.getMethod("find", String.class);
      Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());
      Optional<?> prctlSymbol = (Optional<?>) find.invoke(lookup, "prctl");
      Optional<?> waitpidSymbol = (Optional<?>) find.invoke(lookup, "waitpid");
      if (prctlSymbol.isEmpty() || waitpidSymbol.isEmpty()) {
        return new Result(Optional.empty(), "libc has no prctl or waitpid");
      }
      // int prctl(int option, ...): the second argument is variadic (an unsigned long).
      Object variadic = Array.newInstance(optionType, 1);
      Array.set(variadic, 0, optionType.getMethod("firstVariadicArg", int.class).invoke(null, 1));
      Object prctlArgs = Array.newInstance(layoutType, 2);
      Array.set(prctlArgs, 0, jint);
      Array.set(prctlArgs, 1, jlong);
      MethodHandle prctl = (MethodHandle) downcall.invoke(linker, prctlSymbol.get(),
          of.invoke(null, jint, prctlArgs), variadic);
      Object waitArgs = Array.newInstance(layoutType, 3);
      Array.set(waitArgs, 0, jint);
      Array.set(waitArgs, 1, address);
      Array.set(waitArgs, 2, jint);
      MethodHandle waitpid = (MethodHandle) downcall.invoke(linker, waitpidSymbol.get(),
          of.invoke(null, jint, waitArgs), Array.newInstance(optionType, 0));
      return new Result(Optional.of(new LibcProcessCalls(prctl, waitpid, segmentType.getField("NULL").get(null))),
          "");
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return new Result(Optional.empty(), "no Foreign Function API (" + e + ")");
    }
  }

  /** What {@link #load} found: the calls, or why there are none. */
  record Result(Optional<LibcProcessCalls> calls, String whyNot) {}

  /** Makes this process a child subreaper: orphaned descendants are re-parented to it, not to init. */
  boolean becomeSubreaper() {
    try {
      return (int) prctl.invoke(PR_SET_CHILD_SUBREAPER, 1L) == 0;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Collects the exit status of child {@code pid} if it has exited; true when it was collected. */
  boolean reap(long pid) {
    try {
      return (int) waitpid.invoke((int) pid, nullSegment, WNOHANG) == (int) pid;
    } catch (Throwable t) {
      return false;
    }
  }
}
