package dev.plimsoll.benchmarks.cost;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a FOCUS 1.0 export as a cloud writes it — the 43 columns of the specification, zone-less
 * {@code YYYY-MM-DD HH:MM:SS} times, {@code NULL} literals, 11-decimal amounts, credits, and the
 * owning application in a JSON {@code Tags} object (with a key carrying a stray space) or absent
 * (shared cost) — for one billing account's month, and prints the exact sum of its {@code
 * EffectiveCost}: what the cost job's totals must equal once the file is imported.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.plimsoll.benchmarks.cost.FocusExport 100000 focus.csv [seed]
 * </pre>
 *
 * <p>Another seed gives other amounts for the same account and month: a restatement.
 */
public final class FocusExport {

    static final List<String> COLUMNS =
            List.of(
                    "AvailabilityZone",
                    "BilledCost",
                    "BillingAccountId",
                    "BillingAccountName",
                    "BillingCurrency",
                    "BillingPeriodEnd",
                    "BillingPeriodStart",
                    "ChargeCategory",
                    "ChargeClass",
                    "ChargeDescription",
                    "ChargeFrequency",
                    "ChargePeriodEnd",
                    "ChargePeriodStart",
                    "CommitmentDiscountCategory",
                    "CommitmentDiscountId",
                    "CommitmentDiscountName",
                    "CommitmentDiscountStatus",
                    "CommitmentDiscountType",
                    "ConsumedQuantity",
                    "ConsumedUnit",
                    "ContractedCost",
                    "ContractedUnitPrice",
                    "EffectiveCost",
                    "InvoiceIssuerName",
                    "ListCost",
                    "ListUnitPrice",
                    "PricingCategory",
                    "PricingQuantity",
                    "PricingUnit",
                    "ProviderName",
                    "PublisherName",
                    "RegionId",
                    "RegionName",
                    "ResourceId",
                    "ResourceName",
                    "ResourceType",
                    "ServiceCategory",
                    "ServiceName",
                    "SkuId",
                    "SkuPriceId",
                    "SubAccountId",
                    "SubAccountName",
                    "Tags");

    private static final String[] APPLICATIONS = {"checkout", "search", "orders", "catalog", null};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private FocusExport() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: FocusExport <rows> <file.csv> [seed, default 7]");
            System.exit(2);
        }
        int rows = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        long seed = args.length == 3 ? Long.parseLong(args[2]) : 7;
        BigDecimal total = write(rows, file, seed);
        System.out.printf(
                "%s: %d rows, %d bytes, EffectiveCost sum %s USD%n",
                file, rows, Files.size(file), total.toPlainString());
    }

    /** Writes {@code rows} rows of November 2026 to {@code file}; returns their exact cost sum. */
    static BigDecimal write(int rows, Path file, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        LocalDateTime month = LocalDateTime.of(2026, 11, 1, 0, 0);
        BigDecimal total = BigDecimal.ZERO;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", COLUMNS));
            out.write('\n');
            for (int i = 0; i < rows; i++) {
                LocalDateTime start = month.plusDays(i % 30).plusHours((i / 30) % 24);
                boolean credit = i % 50 == 0;
                BigDecimal cost =
                        BigDecimal.valueOf(random.nextLong(50_000_000_000L), 11)
                                .multiply(credit ? BigDecimal.ONE.negate() : BigDecimal.ONE)
                                .setScale(11, RoundingMode.UNNECESSARY);
                total = total.add(cost);
                String amount = cost.toPlainString();
                String application = APPLICATIONS[i % APPLICATIONS.length];
                String tags =
                        "{\"env\":\"prod\",\"team\":\"t"
                                + (i % 9)
                                + "\",\" org\":\"acme\""
                                + (application == null
                                        ? ""
                                        : ",\"application\":\"" + application + "\"")
                                + "}";
                String resource =
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-"
                                + String.format("%017x", i);
                List<String> row =
                        List.of(
                                "us-east-1a",
                                amount,
                                "123456789012",
                                "Acme Payer",
                                "USD",
                                "2026-12-01 00:00:00",
                                "2026-11-01 00:00:00",
                                credit ? "Credit" : "Usage",
                                "NULL",
                                "$0.0104 per On Demand Linux t3.micro Instance Hour",
                                "Usage-Based",
                                TIME.format(start.plusHours(1)),
                                TIME.format(start),
                                "NULL",
                                "NULL",
                                "NULL",
                                "NULL",
                                "NULL",
                                "1",
                                "Hours",
                                amount,
                                "0.0104",
                                amount,
                                "Amazon Web Services, Inc.",
                                amount,
                                "0.0104",
                                "Standard",
                                "1",
                                "Hours",
                                "AWS",
                                "Amazon Web Services, Inc.",
                                "us-east-1",
                                "US East (N. Virginia)",
                                resource,
                                "web-" + (i % 200),
                                "Instance",
                                "Compute",
                                "Amazon Elastic Compute Cloud",
                                "JRTCKXETXF",
                                "JRTCKXETXF.JRTCKXETXF.6YS6EN2CT7",
                                "210987654321",
                                "acme-prod",
                                tags);
                for (int c = 0; c < row.size(); c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    out.write(quoted(row.get(c)));
                }
                out.write('\n');
            }
        }
        return total;
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
