package io.trunkroute.sip.parsing;

/**
 * A read position in one header line or first line. Past the end it reads {@code '\n'}, as the
 * RI's parsers see a line (they append one). Nothing here throws: a method that finds no match
 * returns null and the caller gives the line back to the RI's parser.
 */
final class LineCursor {

    private final String line;
    private int pos;

    LineCursor(String line) {
        this.line = line;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = p;
    }

    boolean atEnd() {
        return pos >= line.length();
    }

    char peek() {
        return pos < line.length() ? line.charAt(pos) : '\n';
    }

    char peek(int ahead) {
        int i = pos + ahead;
        return i < line.length() ? line.charAt(i) : '\n';
    }

    void skip(int n) {
        pos += n;
    }

    boolean accept(char c) {
        if (pos < line.length() && line.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    boolean accept(String literal) {
        if (line.startsWith(literal, pos)) {
            pos += literal.length();
            return true;
        }
        return false;
    }

    void skipSpaceAndTab() {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** A token (RFC 3261), or null when none starts here. */
    String token() {
        int start = pos;
        while (pos < line.length() && SipChars.token(line.charAt(pos))) {
            pos++;
        }
        return start == pos ? null : line.substring(start, pos);
    }

    /** Digits (at most nine, so that they fit an int), or null. */
    String digits() {
        int start = pos;
        while (pos < line.length() && SipChars.digit(line.charAt(pos))) {
            pos++;
        }
        return start == pos || pos - start > 9 ? null : line.substring(start, pos);
    }

    /** Characters of a class and %HH escapes, kept as written; possibly empty. */
    String scan(SipChars.CharClass allowed) {
        int start = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (allowed.test(c)) {
                pos++;
            } else if (c == '%' && SipChars.hex(peek(1)) && SipChars.hex(peek(2))) {
                pos += 3;
            } else {
                break;
            }
        }
        return line.substring(start, pos);
    }

    /** At a {@code "}: what is between the quotes, escapes kept as written; null if unterminated. */
    String quotedString() {
        int start = pos + 1;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                pos = i + 1;
                return line.substring(start, i);
            }
            if (c == '\\') {
                i++;
            }
        }
        return null;
    }

    /** Up to (not including) the first of the given characters, or the rest of the line. */
    String until(char a, char b) {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != a && line.charAt(pos) != b) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /** The rest of the line, trimmed. */
    String restTrimmed() {
        String rest = line.substring(pos).trim();
        pos = line.length();
        return rest;
    }

    int length() {
        return line.length();
    }

    /** Where {@code ch} first is in [from, to), or -1. */
    int indexOf(char ch, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line.charAt(i) == ch) {
                return i;
            }
        }
        return -1;
    }

    /** Where the first of the given characters is from here, or -1. */
    int indexOfAny(String chars) {
        for (int i = pos; i < line.length(); i++) {
            if (chars.indexOf(line.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    String slice(int from, int to) {
        return line.substring(from, to);
    }

    char charAt(int index) {
        return line.charAt(index);
    }
}
