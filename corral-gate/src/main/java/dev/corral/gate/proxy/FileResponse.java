package dev.corral.gate.proxy;

import dev.corral.gate.http.DateHeader;
import dev.corral.gate.http.Responses;
import dev.corral.gate.http.FrontendHandler;
import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.HeaderNames;

import dev.corral.gate.config.AddHeader;
import dev.corral.gate.config.CharsetSettings;
import dev.corral.gate.config.FileSettings;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.files.ByteRanges;
import dev.corral.gate.files.HttpDates;
import dev.corral.gate.files.Preconditions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one opened regular file as nginx's static handler and its header filters do: {@code Last-Modified}, an
 * {@code ETag} of {@code "<mtime hex>-<size hex>"}, the not-modified filter (304 / 412) and the
 * range filter ({@code Accept-Ranges}, one range as 206 with {@code Content-Range}, several as
 * {@code multipart/byteranges} with nginx's part headers, 416 with {@code Content-Range: bytes *}{@code /LEN}).
 * The body is one {@link DefaultFileRegion} per range over the one open channel, sent by the transport without
 * copying it through the heap (sendfile / splice); the channel is closed when the last region is released. A
 * whole file or single range of at most {@link #SMALL_FILE} bytes is read into a buffer instead.
 * Stateless apart from the multipart boundary counter; thread-safe.
 */
final class FileResponse {
  /** nginx's boundaries are a counter printed with ten digits. */
  private static final AtomicLong BOUNDARIES = new AtomicLong();
  /** Ranges up to this many bytes are read and sent from memory (see {@link #readSmall}). */
  static final int SMALL_FILE = 32 * 1024;

  private FileResponse() {}

  /**
   * Answers {@code request} with {@code channel}, the open file described by {@code attributes}; takes ownership
   * of {@code channel}.
   *
   * @param typePath the path whose extension gives the Content-Type (the URI's, as nginx's {@code r->exten})
   */
  static void send(FrontendHandler frontend, RequestContext request, FileChannel channel,
      BasicFileAttributes attributes, String typePath) {
    ProxySettings settings = frontend.settings();
    FileSettings files = settings.files();
    long mtime = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
    long size = attributes.size();
    String etag = files.etag() ? "\"" + Long.toHexString(mtime) + "-" + Long.toHexString(size) + "\"" : null;
    HttpHeaders in = request.request.headers();
    Preconditions.Outcome outcome = Preconditions.evaluate(new Preconditions.Headers(
        in.get(HttpHeaderNames.IF_UNMODIFIED_SINCE), in.get(HttpHeaderNames.IF_MATCH),
        in.get(HttpHeaderNames.IF_MODIFIED_SINCE), in.get(HttpHeaderNames.IF_NONE_MATCH)),
        mtime, etag, files.ifModifiedSince());
    if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
      close(channel);
      frontend.failRequest(412);
      return;
    }
    Optional<String> type = settings.contentTypeFor(typePath);
    byte[] recode = null;
    CharsetSettings charsets = files.charset();
    String charset = charsets.charset().map(t -> t.render(request)).orElse("");
    if (!charset.isEmpty() && type.isPresent() && charsets.appliesTo(type.get())) {
      if (charsets.source().isPresent() && !charsets.source().get().equalsIgnoreCase(charset)) {
        Optional<byte[]> table = charsets.table(charsets.source().get(), charset);
        if (table.isEmpty()) {
          frontend.logError("no \"charset_map\" between the charsets \"" + charsets.source().get() + "\" and \""
              + charset + "\"");
          charset = "";
        } else {
          recode = table.get();
        }
      }
      if (!charset.isEmpty()) {
        type = Optional.of(type.get() + "; charset=" + charset);
      }
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders out = head.headers();
    out.set(HeaderNames.SERVER, Responses.server(settings));
    out.set(HeaderNames.DATE, DateHeader.SYSTEM.now());
    type.ifPresent(t -> out.set(HeaderNames.CONTENT_TYPE, t));
    out.set(HeaderNames.LAST_MODIFIED, HttpDates.format(mtime));
    if (etag != null) {
      out.set(HeaderNames.ETAG, etag);
    }
    if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
      close(channel);
      head.setStatus(HttpResponseStatus.NOT_MODIFIED);
      frontend.writeFile(head, List.of(), 0);
      return;
    }
    boolean bodyless = request.request.method().equals(HttpMethod.HEAD);
    ByteRanges.Result ranges = ranges(request, files, size, validator(settings, request, "Last-Modified",
        HttpDates.format(mtime)), validator(settings, request, "ETag", etag));
    switch (ranges) {
      case ByteRanges.NotSatisfiable n -> {
        close(channel);
        FullHttpResponse page = Responses.errorPage(frontend.alloc(), 416, Responses.server(settings));
        page.headers().set(HeaderNames.CONTENT_RANGE, "bytes */" + size);
        frontend.writeLocal(page);
      }
      case ByteRanges.Partial p when p.ranges().size() == 1 -> {
        ByteRanges.Range r = p.ranges().get(0);
        head.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
        out.set(HeaderNames.CONTENT_RANGE, "bytes " + r.start() + "-" + (r.end() - 1) + "/" + size);
        out.set(HeaderNames.CONTENT_LENGTH, Long.toString(r.length()));
        write(frontend, head, channel, p.ranges(), List.of(), bodyless, recode);
      }
      case ByteRanges.Partial p -> multipart(frontend, head, channel, p.ranges(), type, size, bodyless, recode);
      case ByteRanges.Whole w -> {
        if (files.maxRanges() != 0) {
          out.set(HeaderNames.ACCEPT_RANGES, "bytes");
        }
        out.set(HeaderNames.CONTENT_LENGTH, Long.toString(size));
        write(frontend, head, channel, List.of(new ByteRanges.Range(0, size)), List.of(), bodyless, recode);
      }
    }
  }

  /**
   * The response's {@code name} header as nginx's range filter sees it: after the headers filter, so an
   * {@code add_header} of it replaces {@code own} (an empty one removes it); null when there is none.
   */
  private static String validator(ProxySettings settings, RequestContext request, String name, String own) {
    String value = own;
    for (AddHeader line : settings.response().addHeaders()) {
      if (line.name().equalsIgnoreCase(name)) { // every add_header line applies to a 200
        String rendered = line.value().render(request);
        value = rendered.isEmpty() ? null : rendered;
      }
    }
    return value;
  }

  private static ByteRanges.Result ranges(RequestContext request, FileSettings files, long size,
      String lastModified, String etag) {
    String range = request.request.headers().get(HttpHeaderNames.RANGE);
    if (range == null || files.maxRanges() == 0 || !ByteRanges.isByteRange(range)) {
      return new ByteRanges.Whole();
    }
    String ifRange = request.request.headers().get(HttpHeaderNames.IF_RANGE);
    if (ifRange != null && !Preconditions.ifRangeHolds(ifRange, lastModified, etag)) {
      return new ByteRanges.Whole();
    }
    return ByteRanges.parse(range, size, files.maxRanges());
  }

  /** Several ranges: each part after nginx's boundary line, Content-Type and Content-Range lines. */
  private static void multipart(FrontendHandler frontend, HttpResponse head, FileChannel channel,
      List<ByteRanges.Range> ranges, Optional<String> type, long size, boolean bodyless, byte[] recode) {
    String boundary = String.format("%010d", BOUNDARIES.incrementAndGet());
    head.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
    head.headers().set(HeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    String partHead = "\r\n--" + boundary + "\r\n" + type.map(t -> "Content-Type: " + t + "\r\n").orElse("")
        + "Content-Range: bytes ";
    List<ByteBuf> heads = new ArrayList<>();
    long length = 0;
    for (ByteRanges.Range r : ranges) {
      byte[] bytes = (partHead + r.start() + "-" + (r.end() - 1) + "/" + size + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      heads.add(Unpooled.wrappedBuffer(bytes));
      length += bytes.length + r.length();
    }
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    heads.add(Unpooled.wrappedBuffer(tail));
    length += tail.length;
    head.headers().set(HeaderNames.CONTENT_LENGTH, Long.toString(length));
    write(frontend, head, channel, ranges, heads, bodyless, recode);
  }

  /**
   * Writes {@code head} and the ranges of {@code channel}, each after {@code heads.get(i)} when heads are given
   * (and the last head after the last range); with {@code recode} (a charset table) the ranges are read and
   * translated byte for byte instead of sent from the file.
   */
  private static void write(FrontendHandler frontend, HttpResponse head, FileChannel channel,
      List<ByteRanges.Range> ranges, List<ByteBuf> heads, boolean bodyless, byte[] recode) {
    long length = Long.parseLong(head.headers().get(HeaderNames.CONTENT_LENGTH));
    if (bodyless) {
      close(channel);
      heads.forEach(ByteBuf::release);
      frontend.writeFile(head, List.of(), 0);
      return;
    }
    if (recode != null) {
      writeRecoded(frontend, head, channel, ranges, heads, recode, length);
      return;
    }
    if (heads.isEmpty() && ranges.size() == 1 && ranges.get(0).length() <= SMALL_FILE) {
      ByteBuf small = readSmall(frontend, channel, ranges.get(0));
      if (small != null) {
        close(channel);
        frontend.writeFile(head, List.of(small), length);
        return;
      }
    }
    List<Object> body = new ArrayList<>(ranges.size() * 2 + 1);
    int regions = (int) ranges.stream().filter(r -> r.length() > 0).count();
    AtomicInteger open = new AtomicInteger(regions);
    if (regions == 0) {
      close(channel);
    }
    for (int i = 0; i < ranges.size(); i++) {
      if (!heads.isEmpty()) {
        body.add(heads.get(i));
      }
      ByteRanges.Range r = ranges.get(i);
      if (r.length() > 0) {
        body.add(new SharedRegion(channel, r.start(), r.length(), open));
      }
    }
    if (!heads.isEmpty()) {
      body.add(heads.get(heads.size() - 1));
    }
    frontend.writeFile(head, body, length);
  }

  /**
   * A small range read into one buffer, or null if the file ended before it (then the region path reports it as
   * a large file's would). Sent with the head in one write instead of as a file region: for a few KiB a read from
   * the page cache costs less than sendfile's, or io_uring's splice through a pipe made per region, set-up. Like
   * nginx without aio, the read runs on the event loop.
   */
  private static ByteBuf readSmall(FrontendHandler frontend, FileChannel channel, ByteRanges.Range range) {
    int length = (int) range.length();
    ByteBuf buffer = frontend.alloc().ioBuffer(Math.max(length, 1));
    try {
      while (buffer.readableBytes() < length) {
        int n = buffer.writeBytes(channel, range.start() + buffer.readableBytes(), length - buffer.readableBytes());
        if (n < 0) {
          buffer.release();
          return null;
        }
      }
      return buffer;
    } catch (IOException e) {
      buffer.release();
      return null;
    }
  }

  /**
   * The charset module's recoding: each range read into a buffer and translated through {@code table}. The reads
   * block the event loop for as long as the ranges take to read (a recoded file is not sent zero-copy).
   */
  private static void writeRecoded(FrontendHandler frontend, HttpResponse head, FileChannel channel,
      List<ByteRanges.Range> ranges, List<ByteBuf> heads, byte[] table, long length) {
    List<Object> body = new ArrayList<>(ranges.size() * 2 + 1);
    try {
      for (int i = 0; i < ranges.size(); i++) {
        if (!heads.isEmpty()) {
          body.add(heads.get(i));
        }
        ByteRanges.Range r = ranges.get(i);
        byte[] bytes = new byte[Math.toIntExact(r.length())];
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining() && channel.read(buffer, r.start() + buffer.position()) >= 0) {
          // read until the range is complete or the file ends
        }
        for (int j = 0; j < bytes.length; j++) {
          bytes[j] = table[bytes[j] & 0xff];
        }
        body.add(Unpooled.wrappedBuffer(bytes));
      }
    } catch (IOException | ArithmeticException e) {
      body.forEach(io.netty.util.ReferenceCountUtil::release);
      heads.subList(Math.min(heads.size(), body.size()), heads.size()).forEach(ByteBuf::release);
      close(channel);
      frontend.logError("pread() failed (" + e.getMessage() + ")");
      frontend.failRequest(500);
      return;
    }
    close(channel);
    if (!heads.isEmpty()) {
      body.add(heads.get(heads.size() - 1));
    }
    frontend.writeFile(head, body, length);
  }

  static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a file opened for reading only cannot lose data; there is nothing to report.
    }
  }

  /** A region of a channel shared by the parts of one response: the last one released closes the channel. */
  private static final class SharedRegion extends DefaultFileRegion {
    private final FileChannel channel;
    private final AtomicInteger open;

    SharedRegion(FileChannel channel, long position, long count, AtomicInteger open) {
      super(channel, position, count);
      this.channel = channel;
      this.open = open;
    }

    @Override
    protected void deallocate() {
      if (open.decrementAndGet() == 0) {
        close(channel);
      }
    }
  }
}
