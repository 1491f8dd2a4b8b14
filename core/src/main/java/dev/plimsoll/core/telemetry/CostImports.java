package dev.plimsoll.core.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns the rows of one billing account and billing period, as read from one upload, into an import
 * ({@link CostImport}): every row gets the scope, the import's {@code generation}, its position and
 * the row count, and — unless the export named one — a record id.
 *
 * <p>The generation is a content hash (SHA-256, first 128 bits as 32 hex digits) of the scope and
 * of every row's fields in order, so the same rows give the same generation whenever and however
 * often they are uploaded (the cost job then changes nothing), and any changed, added or removed
 * row gives another. Generated record ids are {@code <first 16 hex digits of the
 * generation>:<row>}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CostImports {

    private CostImports() {}

    /**
     * Stamps {@code rows} as one import of their scope.
     *
     * @param rows the scope's valid rows in file order (at least one)
     * @param keepRecordIds whether the rows carry record ids from the export (else they are
     *     replaced by generated ones)
     * @return the rows with import information, same order
     */
    public static List<CostRecord> stamp(
            String billingAccountId,
            Instant billingPeriodStart,
            Instant billingPeriodEnd,
            List<CostRecord> rows,
            boolean keepRecordIds,
            Instant importedAt) {
        Objects.requireNonNull(importedAt, "importedAt");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an import needs at least one row");
        }
        String scope = CostImport.scopeOf(billingAccountId, billingPeriodStart, billingPeriodEnd);
        String generation = generation(scope, rows, keepRecordIds);
        CostImport first =
                new CostImport(
                        billingAccountId,
                        billingPeriodStart,
                        billingPeriodEnd,
                        generation,
                        rows.size(),
                        0,
                        importedAt);
        List<CostRecord> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CostRecord r = rows.get(i);
            String id = keepRecordIds ? r.recordId() : generation.substring(0, 16) + ":" + i;
            out.add(
                    new CostRecord(
                            id,
                            r.service(),
                            r.resourceId(),
                            r.chargePeriodStart(),
                            r.chargePeriodEnd(),
                            r.cost(),
                            r.currency(),
                            r.tags(),
                            first.withRow(i)));
        }
        return out;
    }

    static String generation(String scope, List<CostRecord> rows, boolean withRecordIds) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        StringBuilder b = new StringBuilder(256);
        field(b, scope);
        sha.update(b.toString().getBytes(StandardCharsets.UTF_8));
        for (CostRecord r : rows) {
            b.setLength(0);
            b.append('\n');
            field(b, withRecordIds ? r.recordId() : null);
            field(b, r.service());
            field(b, r.resourceId());
            field(b, CostRecordCodec.format(r.chargePeriodStart()));
            field(b, CostRecordCodec.format(r.chargePeriodEnd()));
            field(b, r.cost().stripTrailingZeros().toPlainString());
            field(b, r.currency());
            for (Map.Entry<String, String> tag : new TreeMap<>(r.tags()).entrySet()) {
                field(b, tag.getKey());
                field(b, tag.getValue());
            }
            sha.update(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** Length-prefixed, so that no two different field lists encode alike. */
    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("-1:");
        } else {
            b.append(value.length()).append(':').append(value);
        }
    }
}
