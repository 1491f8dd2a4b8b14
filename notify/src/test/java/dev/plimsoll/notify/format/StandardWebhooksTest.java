package dev.plimsoll.notify.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksTest {

    /**
     * The reference vector of the Standard Webhooks libraries (their {@code WebhookTest
     * .verifyWebhookSignWorks}): computed by the specification's authors, not by us.
     */
    @Test
    void signsTheSpecificationsReferenceVector() {
        String signature =
                StandardWebhooks.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330L,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
