package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTest {

    private final Caller unbound = new Caller("ops", Set.of(Scope.READ), Optional.empty());
    private final Caller acme = new Caller("acme-grafana", Set.of(Scope.READ), Optional.of("acme"));

    @Test
    void unboundCallerReadsAllTenantsByDefault() {
        assertThat(unbound.tenantFor(null)).isEqualTo(new TenantAccess.Allowed(""));
    }

    @Test
    void unboundCallerReadsTheRequestedTenant() {
        assertThat(unbound.tenantFor("globex")).isEqualTo(new TenantAccess.Allowed("globex"));
        assertThat(unbound.tenantFor("")).isEqualTo(new TenantAccess.Allowed(""));
    }

    @Test
    void boundCallerReadsItsOwnTenantWhenNoneIsRequested() {
        assertThat(acme.tenantFor(null)).isEqualTo(new TenantAccess.Allowed("acme"));
        assertThat(acme.tenantFor("acme")).isEqualTo(new TenantAccess.Allowed("acme"));
    }

    @Test
    void boundCallerCannotReadAnotherTenant() {
        assertThat(acme.tenantFor("globex"))
                .isEqualTo(
                        new TenantAccess.Denied(
                                "API key 'acme-grafana' is bound to tenant 'acme' and cannot read"
                                        + " tenant 'globex'."));
    }

    @Test
    void boundCallerCannotReadTheAllTenantsView() {
        assertThat(acme.tenantFor(""))
                .isEqualTo(
                        new TenantAccess.Denied(
                                "API key 'acme-grafana' is bound to tenant 'acme' and cannot read"
                                        + " the all-tenants view."));
    }

    @Test
    void tenantMatchingIsExactNotCaseInsensitive() {
        assertThat(acme.tenantFor("ACME")).isInstanceOf(TenantAccess.Denied.class);
        assertThat(acme.tenantFor("acme ")).isInstanceOf(TenantAccess.Denied.class);
    }

    @Test
    void openModeHasEveryScopeAndNoBinding() {
        Caller open = Caller.openMode();

        assertThat(open.has(Scope.READ)).isTrue();
        assertThat(open.has(Scope.INGEST)).isTrue();
        assertThat(open.has(Scope.ADMIN)).isTrue();
        assertThat(open.tenant()).isEmpty();
    }
}
