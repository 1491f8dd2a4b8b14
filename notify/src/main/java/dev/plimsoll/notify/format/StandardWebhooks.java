package dev.plimsoll.notify.format;

import dev.plimsoll.notify.contact.Secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Standard Webhooks signatures (standardwebhooks.com, "Signature scheme"): the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, signed with HMAC-SHA256 under the base64-decoded
 * part of the {@code whsec_} secret; the header value is {@code v1,} + base64 of the MAC. The JDK's
 * {@code javax.crypto} and {@code java.util.Base64} are the well-kept implementations used.
 */
public final class StandardWebhooks {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private StandardWebhooks() {}

    /** The {@code webhook-signature} value for one message. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        byte[] key = Secrets.key(secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
