package dev.plimsoll.ingest.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * OTLP/HTTP failure answers: a {@code google.rpc.Status} body in the request's encoding (protobuf,
 * or JSON for {@code application/json} requests), as the OTLP specification requires for every 4xx
 * and 5xx, so that exporters can log the reason.
 */
final class OtlpStatus {

    static final String PROTOBUF = "application/x-protobuf";

    // google.rpc.Code values
    static final int INVALID_ARGUMENT = 3;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;

    private OtlpStatus() {}

    /** Whether the request is OTLP JSON; anything else is answered in protobuf. */
    static boolean isJson(HttpRequest<?> request) {
        return request.getContentType()
                .map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE))
                .orElse(false);
    }

    /** A {@code google.rpc.Status} (code = 1, message = 2), hand-encoded: no extra dependency. */
    static MutableHttpResponse<byte[]> response(
            boolean json, HttpStatus http, int code, String message) {
        byte[] body;
        if (json) {
            body =
                    ("{\"code\":" + code + ",\"message\":" + quote(message) + "}")
                            .getBytes(StandardCharsets.UTF_8);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            try {
                c.writeInt32(1, code);
                c.writeBytes(2, ByteString.copyFromUtf8(message));
                c.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            body = out.toByteArray();
        }
        return HttpResponse.<byte[]>status(http)
                .body(body)
                .contentType(json ? MediaType.APPLICATION_JSON : PROTOBUF);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
