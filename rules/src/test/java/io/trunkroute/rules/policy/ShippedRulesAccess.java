package io.trunkroute.rules.policy;

import java.util.List;

/** Lets tests in other packages use the shipped rule files. */
public final class ShippedRulesAccess {

    private ShippedRulesAccess() {
    }

    public static List<RuleFile> shipped() throws java.io.IOException {
        return ShippedRulesTest.shipped();
    }
}
