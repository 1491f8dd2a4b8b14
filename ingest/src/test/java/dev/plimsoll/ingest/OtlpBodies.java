package dev.plimsoll.ingest;

import dev.plimsoll.ingest.otlp.OtlpTracesTest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** OTLP/HTTP bodies for the HTTP tests, and the {@code google.rpc.Status} of failure answers. */
public final class OtlpBodies {

    private OtlpBodies() {}

    /** A protobuf export of one SERVER span of {@code service}, {@code GET /x}, 1 ms long. */
    public static byte[] protobuf(String service, long startNanos) {
        return OtlpTracesTest.request(
                        service,
                        OtlpTracesTest.span(
                                        Span.SpanKind.SPAN_KIND_SERVER,
                                        "GET /x",
                                        startNanos,
                                        startNanos + 1_000_000)
                                .build())
                .toByteArray();
    }

    /** The same export in OTLP JSON. */
    public static byte[] json(String service, long startNanos) {
        return ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                        + "\"value\":{\"stringValue\":\""
                        + service
                        + "\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                        + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
                        + "\"name\":\"GET /x\",\"kind\":2,\"startTimeUnixNano\":\""
                        + startNanos
                        + "\",\"endTimeUnixNano\":\""
                        + (startNanos + 1_000_000)
                        + "\"}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A decoded {@code google.rpc.Status}. */
    public record Status(int code, String message) {}

    /** Decodes a protobuf {@code google.rpc.Status} (code = 1, message = 2). */
    public static Status status(byte[] protobuf) {
        CodedInputStream in = CodedInputStream.newInstance(protobuf);
        int code = 0;
        String message = "";
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> code = in.readInt32();
                    case 2 -> message = in.readStringRequireUtf8();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Status(code, message);
    }
}
