package dev.corral.gate.http;

import dev.corral.gate.config.IfBlock;
import dev.corral.gate.config.RewriteOp;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Runs a level's rewrite statements on a request, as nginx's rewrite module does: in order, until a {@code return},
 * a redirecting {@code rewrite}, {@code break}, {@code rewrite … last|break}, or the end. {@code rewrite} tries its
 * regex on {@code $uri}; a match sets the captures, and the replacement becomes the new {@code $uri} and
 * {@code $args} (the old arguments appended unless the replacement ends with {@code ?}). An {@code if} whose
 * condition holds runs its block, and inside a location switches the request to the block's nested location
 * (from the map of nested locations given to {@link #run}). Immutable and thread-safe; the request's state lives in its {@link RequestContext}.
 *
 * <p>{@code -f}, {@code -d}, {@code -e} and {@code -x} read the file system on the event loop (one {@code stat});
 * nginx does the same without its open_file_cache.
 */
public final class RewriteScript {
  /** {@link #run}: the statements ran out; if {@link RequestContext#findLocationAgain}, the location is looked up again. */
  static final int END = 0;
  /** {@link #run}: {@code break} or {@code rewrite … break}: the request stays in its location. */
  static final int STOP = 1;
  /** {@link #run}: {@code rewrite … last}: the location is looked up again for the new URI. */
  static final int LAST = 2;
  /** {@link #run}: answer with {@link RequestContext#returnStatus} and {@link RequestContext#returnText}. */
  static final int ANSWER = 3;

  private final RewriteOp[] ops;
  private final RewriteScript[] bodies;

  public RewriteScript(List<RewriteOp> statements) {
    ops = statements.toArray(new RewriteOp[0]);
    bodies = new RewriteScript[ops.length];
    for (int i = 0; i < ops.length; i++) {
      if (ops[i] instanceof RewriteOp.If f) {
        bodies[i] = new RewriteScript(f.block().body());
      }
    }
  }

  /**
   * Runs the statements on {@code request} of {@code frontend}; an {@code if} that holds in a location switches the
   * request to its entry in {@code ifRoutes}; {@code log} ({@code rewrite_log}) writes each rewrite's match and
   * result at notice level.
   */
  int run(RequestContext request, FrontendHandler frontend, Map<IfBlock, LocationRoute> ifRoutes, boolean log) {
    for (int i = 0; i < ops.length; i++) {
      int outcome = switch (ops[i]) {
        case RewriteOp.Set set -> {
          String value = set.value().render(request);
          if (set.target() == null) {
            request.changeArgs(value);
          } else {
            request.variables.set(set.target(), value);
          }
          yield -1;
        }
        case RewriteOp.Rewrite rewrite -> rewrite(rewrite, request, log ? frontend : null);
        case RewriteOp.Return ret -> {
          request.returnStatus = ret.status();
          request.returnText = ret.text().isPresent() ? Optional.of(ret.text().get().render(request))
              : Optional.empty();
          yield ANSWER;
        }
        case RewriteOp.Break b -> {
          request.findLocationAgain = false;
          yield STOP;
        }
        case RewriteOp.If condition -> {
          if (!holds(condition.condition(), request)) {
            yield -1;
          }
          if (condition.block().location() != null) {
            frontend.switchLocation(ifRoutes.get(condition.block()));
          }
          int inner = bodies[i].run(request, frontend, ifRoutes, log);
          yield inner == END ? -1 : inner;
        }
      };
      if (outcome >= 0) {
        return outcome;
      }
    }
    return END;
  }

  private static int rewrite(RewriteOp.Rewrite rewrite, RequestContext request, FrontendHandler log) {
    String uri = request.path();
    Matcher m = rewrite.regex().pattern().matcher(uri);
    if (!m.find()) {
      if (log != null) {
        log.log("notice", "\"" + rewrite.regex() + "\" does not match \"" + uri + "\"");
      }
      return -1;
    }
    if (log != null) {
      log.log("notice", "\"" + rewrite.regex() + "\" matches \"" + uri + "\"");
    }
    request.captured(rewrite.regex(), m);
    String out = rewrite.replacement().render(request);
    String oldArgs = request.query();
    if (rewrite.redirect()) {
      String location = out;
      if (rewrite.keepArgs() && !oldArgs.isEmpty()) {
        location = location + (location.indexOf('?') >= 0 ? "&" : "?") + oldArgs;
      }
      if (log != null) {
        log.log("notice", "rewritten redirect: \"" + location + "\"");
      }
      request.returnStatus = rewrite.status();
      request.returnText = Optional.of(location);
      return ANSWER;
    }
    int q = out.indexOf('?');
    String newUri = q < 0 ? out : out.substring(0, q);
    String newArgs;
    if (q < 0) {
      newArgs = rewrite.keepArgs() ? oldArgs : "";
    } else {
      String given = out.substring(q + 1);
      newArgs = rewrite.keepArgs() && !oldArgs.isEmpty() ? given + "&" + oldArgs : given;
    }
    if (log != null) {
      log.log("notice", "rewritten data: \"" + newUri + "\", args: \"" + newArgs + "\"");
    }
    request.changeUri(newUri, newArgs);
    request.findLocationAgain = true;
    request.locationValid = false;
    return switch (rewrite.flag()) {
      case LAST -> LAST;
      case BREAK -> {
        request.findLocationAgain = false;
        yield STOP;
      }
      default -> -1;
    };
  }

  private static boolean holds(RewriteOp.Condition condition, RequestContext request) {
    return switch (condition) {
      case RewriteOp.Condition.Truthy t -> {
        String v = t.value().render(request);
        yield !v.isEmpty() && !v.equals("0");
      }
      case RewriteOp.Condition.Equals e -> e.left().render(request).equals(e.right().render(request)) != e.negate();
      case RewriteOp.Condition.Matches mt -> {
        Matcher m = mt.regex().pattern().matcher(mt.left().render(request));
        boolean found = m.find();
        if (found && !mt.negate()) {
          request.captured(mt.regex(), m);
        }
        yield found != mt.negate();
      }
      case RewriteOp.Condition.FileTest f -> fileTest(f.path().render(request), f.test()) != f.negate();
    };
  }

  private static boolean fileTest(String name, char test) {
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      return false;
    }
    return switch (test) {
      case 'f' -> Files.isRegularFile(path);
      case 'd' -> Files.isDirectory(path);
      case 'e' -> Files.exists(path);
      default -> Files.exists(path) && Files.isExecutable(path); // a directory counts, as nginx's S_IXUSR test
    };
  }
}
