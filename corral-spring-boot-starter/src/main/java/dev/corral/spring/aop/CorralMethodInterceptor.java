package dev.corral.spring.aop;

import dev.corral.spring.CorralConfigException;
import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.bagpipe.NamedBagpipe;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The advice behind {@link RateLimited} and {@link Bagpipe}: each (method, target class) gets a
 * {@link MethodPlan}, built once and cached. {@link #check(Class)} builds every plan of a class when its bean is
 * created, so a mistake fails start-up. Thread-safe; the registries are looked up once, lazily, from the bean
 * factory (a bean post-processor must not pull them in early).
 */
final class CorralMethodInterceptor implements MethodInterceptor {
  private static final MethodPlan NONE = new MethodPlan("", null, null, null, MethodPlan.Kind.VALUE);
  private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono",
      CorralMethodInterceptor.class.getClassLoader());

  private final BeanFactory beanFactory;
  private final ConcurrentHashMap<PlanKey, MethodPlan> plans = new ConcurrentHashMap<>();

  private record PlanKey(Method method, Class<?> targetClass) {}

  CorralMethodInterceptor(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Class<?> targetClass = invocation.getThis() == null ? invocation.getMethod().getDeclaringClass()
        : ClassUtils.getUserClass(invocation.getThis());
    MethodPlan plan = plan(invocation.getMethod(), targetClass);
    return plan == NONE ? invocation.proceed() : plan.invoke(invocation);
  }

  /**
   * Builds the plans of every annotated method of {@code targetClass}.
   *
   * @throws CorralConfigException for the first annotation that names a missing limiter or pipe, a bad key, a
   *                               missing fallback or an unsupported return type
   */
  void check(Class<?> targetClass) {
    ReflectionUtils.doWithMethods(ClassUtils.getUserClass(targetClass), m -> plan(m, targetClass),
        m -> !m.isBridge() && !m.isSynthetic() && (m.isAnnotationPresent(RateLimited.class) || m.isAnnotationPresent(Bagpipe.class)));
  }

  private MethodPlan plan(Method method, Class<?> targetClass) {
    PlanKey key = new PlanKey(method, targetClass);
    MethodPlan plan = plans.get(key);
    return plan != null ? plan : plans.computeIfAbsent(key, k -> build(method, targetClass));
  }

  private MethodPlan build(Method method, Class<?> targetClass) {
    Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
    RateLimited rl = AnnotatedElementUtils.findMergedAnnotation(specific, RateLimited.class);
    Bagpipe bp = AnnotatedElementUtils.findMergedAnnotation(specific, Bagpipe.class);
    if (rl == null && bp == null) {
      return NONE;
    }
    String where = targetClass.getSimpleName() + "." + method.getName() + "(..)";
    Class<?> type = method.getReturnType();
    MethodPlan.Kind kind = kind(type, where);
    RateLimitStep limit = rl == null ? null : limitStep(rl, specific, where);
    BagpipeStep pipe = bp == null ? null : bagpipeStep(bp, where);
    String fallbackName = fallbackName(rl, bp, where);
    Fallback fallback = fallbackName.isEmpty() ? null : Fallback.resolve(fallbackName, specific, targetClass, where);
    return new MethodPlan(where, limit, pipe, fallback, kind);
  }

  private RateLimitStep limitStep(RateLimited rl, Method method, String where) {
    CorralLimiters limiters = beanFactory.getBean(CorralLimiters.class);
    NamedLimiter limiter = limiters.find(rl.name()).orElseThrow(() -> new CorralConfigException(
        "@RateLimited(name) on " + where, rl.name(), "no limiter corral.limit." + rl.name()
            + " (declared: " + limiters.names() + ")"));
    String prefix = "corral.limit." + rl.name();
    if (limiter.isKeyed() && rl.key().isBlank()) {
      throw new CorralConfigException("@RateLimited(key) on " + where, null,
          "missing: " + prefix + " is keyed, so a SpEL key such as \"#user.id\" is expected");
    }
    if (!limiter.isKeyed() && !rl.key().isBlank()) {
      throw new CorralConfigException("@RateLimited(key) on " + where, rl.key(),
          prefix + " is not keyed (set " + prefix + ".keyed: true, or drop the key)");
    }
    if (rl.permits() < 1) {
      throw new CorralConfigException("@RateLimited(permits) on " + where, rl.permits(), "expected 1 or more");
    }
    KeyExpression key = limiter.isKeyed() ? KeyExpression.parse(rl.key(), method, where, beanFactory) : null;
    return new RateLimitStep(limiter, key, rl.permits());
  }

  private BagpipeStep bagpipeStep(Bagpipe bp, String where) {
    CorralBagpipes bagpipes = beanFactory.getBean(CorralBagpipes.class);
    NamedBagpipe pipe = bagpipes.find(bp.value()).orElseThrow(() -> new CorralConfigException(
        "@Bagpipe on " + where, bp.value(), "no bagpipe corral.bagpipe." + bp.value()
            + " (declared: " + bagpipes.names() + ")"));
    return new BagpipeStep(pipe);
  }

  private static String fallbackName(RateLimited rl, Bagpipe bp, String where) {
    String a = rl == null ? "" : rl.fallbackMethod();
    String b = bp == null ? "" : bp.fallbackMethod();
    if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
      throw new CorralConfigException("fallbackMethod of " + where, b,
          "@RateLimited names \"" + a + "\": expected one fallback per method");
    }
    return a.isEmpty() ? b : a;
  }

  private static MethodPlan.Kind kind(Class<?> type, String where) {
    String expected = "expected a value, a CompletionStage, a CompletableFuture, a Mono or a Flux";
    if (REACTOR && type.getName().equals("reactor.core.publisher.Mono")) {
      return MethodPlan.Kind.MONO;
    }
    if (REACTOR && type.getName().equals("reactor.core.publisher.Flux")) {
      return MethodPlan.Kind.FLUX;
    }
    if (isPublisher(type)) {
      throw new CorralConfigException("return type of " + where, type.getSimpleName(), expected);
    }
    if (!CompletionStage.class.isAssignableFrom(type)) {
      return MethodPlan.Kind.VALUE;
    }
    if (!type.isAssignableFrom(CompletableFuture.class)) {
      throw new CorralConfigException("return type of " + where, type.getSimpleName(), expected);
    }
    return MethodPlan.Kind.STAGE;
  }

  private static boolean isPublisher(Class<?> type) {
    for (Class<?> c : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (c.getName().equals("org.reactivestreams.Publisher")) {
        return true;
      }
    }
    return type.getName().equals("org.reactivestreams.Publisher");
  }
}
