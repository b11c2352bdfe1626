package io.trunkroute.rules.ranges;

/**
 * A block of numbers of one length: {@code from..to} inclusive, both {@code digits} long, under a
 * country code (E.164 = countryCode + number). Row of a numbering-plan registry like Rossvyaz's
 * DEF-9xx: code 900, 0000000..0061999 is {@code 79000000000..79000061999}.
 *
 * @param key what the block belongs to (operator, region...): blocks are merged and priced by it
 */
public record NumberRange(String countryCode, long from, long to, int digits, String key) {

    public NumberRange {
        if (from > to) {
            throw new IllegalArgumentException("range start " + from + " after its end " + to);
        }
    }
}
