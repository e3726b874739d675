package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of FLOW.md, compiled and run, so the user documentation cannot drift from the API. */
@Timeout(60) // a hung future fails the test instead of the build
class FlowExamplesTest {

  // Stand-ins for the application code the examples call.
  private static CompletionStage<String> fetchAsync(String url) {
    return completedFuture("<html>" + url + "</html>");
  }

  private static String fetchBlocking(String url) {
    return "<html>" + url + "</html>";
  }

  private static int countLinksBlocking(String page) {
    return page.length() % 7;
  }

  @Test
  void tasksAndParallelLimit() {
    List<String> urls = List.of("a", "b", "c");

    // Already-async code is a Task as it stands; blocking code runs on a virtual thread per call.
    CompletableFuture<List<String>> pages =
        Async.parallel(List.of(() -> fetchAsync("a"), Task.blocking(() -> fetchBlocking("b"))));

    // At most 2 at once; results in input order; the first failure cancels the rest.
    CompletableFuture<List<Integer>> links =
        Async.mapLimit(urls, 2, Task.blocking(url -> countLinksBlocking(fetchBlocking(url))));

    assertThat(pages.join()).containsExactly("<html>a</html>", "<html>b</html>");
    assertThat(links.join()).hasSize(3);
  }

  @Test
  void settledAndDetect() {
    CompletableFuture<List<Outcome<String>>> outcomes =
        Async.settled(
            List.<Task<String>>of(
                () -> fetchAsync("a"), () -> CompletableFuture.failedFuture(new IOException("down"))));
    CompletableFuture<Optional<String>> firstLong =
        Async.detect(List.of("x", "yyyy", "zz"), s -> completedFuture(s.length() > 3));

    assertThat(outcomes.join()).extracting(Outcome::isSuccess).containsExactly(true, false);
    assertThat(firstLong.join()).contains("yyyy");
  }

  @Test
  void waterfallAutoRetryTimeout() {
    CompletableFuture<Integer> length =
        Async.waterfall(() -> fetchAsync("a")).then(page -> completedFuture(page.length())).run();

    CompletableFuture<Map<String, Object>> graph =
        Async.auto()
            .task("page", () -> fetchAsync("a"))
            .task("size", List.of("page"), deps -> completedFuture(((String) deps.get("page")).length()))
            .build()
            .run();

    RetryPolicy policy =
        RetryPolicy.builder()
            .times(4)
            .backoff(retry -> Duration.ofMillis(1L << retry))
            .retryIf(error -> error instanceof IOException)
            .build();
    CompletableFuture<String> page =
        Async.retry(policy, () -> Async.timeout(() -> fetchAsync("a"), Duration.ofSeconds(2)));

    assertThat(length.join()).isEqualTo(14);
    assertThat(graph.join()).containsEntry("size", 14);
    assertThat(page.join()).isEqualTo("<html>a</html>");
  }

  @Test
  void queueWithEvents() {
    TaskQueue<String, String> downloads = Async.queue(Task.blocking(FlowExamplesTest::fetchBlocking), 4);
    StringBuilder log = new StringBuilder();
    downloads.onDrain(() -> log.append("all done"));
    downloads.onError((error, url) -> log.append("failed: ").append(url));

    CompletableFuture<Void> drained = downloads.drained(); // the next drain: ask before pushing
    CompletableFuture<String> page = downloads.push("https://example.com");
    downloads.pushAll(List.of("a", "b", "c"));

    assertThat(drained).succeedsWithin(Duration.ofSeconds(10));

    assertThat(page).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("<html>https://example.com</html>");
    assertThat(log.toString()).contains("all done");
  }

  @Test
  void cargoBatches() {
    Cargo<String, Integer> inserts = Async.cargo(rows -> completedFuture(rows.size()), 500);

    CompletableFuture<Integer> batchSize = inserts.push("row 1");

    assertThat(batchSize.join()).isEqualTo(1);
  }

  record User(String avatar) {}

  record Image(String name) {}

  record Page(String html) {}

  private static Page render(User user, Image image) {
    return new Page(user.avatar() + ":" + image.name());
  }

  @Test
  void autoInjectMemoizeAndTryEach() {
    AutoInject.Builder graph = Async.autoInject();
    AutoInject.Ref<User> user = graph.task("user", () -> completedFuture(new User("a.png")));
    AutoInject.Ref<Image> avatar = graph.task("avatar", user, u -> completedFuture(new Image(u.avatar())));
    AutoInject.Ref<Page> page = graph.task("page", user, avatar, (u, a) -> completedFuture(render(u, a)));
    CompletableFuture<Page> rendered = graph.build().run().thenApply(results -> results.get(page));

    Memoized<String, String> config = Async.memoize(name -> fetchAsync(name)); // one fetch per name
    CompletableFuture<String> body =
        Async.tryEach(
            List.of(
                () -> CompletableFuture.<String>failedFuture(new IOException("primary down")),
                () -> fetchAsync("replica")));

    assertThat(rendered.join()).isEqualTo(new Page("a.png:a.png"));
    assertThat(config.apply("app").join()).isEqualTo(config.apply("app").join());
    assertThat(body.join()).isEqualTo("<html>replica</html>");
  }
}
