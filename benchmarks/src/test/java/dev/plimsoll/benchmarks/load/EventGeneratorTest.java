package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventGeneratorTest {

    private static final long BASE = 1_772_366_400_000_000L; // 2026-03-01T12:00:00Z
    private static final long MINUTE = 60_000_000L;

    @Test
    void theSameSeedGivesTheSameEvents() {
        List<RequestEvent> a = new EventGenerator(7, 8, 1_000, 3).generate(BASE, 3, 5_000);
        List<RequestEvent> b = new EventGenerator(7, 8, 1_000, 3).generate(BASE, 3, 5_000);

        assertThat(a).hasSize(5_000).isEqualTo(b);
    }

    @Test
    void aNamedGeneratorGivesTheSameEventsUnderItsOwnServiceNames() {
        EventGenerator g = new EventGenerator(7, 8, 1_000, 2);
        EventGenerator named = g.named("-r1a");
        List<RequestEvent> a = g.generate(BASE, 3, 2_000);
        List<RequestEvent> b = named.generate(BASE, 3, 2_000);

        assertThat(named.serviceNames())
                .containsExactlyElementsOf(g.serviceNames().stream().map(n -> n + "-r1a").toList());
        for (int i = 0; i < a.size(); i++) {
            RequestEvent x = a.get(i);
            assertThat(b.get(i))
                    .isEqualTo(
                            new RequestEvent(
                                    x.service() + "-r1a",
                                    x.operation(),
                                    x.startMicros(),
                                    x.durationMs(),
                                    x.status(),
                                    x.error(),
                                    x.userId(),
                                    x.tenant()));
        }
    }

    /** A tenth of the events dated back 5 to 60 minutes, the rest untouched, order kept. */
    @Test
    void lateEventsAreAShareDatedBackWithinTheBounds() {
        List<RequestEvent> a = new EventGenerator(7, 8, 1_000, 0).generate(BASE, 3, 20_000);
        List<RequestEvent> late =
                LateEvents.shift(
                        a,
                        0.1,
                        java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofMinutes(60),
                        7);

        assertThat(late).hasSize(a.size());
        int shifted = 0;
        for (int i = 0; i < a.size(); i++) {
            long back = a.get(i).startMicros() - late.get(i).startMicros();
            if (back != 0) {
                shifted++;
                assertThat(back).isBetween(5 * MINUTE, 60 * MINUTE);
                assertThat(late.get(i).service()).isEqualTo(a.get(i).service());
            }
        }
        assertThat(shifted).isBetween(1_800, 2_200);
        assertThat(
                        LateEvents.shift(
                                a,
                                0.1,
                                java.time.Duration.ofMinutes(5),
                                java.time.Duration.ofMinutes(60),
                                7))
                .isEqualTo(late);
        assertThat(LateEvents.firstMinuteMicros(late))
                .isLessThan(BASE)
                .isEqualTo(
                        Math.floorDiv(
                                        late.stream()
                                                .mapToLong(RequestEvent::startMicros)
                                                .min()
                                                .orElseThrow(),
                                        MINUTE)
                                * MINUTE);
        assertThat(LateEvents.shift(a, 0, java.time.Duration.ZERO, java.time.Duration.ZERO, 7))
                .isSameAs(a);
    }

    @Test
    void anotherBaseShiftsTheSameEvents() {
        EventGenerator g = new EventGenerator(7, 8, 1_000, 0);
        List<RequestEvent> a = g.generate(BASE, 3, 2_000);
        List<RequestEvent> b = g.generate(BASE + 10 * MINUTE, 3, 2_000);

        for (int i = 0; i < a.size(); i++) {
            RequestEvent x = a.get(i);
            assertThat(b.get(i))
                    .isEqualTo(
                            new RequestEvent(
                                    x.service(),
                                    x.operation(),
                                    x.startMicros() + 10 * MINUTE,
                                    x.durationMs(),
                                    x.status(),
                                    x.error(),
                                    x.userId(),
                                    x.tenant()));
        }
    }

    @Test
    void anotherSeedGivesOtherEvents() {
        List<RequestEvent> a = new EventGenerator(1, 8, 1_000, 0).generate(BASE, 3, 1_000);
        List<RequestEvent> b = new EventGenerator(2, 8, 1_000, 0).generate(BASE, 3, 1_000);

        long same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        assertThat(same).isZero();
    }

    @Test
    void eventsAreInTimeOrderInsideTheirMinutesAndUseTheWholeCatalogue() {
        List<RequestEvent> events = new EventGenerator(42, 8, 20_000, 0).generate(BASE, 3, 50_000);

        for (int i = 0; i < events.size(); i++) {
            RequestEvent e = events.get(i);
            assertThat(e.startMicros()).isBetween(BASE, BASE + 3 * MINUTE - 1);
            if (i > 0) {
                assertThat(e.startMicros()).isGreaterThanOrEqualTo(events.get(i - 1).startMicros());
            }
            assertThat(e.error()).isEqualTo(e.status() >= 500);
            assertThat(e.durationMs()).isPositive();
            assertThat(Math.abs(e.durationMs() * 1000 - Math.round(e.durationMs() * 1000)))
                    .isLessThan(1e-6);
            assertThat(e.tenant()).isNull();
        }
        Set<String> operations =
                EventGenerator.CATALOGUE.stream()
                        .flatMap(s -> s.operations().stream().map(o -> s.name() + " " + o.name()))
                        .collect(Collectors.toSet());
        assertThat(events.stream().map(e -> e.service() + " " + e.operation()).distinct())
                .containsExactlyInAnyOrderElementsOf(operations);
        Map<Long, Long> perMinute =
                events.stream()
                        .collect(
                                Collectors.groupingBy(
                                        e -> (e.startMicros() - BASE) / MINUTE,
                                        Collectors.counting()));
        assertThat(perMinute).containsOnlyKeys(0L, 1L, 2L);
        long anonymous = events.stream().filter(e -> e.userId() == null).count();
        assertThat(anonymous).isBetween(4_000L, 6_000L); // 10 %
        long errors = events.stream().filter(RequestEvent::error).count();
        assertThat(errors).isBetween(100L, 500L); // 0.1 % … 2 % by operation
    }

    @Test
    void usersBelongToOneTenantEach() {
        List<RequestEvent> events = new EventGenerator(42, 3, 100, 4).generate(BASE, 1, 5_000);

        assertThat(events).allSatisfy(e -> assertThat(e.tenant()).matches("tenant-0[1-4]"));
        Map<String, Set<String>> tenantsOfUser =
                events.stream()
                        .filter(e -> e.userId() != null)
                        .collect(
                                Collectors.groupingBy(
                                        RequestEvent::userId,
                                        Collectors.mapping(
                                                RequestEvent::tenant, Collectors.toSet())));
        assertThat(tenantsOfUser.values()).allSatisfy(t -> assertThat(t).hasSize(1));
        assertThat(tenantsOfUser.get("user-000001")).containsExactly("tenant-01");
        assertThat(tenantsOfUser.get("user-000006")).containsExactly("tenant-02");
        assertThat(events.stream().map(RequestEvent::service).distinct())
                .containsExactlyInAnyOrder("catalog", "search", "orders");
    }

    @Test
    void servicesBeyondTheCatalogueAreNumbered() {
        EventGenerator g = new EventGenerator(42, 10, 10, 0);

        assertThat(g.serviceNames()).hasSize(10).endsWith("service-09", "service-10");
        assertThat(g.generate(BASE, 1, 20_000).stream().map(RequestEvent::service).distinct())
                .hasSize(10);
    }

    @Test
    void everyEventIsAValidContractEvent() throws Exception {
        RequestEventCodec codec = RequestEventCodec.create();
        for (RequestEvent e : new EventGenerator(42, 8, 1_000, 3).generate(BASE, 3, 2_000)) {
            Validation<RequestEvent> decoded = codec.decode(codec.encode(e));
            assertThat(decoded).isEqualTo(Validation.accepted(e));
        }
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> new EventGenerator(1, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("services");
        assertThatThrownBy(() -> new EventGenerator(1, 1, 1, 0).generate(BASE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minutes");
    }
}
