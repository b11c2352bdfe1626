package io.trunkroute.rules.numbers;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import dk.brics.automaton.Automaton;
import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libphonenumber's own numbering-plan metadata, compiled per country calling code into one
 * deterministic automaton (dk.brics.automaton) that says whether a national significant number is
 * valid: the same answer as {@code PhoneNumberUtil.isValidNumber}, in one pass over the digits.
 *
 * <p>Why: {@code isValidNumber} matches the number against up to ten java.util.regex patterns per
 * region, and for a code shared by several regions (+1: 25 NANPA regions, +7: RU and KZ) it first
 * walks the regions to find the number's own. That was most of a routing decision's
 * normalisation, and for +1 numbers most of the decision. The automaton reproduces that walk
 * exactly: the first region (in libphonenumber's order) whose leading digits match, or which
 * finds the number valid when it has none, owns the number, and the number is valid if it is
 * valid there. {@code NumberPlansTest} checks the two agree on every code.
 *
 * <p>Compiling every code takes 1-3 s (+1 alone 0.3-0.7 s), too long for a call to wait, so all
 * codes are compiled once on a background thread, started by {@link #compileAllInBackground()} at
 * boot or by the first lookup; until a code is ready, and for a code whose patterns use regex
 * syntax the translation does not know, {@link #isValid} answers null and the caller asks
 * libphonenumber.
 */
final class NumberPlans {

    private static final Logger LOG = LoggerFactory.getLogger(NumberPlans.class);
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final ConcurrentMap<Integer, Plan> PLANS = new ConcurrentHashMap<>();
    private static final AtomicBoolean COMPILING = new AtomicBoolean();

    private NumberPlans() {
    }

    /** libphonenumber's metadata of {@code region}, or null for a region it does not support. */
    static PhoneMetadata metadataOf(String region) {
        return UTIL.getSupportedRegions().contains(region) ? METADATA.getMetadataForRegion(region) : null;
    }

    /**
     * True when the number is possible by length for its calling code and valid in the numbering
     * plan; false when it is not valid; null when this code's plan could not be compiled (or the
     * length is not a plain possible one), and libphonenumber must decide and give the reason.
     */
    static Boolean isPossibleAndValid(PhoneNumber number) {
        Plan plan = plan(number.getCountryCode());
        if (plan == null || plan.valid() == null) {
            return null;
        }
        String nsn = UTIL.getNationalSignificantNumber(number);
        if (!plan.possibleLengths().get(nsn.length())) {
            return null; // too short, too long, local only: libphonenumber words the reason
        }
        return plan.valid().run(nsn);
    }

    /** {@code isValidNumber}'s answer, or null when this code's plan could not be compiled. */
    static Boolean isValid(PhoneNumber number) {
        Plan plan = plan(number.getCountryCode());
        if (plan == null || plan.valid() == null) {
            return null;
        }
        return plan.valid().run(UTIL.getNationalSignificantNumber(number));
    }

    private static Plan plan(int callingCode) {
        Plan p = PLANS.get(callingCode);
        if (p == null) {
            compileAllInBackground();
        }
        return p;
    }

    /** Starts compiling every calling code's plan on a daemon thread, once per JVM. */
    static void compileAllInBackground() {
        if (COMPILING.compareAndSet(false, true)) {
            Thread t = new Thread(NumberPlans::compileAll, "number-plans");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /**
     * Compiles every calling code's plan that is not compiled yet, on the calling thread. A code
     * whose compilation fails for any reason gets a plan without an automaton (libphonenumber
     * answers for it) and the others are still compiled.
     */
    static void compileAll() {
        for (int cc : new java.util.TreeSet<>(UTIL.getSupportedCallingCodes())) {
            PLANS.computeIfAbsent(cc, NumberPlans::compileOrFallBack);
        }
    }

    private static Plan compileOrFallBack(int callingCode) {
        try {
            return compile(callingCode);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("numbering plan of +{} not compiled, libphonenumber answers for it: {}", callingCode,
                    e.toString());
            return new Plan(new BitSet(), null);
        }
    }

    /**
     * One calling code's plan. {@code possibleLengths} are the lengths {@code isPossibleNumber}
     * accepts as plainly possible (the main region's general lengths); {@code valid} is null when
     * a pattern could not be translated.
     */
    record Plan(BitSet possibleLengths, RunAutomaton valid) {
    }

    static Plan compile(int callingCode) {
        List<String> regions = UTIL.getRegionCodesForCountryCode(callingCode);
        if (regions.isEmpty()) {
            return new Plan(new BitSet(), new RunAutomaton(Automaton.makeEmpty()));
        }
        PhoneMetadata main = metadata(callingCode, regions.get(0));
        BitSet lengths = new BitSet();
        if (main != null) {
            for (int l : main.getGeneralDesc().getPossibleLengthList()) {
                if (l > 0) {
                    lengths.set(l);
                }
            }
        }
        try {
            List<PhoneMetadata> inOrder = new ArrayList<>();
            for (String region : regions) {
                PhoneMetadata m = metadata(callingCode, region);
                if (m != null) {
                    inOrder.add(m);
                }
            }
            return new Plan(lengths, new RunAutomaton(validFor(inOrder)));
        } catch (UnsupportedPattern | IllegalArgumentException e) {
            return new Plan(lengths, null);
        }
    }

    /**
     * The numbers {@code isValidNumber} accepts for a calling code shared by {@code regions} (in
     * libphonenumber's order, main region first): a number belongs to the first region whose
     * leading digits match it, or, for a region without leading digits, that finds it valid; and
     * it is valid when valid in that region. A single region owns every number of its code.
     */
    static Automaton validFor(List<PhoneMetadata> regions) {
        if (regions.size() == 1) {
            return validIn(regions.get(0));
        }
        Automaton valid = Automaton.makeEmpty();
        Automaton claimed = Automaton.makeEmpty(); // numbers an earlier region owns
        for (PhoneMetadata m : regions) {
            Automaton validHere = validIn(m);
            Automaton owns = m.hasLeadingDigits()
                    ? pattern(m.getLeadingDigits()).concatenate(Automaton.makeAnyString())
                    : validHere;
            valid = valid.union(owns.minus(claimed).intersection(validHere));
            claimed = claimed.union(owns);
            claimed.minimize();
        }
        valid.minimize();
        return valid;
    }

    private static PhoneMetadata metadata(int callingCode, String region) {
        return PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? METADATA.getMetadataForNonGeographicalRegion(callingCode)
                : METADATA.getMetadataForRegion(region);
    }

    /**
     * {@code getNumberTypeHelper(...) != UNKNOWN}: the general description and at least one
     * number type (fixed line and mobile included).
     */
    private static Automaton validIn(PhoneMetadata m) {
        Automaton anyType = Automaton.makeEmpty();
        for (PhoneNumberDesc type : java.util.Arrays.asList(m.getPremiumRate(), m.getTollFree(), m.getSharedCost(), m.getVoip(),
                m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail(), m.getFixedLine(), m.getMobile())) {
            anyType = anyType.union(matching(type));
        }
        Automaton valid = matching(m.getGeneralDesc()).intersection(anyType);
        valid.minimize();
        return valid;
    }

    /**
     * {@code isNumberMatchingDesc}: a listed possible length (when lengths are listed) and a full
     * match of the national number pattern (an absent or empty pattern matches nothing).
     */
    private static Automaton matching(PhoneNumberDesc desc) {
        String pattern = desc == null ? "" : desc.getNationalNumberPattern();
        if (pattern.isEmpty()) {
            return Automaton.makeEmpty();
        }
        Automaton a = pattern(pattern);
        List<Integer> lengths = desc.getPossibleLengthList();
        if (!lengths.isEmpty()) {
            Automaton ofLength = Automaton.makeEmpty();
            for (int l : lengths) {
                if (l > 0) {
                    ofLength = ofLength.union(Automaton.makeCharRange('0', '9').repeat(l, l));
                }
            }
            a = a.intersection(ofLength);
        }
        return a;
    }

    /**
     * A metadata regex in dk.brics syntax. The metadata uses a small subset of java.util.regex:
     * digits, classes, groups, alternation, counted repetition, {@code \d} and {@code (?:}; anything
     * else is refused rather than guessed at, and so are the forms both libraries accept but read
     * differently: an empty alternative ({@code (|1)}, {@code 1|}), which java.util.regex matches
     * as the empty string, a quantifier right after another (lazy and possessive forms in
     * java.util.regex, a repetition of the repetition in brics), and a nested or unterminated class.
     */
    static Automaton pattern(String javaRegex) {
        StringBuilder b = new StringBuilder(javaRegex.length() + 16);
        boolean inClass = false;
        char previous = '(';
        for (int i = 0; i < javaRegex.length(); i++) {
            char c = javaRegex.charAt(i);
            if (c == '\\' && i + 1 < javaRegex.length() && javaRegex.charAt(i + 1) == 'd') {
                b.append(inClass ? "0-9" : "[0-9]");
                i++;
                c = '0';
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (!(c >= '0' && c <= '9') && c != '-') {
                    throw new UnsupportedPattern(javaRegex);
                }
                b.append(c);
            } else if (c == '(' && javaRegex.startsWith("(?:", i)) {
                b.append('(');
                i += 2;
            } else if ((c == '|' || c == ')') && (previous == '(' || previous == '|')) {
                throw new UnsupportedPattern(javaRegex); // an empty alternative
            } else if ("?*+{".indexOf(c) >= 0 && "?*+}".indexOf(previous) >= 0) {
                // java.util.regex reads X+? / X{2}+ as lazy / possessive X+ / X{2}; brics as (X+)? / (X{2})+
                throw new UnsupportedPattern(javaRegex);
            } else if (c == '[') {
                inClass = true;
                b.append(c);
            } else if ((c >= '0' && c <= '9') || "-()|?{},*+".indexOf(c) >= 0) {
                b.append(c);
            } else {
                throw new UnsupportedPattern(javaRegex);
            }
            previous = c;
        }
        if (inClass || previous == '|') {
            throw new UnsupportedPattern(javaRegex);
        }
        return new RegExp(b.toString(), RegExp.NONE).toAutomaton();
    }

    private static final class UnsupportedPattern extends RuntimeException {
        UnsupportedPattern(String regex) {
            super("regex syntax not translated: " + regex, null, false, false);
        }
    }
}
