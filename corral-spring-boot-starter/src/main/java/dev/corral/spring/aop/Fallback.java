package dev.corral.spring.aop;

import dev.corral.spring.CorralConfigException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code fallbackMethod} of an annotated method: the candidates of that name with the method's parameters plus
 * a last exception parameter, most specific exception type first. Immutable and thread-safe.
 */
final class Fallback {
  private final List<Method> candidates;

  private Fallback(List<Method> candidates) {
    this.candidates = candidates;
  }

  /**
   * @throws CorralConfigException if {@code targetClass} has no fitting method called {@code name}
   */
  static Fallback resolve(String name, Method method, Class<?> targetClass, String where) {
    Class<?>[] params = method.getParameterTypes();
    List<Method> found = new ArrayList<>();
    ReflectionUtils.doWithMethods(targetClass, m -> {
      Class<?>[] p = m.getParameterTypes();
      if (m.getName().equals(name) && p.length == params.length + 1
          && Arrays.equals(Arrays.copyOf(p, params.length), params) && Throwable.class.isAssignableFrom(p[params.length])
          && fits(m.getReturnType(), method.getReturnType())
          && found.stream().noneMatch(f -> Arrays.equals(f.getParameterTypes(), p))) {
        ReflectionUtils.makeAccessible(m);
        found.add(m);
      }
    });
    if (found.isEmpty()) {
      throw new CorralConfigException("fallbackMethod of " + where, name,
          "expected a method " + name + "(" + String.join(", ", Arrays.stream(params).map(Class::getSimpleName).toList())
              + (params.length == 0 ? "" : ", ") + "<exception type>) returning " + method.getReturnType().getSimpleName()
              + " in " + targetClass.getSimpleName());
    }
    // a subclass before its superclass, so the most specific handler wins
    found.sort(Comparator.comparingInt(m -> -depth(m.getParameterTypes()[params.length])));
    return new Fallback(List.copyOf(found));
  }

  private static boolean fits(Class<?> fallback, Class<?> original) {
    return original == void.class ? fallback == void.class : original.isAssignableFrom(fallback);
  }

  private static int depth(Class<?> type) {
    int d = 0;
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      d++;
    }
    return d;
  }

  /** Whether some candidate takes {@code failure}. */
  boolean handles(Throwable failure) {
    return find(failure) != null;
  }

  /**
   * Calls the fallback for {@code failure} on {@code target}.
   *
   * @throws Throwable what the fallback throws; {@code failure} itself if no candidate takes it
   */
  Object invoke(Object target, Object[] args, Throwable failure) throws Throwable {
    Method m = find(failure);
    if (m == null) {
      throw failure;
    }
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = failure;
    try {
      return m.invoke(target, all);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Method find(Throwable failure) {
    for (Method m : candidates) {
      if (m.getParameterTypes()[m.getParameterCount() - 1].isInstance(failure)) {
        return m;
      }
    }
    return null;
  }
}
