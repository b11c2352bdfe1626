package io.trunkroute.rules.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dk.brics.automaton.RunAutomaton;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compiled plans against libphonenumber itself, on every calling code: each region's example
 * number of every type, every one-digit change and one-digit shortening / lengthening of them
 * (numbers just beside a valid range, the cases a pattern translation gets wrong), and random
 * national numbers of every length.
 */
class NumberPlansTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void everyCallingCodeCompilesAndAgreesWithIsValidNumber() {
        Random random = new Random(20261202);
        List<String> mismatches = new ArrayList<>();
        Set<Integer> untranslated = new TreeSet<>();
        int checked = 0;
        int valid = 0;
        int fastChecked = 0;
        NumberPlans.compileAll();
        for (int cc : UTIL.getSupportedCallingCodes()) {
            NumberPlans.Plan plan = NumberPlans.compile(cc);
            if (plan.valid() == null) {
                untranslated.add(cc);
                continue;
            }
            List<String> nsns = new ArrayList<>();
            for (String region : UTIL.getRegionCodesForCountryCode(cc)) {
                for (PhoneNumberType type : PhoneNumberType.values()) {
                    PhoneNumber example = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                            ? UTIL.getExampleNumberForNonGeoEntity(cc)
                            : UTIL.getExampleNumberForType(region, type);
                    if (example != null) {
                        nsns.addAll(neighbours(UTIL.getNationalSignificantNumber(example)));
                    }
                }
            }
            for (int length = 1; length <= 17; length++) {
                for (int i = 0; i < 40; i++) {
                    StringBuilder b = new StringBuilder();
                    b.append((char) ((i % 8 == 0 ? '0' : '1') + random.nextInt(9))); // some Italian-style 0...
                    while (b.length() < length) {
                        b.append((char) ('0' + random.nextInt(10)));
                    }
                    nsns.add(b.toString());
                }
            }
            for (String nsn : nsns) {
                if (nsn.isEmpty() || nsn.length() > 17 || nsn.chars().allMatch(ch -> ch == '0')) {
                    continue;
                }
                PhoneNumber n = withLeadingZeros(cc, nsn);
                boolean expected = UTIL.isValidNumber(n);
                boolean actual = plan.valid().run(nsn);
                checked++;
                valid += expected ? 1 : 0;
                if (expected != actual) {
                    mismatches.add("+" + cc + " " + nsn + ": libphonenumber " + expected + ", plan " + actual);
                }
                Boolean fast = NumberPlans.isPossibleAndValid(n);
                if (fast != null) {
                    fastChecked++;
                    if (fast != (UTIL.isPossibleNumber(n) && expected)) {
                        mismatches.add("+" + cc + " " + nsn + ": possible and valid " + fast);
                    }
                }
            }
        }
        assertThat(untranslated).as("calling codes whose patterns were not translated").isEmpty();
        assertThat(mismatches).as("first of %d mismatches in %d numbers", mismatches.size(), checked)
                .isEmpty();
        assertThat(valid).as("valid numbers among the %d checked", checked).isGreaterThan(checked / 20);
        assertThat(fastChecked).as("numbers the fast path answered").isGreaterThan(checked / 4);
    }

    @Test
    void answersFromTheCompiledPlansOnceCompiled() {
        PhoneNumber moscow = new PhoneNumber().setCountryCode(7).setNationalNumber(4951234567L);
        PhoneNumber noRange = new PhoneNumber().setCountryCode(7).setNationalNumber(1234567890L);
        PhoneNumber tooShort = new PhoneNumber().setCountryCode(7).setNationalNumber(49512L);
        NumberPlans.compileAll();

        assertThat(NumberPlans.isPossibleAndValid(moscow)).isTrue();
        assertThat(NumberPlans.isPossibleAndValid(noRange)).isFalse();
        assertThat(NumberPlans.isPossibleAndValid(tooShort)).as("length left to libphonenumber's reason").isNull();
        assertThat(NumberPlans.isValid(tooShort)).isFalse();
    }

    /**
     * With today's metadata no number was found whose owner region (by leading digits) rejects it
     * while a later region would accept it, so the walk is checked on made-up regions: "A" owns
     * every number starting 5 but knows only 50-54; "B" knows all of 5xxxx.
     */
    @Test
    void aNumberBelongsToTheFirstRegionWhoseLeadingDigitsMatch() {
        PhoneMetadata a = new PhoneMetadata().setId("A").setLeadingDigits("5")
                .setGeneralDesc(desc("5[0-4]\\d{3}")).setFixedLine(desc("5[0-4]\\d{3}"));
        PhoneMetadata b = new PhoneMetadata().setId("B")
                .setGeneralDesc(desc("[5-6]\\d{4}")).setFixedLine(desc("[5-6]\\d{4}"));
        RunAutomaton valid = new RunAutomaton(NumberPlans.validFor(List.of(a, b)));

        assertThat(valid.run("52345")).as("A's own range").isTrue();
        assertThat(valid.run("58345")).as("owned by A, valid only in B").isFalse();
        assertThat(valid.run("61234")).as("not A's: B decides").isTrue();
        assertThat(valid.run("612345")).as("too long everywhere").isFalse();
    }

    /**
     * The national significant number {@code nsn} as libphonenumber holds it: leading zeros (Italy,
     * Gabon, ...) are flags beside the long, not part of it.
     */
    private static PhoneNumber withLeadingZeros(int cc, String nsn) {
        int zeros = 0;
        while (nsn.charAt(zeros) == '0') {
            zeros++;
        }
        PhoneNumber n = new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(nsn.substring(zeros)));
        if (zeros > 0) {
            n.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        assertThat(UTIL.getNationalSignificantNumber(n)).isEqualTo(nsn);
        return n;
    }

    /** Forms java.util.regex and dk.brics read differently are refused, not translated. */
    @Test
    void translatesThePatternSubsetAndRefusesWhatItCannotTranslateFaithfully() {
        for (String regex : List.of("[2-9]\\d{2}", "1(?:2|3[\\d5])4?", "[1\\d]{1,3}", "(?:1|2)+")) {
            RunAutomaton a = new RunAutomaton(NumberPlans.pattern(regex));
            java.util.regex.Pattern javaRegex = java.util.regex.Pattern.compile(regex);
            for (int i = 0; i < 100_000; i++) {
                String digits = Integer.toString(i);
                assertThat(a.run(digits)).as("%s on %s", regex, digits).isEqualTo(javaRegex.matcher(digits).matches());
            }
        }
        for (String regex : List.of("(|1)2", "1|", "|1", "1(2|)", "()1", "[1[2]]", "[^1]", "[12", "1\\s", "1.",
                "1+?", "1{2}?", "1{2}+", "1?+1", "[0-9]*+5")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NumberPlans.pattern(regex)).as(regex)
                    .hasMessageContaining("not translated");
        }
    }

    private static PhoneNumberDesc desc(String pattern) {
        return new PhoneNumberDesc().setNationalNumberPattern(pattern).addPossibleLength(5);
    }

    private static List<String> neighbours(String nsn) {
        List<String> out = new ArrayList<>();
        out.add(nsn);
        out.add(nsn.substring(0, nsn.length() - 1));
        out.add(nsn + "5");
        for (int i = 0; i < nsn.length(); i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d != nsn.charAt(i)) {
                    out.add(nsn.substring(0, i) + d + nsn.substring(i + 1));
                }
            }
        }
        return out;
    }
}
