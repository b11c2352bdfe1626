package io.trunkroute.rules.numbers;

/**
 * A dialled number in E.164, or why it is not one.
 *
 * @param e164   "+74951234567", null when invalid
 * @param reason why the input is not a dialable number, null when valid
 */
public record NormalizedNumber(String input, String e164, String reason) {

    public boolean isValid() {
        return e164 != null;
    }

    /** E.164 digits without the plus, as rate decks key them. */
    public String digits() {
        return e164 == null ? null : e164.substring(1);
    }
}
