package dev.plimsoll.notify.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * A Standard Webhooks receiver's check, written from the specification (standardwebhooks.com,
 * "Verifying webhook authenticity") and independent of the code under test: strip {@code whsec_},
 * base64-decode the key, HMAC-SHA256 over {@code id.timestamp.body}, compare in constant time with
 * each {@code v1,} entry of the header, and refuse timestamps more than 5 minutes off.
 */
public final class Verify {

    private Verify() {}

    public static boolean standardWebhook(Receiver.Request r, String secret, Instant now) {
        String id = r.header("webhook-id");
        String ts = r.header("webhook-timestamp");
        String sigs = r.header("webhook-signature");
        if (id == null || ts == null || sigs == null) {
            return false;
        }
        long t = Long.parseLong(ts);
        if (Math.abs(now.getEpochSecond() - t) > 300) {
            return false;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] content =
                    (id + "." + ts + "." + new String(r.body(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
            byte[] expected = mac.doFinal(content);
            for (String entry : sigs.split(" ")) {
                String[] parts = entry.split(",", 2);
                if (parts.length == 2
                        && parts[0].equals("v1")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
