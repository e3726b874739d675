package dev.corral.limit.redis.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Starts one real {@code redis-server} per test class (see {@link RedisServer}) and injects it as a
 * {@link RedisServer} parameter. Before each test the server is restarted if a test killed it, and emptied
 * with FLUSHALL, so tests don't see each other's keys.
 *
 * <p>Without a redis-server binary the tests are <em>skipped</em> with a message saying how to install it,
 * except when the environment variable {@code CI=true}: there they <em>fail</em>, because CI must run them.
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
    ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisServerExtension.class);
  static final String MISSING = "redis-server not found (looked at $REDIS_SERVER, PATH, /usr/bin, /usr/local/bin);"
      + " install it (Debian: apt-get install redis-server) to run the Redis tests";

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary = requireBinary(RedisServer.findBinary(), "true".equalsIgnoreCase(System.getenv("CI")));
    context.getStore(NS).put(RedisServer.class, RedisServer.start(binary));
  }

  /**
   * The binary, or: under CI an {@link IllegalStateException} (the tests fail), elsewhere a
   * {@link TestAbortedException} (the tests are skipped), both saying how to install it.
   */
  public static Path requireBinary(Optional<Path> binary, boolean ci) {
    if (binary.isPresent()) {
      return binary.get();
    }
    if (ci) {
      throw new IllegalStateException(MISSING + " (CI=true: the Redis tests must run)");
    }
    throw new TestAbortedException(MISSING);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    RedisServer server = server(context);
    if (!server.isRunning()) {
      server.restart();
    }
    server.command("FLUSHALL");
    server.command("CONFIG", "RESETSTAT");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    RedisServer server = context.getStore(NS).remove(RedisServer.class, RedisServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static RedisServer server(ExtensionContext context) {
    ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
        ? context.getParent().orElseThrow() : context;
    RedisServer server = classContext.getStore(NS).get(RedisServer.class, RedisServer.class);
    if (server == null) {
      throw new IllegalStateException("no redis-server: RedisServerExtension must be registered on the test class");
    }
    return server;
  }
}
