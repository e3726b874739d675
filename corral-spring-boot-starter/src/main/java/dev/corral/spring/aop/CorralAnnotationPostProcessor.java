package dev.corral.spring.aop;

import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;

/**
 * Proxies the beans that have {@link RateLimited} or {@link Bagpipe} methods (class-based proxies, so beans
 * without interfaces work too) and checks their annotations as each bean is created. Registered by
 * {@link dev.corral.spring.autoconfigure.CorralAutoConfiguration}; needs no AspectJ.
 */
public final class CorralAnnotationPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

  private CorralMethodInterceptor interceptor;

  /** A post-processor with class-based proxies, its advice first among a bean's advisors. */
  public CorralAnnotationPostProcessor() {
    setProxyTargetClass(true);
    setBeforeExistingAdvisors(true);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    this.interceptor = new CorralMethodInterceptor(beanFactory);
    ComposablePointcut pointcut = new ComposablePointcut(AnnotationMatchingPointcut.forMethodAnnotation(RateLimited.class))
        .union(AnnotationMatchingPointcut.forMethodAnnotation(Bagpipe.class));
    this.advisor = new DefaultPointcutAdvisor(pointcut, interceptor);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (isEligible(bean, beanName)) {
      interceptor.check(AopUtils.getTargetClass(bean));
    }
    return super.postProcessAfterInitialization(bean, beanName);
  }
}
