package io.trunkroute.trunks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.io.StringReader;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrunkConfigLoaderTest {

    /** The shape from the foundation issue, verbatim: operators' files look like this. */
    private static final String ISSUE_EXAMPLE = """
            trunks:
              - id: mcn-main            # unique, [a-z0-9-]
                tenant: acme
                name: MCN Telecom main
                server: sip.mcn.example  # host or domain (SRV later); realm comes from the challenge
                port: 5060
                transport: udp           # udp | tcp | tls
                auth: { type: password, username: "9900", password: "${MCN_PASSWORD}" }
                # auth: { type: ip, allow: [203.0.113.10/32] }
                register: true
                expires: 360
                channels: 30
                cps: 10
                main_number: "+74956029613"
                dids: ["+74956029614"]
                invite_format: e164      # e164 | national | digits
                tags: [ru-mobile]
                priority: 10
                enabled: true
            """;

    private final TrunkConfigLoader loader = new TrunkConfigLoader(Map.of("MCN_PASSWORD", "from-env")::get);

    private List<Trunk> parse(String yaml) throws TrunkConfigException {
        return loader.parse("trunks.yaml", new StringReader(yaml));
    }

    private List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (TrunkConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the file to be rejected:\n" + yaml);
    }

    @Test
    void readsTheFileShapeFromTheFoundationIssue() throws Exception {
        Trunk t = parse(ISSUE_EXAMPLE).get(0);

        assertThat(t.id()).isEqualTo("mcn-main");
        assertThat(t.tenant()).isEqualTo("acme");
        assertThat(t.name()).isEqualTo("MCN Telecom main");
        assertThat(t.server()).isEqualTo("sip.mcn.example");
        assertThat(t.port()).isEqualTo(5060);
        assertThat(t.transport()).isEqualTo(TrunkTransport.UDP);
        assertThat(t.auth()).isInstanceOfSatisfying(TrunkAuth.Password.class, a -> {
            assertThat(a.username()).isEqualTo("9900");
            assertThat(a.password().reveal()).isEqualTo("from-env");
            assertThat(a.authUsername()).isNull();
        });
        assertThat(t.register()).isTrue();
        assertThat(t.expires()).isEqualTo(360);
        assertThat(t.channels()).isEqualTo(30);
        assertThat(t.cps()).isEqualTo(10.0);
        assertThat(t.mainNumber()).isEqualTo("+74956029613");
        assertThat(t.dids()).containsExactly("+74956029614");
        assertThat(t.inviteFormat()).isEqualTo(InviteFormat.E164);
        assertThat(t.tags()).containsExactly("ru-mobile");
        assertThat(t.priority()).isEqualTo(10);
        assertThat(t.enabled()).isTrue();
        assertThat(t.wantsRegistration()).isTrue();
        assertThat(t.failoverCodes()).isEqualTo(Trunk.DEFAULT_FAILOVER_CODES);
    }

    @Test
    void readsAPerTrunkFailoverCodeSet() throws Exception {
        Trunk t = parse(ISSUE_EXAMPLE.replace("enabled: true", "enabled: true\n    failover_codes: [503, 408]")).get(0);

        assertThat(t.failoverCodes()).containsExactlyInAnyOrder(503, 408);
    }

    @Test
    void fillsDefaultsForAMinimalTrunk() throws Exception {
        Trunk t = parse("""
                trunks:
                  - id: telfin
                    tenant: acme
                    server: 10.0.0.1
                    transport: tls
                    auth: { type: password, username: 0123, password: p }
                """).get(0);

        assertThat(t.port()).isEqualTo(5061);
        assertThat(t.expires()).isEqualTo(TrunkConfigLoader.DEFAULT_EXPIRES);
        assertThat(t.channels()).isNull();
        assertThat(t.priority()).isEqualTo(TrunkConfigLoader.DEFAULT_PRIORITY);
        assertThat(t.name()).isEqualTo("telfin");
        // YAML would read 0123 as a number; a SIP login keeps its leading zero.
        assertThat(((TrunkAuth.Password) t.auth()).username()).isEqualTo("0123");
    }

    @Test
    void anIpTrunkDoesNotRegisterAndKeepsItsNetworks() throws Exception {
        Trunk t = parse("""
                trunks:
                  - id: ip-trunk
                    tenant: acme
                    server: 203.0.113.10
                    auth: { type: ip, allow: [203.0.113.10/32, "198.51.100.0/24"] }
                """).get(0);

        assertThat(t.register()).isFalse();
        assertThat(t.wantsRegistration()).isFalse();
        TrunkAuth.Ip ip = (TrunkAuth.Ip) t.auth();
        assertThat(ip.allow()).hasSize(2);
        assertThat(ip.allow().get(1).contains(InetAddress.getByName("198.51.100.77"))).isTrue();
        assertThat(ip.allow().get(0).contains(InetAddress.getByName("203.0.113.11"))).isFalse();
    }

    @Test
    void expandsEnvironmentReferencesWithDefaults() throws Exception {
        Trunk t = parse(ISSUE_EXAMPLE.replace("${MCN_PASSWORD}", "${UNSET_VAR:-fallback}")).get(0);

        assertThat(((TrunkAuth.Password) t.auth()).password().reveal()).isEqualTo("fallback");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # what is wrong                 | replace                                   | with                                       | expected problem
        unset env variable               | ${MCN_PASSWORD}                           | ${NOT_SET_ANYWHERE}                        | trunks.yaml:8: trunk 'mcn-main': auth: field 'password': environment variable NOT_SET_ANYWHERE is not set
        port out of range                | 'port: 5060'                              | 'port: 70000'                              | trunks.yaml:6: trunk 'mcn-main': field 'port': must be between 1 and 65535, was 70000
        port not a number                | 'port: 5060'                              | 'port: five'                               | trunks.yaml:6: trunk 'mcn-main': field 'port': must be a whole number, was 'five'
        unknown transport                | 'transport: udp'                          | 'transport: sctp'                          | trunks.yaml:7: trunk 'mcn-main': field 'transport': must be one of udp | tcp | tls, was 'sctp'
        bad id                           | 'id: mcn-main'                            | 'id: MCN Main'                             | trunks.yaml:2: trunk 'MCN Main': field 'id': must be lower-case letters, digits and '-' (1-64), was 'MCN Main'
        typo in a key                    | 'expires: 360'                            | 'expire: 360'                              | trunks.yaml:11: trunk 'mcn-main': field 'expire': is not a known field
        main number not E.164            | '"+74956029613"'                          | '84956029613'                              | trunks.yaml:14: trunk 'mcn-main': field 'main_number': must be E.164 like +74956029613, was '84956029613'
        unknown invite format            | 'invite_format: e164'                     | 'invite_format: local'                     | trunks.yaml:16: trunk 'mcn-main': field 'invite_format': must be one of e164 | national | digits
        missing password                 | ', password: "${MCN_PASSWORD}"'           | ''                                         | trunk 'mcn-main': auth: field 'password': is required
        auth type unknown                | 'type: password'                          | 'type: token'                              | trunk 'mcn-main': auth: field 'type': must be one of password | ip
        register with ip auth            | '{ type: password, username: "9900", password: "${MCN_PASSWORD}" }' | '{ type: ip, allow: [203.0.113.10/32] }' | trunk 'mcn-main': field 'register': must be false for an IP-authenticated trunk
        bad CIDR                         | '{ type: password, username: "9900", password: "${MCN_PASSWORD}" }' | '{ type: ip, allow: [carrier.example] }' | trunk 'mcn-main': auth: field 'allow': 'carrier.example' is not an IP address or CIDR
        channels zero                    | 'channels: 30'                            | 'channels: 0'                              | trunk 'mcn-main': field 'channels': must be between 1 and 100000, was 0
        cps negative                     | 'cps: 10'                                 | 'cps: -1'                                  | trunk 'mcn-main': field 'cps': must be a number above 0, was -1
        enabled not boolean              | 'enabled: true'                           | 'enabled: sometimes'                       | trunk 'mcn-main': field 'enabled': must be true or false, was 'sometimes'
        server with scheme               | 'server: sip.mcn.example'                 | 'server: sip:sip.mcn.example'              | trunk 'mcn-main': field 'server': must be a host name or IP address
        expires too short                | 'expires: 360'                            | 'expires: 5'                               | trunk 'mcn-main': field 'expires': must be between 10 and 604800, was 5
        failover on busy                 | 'enabled: true'                           | 'enabled: true\n    failover_codes: [503, 486]' | trunk 'mcn-main': field 'failover_codes': 486 is the callee's or caller's answer
        failover on a 2xx                | 'enabled: true'                           | 'enabled: true\n    failover_codes: [200]' | trunk 'mcn-main': field 'failover_codes': must be final error codes 300-699, not 200
        """)
    void namesFileLineTrunkAndFieldOfEachProblem(String what, String replace, String with, String expected) {
        String yaml = ISSUE_EXAMPLE.replace(replace, with);
        assertThat(yaml).as("test row must change the file").isNotEqualTo(ISSUE_EXAMPLE);

        assertThat(problems(yaml)).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void reportsEveryProblemOfTheFileAtOnce() {
        List<String> problems = problems(ISSUE_EXAMPLE.replace("port: 5060", "port: 0")
                .replace("cps: 10", "cps: none").replace("tenant: acme", "tenant: \"\""));

        assertThat(problems).hasSize(3);
    }

    @Test
    void rejectsDuplicateIdsAndDidsNamingTheEarlierOne() {
        String second = ISSUE_EXAMPLE.substring(ISSUE_EXAMPLE.indexOf("  - id"));

        assertThat(problems(ISSUE_EXAMPLE + second.replace("+74956029614", "+74956029615")
                .replace("+74956029613", "+74956029616")))
                .singleElement().satisfies(p -> assertThat(p).contains("field 'id': already used by the trunk at line 2"));
        assertThat(problems(ISSUE_EXAMPLE + second.replace("id: mcn-main", "id: mcn-backup")))
                .anySatisfy(p -> assertThat(p).contains("+74956029614 already belongs to trunk 'mcn-main'"));
    }

    @Test
    void rejectsYamlThatIsNotYamlWithItsLine() {
        assertThat(problems("trunks:\n  - id: a\n    tenant: [unclosed\n"))
                .singleElement().satisfies(p -> assertThat(p).startsWith("trunks.yaml:").contains("not valid YAML"));
    }

    @Test
    void rejectsAFileWithoutATrunksList() {
        assertThat(problems("trunk: []\n")).anySatisfy(p -> assertThat(p).contains("'trunks:' list is missing"));
        assertThat(problems("trunks: {}\n")).anySatisfy(p -> assertThat(p).contains("'trunks' must be a list"));
    }

    @Test
    void neverPrintsThePasswordInProblemsOrToString() throws Exception {
        Trunk t = parse(ISSUE_EXAMPLE).get(0);
        assertThat(t.toString()).doesNotContain("from-env");
        assertThat(t.auth().toString()).doesNotContain("from-env");

        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE.replace("port: 5060", "port: x")))
                .hasMessageNotContaining("from-env");
    }
}
