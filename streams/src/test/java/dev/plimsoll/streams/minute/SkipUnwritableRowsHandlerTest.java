package dev.plimsoll.streams.minute;

import dev.plimsoll.infra.testing.CapturedLogs;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decisions of {@link SkipUnwritableRowsHandler}, with Kafka's own exception types (what the
 * producer hands it). The broker round trip of a refused row is {@code UnwritableRowsTest}.
 */
class SkipUnwritableRowsHandlerTest {

    private static final String OUTPUT = "metrics.service-minute.v1";
    private static final String CHANGELOG = "app-service-minute-aggregates-changelog";
    private static final Instant MINUTE = Instant.parse("2025-03-01T10:00:00Z");
    private static final ErrorHandlerContext CONTEXT =
            new DefaultErrorHandlerContext(
                    null,
                    "telemetry.requests.v1",
                    0,
                    42L,
                    new RecordHeaders(),
                    ServiceMinuteTopology.SINK,
                    new TaskId(0, 0),
                    0L,
                    null,
                    null);

    private final UnwritableRows unwritable = new UnwritableRows();
    private final SkipUnwritableRowsHandler handler = new SkipUnwritableRowsHandler();

    @BeforeEach
    void configure() {
        handler.configure(
                Map.of(
                        UnwritableRows.CONFIG,
                        unwritable,
                        SkipUnwritableRowsHandler.OUTPUT_TOPIC_CONFIG,
                        OUTPUT));
    }

    @Test
    void transientErrorsAreRetriedAndNothingIsSkipped() {
        for (Exception transientError :
                List.of(
                        new NotEnoughReplicasException("1 of 2 in sync"),
                        new TimeoutException("Expiring 1 record(s)"),
                        new NetworkException("disconnected"),
                        new NotLeaderOrFollowerException("moved"))) {
            Response response = handler.handleError(CONTEXT, row("wide", ""), transientError);

            assertThat(response.result()).as(transientError.toString()).isEqualTo(Result.RETRY);
        }
        assertThat(unwritable.size()).isZero();
    }

    @Test
    void anOutputRowRefusedForGoodIsRecordedAndLoggedOnce() {
        try (CapturedLogs logs = new CapturedLogs(SkipUnwritableRowsHandler.class)) {
            Response first =
                    handler.handleError(
                            CONTEXT, row("wide", ""), new RecordTooLargeException("too large"));
            Response again =
                    handler.handleError(
                            CONTEXT, row("wide", ""), new RecordTooLargeException("too large"));
            Response other =
                    handler.handleError(
                            CONTEXT, row("late", "op"), new InvalidTimestampException("ahead"));

            // the transaction is lost either way: the thread restarts and skips the row
            assertThat(List.of(first, again, other))
                    .extracting(Response::result)
                    .containsOnly(Result.FAIL);
            assertThat(
                            unwritable.reason(
                                    new UnwritableRows.RowId(
                                            "", "wide", "", MINUTE.getEpochSecond())))
                    .contains("RecordTooLargeException");
            assertThat(
                            unwritable.reason(
                                    new UnwritableRows.RowId(
                                            "", "late", "op", MINUTE.getEpochSecond())))
                    .contains("InvalidTimestampException");
            assertThat(unwritable.size()).isEqualTo(2);
            assertThat(logs.messages(Level.ERROR))
                    .hasSize(2)
                    .anySatisfy(
                            m ->
                                    assertThat(m)
                                            .contains(
                                                    "tenant '', service 'wide', operation '',"
                                                            + " minute 2025-03-01T10:00:00Z")
                                            .contains("1 users"));
        }
    }

    @Test
    void aRowRefusedOnlyBecauseOfAnotherRecordOfItsBatchIsNotRecorded() {
        // what the producer hands the records of a batch that held an invalid one (Sender)
        KafkaException bystander =
                new KafkaException(
                        "Failed to append record because it was part of a batch which had one"
                                + " more more invalid records");

        Response response = handler.handleError(CONTEXT, row("innocent", ""), bystander);
        Response offender =
                handler.handleError(
                        CONTEXT, row("wide", ""), new InvalidTimestampException("ahead"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(offender.result()).isEqualTo(Result.FAIL);
        assertThat(unwritable.size()).isEqualTo(1);
        assertThat(
                        unwritable.reason(
                                new UnwritableRows.RowId(
                                        "", "innocent", "", MINUTE.getEpochSecond())))
                .isNull();
    }

    @Test
    void aChangelogRecordIsNeverSkipped() {
        ProducerRecord<byte[], byte[]> chunk =
                new ProducerRecord<>(CHANGELOG, new byte[] {1, 2}, new byte[100]);

        Response response =
                handler.handleError(CONTEXT, chunk, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(unwritable.size()).isZero();
    }

    @Test
    void anOutputRecordThatIsNotARowIsNotSkipped() {
        ProducerRecord<byte[], byte[]> garbage =
                new ProducerRecord<>(OUTPUT, null, "not json".getBytes(StandardCharsets.UTF_8));

        Response response =
                handler.handleError(CONTEXT, garbage, new InvalidRecordException("bad"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(unwritable.size()).isZero();
    }

    private static ProducerRecord<byte[], byte[]> row(String service, String operation) {
        ServiceMinuteRow row =
                new ServiceMinuteRow(
                        "",
                        service,
                        operation,
                        MINUTE,
                        1,
                        0,
                        5,
                        5,
                        5,
                        0,
                        Map.of(100, 1L),
                        1,
                        5,
                        operation.isEmpty() ? new long[] {7} : new long[0],
                        0);
        return new ProducerRecord<>(
                OUTPUT, service.getBytes(StandardCharsets.UTF_8), ServiceMinuteRowJson.encode(row));
    }
}
