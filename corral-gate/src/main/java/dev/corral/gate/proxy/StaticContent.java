package dev.corral.gate.proxy;

import dev.corral.gate.http.ContentHandler;
import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;

import dev.corral.gate.config.FileSettings;
import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationMatch;
import dev.corral.gate.config.Template;
import dev.corral.gate.files.FileLookup;
import dev.corral.gate.files.UriPath;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A location without {@code proxy_pass} or {@code return}: files from {@code root} or {@code alias}, as nginx's
 * try_files, index and static handlers serve them. The URI is decoded and normalized first ({@link UriPath}: a
 * {@code ..} above the root, a bad escape or a NUL is 400), so no name reaches outside the root; symbolic links
 * are {@link FileLookup}'s. Then, in nginx's order:
 *
 * <ol>
 *   <li>{@code try_files}: the first listed file (or directory, for a name ending with {@code /}) that exists
 *       becomes the URI; if none does, the last argument is an internal redirect (URI or {@code @name}) or
 *       {@code =CODE};
 *   <li>a URI ending with {@code /}: the first {@code index} file that exists, by internal redirect; none, 403
 *       for an existing directory ("directory index … is forbidden"), else 404;
 *   <li>a directory: 301 to the URI with a slash (absolute, with the request's host and a port other than 80);
 *   <li>a regular file: {@link FileResponse}. Methods other than GET, HEAD and POST get 405; POST to a file too.
 * </ol>
 *
 * <p>Runs on the connection's event loop; file lookups and the open are blocking calls (see {@link FileLookup}),
 * the body is sent by the transport. Immutable and thread-safe.
 */
public final class StaticContent implements ContentHandler {
  private final LocationConfig location;
  /** The prefix an {@code alias} replaces: the pattern of the location that set it (this one or an outer one). */
  private final String aliasPrefix;
  /** Whether the alias was set in a regex location (then it names the file itself, or try_files' base). */
  private final boolean aliasIsWhole;

  /**
   * @param aliasOwner the location whose {@code alias} this one runs with ({@code location} itself unless the
   *     alias is inherited from an enclosing location)
   */
  StaticContent(LocationConfig location, LocationConfig aliasOwner) {
    this.location = location;
    this.aliasPrefix = aliasOwner.pattern();
    this.aliasIsWhole = aliasOwner.match() == LocationMatch.REGEX || aliasOwner.match() == LocationMatch.REGEX_CASELESS;
  }

  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    HttpMethod method = request.request.method();
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && !method.equals(HttpMethod.POST)) {
      frontend.failRequest(405);
      return;
    }
    Optional<String> uri = UriPath.normalize(request.path());
    if (uri.isEmpty()) {
      frontend.failRequest(400);
      return;
    }
    FileSettings files = frontend.settings().files();
    if (files.tryFiles().isPresent()) {
      tryFiles(frontend, request, files, files.tryFiles().get());
      return;
    }
    serveUri(frontend, request, files, uri.get());
  }

  private void tryFiles(FrontendHandler frontend, RequestContext request, FileSettings files,
      FileSettings.TryFiles tryFiles) {
    for (Template file : tryFiles.files()) {
      String name = file.render(request);
      Optional<String> uri = UriPath.normalize(name);
      Path path = uri.isEmpty() ? null : mapTried(files, uri.get());
      if (path == null) {
        continue;
      }
      // nginx: a name ending with / must be a directory, any other must not be one.
      boolean directory = name.endsWith("/");
      if (FileLookup.lookup(path, files.root(), files.disableSymlinks(), files.symlinksFromRoot())
          instanceof FileLookup.Found hit && hit.attributes().isDirectory() == directory) {
        String found = directory && uri.get().length() > 1 && uri.get().endsWith("/")
            ? uri.get().substring(0, uri.get().length() - 1) : uri.get();
        request.changeUri(UriPath.encode(found), request.query());
        if (directory) {
          // The URI is the directory without its slash, as in nginx: the static handler then redirects to it.
          serveUri(frontend, request, files, found);
        } else {
          serveFound(frontend, request, files, path, hit.attributes(), found);
        }
        return;
      }
    }
    String fallback = tryFiles.fallback().render(request);
    if (fallback.startsWith("=")) {
      frontend.failRequest(Integer.parseInt(fallback.substring(1)));
    } else {
      frontend.internalRedirect(fallback);
    }
  }

  private void serveUri(FrontendHandler frontend, RequestContext request, FileSettings files, String uri) {
    Path path = map(files, uri);
    if (path == null) {
      frontend.failRequest(404);
      return;
    }
    if (uri.endsWith("/")) {
      index(frontend, request, files, uri, path);
      return;
    }
    FileLookup.Result result = FileLookup.lookup(path, files.root(), files.disableSymlinks(),
        files.symlinksFromRoot());
    if (result instanceof FileLookup.Failed failed) {
      fail(frontend, files, failed, "open() \"" + path + "\" failed (" + failed.reason() + ")");
      return;
    }
    serveFound(frontend, request, files, path, ((FileLookup.Found) result).attributes(), uri);
  }

  /** Answers for {@code path}, which exists with {@code attributes}: a redirect for a directory, else the file. */
  private void serveFound(FrontendHandler frontend, RequestContext request, FileSettings files, Path path,
      BasicFileAttributes attributes, String uri) {
    if (attributes.isDirectory()) {
      String target = UriPath.encode(uri) + "/" + (request.query().isEmpty() ? "" : "?" + request.query());
      // nginx's 301 is a special response (an error_page for it applies); the Location is made absolute when
      // written (Redirects).
      frontend.specialResponse(301, target);
      return;
    }
    if (!attributes.isRegularFile()) {
      frontend.logError("\"" + path + "\" is not a regular file");
      frontend.failRequest(404);
      return;
    }
    if (request.request.method().equals(HttpMethod.POST)) {
      frontend.failRequest(405);
      return;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      FileLookup.Failed failed = FileLookup.failure(e);
      fail(frontend, files, failed, "open() \"" + path + "\" failed (" + failed.reason() + ")");
      return;
    }
    FileResponse.send(frontend, request, channel, attributes, uri);
  }

  private void index(FrontendHandler frontend, RequestContext request, FileSettings files, String uri,
      Path directory) {
    String args = request.query().isEmpty() ? "" : "?" + request.query();
    for (Template index : files.index()) {
      String name = index.render(request);
      if (name.startsWith("/")) {
        // nginx: an absolute index is redirected to without looking for it (it is normally the last one).
        frontend.internalRedirect(name + args);
        return;
      }
      Path candidate = directory.resolve(name);
      FileLookup.Result result = FileLookup.lookup(candidate, files.root(), files.disableSymlinks(),
          files.symlinksFromRoot());
      if (result instanceof FileLookup.Found found && !found.attributes().isDirectory()) {
        frontend.internalRedirect(UriPath.encode(uri + name) + args);
        return;
      }
      if (result instanceof FileLookup.Failed failed && failed.status() != 404) {
        fail(frontend, files, failed, "open() \"" + candidate + "\" failed (" + failed.reason() + ")");
        return;
      }
    }
    FileLookup.Result dir = FileLookup.lookup(directory, files.root(), files.disableSymlinks(),
        files.symlinksFromRoot());
    if (dir instanceof FileLookup.Found found && found.attributes().isDirectory()) {
      frontend.logError("directory index of \"" + directory + "/\" is forbidden");
      frontend.failRequest(403);
      return;
    }
    FileLookup.Failed failed = dir instanceof FileLookup.Failed f ? f : new FileLookup.Failed(404,
        "20: Not a directory");
    fail(frontend, files, failed, "\"" + directory + "/" + (files.index().isEmpty() ? "" : files.index().get(0).render(request))
        + "\" is not found (" + failed.reason() + ")");
  }

  private static void fail(FrontendHandler frontend, FileSettings files, FileLookup.Failed failed, String line) {
    if (failed.status() != 404 || files.logNotFound()) {
      frontend.logError(line);
    }
    frontend.failRequest(failed.status());
  }

  private static Path within(Path path, Path base) {
    return path.normalize().startsWith(base.normalize()) ? path : null;
  }

  /**
   * The file for the normalized {@code uri}: under the root, or with the location's prefix replaced by the
   * alias (a regex location's alias is the file itself); null if the URI does not fall under the alias' prefix
   * or makes no valid path.
   */
  private Path map(FileSettings files, String uri) {
    try {
      if (files.alias().isEmpty()) {
        return within(Path.of(files.root() + uri), files.root());
      }
      String alias = files.alias().get();
      if (aliasIsWhole) {
        return Path.of(alias);
      }
      if (!uri.startsWith(aliasPrefix)) {
        return null;
      }
      // "location /a { alias /dir; }" would map /a../x to /dir../x, a sibling of the alias (nginx serves it):
      // whatever the alias is mapped to must stay the alias itself or under it.
      return within(Path.of(alias + uri.substring(aliasPrefix.length())), Path.of(alias));
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** {@link #map} for a try_files name: with the alias of a regex location, the name is appended to the alias. */
  private Path mapTried(FileSettings files, String uri) {
    if (files.alias().isPresent() && aliasIsWhole) {
      try {
        return within(Path.of(files.alias().get() + uri), Path.of(files.alias().get()));
      } catch (InvalidPathException e) {
        return null;
      }
    }
    return map(files, uri);
  }
}
