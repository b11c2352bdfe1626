package io.trunkroute.trunks.config;

import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Secret;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates {@code trunks.yaml}. The file's keys are a contract with operators
 * (documented in trunks/README.md); new keys may be added, existing ones keep their meaning.
 * Validation is all-or-nothing: one bad trunk rejects the file, so a reload never half-applies.
 */
public final class TrunkConfigLoader {

    static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|\\[?[0-9a-fA-F:.]+]?");
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9_.!~*'()&=+$,;?/%-]{1,64}");
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    static final List<String> TRUNK_KEYS = List.of("id", "tenant", "name", "server", "port", "transport",
            "outbound_proxy", "auth", "register", "expires", "channels", "cps", "main_number", "dids",
            "invite_format", "tags", "priority", "enabled", "failover_codes");
    static final List<String> PASSWORD_AUTH_KEYS = List.of("type", "username", "password", "auth_username");
    static final List<String> IP_AUTH_KEYS = List.of("type", "allow");

    /** Requested registration lifetime when a trunk names none (seconds). */
    public static final int DEFAULT_EXPIRES = 360;
    /** Tie-break priority when a trunk names none (lower wins). */
    public static final int DEFAULT_PRIORITY = 100;

    private final Function<String, String> env;

    public TrunkConfigLoader() {
        this(System::getenv);
    }

