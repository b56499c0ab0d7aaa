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

    @Test
    void aSecretIsMaskedInEveryEncodingAServerMayEchoItIn() {
        String password = "S3cr\"et\\pw/\u00e9+9 x";
        Redaction.registerCredentials("pipeline", password);
        String basic = Base64.getEncoder().encodeToString(("pipeline:" + password).getBytes(StandardCharsets.UTF_8));
        for (String echoed : new String[]{
                password,
                "S3cr\\\"et\\\\pw/\u00e9+9 x",                 // JSON, as Jackson writes it
                "S3cr\\\"et\\\\pw\\/\\u00e9+9 x",           // JSON with '/' and non-ASCII escaped (PHP, Python's json.dumps)
                "S3cr\\\"et\\\\pw/\\u00E9+9 x",
                "S3cr\\\"et\\\\pw\\/\\u00E9+9 x",                // upper-case hex and '/' escaped
                "S3cr%22et%5Cpw%2F%C3%A9%2B9+x",                  // form-encoded
                "S3cr%22et%5Cpw%2F%C3%A9%2B9%20x",
                "S3cr%22et%5cpw%2f%c3%a9%2b9%20x",
                basic}) {
            assertThat(Redaction.redact("the TOM said {\"detail\": \"" + echoed + "\"}")).as(echoed)
                    .isEqualTo("the TOM said {\"detail\": \"******\"}");
        }
    }
}
