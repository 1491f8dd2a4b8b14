package dev.plimsoll.streams.minute;

import dev.plimsoll.streams.row.MalformedRowException;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What the service-minute job does when Kafka rejects a record it writes:
 *
 * <ul>
 *   <li><b>Transient</b> errors ({@link RetriableException}: a broker away, not enough in-sync
 *       replicas, a timeout) are retried: Kafka Streams aborts the transaction and re-processes the
 *       task from its last commit, as often as it takes.
 *   <li>A <b>row of the output topic</b> rejected for good (larger than the topic's {@code
 *       max.message.bytes}, an invalid record, a policy violation) is recorded in {@link
 *       UnwritableRows} and logged once with its window. The transaction cannot commit any more
 *       (under exactly-once a failed send aborts it whatever the handler answers), so this answers
 *       FAIL: the stream thread is replaced, replays from the last commit and skips the row this
 *       time (metric {@code unwritable-rows-skipped}); everything else of the transaction is
 *       written. The job keeps running.
 *   <li>Any other record (a state-store changelog) rejected for good fails the thread, as Kafka
 *       Streams would by default: skipping a state change would silently lose counted events. The
 *       job's changelog records are bounded in size and carry the broker's append time, so this
 *       takes a misconfigured topic.
 *   <li>A record refused only because another record of its batch was invalid is not recorded: the
 *       offender's own error follows in the same batch.
 * </ul>
 */
public final class SkipUnwritableRowsHandler implements ProductionExceptionHandler {

    /** Configuration key: the output topic (the only topic whose records may be skipped). */
    public static final String OUTPUT_TOPIC_CONFIG = "plimsoll.streams.output-topic";

    private static final Logger LOG = LoggerFactory.getLogger(SkipUnwritableRowsHandler.class);

    private UnwritableRows unwritable = new UnwritableRows();
    private String outputTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        unwritable = UnwritableRows.from(configs);
        Object topic = configs.get(OUTPUT_TOPIC_CONFIG);
        outputTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            LOG.warn(
                    "Writing to {} failed ({}); task {} will retry from its last commit",
                    record.topic(),
                    exception.toString(),
                    context.taskId());
            return Response.retry();
        }
        if (!(exception instanceof ApiException)) {
            // A record refused only because another record of its batch was invalid (the
            // producer's plain KafkaException, Sender#failBatch): not this record's fault. The
            // transaction is lost anyway; answering RESUME lets the offender's own callback,
            // which follows in the same batch, reach this handler.
            LOG.debug(
                    "A record of {} was refused with its batch: {}",
                    record.topic(),
                    exception.toString());
            return Response.resume();
        }
        if (!record.topic().equals(outputTopic)) {
            LOG.error(
                    "Kafka refused a record of {} ({} bytes) for good: {}. A state change cannot be"
                            + " skipped without losing counted events; the stream thread fails."
                            + " Check the topic's configuration.",
                    record.topic(),
                    size(record),
                    exception.toString());
            return Response.fail();
        }
        ServiceMinuteRow row;
        try {
            row = ServiceMinuteRowJson.decode(record.value());
        } catch (MalformedRowException e) {
            LOG.error(
                    "Kafka refused a record of {} that is not a service-minute row ({}): {}",
                    record.topic(),
                    e.getMessage(),
                    exception.toString());
            return Response.fail();
        }
        UnwritableRows.RowId id =
                new UnwritableRows.RowId(
                        row.tenant(),
                        row.service(),
                        row.operation(),
                        row.minute().getEpochSecond());
        if (unwritable.add(id, exception.toString())) {
            LOG.error(
                    "The row of {} ({} bytes, {} users) cannot be written to {}: {}. It is skipped"
                            + " and counted in unwritable-rows-skipped; task {} restarts from its"
                            + " last commit without it.",
                    id,
                    size(record),
                    row.userCount(),
                    record.topic(),
                    exception.toString(),
                    context.taskId());
        }
        return Response.fail();
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length);
    }
}
