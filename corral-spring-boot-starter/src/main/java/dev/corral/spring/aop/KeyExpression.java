package dev.corral.spring.aop;

import dev.corral.spring.CorralConfigException;
import java.lang.reflect.Method;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * A {@code @RateLimited(key = …)} SpEL expression, parsed once when the bean is created and evaluated per call
 * over the method's arguments. Thread-safe (a parsed SpEL expression is; the evaluation context is per call).
 */
final class KeyExpression {
  private static final SpelExpressionParser PARSER = new SpelExpressionParser();
  private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  private final String text;
  private final Expression expression;
  private final Method method;
  private final String where;
  private final BeanFactoryResolver beans;

  private KeyExpression(String text, Expression expression, Method method, String where, BeanFactory beanFactory) {
    this.text = text;
    this.expression = expression;
    this.method = method;
    this.where = where;
    this.beans = beanFactory == null ? null : new BeanFactoryResolver(beanFactory);
  }

  /**
   * @throws CorralConfigException if {@code text} is not a valid SpEL expression
   */
  static KeyExpression parse(String text, Method method, String where, BeanFactory beanFactory) {
    try {
      return new KeyExpression(text, PARSER.parseExpression(text), method, where, beanFactory);
    } catch (ParseException e) {
      throw new CorralConfigException("@RateLimited(key) on " + where, text,
          "not a SpEL expression (" + e.getSimpleMessage() + " at " + e.getPosition() + "); expected e.g. \"#user.id\"");
    }
  }

  /**
   * The key for one call.
   *
   * @throws IllegalArgumentException if the expression fails or gives null
   */
  String evaluate(Object target, Object[] args) {
    MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method, args, NAMES);
    if (beans != null) {
      context.setBeanResolver(beans);
    }
    Object value;
    try {
      value = expression.getValue(context);
    } catch (EvaluationException e) {
      throw new IllegalArgumentException("@RateLimited(key = \"" + text + "\") on " + where + ": " + e.getMessage(), e);
    }
    if (value == null) {
      throw new IllegalArgumentException("@RateLimited(key = \"" + text + "\") on " + where + ": the key is null");
    }
    return value.toString();
  }
}
