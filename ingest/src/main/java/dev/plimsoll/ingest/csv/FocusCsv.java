package dev.plimsoll.ingest.csv;

import dev.plimsoll.core.telemetry.CostImport;
import dev.plimsoll.core.telemetry.CostImports;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordDraft;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.Timestamps;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.core.telemetry.Validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a FOCUS cost export (CSV with a header row), as clouds write it, into v1 cost records. The
 * column mapping, the quirks handled and the replacement rule are documented in
 * docs/focus-import.md; in short:
 *
 * <ul>
 *   <li>Columns are matched case-insensitively after trimming; unknown columns are ignored (a FOCUS
 *       1.0 export has 43 or more). A leading byte-order mark is skipped.
 *   <li>{@code NULL} (any case) and empty fields are absent values. Date-times may be RFC 3339 or
 *       written without a zone ({@code 2024-09-01 00:00:00}: UTC, as FOCUS specifies).
 *   <li>The amount is {@code EffectiveCost}, else {@code BilledCost}; exact, negative for credits;
 *       digits beyond the 18th decimal place (float exports in exponent form) are rounded
 *       half-even.
 *   <li>{@code Tags} is a JSON object; keys and values are kept as written (the cost job trims keys
 *       when it looks for the owning service); numbers and booleans become text, nested values
 *       their JSON text.
 *   <li>Rows are grouped by billing account and billing period; each group becomes one import
 *       ({@link CostImports}) that replaces what earlier imports said for that account and period.
 *       A file without the billing columns must carry {@code x_RecordId}: its rows then follow the
 *       {@code recordId} rule.
 *   <li>A bad row is rejected on its own, with its 0-based row index, its line and the column at
 *       fault; only a broken file (unbalanced quotes) or a header without the needed columns fails
 *       the whole body.
 * </ul>
 *
 * Thread-safe.
 */
public final class FocusCsv {

