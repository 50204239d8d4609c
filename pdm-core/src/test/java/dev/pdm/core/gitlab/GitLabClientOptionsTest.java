package dev.pdm.core.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GitLabClientOptionsTest {

  @Test
  void neverShowsTheTokenInToString() {
    GitLabClientOptions options = GitLabClientOptions.of("https://gitlab.example.com/", "glpat-very-secret");

    assertThat(options.toString()).doesNotContain("glpat-very-secret").contains("token=***");
    assertThat(options.apiUrl()).isEqualTo("https://gitlab.example.com/api/v4");
  }

  @Test
  void rejectsABaseUrlThatIsNotHttpNamingFieldAndValue() {
    assertThatThrownBy(() -> GitLabClientOptions.of("gitlab.example.com", "t"))
        .hasMessage("baseUrl: expected an http(s) URL, got 'gitlab.example.com'");
  }

  @Test
  void rejectsABlankTokenWithoutEchoingIt() {
    assertThatThrownBy(() -> GitLabClientOptions.of("https://gitlab.example.com", " "))
        .hasMessage("token: expected a non-blank GitLab access token, got none");
  }

  @Test
  void rejectsANegativeRetryCount() {
    assertThatThrownBy(() -> GitLabClientOptions.of("https://gitlab.example.com", "t")
        .withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(2)))
        .hasMessage("maxRetries: expected 0..10, got -1");
  }
}
