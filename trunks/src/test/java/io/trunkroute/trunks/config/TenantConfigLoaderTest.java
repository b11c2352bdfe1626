package io.trunkroute.trunks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trunkroute.trunks.model.Tenant;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantConfigLoaderTest {

    private final TenantConfigLoader loader = new TenantConfigLoader(Map.<String, String>of()::get);

    private List<Tenant> parse(String yaml) throws TrunkConfigException {
        return loader.parse("tenants.yaml", new StringReader(yaml));
    }

    @Test
    void readsRegionTimezoneAndPbxAddresses() throws Exception {
        Tenant t = parse("""
                tenants:
                  - id: acme
                    region: ru
                    timezone: Europe/Moscow
                    pbx:
                      - { address: 127.0.0.1, port: 5070 }
                      - { address: 10.1.2.3 }
                """).get(0);

        assertThat(t.region()).isEqualTo("RU");
        assertThat(t.timezone()).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(t.pbx()).hasSize(2);
        assertThat(t.pbx().get(0).matches("127.0.0.1", 5070)).isTrue();
        assertThat(t.pbx().get(0).matches("127.0.0.1", 5071)).isFalse();
        assertThat(t.pbx().get(1).matches("10.1.2.3", 40000)).as("no port = any port").isTrue();
    }

    @Test
    void namesLineTenantAndFieldOfEachProblem() {
        assertThatThrownBy(() -> parse("""
                tenants:
                  - id: acme
                    region: XX
                    timezone: Mars/Olympus
                    pbx:
                      - { address: pbx.acme.example, port: 0 }
                """)).isInstanceOfSatisfying(TrunkConfigException.class, e -> assertThat(e.problems()).containsExactly(
                "tenants.yaml:3: tenant 'acme': field 'region': must be an ISO 3166 country code like RU, was 'XX'",
                "tenants.yaml:4: tenant 'acme': field 'timezone': must be a zone like Europe/Moscow, was 'Mars/Olympus'",
                "tenants.yaml:6: tenant 'acme': pbx: field 'address': must be an IP address (no host names), was 'pbx.acme.example'",
                "tenants.yaml:6: tenant 'acme': pbx: field 'port': must be between 1 and 65535, was 0"));
    }

    @Test
    void aMissingFileMeansNoTenantsDeclared() throws Exception {
        assertThat(loader.load(Path.of("does-not-exist", "tenants.yaml"))).isEmpty();
    }
}