    private static final CsvMapper CSV =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .build(); // without a schema each row is an array of strings
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] RECORD_ID = {"x_recordid", "recordid"};
    private static final String[] SERVICE = {"x_service", "service"};
    private static final String[] RESOURCE_ID = {"resourceid"};
    private static final String[] START = {"chargeperiodstart"};
    private static final String[] END = {"chargeperiodend"};
    private static final String[] COST = {"effectivecost", "billedcost", "cost"};
    private static final String[] CURRENCY = {"billingcurrency", "currency"};
    private static final String[] TAGS = {"tags"};
    private static final String[] ACCOUNT = {"billingaccountid"};
    private static final String[] PERIOD_START = {"billingperiodstart"};
    private static final String[] PERIOD_END = {"billingperiodend"};

    private FocusCsv() {}

    /**
     * What one upload contains.
     *
     * @param batch the records to publish (import rows stamped) and the rejected rows
     * @param imports one entry per billing account and period found, in order of first appearance;
     *     {@code null} for a file without billing columns (its rows follow the recordId rule)
     */
    public record Result(DecodedBatch<CostRecord> batch, List<ImportSummary> imports) {
        public Result {
            imports = imports == null ? null : List.copyOf(imports);
        }
    }

    /**
     * One import: the rows of one billing account and billing period in this upload.
     *
     * @param records how many rows it has (the rows it replaces the period's earlier rows with)
     * @param generation the identity of its content ({@link CostImport#generation()})
     */
    public record ImportSummary(
            String billingAccountId,
            Instant billingPeriodStart,
            Instant billingPeriodEnd,
            int records,
            String generation) {}

    /**
     * Decodes and validates every row.
     *
     * @param importedAt when the upload was received (orders imports of the same period)
     * @throws MalformedTelemetryException for broken CSV (naming the line) or a header without a
     *     required column
     * @throws TooManyRecordsException when there are more than {@code maxRecords} rows
     */
    public static Result decode(byte[] body, int maxRecords, Instant importedAt)
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
        int[] rowStart = {1};
        try (CsvParser p =
                (CsvParser)
                        CSV.reader()
                                .with(CsvSchema.emptySchema())
                                .createParser(body, skip, body.length - skip)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedTelemetryException(
                        1, 1, 0, "a FOCUS CSV body needs a header row", null);
            }
            List<String> header = row(p, rowStart);
            Columns columns = Columns.of(header, rowStart);
            return columns.readRows(p, maxRecords, importedAt);
        } catch (JsonProcessingException e) {
            // Broken CSV (an unbalanced quote): name the line where the broken row starts; the
            // parser notices only where it gives up, often at the end of the body.
            JsonLocation at = e.getLocation();
            int noticed = at == null ? -1 : at.getLineNr();
            boolean elsewhere = noticed > rowStart[0];
            throw new MalformedTelemetryException(
                    rowStart[0],
                    elsewhere || at == null ? -1 : at.getColumnNr(),
                    -1,
                    e.getOriginalMessage()
                            + (elsewhere
                                    ? " (in the row starting at line " + rowStart[0] + ")"
                                    : ""),
                    e);
        } catch (IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
    }

    /**
     * Reads one row's values; the parser is at its START_ARRAY and ends at its END_ARRAY. {@code
     * line[0]} becomes the line of the row's first value (where the row starts).
     */
    private static List<String> row(CsvParser p, int[] line) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonToken t = p.nextToken();
                t != JsonToken.END_ARRAY && t != null;
                t = p.nextToken()) {
            if (values.isEmpty()) {
                line[0] = p.currentTokenLocation().getLineNr();
            }
            values.add(p.getText());
        }
        return values;
    }

    private static boolean blank(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Where each contract field is in this file's header (indexes, -1 when absent). */
    private static final class Columns {

        private final List<String> names;
        private final int recordId;
        private final int service;
        private final int resourceId;
        private final int start;
        private final int end;
        private final List<Integer> cost;
        private final int currency;
        private final int tags;
        private final int account;
        private final int periodStart;
        private final int periodEnd;
        private final boolean scoped;
        private int costColumn; // the amount column of the row being read
        private final int[] rowStart; // line where the row being read starts

        private Columns(List<String> names, Map<String, Integer> byLowerName, int[] rowStart) {
            this.names = names;
            this.rowStart = rowStart;
            recordId = find(byLowerName, RECORD_ID);
            service = find(byLowerName, SERVICE);
            resourceId = find(byLowerName, RESOURCE_ID);
            start = find(byLowerName, START);
            end = find(byLowerName, END);
            cost = new ArrayList<>();
            for (String c : COST) {
                if (byLowerName.containsKey(c)) {
                    cost.add(byLowerName.get(c));
                }
            }
            currency = find(byLowerName, CURRENCY);
            tags = find(byLowerName, TAGS);
            account = find(byLowerName, ACCOUNT);
            periodStart = find(byLowerName, PERIOD_START);
            periodEnd = find(byLowerName, PERIOD_END);
            scoped = account >= 0 && periodStart >= 0 && periodEnd >= 0;
        }

        static Columns of(List<String> header, int[] rowStart) throws MalformedTelemetryException {
            List<String> names = new ArrayList<>();
            Map<String, Integer> byLowerName = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).replace("\uFEFF", "").strip();
                names.add(name);
                byLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            }
            Columns c = new Columns(names, byLowerName, rowStart);
            List<String> missing = new ArrayList<>();
            if (c.start < 0) {
                missing.add("ChargePeriodStart");
            }
            if (c.end < 0) {
                missing.add("ChargePeriodEnd");
            }
            if (c.cost.isEmpty()) {
                missing.add("EffectiveCost (or BilledCost)");
            }
            if (c.currency < 0) {
                missing.add("BillingCurrency");
            }
            if (!c.scoped && c.recordId < 0) {
                List<String> scope = new ArrayList<>();
                for (String[] col : List.of(ACCOUNT, PERIOD_START, PERIOD_END)) {
                    if (find(byLowerName, col) < 0) {
                        scope.add(focusName(col[0]));
                    }
                }
                missing.add(
                        String.join(", ", scope)
                                + " (an import replaces what earlier imports said for a billing"
                                + " account and period; without them every row needs x_RecordId)");
            }
            if (!missing.isEmpty()) {
                throw new MalformedTelemetryException(
                        1,
                        -1,
                        -1,
                        "the CSV header lacks the column(s) " + String.join(", ", missing),
                        null);
            }
            return c;
        }

        private static String focusName(String lower) {
            return switch (lower) {
                case "billingaccountid" -> "BillingAccountId";
                case "billingperiodstart" -> "BillingPeriodStart";
                default -> "BillingPeriodEnd";
            };
        }

        private static int find(Map<String, Integer> byLowerName, String[] candidates) {
            for (String c : candidates) {
                Integer i = byLowerName.get(c);
                if (i != null) {
                    return i;
                }
            }
            return -1;
        }

        Result readRows(CsvParser p, int maxRecords, Instant importedAt)
                throws IOException, TooManyRecordsException {
            List<CostRecord> plain = new ArrayList<>();
            Map<String, Scope> scopes = new LinkedHashMap<>();
            List<RejectedRecord> rejected = new ArrayList<>();
            CostRecordDraft draft = new CostRecordDraft();
            int index = 0;
            for (JsonToken t = p.nextToken(); t == JsonToken.START_ARRAY; t = p.nextToken()) {
                if (index == maxRecords) {
                    throw new TooManyRecordsException(maxRecords);
                }
                List<String> values = row(p, rowStart);
                int line = rowStart[0];
                Rejection problem = read(values, draft.reset());
                Validation<CostRecord> v = problem == null ? draft.validate() : null;
                if (v instanceof Validation.Rejected<CostRecord> r) {
                    problem = new Rejection(column(r.field()), r.problem());
                }
                String scopeKey = null;
                Scope scope = null;
                if (problem == null && scoped) {
                    scope = new Scope();
                    problem = scope.read(values);
                    scopeKey = problem == null ? scope.key() : null;
                }
                if (problem != null) {
                    rejected.add(
                            new RejectedRecord(
                                    index, problem.field, problem.problem, raw(values), line));
                } else {
                    CostRecord record = ((Validation.Accepted<CostRecord>) v).value();
                    if (scoped) {
                        Scope first = scope;
                        scopes.computeIfAbsent(scopeKey, k -> first).rows.add(record);
                    } else {
                        plain.add(record);
                    }
                }
                index++;
            }
            List<CostRecord> accepted = new ArrayList<>(plain);
            List<ImportSummary> imports = new ArrayList<>();
            for (Scope s : scopes.values()) {
                List<CostRecord> stamped =
                        CostImports.stamp(
                                s.account, s.periodStart, s.periodEnd, s.rows, false, importedAt);
                accepted.addAll(stamped);
                imports.add(
                        new ImportSummary(
                                s.account,
                                s.periodStart,
                                s.periodEnd,
                                stamped.size(),
                                stamped.get(0).costImport().generation()));
            }
            return new Result(new DecodedBatch<>(accepted, rejected), scoped ? imports : null);
        }

        /** Fills the draft; returns a problem found before validation, else null. */
        private Rejection read(List<String> values, CostRecordDraft d) {
            if (values.size() < names.size()) {
                return new Rejection(
                        "row",
                        "has "
                                + values.size()
                                + " values, the header has "
                                + names.size()
                                + " columns");
            }
            for (int i = names.size(); i < values.size(); i++) {
                if (value(values, i) != null) {
                    return new Rejection(
                            "row",
                            "has "
                                    + values.size()
                                    + " values, the header has "
                                    + names.size()
                                    + " columns");
                }
            }
            // Rows of an import get generated ids (CostImports); x_RecordId is not needed there.
            d.recordId(scoped ? "row" : value(values, recordId));
            d.service(value(values, service));
            d.resourceId(value(values, resourceId));
            String s = value(values, start);
            if (s != null) {
                long micros = Timestamps.parseUtcMicros(s);
                if (micros == Timestamps.INVALID) {
                    return new Rejection(names.get(start), notTimestamp(s));
                }
                d.chargePeriodStartMicros(micros);
            }
            String e = value(values, end);
            if (e != null) {
                long micros = Timestamps.parseUtcMicros(e);
                if (micros == Timestamps.INVALID) {
                    return new Rejection(names.get(end), notTimestamp(e));
                }
                d.chargePeriodEndMicros(micros);
            }
            costColumn = cost.get(0);
            for (int c : cost) {
                String amount = value(values, c);
                if (amount != null) {
                    costColumn = c;
                    try {
                        BigDecimal exact = new BigDecimal(amount.strip());
                        if (exact.scale() > 18) {
                            exact = exact.setScale(18, RoundingMode.HALF_EVEN);
                        }
                        d.cost(exact);
                    } catch (NumberFormatException ex) {
                        return new Rejection(
                                names.get(c), quote(amount) + " is not a decimal number");
                    }
                    break;
                }
            }
            d.currency(value(values, currency));
            String t = value(values, tags);
            if (t != null) {
                return tags(t, d);
            }
            return null;
        }

        private Rejection tags(String text, CostRecordDraft d) {
            String column = names.get(tags);
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return new Rejection(
                        column, "must be a JSON object (FOCUS Tags), was not valid JSON");
            }
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                return new Rejection(
                        column, "must be a JSON object (FOCUS Tags), found " + node.getNodeType());
            }
            for (Map.Entry<String, JsonNode> tag : node.properties()) {
                JsonNode v = tag.getValue();
                if (v.isNull()) {
                    continue;
                }
                d.tag(tag.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
            return null;
        }

        /** The CSV column a contract field came from, for messages. */
        private String column(String field) {
            int i =
                    switch (field) {
                        case "recordId" -> recordId;
                        case "service" -> service;
                        case "resourceId" -> resourceId;
                        case "chargePeriodStart" -> start;
                        case "chargePeriodEnd" -> end;
                        case "cost" -> costColumn;
                        case "currency" -> currency;
                        case "tags" -> tags;
                        default -> -1;
                    };
            if (i >= 0) {
                return names.get(i);
            }
            if (field.startsWith("tags.") && tags >= 0) {
                return names.get(tags) + field.substring(4);
            }
            return field;
        }

        private String raw(List<String> values) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                row.put(i < names.size() ? names.get(i) : "column" + (i + 1), values.get(i));
            }
            try {
                return JSON.writeValueAsString(row);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings always serializes", e);
            }
        }

        /** The billing account and period of one row. */
        private final class Scope {
            String account;
            Instant periodStart;
            Instant periodEnd;
            final List<CostRecord> rows = new ArrayList<>();

            Rejection read(List<String> values) {
                account = value(values, Columns.this.account);
                if (account == null) {
                    return new Rejection(
                            names.get(Columns.this.account),
                            "is required: imports replace earlier ones per billing account and"
                                    + " period");
                }
                account = account.strip();
                if (account.length() > 256) {
                    return new Rejection(
                            names.get(Columns.this.account),
                            "must be at most 256 characters, was " + account.length());
                }
                String s = value(values, Columns.this.periodStart);
                String e = value(values, Columns.this.periodEnd);
                long from = s == null ? Timestamps.INVALID : Timestamps.parseUtcMicros(s);
                long to = e == null ? Timestamps.INVALID : Timestamps.parseUtcMicros(e);
                if (from == Timestamps.INVALID) {
                    return new Rejection(
                            names.get(Columns.this.periodStart),
                            s == null ? "is required" : notTimestamp(s));
                }
                if (to == Timestamps.INVALID) {
                    return new Rejection(
                            names.get(Columns.this.periodEnd),
                            e == null ? "is required" : notTimestamp(e));
                }
                if (to <= from) {
                    return new Rejection(
                            names.get(Columns.this.periodEnd),
                            "must be after "
                                    + names.get(Columns.this.periodStart)
                                    + " "
                                    + Timestamps.formatMicros(from)
                                    + ", was "
                                    + Timestamps.formatMicros(to));
                }
                periodStart = instant(from);
                periodEnd = instant(to);
                return null;
            }

            String key() {
                return CostImport.scopeOf(account, periodStart, periodEnd);
            }
        }
    }

    private record Rejection(String field, String problem) {}

    private static String value(List<String> values, int column) {
        if (column < 0 || column >= values.size()) {
            return null;
        }
        String v = values.get(column);
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("null")) {
            return null;
        }
        return v;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
    }

    private static String notTimestamp(String text) {
        return quote(text)
                + " is not a date-time (RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC as FOCUS writes"
                + " it)";
    }

    private static String quote(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return '"' + cut.replace("\"", "\\\"") + '"';
    }
}
