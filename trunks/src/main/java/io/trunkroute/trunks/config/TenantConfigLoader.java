package io.trunkroute.trunks.config;

import io.trunkroute.trunks.model.Tenant;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates {@code tenants.yaml}:
 * <pre>
 * tenants:
 *   - id: acme
 *     name: Acme Ltd
 *     region: RU                 # default region for dialled numbers
 *     timezone: Europe/Moscow    # for time-of-day rules
 *     pbx:                       # where the tenant's PBX sends INVITEs from
 *       - { address: 127.0.0.1, port: 5070 }
 * </pre>
 * Same rules as trunks.yaml: every problem with file and line, unknown keys rejected.
 */
public final class TenantConfigLoader {

    static final List<String> TENANT_KEYS = List.of("id", "name", "region", "timezone", "pbx");
    static final List<String> PBX_KEYS = List.of("address", "port");
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    private final Function<String, String> env;

    public TenantConfigLoader() {
        this(System::getenv);
    }

    public TenantConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** A missing file means no tenants declared (trunks' tenants then get defaults: RU, UTC, no PBX). */
    public List<Tenant> load(Path file) throws TrunkConfigException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return parse(file.toString(), new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TrunkConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    public List<Tenant> parse(String fileName, Reader yaml) throws TrunkConfigException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            root = new Yaml(options).compose(yaml);
        } catch (MarkedYAMLException e) {
            throw new TrunkConfigException(List.of(fileName + ":" + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new TrunkConfigException(List.of(fileName + ": not valid YAML: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof MappingNode top)) {
            throw new TrunkConfigException(List.of(fileName + ": must be a mapping with a 'tenants:' list"));
        }
        YamlFields file = new YamlFields(fileName, "file", top, problems, env);
        Node list = file.raw("tenants");
        file.rejectUnknownKeys(List.of("tenants"));
        if (!(list instanceof SequenceNode seq)) {
            problems.add(fileName + ": 'tenants:' must be a list");
            throw new TrunkConfigException(problems);
        }
        List<Tenant> tenants = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            index++;
            if (!(item instanceof MappingNode m)) {
                problems.add(fileName + ":" + YamlFields.line(item) + ": tenant #" + index + " must be a mapping");
                continue;
            }
            int before = problems.size();
            String rawId = new YamlFields(fileName, "", m, new ArrayList<>(), env).string("id", false);
            YamlFields f = new YamlFields(fileName, rawId == null ? "tenant #" + index : "tenant '" + rawId + "'",
                    m, problems, env);
            String id = f.string("id", true);
            if (id != null && !TrunkConfigLoader.TENANT.matcher(id).matches()) {
                f.problem(f.raw("id"), "id", "must be letters, digits, '_', '.', '-' (1-64), was '" + id + "'");
            }
            String name = f.string("name", false);
            String region = f.string("region", false);
            region = region == null ? "RU" : region.trim().toUpperCase(Locale.ROOT);
            if (!REGIONS.contains(region)) {
                f.problem(f.raw("region"), "region", "must be an ISO 3166 country code like RU, was '" + region + "'");
            }
            String tz = f.string("timezone", false);
            ZoneId zone = ZoneId.of("UTC");
            if (tz != null) {
                try {
                    zone = ZoneId.of(tz.trim());
                } catch (DateTimeException e) {
                    f.problem(f.raw("timezone"), "timezone", "must be a zone like Europe/Moscow, was '" + tz + "'");
                }
            }
            List<Tenant.PbxAddress> pbx = new ArrayList<>();
            Node pbxNode = f.raw("pbx");
            if (pbxNode instanceof SequenceNode ps) {
                for (Node p : ps.getValue()) {
                    if (!(p instanceof MappingNode pm)) {
                        f.problem(p, "pbx", "entries must be { address: ..., port: ... }");
                        continue;
                    }
                    YamlFields pf = new YamlFields(fileName, f.context() + ": pbx", pm, problems, env);
                    String address = pf.string("address", true);
                    if (address != null && !address.matches("[0-9a-fA-F:.]+")) {
                        pf.problem(pf.raw("address"), "address", "must be an IP address (no host names), was '"
                                + address + "'");
                    }
                    Integer port = pf.integer("port", null, 1, 65_535);
                    pf.rejectUnknownKeys(PBX_KEYS);
                    if (address != null) {
                        pbx.add(new Tenant.PbxAddress(address, port));
                    }
                }
            } else if (pbxNode != null && f.has("pbx")) {
                f.problem(pbxNode, "pbx", "must be a list");
            }
            f.rejectUnknownKeys(TENANT_KEYS);
            if (id != null) {
                Integer earlier = ids.putIfAbsent(id, YamlFields.line(m));
                if (earlier != null) {
                    f.problem(f.raw("id"), "id", "already used by the tenant at line " + earlier);
                }
            }
            if (problems.size() == before) {
                tenants.add(new Tenant(id, name == null ? id : name, region, zone, pbx));
            }
        }
        if (!problems.isEmpty()) {
            throw new TrunkConfigException(problems);
        }
        return List.copyOf(tenants);
    }
}
