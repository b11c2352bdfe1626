package io.trunkroute.sip.parsing;

/**
 * The character classes of RFC 3261's grammar, ASCII only: the fast path takes only lines of
 * printable ASCII, so these agree with the RI's lexer, whose classes also admit non-ASCII letters
 * and digits (such lines go to the RI's parser).
 */
final class SipChars {

    /** One of the classes below, for {@link LineCursor#scan}. */
    @FunctionalInterface
    interface CharClass {
        boolean test(char c);
    }

    private SipChars() {
    }

    static boolean alphaDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** token (RFC 3261 25.1): alphanum and {@code -.!%*_+`'~}. */
    static boolean token(char c) {
        return alphaDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    /** unreserved: alphanum and mark {@code -_.!~*'()}. */
    static boolean unreserved(char c) {
        return alphaDigit(c) || "-_.!~*'()".indexOf(c) >= 0;
    }

    /** The user part of a SIP URI: unreserved and user-unreserved (with {@code #}, as the RI reads it). */
    static boolean user(char c) {
        return unreserved(c) || "&=+$,;?/#".indexOf(c) >= 0;
    }

    static boolean password(char c) {
        return unreserved(c) || "&=+$,".indexOf(c) >= 0;
    }

    /** A URI parameter's name or value (paramchar, with {@code :[]} for IPv6 maddr values). */
    static boolean param(char c) {
        return unreserved(c) || "[]/:&+$".indexOf(c) >= 0;
    }

    /** A host name or IPv4 address (and {@code _}, which the RI admits). */
    static boolean domain(char c) {
        return alphaDigit(c) || c == '-' || c == '.' || c == '_';
    }

    /** Printable ASCII or a tab: the only lines the fast path reads. */
    static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
