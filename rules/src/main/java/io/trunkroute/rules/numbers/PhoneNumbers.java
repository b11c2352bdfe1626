package io.trunkroute.rules.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.trunkroute.trunks.model.InviteFormat;
import java.util.Locale;

/**
 * Dialled numbers to E.164 and back to what a carrier wants, with Google's libphonenumber: the
 * tenant's region decides what national forms mean ({@code 8 (495) 123-45-67} in RU is
 * {@code +74951234567}), and a number that cannot exist is refused with the reason.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
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
        if (!text.matches("[+0-9 ()\\-.]+")) {
            return new NormalizedNumber(raw, null, "not a telephone number (only digits, +, spaces, ( ) - . allowed)");
        }
        String digits = text.replaceAll("[^0-9]", "");
        PhoneNumber parsed;
        try {
            parsed = parse(text, digits, region.toUpperCase(Locale.ROOT));
        } catch (NumberParseException e) {
            return new NormalizedNumber(raw, null, reason(e));
        }
        if (!UTIL.isPossibleNumber(parsed)) {
            return new NormalizedNumber(raw, null, "not a possible number for " + UTIL.getRegionCodeForNumber(parsed)
                    + " (" + UTIL.isPossibleNumberWithReason(parsed).name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        if (!UTIL.isValidNumber(parsed)) {
            return new NormalizedNumber(raw, null, "no such number range in the numbering plan");
        }
        return new NormalizedNumber(raw, UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), null);
    }

    /**
     * Digits without a plus are read the way PBXs send them: first as a national number of the
     * region ("84951234567"), and when that is not valid, as a full international number
     * ("74951234567" from a PBX that strips the plus).
     */
    private static PhoneNumber parse(String text, String digits, String region) throws NumberParseException {
        if (text.startsWith("+")) {
            return UTIL.parse(text, region);
        }
        PhoneNumber national = UTIL.parse(digits, region);
        if (UTIL.isValidNumber(national)) {
            return national;
        }
        try {
            PhoneNumber international = UTIL.parse("+" + digits, region);
            if (UTIL.isValidNumber(international)) {
                return international;
            }
        } catch (NumberParseException ignored) {
            // fall through to the national reading and its reason
        }
        return national;
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
