package io.skyroute.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void registeredSecretsAndTheirBase64AreMasked() {
        Secret token = new Secrets(Map.of("T", "tok-redaction-31337")).fromVariable("T").orElseThrow();
        String b64 = Base64.getEncoder().encodeToString(token.reveal().getBytes(StandardCharsets.UTF_8));
        assertThat(Redaction.redact("the server said tok-redaction-31337 and " + b64 + " back"))
                .isEqualTo("the server said ****** and ****** back");
    }

    @Test
    void anythingThatLooksLikeAnAuthorizationValueIsMasked() {
        assertThat(Redaction.redact("{\"Authorization\": \"Basic dXNlcjpwYXNzd29yZA==\"}")).doesNotContain("dXNlcjpwYXNzd29yZA==");
        assertThat(Redaction.redact("Authorization: Token 0123456789abcdef0123")).startsWith("Authorization: ******")
                .doesNotContain("0123456789abcdef0123");
        assertThat(Redaction.redact("sent Bearer sl.ABCDEFGH12345678 to it")).isEqualTo("sent Bearer ****** to it");
        assertThat(Redaction.redact("password=hunter22&user=x")).isEqualTo("password=******&user=x");
    }

    @Test
    void proseIsLeftAlone() {
        String prose = "Basic authentication failed: the Token refused; token_envvar: LCO_TOKEN is not set";
        assertThat(Redaction.redact(prose)).isEqualTo(prose);
        assertThat(Redaction.redact(null)).isNull();
    }
}
