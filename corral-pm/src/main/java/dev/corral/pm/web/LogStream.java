package dev.corral.pm.web;

import com.sun.net.httpserver.HttpExchange;
import dev.corral.pm.logs.LogFollower;
import dev.corral.pm.logs.LogTail;
import dev.corral.pm.process.InstanceView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The live log of one instance as server-sent events: its last {@value #BACKLOG} lines of stdout and of stderr, then
 * each new line as it is written ({@code event: line}, data {@code {"stream": "out"|"err", "text": …}}), following
 * rotations and flushes like {@code corral logs}. Lines go out as JSON strings; the page puts them in the DOM as
 * text, never as markup. Ends when the page goes away (a write fails; a comment line every few seconds finds out)
 * or the dashboard stops.
 *
 * <p>One virtual thread per stream (the HTTP server's executor).
 */
final class LogStream {
  static final int BACKLOG = 50;
  private static final long POLL_MS = 200;
  private static final long KEEPALIVE_MS = 5_000;

  private LogStream() {}

  static void follow(HttpExchange exchange, InstanceView instance, BooleanSupplier open) throws IOException {
    Path out = Path.of(instance.outLog());
    Path err = Path.of(instance.errLog());
    boolean merged = out.equals(err);
    Sse.start(exchange);
    try (OutputStream body = exchange.getResponseBody();
        LogFollower outFollower = new LogFollower(out, true);
        LogFollower errFollower = merged ? null : new LogFollower(err, true)) {
      for (String line : LogTail.last(out, BACKLOG)) {
        send(body, "out", line);
      }
      if (!merged) {
        for (String line : LogTail.last(err, BACKLOG)) {
          send(body, "err", line);
        }
      }
      body.flush();
      long quietSince = System.nanoTime();
      while (open.getAsBoolean()) {
        List<String[]> lines = new java.util.ArrayList<>();
        outFollower.poll(l -> lines.add(new String[] {"out", l}));
        if (errFollower != null) {
          errFollower.poll(l -> lines.add(new String[] {"err", l}));
        }
        for (String[] l : lines) {
          send(body, l[0], l[1]);
        }
        if (!lines.isEmpty()) {
          body.flush();
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > KEEPALIVE_MS * 1_000_000) {
          body.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
          body.flush();
          quietSince = System.nanoTime();
        }
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the page went away
    } finally {
      exchange.close();
    }
  }

  private static void send(OutputStream body, String stream, String text) throws IOException {
    String frame = "event: line\ndata: " + Responses.JSON.writeValueAsString(Map.of("stream", stream, "text", text))
        + "\n\n";
    body.write(frame.getBytes(StandardCharsets.UTF_8));
  }
}
