package io.trunkroute.rules.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.trunkroute.trunks.model.InviteFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dialled numbers to E.164 and back to what a carrier wants, with Google's libphonenumber: the
 * tenant's region decides what national forms mean ({@code 8 (495) 123-45-67} in RU is
 * {@code +74951234567}), and a number that cannot exist is refused with the reason.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String NO_SUCH_RANGE = "no such number range in the numbering plan";
    private static final Set<Integer> CALLING_CODES = UTIL.getSupportedCallingCodes();

    private PhoneNumbers() {
    }

    /**
     * Starts compiling the numbering plans ({@link NumberPlans}) in the background, so that the
     * first calls after boot do not each fall back to libphonenumber's regexes. Idempotent.
     */
    public static void prepare() {
        NumberPlans.compileAllInBackground();
    }

    /**
     * @param raw    what the PBX or carrier sent: "+7 495 1234567", "84951234567", "74951234567", "8 (495) 123-45-67"
     * @param region ISO 3166 region of the tenant ("RU")
     */
    public static NormalizedNumber normalize(String raw, String region) {
        if (raw == null || raw.isBlank()) {
            return new NormalizedNumber(raw, null, "empty number");
        }
        String text = raw.trim();
        String digits = digitsOf(text);
        if (digits == null) {
            return new NormalizedNumber(raw, null, "not a telephone number (only digits, +, spaces, ( ) - . allowed)");
        }
        PhoneNumber parsed;
        try {
            parsed = parse(text, digits, region.toUpperCase(Locale.ROOT));
        } catch (NumberParseException e) {
            return new NormalizedNumber(raw, null, reason(e));
        }
        Boolean fast = NumberPlans.isPossibleAndValid(parsed);
        if (fast != null) {
            return fast
                    ? new NormalizedNumber(raw, UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), null)
                    : new NormalizedNumber(raw, null, NO_SUCH_RANGE);
        }
        if (!UTIL.isPossibleNumber(parsed)) {
            return new NormalizedNumber(raw, null, "not a possible number for " + UTIL.getRegionCodeForNumber(parsed)
                    + " (" + UTIL.isPossibleNumberWithReason(parsed).name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        if (!isValid(parsed)) {
            return new NormalizedNumber(raw, null, NO_SUCH_RANGE);
        }
        return new NormalizedNumber(raw, UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), null);
    }

    /** The digits of a dialled string made of digits, +, spaces, ( ) - . only; null for anything else. */
    private static String digitsOf(String text) {
        if (text.isEmpty()) {
            return null;
        }
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != '+' && c != ' ' && c != '(' && c != ')' && c != '-' && c != '.') {
                return null;
            }
        }
        return digits.toString();
    }

    /** {@code isValidNumber}, from the compiled numbering plan when there is one (see {@link NumberPlans}). */
    private static boolean isValid(PhoneNumber number) {
        Boolean compiled = NumberPlans.isValid(number);
        return compiled != null ? compiled : UTIL.isValidNumber(number);
    }

    /**
     * Digits without a plus are read the way PBXs send them: first as a national number of the
     * region ("84951234567"), and when that is not valid, as a full international number
     * ("74951234567" from a PBX that strips the plus).
     */
    private static PhoneNumber parse(String text, String digits, String region) throws NumberParseException {
        if (text.startsWith("+")) {
            PhoneNumber e164 = parseE164(text);
            return e164 != null ? e164 : UTIL.parse(text, region);
        }
        PhoneNumber quick = parseNational(digits, region);
        if (quick != null) {
            return quick;
        }
        PhoneNumber national = UTIL.parse(digits, region);
        if (isValid(national)) {
            return national;
        }
        try {
            PhoneNumber international = UTIL.parse("+" + digits, region);
            if (isValid(international)) {
                return international;
            }
        } catch (NumberParseException ignored) {
            // fall through to the national reading and its reason
        }
        return national;
    }

    /**
     * The common case, a PBX or carrier sending {@code +} and digits, read without libphonenumber's
     * general parser (about 6 µs a number, most of a routing decision): E.164 country codes are
     * prefix-free, so the code is the first 1-3 digits that are a supported calling code. Returns
     * null whenever that reading might differ from the general parser's, which then decides: a
     * national number starting with 0 or with what the country's metadata strips or rewrites as a
     * national prefix ({@code national_prefix_for_parsing}: RU 8, MG, SM, CN carrier codes, …),
     * non-geographic codes, too short or too long. {@code PhoneNumbersTest} checks the two agree.
     */
    static PhoneNumber parseE164(String text) {
        int n = text.length();
        if (n < 4 || n > 16 || text.charAt(0) != '+' || text.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        for (int ccLength = 1; ccLength <= 3 && 1 + ccLength + 2 <= n; ccLength++) {
            int cc = Integer.parseInt(text, 1, 1 + ccLength, 10);
            if (!CALLING_CODES.contains(cc)) {
                continue;
            }
            CountryReading reading = READINGS.computeIfAbsent(cc, CountryReading::of);
            if (!reading.direct() || text.charAt(1 + ccLength) == '0'
                    || (reading.nationalPrefix() != null
                        && reading.nationalPrefix().matcher(text).region(1 + ccLength, n).lookingAt())) {
                return null;
            }
            return new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(text, 1 + ccLength, n, 10));
        }
        return null;
    }

    /**
     * The other common case, a PBX dialling the national prefix and the national number
     * ({@code 84951234567} in RU), read without the general parser. Returns the number only when
     * the parser is bound to read the same: digits only; a national prefix that is a plain digit
     * string, stripped with no rewrite or carrier code; digits that start with neither the
     * region's international prefix nor its country code (both of which the parser tries first);
     * and what remains a valid number of the country code by its compiled plan
     * ({@link NumberPlans}), not starting with 0, that is also a national number of the dialling
     * region in length and pattern. The parser strips a prefix only when what remains is possible
     * in the region, and keeps it when what remains does not match the region's pattern while the
     * whole does; a valid number of the code meets both, except one of another region of a shared
     * code (+7 RU and KZ), hence the last check there. Otherwise null, and the parser decides.
     * {@code PhoneNumbersTest} checks the two agree.
     */
    static PhoneNumber parseNational(String digits, String region) {
        NationalReading reading = NATIONAL_READINGS.computeIfAbsent(region, NationalReading::of);
        String prefix = reading.nationalPrefix();
        int n = digits.length();
        if (prefix == null || n <= prefix.length() + 1 || n > prefix.length() + 17 || !digits.startsWith(prefix)
                || digits.charAt(prefix.length()) == '0' || digits.startsWith(reading.countryCode())
                || reading.internationalPrefix().matcher(digits).lookingAt()) {
            return null;
        }
        for (int i = prefix.length(); i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(reading.callingCode())
                .setNationalNumber(Long.parseLong(digits, prefix.length(), n, 10));
        if (!Boolean.TRUE.equals(NumberPlans.isValid(number))) {
            return null;
        }
        return !reading.sharedCode() || reading.nationalHere(digits, prefix.length()) ? number : null;
    }

    private static final java.util.concurrent.ConcurrentMap<String, NationalReading> NATIONAL_READINGS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How the parser treats a region's national numbers: {@code nationalPrefix} is the literal
     * national prefix it strips (null when the region has none, or when the metadata's
     * national_prefix_for_parsing is a pattern, with carrier codes or a rewrite rule).
     */
    private record NationalReading(String nationalPrefix, int callingCode, String countryCode,
            Pattern internationalPrefix, boolean sharedCode, java.util.BitSet generalLengths, Pattern general) {
        static NationalReading of(String region) {
            PhoneMetadata m = NumberPlans.metadataOf(region);
            if (m == null || !m.hasCountryCode() || !m.hasInternationalPrefix() || !m.hasGeneralDesc()) {
                return new NationalReading(null, 0, "", null, false, null, null);
            }
            String forParsing = m.hasNationalPrefixForParsing() ? m.getNationalPrefixForParsing() : "";
            boolean literal = !forParsing.isEmpty() && forParsing.chars().allMatch(c -> c >= '0' && c <= '9')
                    && (!m.hasNationalPrefixTransformRule() || m.getNationalPrefixTransformRule().isEmpty());
            java.util.BitSet lengths = new java.util.BitSet();
            m.getGeneralDesc().getPossibleLengthList().forEach(lengths::set);
            return new NationalReading(literal ? forParsing : null, m.getCountryCode(),
                    Integer.toString(m.getCountryCode()), Pattern.compile(m.getInternationalPrefix()),
                    UTIL.getRegionCodesForCountryCode(m.getCountryCode()).size() > 1, lengths,
                    Pattern.compile(m.getGeneralDesc().getNationalNumberPattern()));
        }

        /** Whether the digits from {@code from} on are a national number of this region in length and pattern. */
        boolean nationalHere(String digits, int from) {
            return generalLengths.get(digits.length() - from) && general.matcher(digits).region(from, digits.length()).matches();
        }
    }

    private static final java.util.concurrent.ConcurrentMap<Integer, CountryReading> READINGS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How the parser treats a country's national numbers: {@code direct} when the digits after the
     * code are the national number as they stand (geographic code with metadata), except where
     * {@code nationalPrefix} (the metadata's national_prefix_for_parsing) matches at their start.
     */
    private record CountryReading(boolean direct, Pattern nationalPrefix) {
        static CountryReading of(int cc) {
            String region = UTIL.getRegionCodeForCountryCode(cc);
            if (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                    || "ZZ".equals(region)) { // ZZ: libphonenumber's unknown region
                return new CountryReading(false, null);
            }
            PhoneMetadata m = NumberPlans.metadataOf(region);
            if (m == null) {
                return new CountryReading(false, null);
            }
            String forParsing = m.hasNationalPrefixForParsing() ? m.getNationalPrefixForParsing() : "";
            return new CountryReading(true, forParsing.isEmpty() ? null : Pattern.compile(forParsing));
        }
    }

    private static String reason(NumberParseException e) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "unknown country code";
            case NOT_A_NUMBER -> "not a telephone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }

    /**
     * The E.164 number the way a trunk wants it in its Request-URI: {@code +74951234567},
     * national {@code 84951234567} (the region's national prefix, per libphonenumber's metadata),
     * or bare digits {@code 74951234567}.
     */
    public static String format(String e164, InviteFormat format) {
        return switch (format) {
            case E164 -> e164;
            case DIGITS -> e164.substring(1);
            case NATIONAL -> national(e164);
        };
    }

    private static String national(String e164) {
        try {
            PhoneNumber n = UTIL.parse(e164, null);
            String region = UTIL.getRegionCodeForNumber(n);
            String prefix = region == null ? null : UTIL.getNddPrefixForRegion(region, true);
            return (prefix == null ? "" : prefix) + UTIL.getNationalSignificantNumber(n);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number: " + e164, e);
        }
    }
}
