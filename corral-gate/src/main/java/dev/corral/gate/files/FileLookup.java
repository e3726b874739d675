package dev.corral.gate.files;

import dev.corral.gate.config.FileSettings.DisableSymlinks;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Looks a mapped file up as nginx's open_file does: its attributes, following symbolic links unless
 * {@code disable_symlinks} forbids them, and the answer nginx gives when that fails (404 for a missing file or a
 * non-directory in the path, 403 for a permission or a forbidden link, 500 otherwise) with the errno text nginx
 * logs. Stateless and thread-safe.
 *
 * <p>Blocking: each call makes one {@code stat} (and, with {@code disable_symlinks on}, one {@code lstat} per path
 * component). On a local file system these take microseconds and are made on the event loop, as nginx makes them
 * on its worker without open_file_cache; a root on a slow network file system would stall the connections of that
 * event loop.
 */
public final class FileLookup {
  /** The outcome of a lookup. */
  public sealed interface Result {}

  /** The file exists; {@code attributes} followed the links the policy allowed. */
  public record Found(BasicFileAttributes attributes) implements Result {}

  /** The lookup failed: answer {@code status} and log {@code reason} ({@code errno: text}). */
  public record Failed(int status, String reason) implements Result {}

  private static final Failed NOT_FOUND = new Failed(404, "2: No such file or directory");
  private static final Failed NOT_DIRECTORY = new Failed(404, "20: Not a directory");
  private static final Failed DENIED = new Failed(403, "13: Permission denied");
  private static final Failed LINK = new Failed(403, "40: Too many levels of symbolic links");

  private FileLookup() {}

  /**
   * Looks {@code file} up under {@code root}.
   *
   * @param fromRoot with a policy other than off: check only the components below {@code root}
   */
  public static Result lookup(Path file, Path root, DisableSymlinks policy, boolean fromRoot) {
    try {
      if (policy != DisableSymlinks.OFF) {
        Failed refused = checkLinks(file, root, policy, fromRoot);
        if (refused != null) {
          return refused;
        }
      }
      return new Found(Files.readAttributes(file, BasicFileAttributes.class));
    } catch (IOException e) {
      return failure(e);
    }
  }

  /** The answer and errno text for an I/O error on a file ({@code open()} or {@code stat()}). */
  public static Failed failure(IOException e) {
    if (e instanceof NoSuchFileException) {
      return NOT_FOUND;
    }
    if (e instanceof NotDirectoryException
        || e instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
      return NOT_DIRECTORY;
    }
    if (e instanceof AccessDeniedException) {
      return DENIED;
    }
    if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("symbolic links")) {
      return LINK;
    }
    return new Failed(500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static Failed checkLinks(Path file, Path root, DisableSymlinks policy, boolean fromRoot)
      throws IOException {
    Path at = file.getRoot();
    int skip = fromRoot && file.startsWith(root) ? root.getNameCount() : 0;
    for (int i = 0; i < file.getNameCount(); i++) {
      at = at.resolve(file.getName(i));
      if (i < skip) {
        continue;
      }
      BasicFileAttributes own = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!own.isSymbolicLink()) {
        continue;
      }
      if (policy == DisableSymlinks.ON || !sameOwner(at)) {
        return LINK;
      }
    }
    return null;
  }

  private static boolean sameOwner(Path link) throws IOException {
    PosixFileAttributes linkAttributes = Files.readAttributes(link, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributes target = Files.readAttributes(link, PosixFileAttributes.class);
    return linkAttributes.owner().equals(target.owner());
  }
}
