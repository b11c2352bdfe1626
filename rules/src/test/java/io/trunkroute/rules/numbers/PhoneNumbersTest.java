package io.trunkroute.rules.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.trunkroute.trunks.model.InviteFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "''{0}'' in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // as dialled          | region | E.164
        "8 (495) 123-45-67     | RU     | +74951234567",
        "+7 495 1234567        | RU     | +74951234567",
        "74951234567           | RU     | +74951234567",
        "84951234567           | RU     | +74951234567",
        "89161234567           | RU     | +79161234567",
        "+49 30 1234567        | RU     | +49301234567",
        "030 1234567           | DE     | +49301234567",
        "+1 212-555-0123       | RU     | +12125550123",
    })
    void normalisesWhatPbxsSendToE164(String dialled, String region, String e164) {
        NormalizedNumber n = PhoneNumbers.normalize(dialled, region);

        assertThat(n.reason()).isNull();
        assertThat(n.e164()).isEqualTo(e164);
        assertThat(n.digits()).isEqualTo(e164.substring(1));
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "''                   | empty number",
        "8495123              | no such number range",
        "+999 1234567         | unknown country code",
        "sip:alice            | not a telephone number",
        "8495123456789012     | too long",
        "+7 495 12            | not a possible number",
    })
    void refusesNumbersThatCannotExistWithAReason(String dialled, String reason) {
        NormalizedNumber n = PhoneNumbers.normalize(dialled, "RU");

        assertThat(n.isValid()).isFalse();
        assertThat(n.reason()).contains(reason);
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource({
        "+74951234567, E164,     +74951234567",
        "+74951234567, NATIONAL, 84951234567",
        "+74951234567, DIGITS,   74951234567",
        "+49301234567, NATIONAL, 0301234567",
    })
    void formatsForTheTrunksInviteFormat(String e164, InviteFormat format, String expected) {
        assertThat(PhoneNumbers.format(e164, format)).isEqualTo(expected);
    }

    /**
     * The E.164 fast path must read every number exactly as libphonenumber's general parser does:
     * every range start and end of the Rossvyaz mobile registry, and 300,000 random "+digits"
     * strings of every length (all country codes, lengths the parser refuses, leading zeros).
     */
    @Test
    void theE164FastPathAgreesWithLibphonenumbersParser() throws Exception {
        List<String> inputs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/numbering/ru-DEF-9xx.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(";");
                inputs.add("+7" + f[0] + f[1]);
                inputs.add("+7" + f[0] + f[2]);
            }
        }
        Random random = new Random(20261202);
        for (int i = 0; i < 300_000; i++) {
            int length = 2 + random.nextInt(15);
            StringBuilder b = new StringBuilder("+");
            for (int d = 0; d < length; d++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            inputs.add(b.toString());
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        int fast = 0;
        List<String> mismatches = new ArrayList<>();
        for (String in : inputs) {
            PhoneNumber quick = PhoneNumbers.parseE164(in);
            if (quick == null) {
                continue;
            }
            fast++;
            try {
                PhoneNumber full = util.parse(in, "RU");
                if (!full.exactlySameAs(quick)) {
                    mismatches.add(in + ": parser " + full + ", fast path " + quick);
                }
            } catch (NumberParseException e) {
                mismatches.add(in + ": parser refuses (" + e.getErrorType() + "), fast path " + quick);
            }
        }
        assertThat(mismatches).as("first of %d", mismatches.size()).isEmpty();
        assertThat(fast).as("inputs the fast path read").isGreaterThan(inputs.size() / 2);
    }

    /**
     * The national fast path must read every number exactly as the general parser does, for every
     * region libphonenumber knows: each region's example numbers with their last digits varied,
     * dialled with the national prefix, without it, with the country code and with the
     * international prefix; the other regions' numbers of a shared code dialled with the region's
     * prefix; and every range start and end of the Rossvyaz registry dialled from RU with 8.
     * Anything the fast path reads, the parser must read the same.
     */
    @Test
    void theNationalFastPathAgreesWithLibphonenumbersParser() throws Exception {
        NumberPlans.compileAll(); // the fast path answers only from a compiled plan
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        Random random = new Random(20261203);
        List<String[]> inputs = new ArrayList<>(); // {digits, region}
        for (String region : util.getSupportedRegions()) {
            var metadata = NumberPlans.metadataOf(region);
            String prefix = metadata.getNationalPrefix();
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String nsn = util.getNationalSignificantNumber(example);
                for (int i = 0; i < 40; i++) {
                    String varied = vary(nsn, random);
                    inputs.add(new String[] {prefix + varied, region});
                    inputs.add(new String[] {varied, region});
                    inputs.add(new String[] {example.getCountryCode() + varied, region});
                    inputs.add(new String[] {metadata.getPreferredInternationalPrefix() + example.getCountryCode() + varied,
                        region});
                }
            }
            // Numbers of the other regions of a shared code, dialled here with this region's prefix
            // (8 and a KZ number in RU, 0 and an AX number in FI).
            for (String sister : util.getRegionCodesForCountryCode(metadata.getCountryCode())) {
                if (sister.equals(region)) {
                    continue;
                }
                for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                    PhoneNumber example = util.getExampleNumberForType(sister, type);
                    if (example != null) {
                        String nsn = util.getNationalSignificantNumber(example);
                        for (int i = 0; i < 10; i++) {
                            inputs.add(new String[] {prefix + vary(nsn, random), region});
                        }
                    }
                }
            }
        }
        int beforeRossvyaz = inputs.size();
        int ruInputs = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/numbering/ru-DEF-9xx.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(";");
                inputs.add(new String[] {"8" + f[0] + f[1], "RU"});
                inputs.add(new String[] {"8" + f[0] + f[2], "RU"});
                ruInputs += 2;
            }
        }
        int fast = 0;
        int fastRu = 0;
        List<String> mismatches = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            String[] in = inputs.get(k);
            if (in[0].chars().anyMatch(c -> c < '0' || c > '9')) {
                continue; // a preferred international prefix such as "8~10" is no digit string
            }
            PhoneNumber quick = PhoneNumbers.parseNational(in[0], in[1]);
            if (quick == null) {
                continue;
            }
            fast++;
            fastRu += k >= beforeRossvyaz ? 1 : 0;
            try {
                PhoneNumber full = util.parse(in[0], in[1]);
                if (!full.exactlySameAs(quick)) {
                    mismatches.add(in[0] + " in " + in[1] + ": parser " + full + ", fast path " + quick);
                }
            } catch (NumberParseException e) {
                mismatches.add(in[0] + " in " + in[1] + ": parser refuses (" + e.getErrorType() + "), fast path " + quick);
            }
        }
        assertThat(mismatches).as("first of %d", mismatches.size()).isEmpty();
        assertThat(fast).as("inputs the fast path read, of %d", inputs.size()).isGreaterThan(inputs.size() / 10);
        assertThat(fastRu).as("Rossvyaz numbers dialled with 8 the fast path read").isGreaterThan(ruInputs * 9 / 10);
    }

    /** The number with its last four digits (or all, if shorter) replaced by random ones. */
    private static String vary(String nsn, Random random) {
        StringBuilder b = new StringBuilder(nsn);
        for (int i = Math.max(1, nsn.length() - 4); i < nsn.length(); i++) {
            b.setCharAt(i, (char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }
}