    /** For tests: the environment that ${VAR} references resolve against. */
    public TrunkConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public List<Trunk> load(Path file) throws TrunkConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrunkConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.toString(), new StringReader(text));
    }

    public List<Trunk> parse(String fileName, Reader yaml) throws TrunkConfigException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(10 * 1024 * 1024);
            root = new Yaml(options).compose(yaml);
        } catch (MarkedYAMLException e) {
            throw new TrunkConfigException(List.of(fileName + ":" + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new TrunkConfigException(List.of(fileName + ": not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof MappingNode top)) {
            throw new TrunkConfigException(List.of(fileName + ": must be a mapping with a 'trunks:' list"));
        }
        YamlFields file = new YamlFields(fileName, "file", top, problems, env);
        Node list = file.raw("trunks");
        file.rejectUnknownKeys(List.of("trunks"));
        if (list == null) {
            problems.add(fileName + ": 'trunks:' list is missing");
            throw new TrunkConfigException(problems);
        }
        if (!(list instanceof SequenceNode seq)) {
            problems.add(fileName + ":" + YamlFields.line(list) + ": 'trunks' must be a list");
            throw new TrunkConfigException(problems);
        }
        List<Trunk> trunks = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        Map<String, String> didOwners = new HashMap<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            index++;
            if (!(item instanceof MappingNode m)) {
                problems.add(fileName + ":" + YamlFields.line(item) + ": trunk #" + index + " must be a mapping");
                continue;
            }
            Trunk t = trunk(fileName, index, m, problems);
            if (t == null) {
                continue;
            }
            Integer earlier = idLines.putIfAbsent(t.id(), YamlFields.line(m));
            if (earlier != null) {
                problems.add(fileName + ":" + YamlFields.line(m) + ": trunk '" + t.id() + "': field 'id': "
                        + "already used by the trunk at line " + earlier);
            }
            // Explicit DIDs must be unique; a main number (caller ID) may be shared by several trunks.
            for (String did : t.dids()) {
                String owner = didOwners.putIfAbsent(did, t.id());
                if (owner != null && !owner.equals(t.id())) {
                    problems.add(fileName + ":" + YamlFields.line(m) + ": trunk '" + t.id() + "': field 'dids': "
                            + did + " already belongs to trunk '" + owner + "' (inbound calls would be ambiguous)");
                }
            }
            trunks.add(t);
        }
        if (!problems.isEmpty()) {
            throw new TrunkConfigException(problems);
        }
        return List.copyOf(trunks);
    }

    private Trunk trunk(String fileName, int index, MappingNode node, List<String> problems) {
        int before = problems.size();
        YamlFields peek = new YamlFields(fileName, "trunk #" + index, node, new ArrayList<>(), env);
        String rawId = peek.string("id", false);
        String context = rawId == null ? "trunk #" + index : "trunk '" + rawId + "'";
        YamlFields f = new YamlFields(fileName, context, node, problems, env);

        String id = f.string("id", true);
        if (id != null && !ID.matcher(id).matches()) {
            f.problem(f.raw("id"), "id", "must be lower-case letters, digits and '-' (1-64), was '" + id + "'");
        }
        String tenant = f.string("tenant", true);
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            f.problem(f.raw("tenant"), "tenant", "must be letters, digits, '_', '.', '-' (1-64), was '" + tenant + "'");
        }
        String name = f.string("name", false);
        String server = f.string("server", true);
        if (server != null && !HOST.matcher(server).matches()) {
            f.problem(f.raw("server"), "server", "must be a host name or IP address without scheme or port, was '"
                    + server + "'");
        }
        String transportText = f.choice("transport", "udp", List.of("udp", "tcp", "tls"));
        TrunkTransport transport = transportText == null ? null
                : TrunkTransport.valueOf(transportText.toUpperCase(Locale.ROOT));
        Integer port = f.integer("port", transport == null ? 5060 : transport.defaultPort(), 1, 65_535);
        String proxy = f.string("outbound_proxy", false);
        if (proxy != null && !proxy.matches("(sips?:)?[A-Za-z0-9.\\-\\[\\]:]+")) {
            f.problem(f.raw("outbound_proxy"), "outbound_proxy", "must be host[:port] or a sip: URI, was '" + proxy + "'");
        }
        TrunkAuth auth = auth(f);
        boolean ipAuth = auth instanceof TrunkAuth.Ip;
        Boolean register = f.bool("register", !ipAuth);
        if (Boolean.TRUE.equals(register) && ipAuth) {
            f.problem(f.raw("register"), "register", "must be false for an IP-authenticated trunk (it has no account"
                    + " to register)");
        }
        Integer expires = f.integer("expires", DEFAULT_EXPIRES, 10, 604_800);
        Integer channels = f.integer("channels", null, 1, 100_000);
        Double cps = f.positiveDecimal("cps");
        String mainNumber = f.string("main_number", false);
        if (mainNumber != null && !E164.matcher(mainNumber).matches()) {
            f.problem(f.raw("main_number"), "main_number", "must be E.164 like +74956029613, was '" + mainNumber + "'");
        }
        List<String> dids = f.strings("dids");
        for (String did : dids) {
            if (!E164.matcher(did).matches()) {
                f.problem(f.raw("dids"), "dids", "must be E.164 numbers like +74956029614, '" + did + "' is not");
            }
        }
        String formatText = f.choice("invite_format", "e164", List.of("e164", "national", "digits"));
        List<String> tags = f.strings("tags");
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                f.problem(f.raw("tags"), "tags", "tags are lower-case words ([a-z0-9_-]), '" + tag + "' is not");
            }
        }
        Integer priority = f.integer("priority", DEFAULT_PRIORITY, 0, 65_535);
        Boolean enabled = f.bool("enabled", true);
        java.util.Set<Integer> failover = failoverCodes(f);
        f.rejectUnknownKeys(TRUNK_KEYS);

        if (problems.size() > before) {
            return null;
        }
        return new Trunk(id, tenant, name == null ? id : name, server, port, transport, proxy, auth, register,
                expires, channels, cps, mainNumber, dids.stream().distinct().toList(),
                InviteFormat.valueOf(formatText.toUpperCase(Locale.ROOT)), tags.stream().distinct().toList(),
                priority, enabled, failover);
    }

    private static java.util.Set<Integer> failoverCodes(YamlFields f) {
        if (!f.has("failover_codes")) {
            return Trunk.DEFAULT_FAILOVER_CODES;
        }
        java.util.Set<Integer> codes = new java.util.TreeSet<>();
        for (String text : f.strings("failover_codes")) {
            try {
                int code = Integer.parseInt(text.trim());
                if (code < 300 || code > 699) {
                    f.problem(f.raw("failover_codes"), "failover_codes", "must be final error codes 300-699, not " + code);
                } else if (Trunk.NEVER_FAILOVER_CODES.contains(code)) {
                    f.problem(f.raw("failover_codes"), "failover_codes", code
                            + " is the callee's or caller's answer (busy, declined, cancelled): never failed over");
                } else {
                    codes.add(code);
                }
            } catch (NumberFormatException e) {
                f.problem(f.raw("failover_codes"), "failover_codes", "'" + text + "' is not a SIP status code");
            }
        }
        return codes;
    }

    private TrunkAuth auth(YamlFields trunk) {
        YamlFields a = trunk.mapping("auth", true, trunk.context() + ": auth");
        if (a == null) {
            return null;
        }
        String type = a.choice("type", null, List.of("password", "ip"));
        if (type == null) {
            if (!a.has("type")) {
                a.problem(null, "type", "is required (password | ip)");
            }
            return null;
        }
        if (type.equals("password")) {
            String username = a.string("username", true);
            if (username != null && !SIP_USER.matcher(username).matches()) {
                a.problem(a.raw("username"), "username", "is not a valid SIP user part");
            }
            String password = a.string("password", true);
            String authUsername = a.string("auth_username", false);
            a.rejectUnknownKeys(PASSWORD_AUTH_KEYS);
            return username == null || password == null ? null
                    : new TrunkAuth.Password(username, Secret.of(password), authUsername);
        }
        List<String> allow = a.strings("allow");
        a.rejectUnknownKeys(IP_AUTH_KEYS);
        if (allow.isEmpty()) {
            a.problem(a.raw("allow"), "allow", "must list the carrier's source IPs or CIDRs");
            return null;
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String s : allow) {
            try {
                cidrs.add(Cidr.parse(s));
            } catch (IllegalArgumentException e) {
                a.problem(a.raw("allow"), "allow", e.getMessage());
            }
        }
        return cidrs.size() == allow.size() ? new TrunkAuth.Ip(cidrs) : null;
    }
}
