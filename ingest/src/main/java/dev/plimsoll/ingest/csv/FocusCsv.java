package dev.plimsoll.ingest.csv;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordDraft;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.core.telemetry.Validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a FOCUS cost export (CSV with a header row) into v1 cost records. Columns are matched
 * case-insensitively; see docs/telemetry-v1.md ("FOCUS CSV") for the mapping. Thread-safe.
 */
public final class FocusCsv {

    private static final CsvMapper CSV =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
                    .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] RECORD_ID = {"x_recordid", "recordid"};
    private static final String[] SERVICE = {"x_service", "service"};
    private static final String[] RESOURCE_ID = {"resourceid"};
    private static final String[] START = {"chargeperiodstart"};
    private static final String[] END = {"chargeperiodend"};
    private static final String[] COST = {"effectivecost", "billedcost", "cost"};
    private static final String[] CURRENCY = {"billingcurrency", "currency"};
    private static final String[] TAGS = {"tags"};

    private FocusCsv() {}

    /**
     * Decodes and validates every row.
     *
     * @throws MalformedTelemetryException for broken CSV (naming the line) or a header without a
     *     required column
     * @throws TooManyRecordsException when there are more than {@code maxRecords} rows
     */
    public static DecodedBatch<CostRecord> decode(byte[] body, int maxRecords)
            throws MalformedTelemetryException, TooManyRecordsException {
        int skip =
                body.length >= 3
                                && (body[0] & 0xff) == 0xef
                                && (body[1] & 0xff) == 0xbb
                                && (body[2] & 0xff) == 0xbf
                        ? 3
                        : 0; // UTF-8 byte order mark from spreadsheet exports
        if (blank(body, skip)) {
            throw new MalformedTelemetryException(
                    1, 1, 0, "a FOCUS CSV body needs a header row", null);
        }
        List<CostRecord> accepted = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows =
                CSV.readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(body, skip, body.length - skip)) {
            if (!rows.hasNextValue()) {
                if (body.length - skip > 0 && headerOnly(rows)) {
                    return new DecodedBatch<>(accepted, rejected);
                }
                throw new MalformedTelemetryException(
                        1, 1, 0, "a FOCUS CSV body needs a header row", null);
            }
            Columns columns = Columns.of((CsvSchema) rows.getParserSchema());
            CostRecordDraft draft = new CostRecordDraft();
            int index = 0;
            while (rows.hasNextValue()) {
                if (index == maxRecords) {
                    throw new TooManyRecordsException(maxRecords);
                }
                Map<String, String> row = rows.nextValue();
                Validation<CostRecord> result = columns.read(row, draft.reset());
                if (result instanceof Validation.Accepted<CostRecord> a) {
                    accepted.add(a.value());
                } else {
                    Validation.Rejected<CostRecord> r = (Validation.Rejected<CostRecord>) result;
                    rejected.add(
                            new RejectedRecord(
                                    index, r.field(), r.problem(), JSON.writeValueAsString(row)));
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedTelemetryException(
                    at == null ? -1 : at.getLineNr(),
                    at == null ? -1 : at.getColumnNr(),
                    -1,
                    e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
        return new DecodedBatch<>(accepted, rejected);
    }

    private static boolean blank(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean headerOnly(MappingIterator<Map<String, String>> rows) {
        CsvSchema schema = (CsvSchema) rows.getParserSchema();
        return schema != null && schema.size() > 0;
    }

    /** Where each contract field is in this file's header. */
    private record Columns(
            String recordId,
            String service,
            String resourceId,
            String start,
            String end,
            List<String> cost,
            String currency,
            String tags) {

        static Columns of(CsvSchema header) throws MalformedTelemetryException {
            Map<String, String> byLowerName = new LinkedHashMap<>();
            for (Iterator<CsvSchema.Column> it = header.iterator(); it.hasNext(); ) {
                String name = it.next().getName();
                byLowerName.putIfAbsent(name.strip().toLowerCase(Locale.ROOT), name);
            }
            List<String> cost = new ArrayList<>();
            for (String c : COST) {
                if (byLowerName.containsKey(c)) {
                    cost.add(byLowerName.get(c));
                }
            }
            Columns columns =
                    new Columns(
                            find(byLowerName, RECORD_ID),
                            find(byLowerName, SERVICE),
                            find(byLowerName, RESOURCE_ID),
                            find(byLowerName, START),
                            find(byLowerName, END),
                            cost,
                            find(byLowerName, CURRENCY),
                            find(byLowerName, TAGS));
            List<String> missing = new ArrayList<>();
            if (columns.recordId == null) {
                missing.add("x_RecordId (or RecordId)");
            }
            if (columns.start == null) {
                missing.add("ChargePeriodStart");
            }
            if (columns.end == null) {
                missing.add("ChargePeriodEnd");
            }
            if (cost.isEmpty()) {
                missing.add("EffectiveCost (or BilledCost, Cost)");
            }
            if (columns.currency == null) {
                missing.add("BillingCurrency (or Currency)");
            }
            if (!missing.isEmpty()) {
                throw new MalformedTelemetryException(
                        1,
                        -1,
                        -1,
                        "the CSV header lacks the column(s) " + String.join(", ", missing),
                        null);
            }
            return columns;
        }

        private static String find(Map<String, String> byLowerName, String[] candidates) {
            for (String c : candidates) {
                if (byLowerName.containsKey(c)) {
                    return byLowerName.get(c);
                }
            }
            return null;
        }

        Validation<CostRecord> read(Map<String, String> row, CostRecordDraft d) {
            d.recordId(value(row, recordId));
            d.service(value(row, service));
            d.resourceId(value(row, resourceId));
            String s = value(row, start);
            if (s != null) {
                d.chargePeriodStartText(s);
            }
            String e = value(row, end);
            if (e != null) {
                d.chargePeriodEndText(e);
            }
            for (String c : cost) {
                String amount = value(row, c);
                if (amount != null) {
                    d.costText(amount);
                    break;
                }
            }
            d.currency(value(row, currency));
            String t = value(row, tags);
            if (t != null) {
                tags(t, d);
            }
            return d.validate();
        }

        private static void tags(String text, CostRecordDraft d) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                d.problem("tags", "must be a JSON object (FOCUS Tags), was not valid JSON");
                return;
            }
            if (!node.isObject()) {
                d.problem(
                        "tags", "must be a JSON object (FOCUS Tags), found " + node.getNodeType());
                return;
            }
            for (Map.Entry<String, JsonNode> tag : node.properties()) {
                JsonNode v = tag.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    d.tag(tag.getKey(), v.asText());
                } else if (!v.isNull()) {
                    d.problem("tags." + tag.getKey(), "must be a string, found " + v.getNodeType());
                }
            }
        }

        private static String value(Map<String, String> row, String column) {
            if (column == null) {
                return null;
            }
            String v = row.get(column);
            return v == null || v.isBlank() ? null : v;
        }
    }
}
