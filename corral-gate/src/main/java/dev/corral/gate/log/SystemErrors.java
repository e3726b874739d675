package dev.corral.gate.log;

import io.netty.channel.unix.Errors;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A system error in nginx's words: {@code 98: Address already in use}, the errno and the C library's text, as
 * nginx writes it inside {@code bind() to 127.0.0.1:8080 failed (…)} or {@code connect() failed (…) while
 * connecting to upstream}. The errno comes from Netty's native transports ({@code Errors.NativeIoException}, or its
 * message {@code connect(..) failed with error(-111): Connection refused}), or from the JDK's text for NIO and file
 * errors (which carry no number: it is looked up by its text, Linux's numbering). An error this class does not
 * recognize keeps its own message. Stateless.
 */
public final class SystemErrors {
  /** Linux's errno values for the errors a proxy meets, with glibc's {@code strerror} text. */
  private static final Map<Integer, String> TEXT = Map.ofEntries(
      Map.entry(1, "Operation not permitted"), Map.entry(2, "No such file or directory"),
      Map.entry(13, "Permission denied"), Map.entry(17, "File exists"), Map.entry(20, "Not a directory"),
      Map.entry(21, "Is a directory"), Map.entry(24, "Too many open files"),
      Map.entry(28, "No space left on device"), Map.entry(32, "Broken pipe"),
      Map.entry(98, "Address already in use"), Map.entry(99, "Cannot assign requested address"),
      Map.entry(101, "Network is unreachable"), Map.entry(104, "Connection reset by peer"),
      Map.entry(110, "Connection timed out"), Map.entry(111, "Connection refused"),
      Map.entry(113, "No route to host"));
  private static final Pattern NETTY = Pattern.compile("error\\((-?\\d+)\\): ([^:]+)");

  private SystemErrors() {}

  /** {@code ERRNO: TEXT} for {@code error} (or one of its causes), else the error's own message. */
  public static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Errors.NativeIoException n && n.expectedErr() != 0) {
        return of(-n.expectedErr(), textAfterErrno(n.getMessage()));
      }
      String message = t instanceof FileSystemException f ? fileReason(f) : t.getMessage();
      if (message == null) {
        continue;
      }
      Matcher m = NETTY.matcher(message);
      if (m.find()) {
        return of(Math.abs(Integer.parseInt(m.group(1))), m.group(2).trim());
      }
      for (Map.Entry<Integer, String> e : TEXT.entrySet()) {
        if (message.contains(e.getValue())) {
          return e.getKey() + ": " + e.getValue();
        }
      }
    }
    String own = error.getMessage();
    return own == null ? error.getClass().getSimpleName() : own;
  }

  /** The text nginx would print for {@code errno}, or {@code fallback} for a number not in the table. */
  private static String of(int errno, String fallback) {
    return errno + ": " + TEXT.getOrDefault(errno, fallback);
  }

  private static String textAfterErrno(String message) {
    if (message == null) {
      return "";
    }
    Matcher m = NETTY.matcher(message);
    return m.find() ? m.group(2).trim() : message;
  }

  /** A file error's reason: the JDK puts the path in the message and the reason apart (or only in the type). */
  private static String fileReason(FileSystemException f) {
    if (f.getReason() != null) {
      return f.getReason();
    }
    if (f instanceof NoSuchFileException) {
      return TEXT.get(2);
    }
    if (f instanceof AccessDeniedException) {
      return TEXT.get(13);
    }
    if (f instanceof NotDirectoryException) {
      return TEXT.get(20);
    }
    return f.getMessage();
  }
}
