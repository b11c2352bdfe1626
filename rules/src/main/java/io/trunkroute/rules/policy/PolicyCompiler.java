package io.trunkroute.rules.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.io.ResourceFactory;
import org.kie.internal.utils.KieHelper;

/**
 * Compiles DRL files into a new {@link Policy}, off to the side of the one in service: on any
 * compile error (reported with file and line) or failing embedded test case the caller keeps the
 * old policy. Test cases live in each file, in a {@code /*-- tests ... --*}{@code /} comment (see
 * {@link RuleTestCases}), and run against the whole new rule set.
 */
public final class PolicyCompiler {

    private PolicyCompiler() {
    }

    public static Policy compile(List<RuleFile> files) throws PolicyException {
        if (files.isEmpty()) {
            return Policy.empty();
        }
        KieHelper helper = new KieHelper();
        for (RuleFile f : files) {
            Resource r = ResourceFactory.newByteArrayResource(f.text().getBytes(StandardCharsets.UTF_8));
            // The folder matches the package every shipped file declares, which keeps Drools quiet.
            r.setSourcePath("trunkroute/policy/" + f.name());
            r.setResourceType(ResourceType.DRL);
            helper.addResource(r, ResourceType.DRL);
        }
        Results results = helper.verify();
        List<RuleProblem> problems = new ArrayList<>();
        for (Message m : results.getMessages(Message.Level.ERROR)) {
            String path = m.getPath() == null ? "?" : m.getPath().replaceFirst("^.*trunkroute/policy/", "");
            problems.add(new RuleProblem(path, m.getLine(), m.getText().replaceAll("\\s+", " ").trim()));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        Policy policy = new Policy(helper.build(), files.stream().map(RuleFile::name).toList(), fingerprint(files));
        List<RuleProblem> failures = new ArrayList<>();
        for (RuleFile f : files) {
            failures.addAll(RuleTestCases.run(f, policy));
        }
        if (!failures.isEmpty()) {
            throw new PolicyException(failures);
        }
        return policy;
    }

    private static String fingerprint(List<RuleFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile f : files) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.text().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
