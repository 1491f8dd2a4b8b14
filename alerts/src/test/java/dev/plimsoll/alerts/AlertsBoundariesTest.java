package dev.plimsoll.alerts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"; ADR 0020). */
class AlertsBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.alerts");

    @Test
    void alertsImportNoOtherAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.app..")
                .because(
                        "alerts read metrics through metrics-read, like the API, and meet the other"
                            + " adapters only in core types, Kafka topics and ClickHouse tables")
                .check(CLASSES);
    }

    @Test
    void theRuleMathStaysInCore() {
        noClasses()
                .that()
                .resideInAPackage("dev.plimsoll.alerts..")
                .should()
                .dependOnClassesThat()
                .haveSimpleName("SeasonalTrend")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("Lifecycle")
                .because(
                        "the evaluator drives core's RuleEngine; the statistics and the state"
                                + " machine are core's")
                .check(CLASSES);
    }

    @Test
    void productionCodeDoesNotUseTestInfrastructure() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.plimsoll.infra..", "org.junit..", "org.testcontainers..")
                .check(CLASSES);
    }
}
