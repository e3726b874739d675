package dev.corral.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Spring Boot web app, with nothing of Corral in it: corral's cluster mode runs several of these unchanged,
 * because Spring Boot reads {@code server.port} from the {@code SERVER_PORT} environment variable that corral gives
 * each instance. See {@link HelloController} for what it answers.
 */
@SpringBootApplication
public class SpringHelloApp {
  /**
   * Starts the app; Spring Boot's own arguments and properties apply ({@code --server.port=…}, {@code SERVER_PORT}).
   *
   * @param args Spring Boot command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringHelloApp.class, args);
  }
}
