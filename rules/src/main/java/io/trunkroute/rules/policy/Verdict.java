package io.trunkroute.rules.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The call-level outcome rules can set: block the call with a SIP code (403 for a barred
 * destination, 503 for "not now"...). One per decision, inserted with the facts.
 */
public final class Verdict {

    private int blockCode;
    private String blockReason;
    private String blockedBy;
    private final List<String> firedRules = new ArrayList<>();

    /** Blocks the call: no trunk is tried, the PBX gets {@code code}. The first block wins. */
    public void block(int code, String reason) {
        if (code < 400 || code > 699) {
            throw new IllegalArgumentException("block code must be a SIP error 400-699, was " + code);
        }
        if (blockCode == 0) {
            blockCode = code;
            blockReason = reason;
            blockedBy = RuleContext.current();
        }
        firedRules.add(RuleContext.current() + ": blocked " + code + " (" + reason + ")");
    }

    public boolean isBlocked() {
        return blockCode != 0;
    }

    public int getBlockCode() {
        return blockCode;
    }

    public String getBlockReason() {
        return blockReason;
    }

    public String getBlockedBy() {
        return blockedBy;
    }

    public List<String> getFiredRules() {
        return List.copyOf(firedRules);
    }
}
