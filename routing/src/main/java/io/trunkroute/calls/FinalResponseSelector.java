package io.trunkroute.calls;

import java.util.List;

/**
 * Picks the response the PBX gets when no trunk carried the call, after RFC 3261 section 16.7
 * step 6 (the "best" response): any 6xx wins; otherwise the lowest class (a 4xx says more about
 * the call than a 5xx about one carrier); within a class the codes that tell the caller something
 * specific (486 busy, 404/484 number problems, 480) come before generic ones; ties keep the
 * order the trunks were tried in. No answer at all means 408; no trunk could even be tried, 503.
 */
final class FinalResponseSelector {

    private static final List<Integer> PREFERRED = List.of(486, 404, 484, 485, 403, 480, 410, 488, 415, 420);

    private FinalResponseSelector() {
    }

    static TrunkAttempt select(List<TrunkAttempt> attempts) {
        TrunkAttempt best = null;
        for (TrunkAttempt a : attempts) {
            if (a.code() == 0) {
                continue;
            }
            if (best == null || better(a, best)) {
                best = a;
            }
        }
        if (best != null) {
            return best;
        }
        if (!attempts.isEmpty()) {
            return new TrunkAttempt(null, 408, "Request Timeout");
        }
        return new TrunkAttempt(null, 503, "Service Unavailable");
    }

    private static boolean better(TrunkAttempt a, TrunkAttempt b) {
        int ca = a.code() / 100;
        int cb = b.code() / 100;
        if (ca == 6 || cb == 6) {
            return ca == 6 && cb != 6;
        }
        if (ca != cb) {
            return ca < cb;
        }
        return rank(a.code()) < rank(b.code());
    }

    private static int rank(int code) {
        int i = PREFERRED.indexOf(code);
        return i < 0 ? PREFERRED.size() : i;
    }
}
