package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void credentialsNeverShowTheirSecret() {
    assertThat(Credentials.password("hunter2").toString()).doesNotContain("hunter2").contains("****");
    assertThat(Credentials.oauth2AccessToken("ya29.tok").toString()).doesNotContain("ya29");
  }

  @Test
  void accountsHoldNoSecretAndDefaultToTls() {
    ImapAccount account = ImapAccount.builder().host("imap.example.org").username("joe").build();
    assertThat(account.security()).isEqualTo(Security.TLS);
    assertThat(account.port()).isEqualTo(993);
    assertThat(account.id()).isEqualTo("joe@imap.example.org");
    assertThat(ImapAccount.builder().host("h").username("u").security(Security.STARTTLS).build().port()).isEqualTo(143);
  }

  @Test
  void builderNamesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> ImapAccount.builder().build()).hasMessage("ImapAccount is missing: host username");
    assertThatThrownBy(() -> ImapAccount.builder().port(0)).hasMessage("port was '0' but it must be in 1..65535");
    assertThatThrownBy(() -> SyncOptions.builder().batchSize(0))
        .hasMessage("batchSize was '0' but it must be at least 1");
    assertThatThrownBy(() -> new IdleOptions(true, java.time.Duration.ofMinutes(29), java.time.Duration.ofSeconds(60),
        java.time.Duration.ZERO, java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(30)))
        .hasMessage("backoffInitial was 'PT0S' but it must be positive");
    assertThatThrownBy(() -> Mailmind.builder().build()).hasMessageContaining("store").hasMessageContaining("credentials");
  }
}
